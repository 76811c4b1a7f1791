"""Figures outlets report alike or differently: the same count, in the same place, for the
same day, from independent outlets.

The claims ledger (:mod:`storyline.claims`) already says what each figure counts and
where (its ``series``) and as of when (its ``date``: the day the sentence ties to it,
else the publication day). Figures of one series and one day are compared:

* one number, however qualified ("31", "at least 31"), from two or more independent
  outlets: they agree;
* numbers that cannot both be right ("31" and "38"; "more than 40" and "38") from
  independent outlets: they disagree, each number a side;
* numbers that may both be right ("more than 5,000" and "5,400"; "about 60" and "62"):
  unsure, nothing is said.

Figures of different days are a series (a toll that rises), never a disagreement. Only
current figures of a definite count take part ("people killed", "tonnes of ammonium
liquor"): a bare "people" or "kilometres" says too little of what it counts; a count of
no stated place is left out where the story counts that thing in several places ("20
deaths" may be Mexico's or the world's); a figure that shares its sentence with another
of its count ("cut from 176 to 101") or adds to a total ("a further 48") is left out; and
historical figures, rates and projections are no running count; a figure tied to a time
that is no day ("last week") has no sure day and takes no part. An outlet that gives two
incompatible numbers for one day contradicts itself and is left out of that day.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from storyline.corroboration.outlets import Outlets
from storyline.model import Claim, Comparison, Side, Story

__all__ = ["compatible", "described", "figure_comparisons", "interval", "number", "same_number", "specific",
           "the_total"]


def specific(key: str) -> bool:
    """Whether a series key names a definite count: people with a fate ("people killed",
    "people killed (suspected)", "refugees": the ledger's families) or a unit of some
    stuff ("tonnes of liquor"); not a bare noun ("people", "civilians", "points")."""
    base = key.replace(" (suspected)", "").replace(" (new)", "")
    return base.startswith("people ") or base == "refugees" or " of " in base


def interval(c: Claim) -> tuple[float, float]:
    """The values a figure allows: "more than 40" -> (40, inf), "about 100" -> (90, 110),
    "nearly 40" -> (34, 40), "fewer than 90" -> (0, 90); a round number in words ("a
    hundred deaths") is about that number. "Up to" and "as many as N" in a
    report give the suspected count N, not a ceiling ("has killed up to 149 people"):
    (N, N)."""
    low, high = _given(c)
    q = c.qualifier
    if q in ("more than", "over", "at least"):
        return low, math.inf
    if q == "up to" and _ESTIMATE.match(c.text):
        return low, high
    if q in ("up to", "fewer than"):
        return 0, high
    if q in ("about", "some") or _ROUND.match(c.text):
        return low * 0.9, high * 1.1
    if q == "nearly":
        return low * 0.85, high
    return low, high


def _given(c: Claim) -> tuple:
    low = c.low if c.low is not None else c.value
    high = c.high if c.high is not None else c.value
    return (low, high)


def number(c: Claim) -> tuple:
    """The number a claim gives, whatever its qualifier: (low, high); "more than 80" and
    "at least 81" give one number (81)."""
    low, high = _given(c)
    if c.qualifier in ("more than", "over") and isinstance(low, int) and low == high:
        return (low + 1, high + 1)
    return (low, high)


def same_number(a: Claim, b: Claim) -> bool:
    return number(a) == number(b)


def compatible(a: Claim, b: Claim) -> bool:
    """Whether both figures may be right (their intervals meet): "more than 5,000" and
    "5,400" may; "31" and "38" may not."""
    lo_a, hi_a = interval(a)
    lo_b, hi_b = interval(b)
    return lo_a <= hi_b and lo_b <= hi_a


def described(c: Claim) -> str:
    """The figure as given: "more than 80", "up to 149", "31"."""
    return f"{c.qualifier} {shown(_given(c))}".strip()


def shown(n: tuple) -> str:
    low, high = n
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


# a time expression tied to the figure that is no day ("last week"): its as-of day, the
# publication day, is a guess
_UNSURE_DAY = "is not a day or month"
# "a further 48 deaths", "another 12": an addition; "up from 31", "revised from": an older figure
_NOT_THE_TOTAL = re.compile(r"\b(?:further|additional|another|extra|from|initially|originally|previously|"
                            r"earlier)\s+(?:(?:a|an|about|around|some|nearly|more than|over|at least|as many as)\s+)?$", re.I)
_EARLIER = re.compile(r"\b(?:initial|earlier|previous|original|first|old)\s+(?:reports?|figures?|estimates?|counts?|"
                      r"tolls?|tallies)\b", re.I)
_DEATHS = re.compile(r"\b(?:deaths?|dead|died|killed|fatalities)\b", re.I)
_NOT_STATED = "not stated"  # a subject the ledger filled in from the document or story
_ROUND = re.compile(r"(?:a|one)\s+(?:hundred|thousand|million|dozen)\b", re.I)
_ESTIMATE = re.compile(r"(?:up to|as many as|as much as)\b", re.I)  # a suspected count, not a ceiling


@dataclass
class _Report:
    claim: Claim
    source: str


def figure_comparisons(story: Story, outlets: Outlets) -> list[Comparison]:
    """The figure comparisons of ``story`` (see the module's docstring), by day and series."""
    titles = {s.id: s.title for s in story.series}
    places: dict[str, set[str]] = {}  # the places the story counts each thing in, as its sentences state them
    for c in story.claims:
        if c.subject and not c.subject_evidence.startswith(_NOT_STATED):
            places.setdefault(c.key, set()).add(c.subject)
    groups: dict[tuple[str, str], list[_Report]] = {}
    for c in _running(story.claims, outlets):
        if (c.subject is None and c.key in places
                or c.subject_evidence.startswith(_NOT_STATED) and len(places.get(c.key, ())) > 1):
            continue  # no stated place, where the story counts that thing in several
        groups.setdefault((c.series, c.date), []).append(_Report(c, outlets.source(c.document, c.start, c.end)))
    out = []
    for (series_id, day), reports in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        comparison = _compare(reports, titles.get(series_id) or reports[0].claim.what, day, outlets)
        if comparison is not None:
            out.append(comparison)
    return out


def _running(claims: list[Claim], outlets: Outlets) -> list[Claim]:
    """The claims that give a definite count's running total as of a sure day, alone of
    their count in their sentence ("cut from 176 to 101", "infecting 27,700 and killing
    140": two figures of one count in a sentence are too easily one mistaken for the
    other), not an earlier figure ("from 176", "initial reports") nor an addition ("a
    further 48"), and whose words do not name another count than its own ("150 deaths"
    read as people ill)."""
    kept = [c for c in claims
            if c.kind == "current" and c.series and c.date and len(c.date) == 10 and specific(c.key)
            and _UNSURE_DAY not in c.date_evidence and c.document in outlets.documents]
    per_sentence = Counter((c.document, c.sentence.start, c.key) for c in kept)
    out = []
    for c in kept:
        text = outlets.documents[c.document].text
        if per_sentence[(c.document, c.sentence.start, c.key)] == 1 and the_total(text, c):
            out.append(c)
    return out


def the_total(text: str, c: Claim) -> bool:
    """Whether a claim gives its count's total as its document ``text`` tells it: not an
    earlier figure ("up from 31", "initial reports of 176"), nor an addition ("a further
    48"), nor a count its words say is another ("150 deaths" read as people ill)."""
    before = text[max(c.sentence.start, c.start - 30):c.start]
    return not (_NOT_THE_TOTAL.search(before) or _EARLIER.search(text[c.sentence.start:c.start])
                or _DEATHS.search(c.text) and not c.key.startswith("people killed"))


def _consistent(reports: list[_Report]) -> list[_Report]:
    """The reports without those of a source that gives incompatible numbers for the day."""
    by_source: dict[str, list[Claim]] = {}
    for r in reports:
        by_source.setdefault(r.source, []).append(r.claim)
    torn = {s for s, claims in by_source.items()
            if any(not compatible(a, b) for i, a in enumerate(claims) for b in claims[i + 1:])}
    return [r for r in reports if r.source not in torn]


def _compare(reports: list[_Report], about: str, day: str, outlets: Outlets) -> Comparison | None:
    reports = _consistent(reports)
    if len({r.source for r in reports}) < 2:
        return None
    sides: dict[tuple, list[_Report]] = {}
    for r in sorted(reports, key=lambda r: (r.claim.document, r.claim.start)):
        sides.setdefault(number(r.claim), []).append(r)
    if len(sides) == 1:
        (n, members), = sides.items()
        side = _side(n, members, outlets)
        return Comparison("figure", about, day, (side,),
                          f"{side.outlets} independent outlets give {side.value} {about} for {day}")
    keys = list(sides)
    clash = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]
             if any(not compatible(x.claim, y.claim) and x.source != y.source for x in sides[a] for y in sides[b])]
    if not clash:
        return None  # different numbers that may all be right: unsure
    built = sorted((_side(n, members, outlets) for n, members in sides.items()),
                   key=lambda s: (-s.outlets, s.value))
    a, b = clash[0]
    why = (f"for {day}, {_said_by(sides[a], outlets)} {_value(a, sides[a])} {about}, "
           f"{_said_by(sides[b], outlets)} {_value(b, sides[b])}: both cannot be right")
    return Comparison("figure", about, day, tuple(built), why)


def _value(n: tuple, members: list[_Report]) -> str:
    given = {described(r.claim) for r in members}
    return given.pop() if len(given) == 1 else shown(n)


def _side(n: tuple, members: list[_Report], outlets: Outlets) -> Side:
    reports = ((r.claim.document, r.claim.start, r.claim.end, r.claim.text, r.claim.sentence) for r in members)
    return outlets.side(_value(n, members), reports, (r.source for r in members))


def _said_by(members: list[_Report], outlets: Outlets) -> str:
    return outlets.names(r.claim.document for r in members)
