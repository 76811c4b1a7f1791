"""Two outlets' sentences compared, the way :func:`storyline.corroboration.compare_outlets`
compares a story's reports, for two sentences alone (:mod:`~storyline.corroboration.reading`
reads each).

1. **figure**: figures that count the same thing (the ledger's count: "people killed",
   "cases", "passengers"; suspected or confirmed, "cases" or "people ill" alike; "litres"
   and "litres of solvent" alike), as of the same day, in the same place: one number, or
   numbers that may both be right as written ("more than 300" and "312"), -> "agree";
   numbers that cannot both be right ("31" and "38", "152" and "up to 149") -> "disagree",
   as are two different numbers both sentences give from one source ("at least 233" and
   "at least 223", both from one agency). Different days: a series, no verdict.
2. **speaker**: the same words (a quote both carry, else nearly the same sentence once the
   speakers are left out) attributed to one speaker ("Lavrov", "Sergei Lavrov") ->
   "agree"; to two different named speakers -> "disagree".
3. **date**: one event (the words of the clause that dates it) dated one day each (see
   :mod:`storyline.corroboration.dates`): the same day -> "agree", different days ->
   "disagree".

Anything else, unsure cases included, is "unrelated": a verdict is given only when clear.
"""

from __future__ import annotations

import re

from storyline.corroboration.dates import alike, content_words, event_day, possible
from storyline.corroboration.figures import compatible, described, same_number, specific, the_total
from storyline.corroboration.reading import Read, stems
from storyline.corroboration.speakers import same_speaker
from storyline.model import Claim, Timex

__all__ = ["verdict"]

_PLACE_AFTER = re.compile(r"^[^,;.]{0,40}?\b(?:in|across|throughout)\s+(?:the\s+)?((?:[A-Z][\w'-]+\s?){1,3})")
_PLACE_BEFORE = re.compile(r"^\s*(?:In\s+(?:the\s+)?((?:[A-Z][\w'.-]+\s?){1,3})\s*,|((?:[A-Z][\w'.-]+\s?){1,3})\s*:)")
_PEOPLE = frozenset({"people", "persons", "individuals"})  # a count of people with no fate says little
_ILL = frozenset({"cases", "infections", "people ill"})  # the ledger's words for one count
_CLAUSE = re.compile(r"[,;:]|\s[–—-]\s")
_CONTAINED = 0.75  # the share of the shorter clause's words the other must carry


def _count(c: Claim) -> str:
    key = c.key.replace(" (suspected)", "")
    return "people ill" if key in _ILL else key


def _same_count(x: Claim, y: Claim) -> bool:
    """Whether two figures count one thing: one count, or one unit where one of them
    does not say of what ("about 4,000 litres", "4,000 litres of solvent")."""
    if x.kind != y.kind:
        return False
    kx, ky = _count(x), _count(y)
    return kx == ky or x.unit == y.unit and x.unit != "people" and x.unit in (kx, ky)


def _place(c: Claim, text: str) -> str | None:
    """The place a figure counts, as the sentence names it: "killed in Mexico", or a
    heading before it: "In Mexico, ...", "US: 2 deaths, 279 cases"."""
    m = _PLACE_AFTER.match(text[c.end:])
    if m:
        return m.group(1).strip()
    m = _PLACE_BEFORE.match(text[:c.start])
    return (m.group(1) or m.group(2)).strip() if m else None


def _near(a: Read, b: Read) -> bool:
    """Whether two sentences share enough words to be about one thing."""
    wa, wb = stems(content_words(a.doc.text)), stems(content_words(b.doc.text))
    return len(wa & wb) >= 3 and len(wa & wb) / len(wa | wb) >= 0.3


def _one_source(a: Read, b: Read) -> str | None:
    return next((x for x, _, _ in a.speakers for y, _, _ in b.speakers if same_speaker(x, y)), None)


def _figures(a: Read, b: Read) -> list[tuple[str, bool, str]]:
    """``(kind, definite, why)`` for each pair of figures the two sentences give of one
    count: kind "agree", "disagree" or "series"; ``definite``: a count that says what it
    counts ("people killed", "litres of solvent"), not only a noun ("passengers")."""
    found = []
    source = _one_source(a, b)
    for x in (c for c in a.claims if the_total(a.doc.text, c)):
        for y in (c for c in b.claims if the_total(b.doc.text, c)):
            if not _same_count(x, y) or _count(x) in _PEOPLE and not _near(a, b):
                continue
            px, py = _place(x, a.doc.text), _place(y, b.doc.text)
            if px and py and px != py:
                continue  # counts of two places
            definite = specific(_count(x)) or specific(_count(y))
            fx, fy = described(x), described(y)
            if x.date and y.date and x.date[:10] != y.date[:10]:
                found.append(("series", definite, f"'{fx}' as of {x.date} and '{fy}' as of {y.date}: different days, "
                                                  "a series"))
            elif same_number(x, y):
                found.append(("agree", definite,
                              f"both give {fx} {x.what}" if fx == fy else f"'{fx}' and '{fy}' {x.what}: one number"))
            elif not compatible(x, y):
                found.append(("disagree", definite, f"'{fx}' and '{fy}' {x.what} cannot both be right"))
            elif source and x.qualifier == y.qualifier:
                found.append(("disagree", definite,
                              f"'{fx}' and '{fy}' {x.what}, both from {source}: two numbers for one count"))
            else:
                found.append(("agree", definite, f"'{fx}' and '{fy}' {x.what} may both be right as written"))
    return found


def _first(found: list[tuple[str, bool, str]], definite: bool) -> tuple[str, str] | None:
    """The verdict of the figures of one sort: a disagreement before an agreement."""
    for kind in ("disagree", "agree", "series"):
        hit = next((f for f in found if f[0] == kind and f[1] == definite), None)
        if hit:
            return hit[0], hit[2]
    return None


def _same_words(a: Read, b: Read) -> str | None:
    """The words both sentences report being said, or None."""
    for qa in a.quotes:
        for qb in b.quotes:
            wa, wb = content_words(qa), content_words(qb)
            if qa.lower() == qb.lower() or wa and wb and len(wa & wb) / len(wa | wb) >= 0.8:
                return qa
    skip_a = [(s, e) for _, s, e in a.speakers] + [(t.start, t.end) for t in a.timexes]
    skip_b = [(s, e) for _, s, e in b.speakers] + [(t.start, t.end) for t in b.timexes]
    return "the same statement" if alike(content_words(a.doc.text, skip_a), content_words(b.doc.text, skip_b)) else None


def _speakers(a: Read, b: Read) -> tuple[str, str] | None:
    if not (a.speakers and b.speakers):
        return None
    words = _same_words(a, b)
    if words is None:
        return None
    said = words if words == "the same statement" else f"“{words}”"
    names_a = [n for n, _, _ in a.speakers if n[:1].isupper()]
    names_b = [n for n, _, _ in b.speakers if n[:1].isupper()]
    if any(same_speaker(x, y) for x in names_a for y in names_b):
        return "agree", f"both attribute {said} to {names_a[0]}"
    if len(names_a) == 1 and len(names_b) == 1 and _named(names_a[0]) and _named(names_b[0]):
        return "disagree", f"{said}: said by {names_a[0]} in one, by {names_b[0]} in the other"
    return None


def _named(name: str) -> bool:
    """A name, not a description ("The minister", "Officials")."""
    words = name.split()
    return bool(words) and words[0].lower() != "the" and any(w[:1].isupper() for w in words)


def _clause_words(r: Read, day: Timex) -> frozenset[str]:
    """The words of the clause that dates the event (the day and speakers left out)."""
    text = r.doc.text
    starts = [0] + [m.end() for m in _CLAUSE.finditer(text, 0, day.start)]
    end = next((m.start() for m in _CLAUSE.finditer(text, day.end)), len(text))
    skip = [(day.start - starts[-1], day.end - starts[-1])]
    return stems(content_words(text[starts[-1]:end], skip))


def _one_event(a: Read, b: Read, da: Timex, db: Timex) -> bool:
    """Whether the two dated clauses tell one event: the shorter's words are nearly all
    in the other's, or the two sentences are nearly the same."""
    ca, cb = _clause_words(a, da), _clause_words(b, db)
    shared = len(ca & cb)
    if shared >= 2 and shared >= _CONTAINED * min(len(ca), len(cb)):
        return True
    skip_a = [(da.start, da.end)] + [(s, e) for _, s, e in a.speakers]
    skip_b = [(db.start, db.end)] + [(s, e) for _, s, e in b.speakers]
    return alike(stems(content_words(a.doc.text, skip_a)), stems(content_words(b.doc.text, skip_b)))


def _dates(a: Read, b: Read) -> tuple[str, str] | None:
    da = event_day(a.doc.text, 0, len(a.doc.text), list(a.timexes))
    db = event_day(b.doc.text, 0, len(b.doc.text), list(b.timexes))
    if da is None or db is None or not _one_event(a, b, da, db):
        return None
    if da.value == db.value:
        return "agree", f"both date it {da.value} ('{da.text}', '{db.text}')"
    if not (a.doc.published and b.doc.published and possible((da.value, a.doc.published), (db.value, b.doc.published))):
        return None  # one outlet could not have reported the other's day: perhaps two events
    return "disagree", f"'{da.text}' is {da.value}, '{db.text}' is {db.value}"


def verdict(a: Read, b: Read) -> tuple[str, str, str]:
    """``(kind, about, why)`` for two read sentences (see the module's docstring): a
    figure of a definite count first, then a speaker or a date, then other figures."""
    found = _figures(a, b)
    definite = _first(found, True)
    if definite and definite[0] != "series":
        return definite[0], "figure", definite[1]
    said, dated = _speakers(a, b), _dates(a, b)
    for kind in ("disagree", "agree"):
        if said and said[0] == kind:
            return kind, "speaker", said[1]
        if dated and dated[0] == kind:
            return kind, "date", dated[1]
    other = _first(found, False)
    if other and other[0] != "series":
        return other[0], "figure", other[1]
    series = definite or other
    if series:
        return "unrelated", "figure", f"unsure: {series[1]}"
    return "unrelated", "", "no figure, speaker or date the two report alike or differently"
