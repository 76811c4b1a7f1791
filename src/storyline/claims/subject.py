"""What place a figure is about: "26 deaths in Mexico" counts Mexico's dead, "300 deaths
worldwide" the world's. Two such figures are two series, not one.

The subject is read from the figure's clause (its part of the sentence, see
:func:`storyline.claims.kind.clause`), nearest first:

1. a place named right after the counted phrase, behind "in", "across", "throughout" or
   "within" ("killed in Syria", "cases in the city of Velmora"), up to a comma;
2. a place whose count it is: "Mexico's death toll", "Mexico has confirmed 20 deaths",
   "Mexico now puts the number ... at 840" (at most ten words before the figure, no
   comma between); a clause opening "In Mexico, ..."; "in Syria, where ... 5,000 people";
3. the world: "worldwide", "globally", "around the world", "in 21 countries", "the global
   toll".

A place is one the model tagged (GPE, LOC), under its canonical name (:mod:`storyline.entities`).
A count of people (or cases) whose clause names no subject takes the one its document
names for the same count, else the one the story names for it ("More than 9,000 people have been killed in
Syria" names it; "the UN says more than 7,500 have been killed" in another report then
counts Syria's dead too); with several, it has none and forms a series of its own.
"""

from __future__ import annotations

import re
from dataclasses import replace

from storyline.claims.kind import clause
from storyline.model import WORLD, CanonicalEntity, Claim, Document

__all__ = ["WORLD", "with_subjects"]

_FILLED = ("people", "cases")  # counts of people (and cases) take their document's or story's one place
_PLACE_LABELS = ("GPE", "LOC")
_IN = re.compile(r"\b(?:in|across|throughout|within|inside)\s+(?:the\s+)?(?:(?:city|state|province|region|country|"
                 r"county|capital|town|village|area|district|island)\s+of\s+(?:the\s+)?)?$", re.I)
_VERB = re.compile(r"\b(?:has|have|had|said|says|say|reported|reports|confirmed|confirms|puts?|recorded|records|"
                   r"counted|counts|registered|registers|announced|announces|now)\b")
_WORLD = re.compile(r"\b(?:worldwide|world-wide|globally|around the (?:world|globe)|across the (?:world|globe)|"
                    r"in (?:some |more than |over |about )?(?:\d[\d,]*|[a-z]+-?[a-z]*) (?:countries|nations)|"
                    r"global (?:death )?(?:toll|tally|total|count|figures?|cases|number))\b", re.I)


def _places(docs: list[Document], entities: list[CanonicalEntity]) -> dict[str, list[tuple[int, int, str]]]:
    """Each document's place mentions, ``(start, end, canonical name)``, in text order."""
    names = {(m.document, m.start, m.end): e.name for e in entities if e.type == "place" for m in e.spans}
    return {doc.id: sorted((e.start, e.end, names[(doc.id, e.start, e.end)]) for e in doc.entities
                           if e.label in _PLACE_LABELS and (doc.id, e.start, e.end) in names) for doc in docs}


def stated_subject(doc: Document, claim: Claim, places: list[tuple[int, int, str]]) -> tuple[str | None, str]:
    """``(subject, evidence)`` the claim's own clause gives (see the module's docstring)."""
    text = doc.text
    s0 = claim.sentence.start
    sentence = text[s0:claim.sentence.end]
    lo, hi = clause(sentence, claim.start - s0, claim.end - s0)
    lo, hi = lo + s0, hi + s0
    inside = [p for p in places if lo <= p[0] and p[1] <= hi]
    stop = text.find(",", claim.end, hi)
    stop = hi if stop < 0 else stop
    after = [p for p in inside if claim.end <= p[0] < stop and len(text[claim.end:p[0]].split()) <= 8
             and _IN.search(text[claim.end:p[0]])]
    if after:
        start, end, name = after[0]
        return name, f"'{text[claim.end:end].strip()}' after it"
    for start, end, name in reversed([p for p in inside if p[1] <= claim.start]):
        gap = text[end:claim.start]
        if any(mark in gap for mark in ",;.") or len(gap.split()) > 10:
            continue
        if re.match(r"['’]s?\s", gap) or _VERB.search(gap):
            return name, f"'{text[start:claim.start].strip()}' before it"
    lead = [p for p in inside if re.fullmatch(r"\s*In\s+(?:the\s+)?", text[lo:p[0]]) and
            re.match(r"\s*,", text[p[1]:p[1] + 3]) and p[1] < claim.start]
    if lead:
        start, end, name = lead[0]
        return name, f"'{text[lo:end].strip()}' opens its clause"
    where = [p for p in places if s0 <= p[0] and p[1] <= claim.start and re.match(r"\s*,\s*where\b", text[p[1]:p[1] + 10])]
    if where:
        start, end, name = where[-1]
        return name, f"'{text[start:end]}, where' before it"
    world = _WORLD.search(text, lo, hi)
    if world:
        return WORLD, f"'{world.group(0)}' in its clause"
    return None, ""


def with_subjects(claims: list[Claim], docs: list[Document], entities: list[CanonicalEntity]) -> list[Claim]:
    """The claims with ``subject`` and ``subject_evidence`` set (see the module's docstring)."""
    by_id = {d.id: d for d in docs}
    places = _places(docs, entities)
    stated = []
    for c in claims:
        doc = by_id.get(c.document)
        subject, evidence = stated_subject(doc, c, places[doc.id]) if doc else (None, "")
        stated.append(replace(c, subject=subject, subject_evidence=evidence))
    named_in_doc: dict[tuple[str, str], set[str]] = {}
    named_in_story: dict[str, set[str]] = {}
    for c in stated:
        if c.subject and c.kind == "current":
            named_in_doc.setdefault((c.document, c.key), set()).add(c.subject)
            named_in_story.setdefault(c.key, set()).add(c.subject)
    out = []
    for c in stated:
        if c.subject is None and c.unit in _FILLED:
            mine, story = named_in_doc.get((c.document, c.key), set()), named_in_story.get(c.key, set())
            if len(mine) == 1:
                c = replace(c, subject=next(iter(mine)),
                            subject_evidence=f"not stated; the only place its document names for {c.what}")
            elif not mine and len(story) == 1:
                c = replace(c, subject=next(iter(story)),
                            subject_evidence=f"not stated; the only place the story names for {c.what}")
        out.append(c)
    return out
