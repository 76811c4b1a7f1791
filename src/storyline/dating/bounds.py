"""Bounds on an undated article's publication day from what it reports.

- An article is not older than the latest past day, month or year it mentions.
- A cumulative death toll only grows: an article that reports more killed than a dated
  article is not older than it; one that reports fewer is not newer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storyline.model import Document
from storyline.timex import clause_future

_TOLL_WORDS = re.compile(r"\b(?:killed|dead|died|deaths?|death toll|lost their lives)\b", re.I)
_CUMULATIVE = re.compile(
    r"\b(?:since|so far|in total|total|toll|uprising|crackdown|conflict|war|year-?long|"
    r"months? of|more than a year|began|started)\b",
    re.I,
)
_FIGURE = re.compile(
    r"(?P<qualifier>(?:well\s+)?(?:more than|over|at least|about|around|nearly|almost|some|up to)\s+)?"
    r"\b(?P<number>\d{1,3}(?:,\d{3})+|\d+)\b(?!\s*(?:%|per\s?cent|years?\b|months?\b|days?\b))",
    re.I,
)
_PEOPLE = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:people|civilians|persons|protesters|protestors|soldiers|dead|deaths|lives)\b", re.I)


@dataclass(frozen=True)
class Toll:
    """A cumulative death toll an article reports."""

    count: int
    text: str  # the figure as written, with its qualifier: "more than 9,000"


def death_toll(doc: Document) -> Toll | None:
    """The largest cumulative death toll the article reports, or None."""
    best: Toll | None = None
    for sentence in doc.sentences:
        text = doc.text[sentence.start : sentence.end]
        if not (_TOLL_WORDS.search(text) and _CUMULATIVE.search(text)):
            continue
        for m in _FIGURE.finditer(text):
            number = int(m.group("number").replace(",", ""))
            is_year = "," not in m.group("number") and 1900 <= number <= 2100
            if number < 100 or is_year or not _PEOPLE.match(text[m.end() :]):
                continue
            if best is None or number > best.count:
                best = Toll(number, m.group(0).strip())
    return best


def latest_mention(doc: Document) -> tuple[dt.date, str] | None:
    """The start of the latest day, month or year the article mentions as past."""
    best: tuple[dt.date, str] | None = None
    sentence_at = [(s.start, s.end) for s in doc.sentences]
    for timex in doc.timexes:
        if not timex.value or timex.granularity not in ("day", "month", "year"):
            continue
        start, end = next(((a, b) for a, b in sentence_at if a <= timex.start < b), (timex.start, timex.end))
        if clause_future(doc.text[start:end], timex.start - start, timex.end - start):
            continue
        try:
            parts = [int(p) for p in timex.value.split("-")]
            day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:  # a value that is not a calendar day (a week, a season...)
            continue
        if best is None or day > best[0]:
            best = (day, timex.text)
    return best


@dataclass(frozen=True)
class Bound:
    day: dt.date
    before: bool  # True: "not before day"; False: "not after day"
    evidence: str


def toll_bounds(doc: Document, toll: Toll, dated: list[tuple[Document, Toll]]) -> list[Bound]:
    """The tightest bounds that dated articles' tolls put on ``doc``'s day."""
    lower = [(d, t) for d, t in dated if t.count < toll.count]
    upper = [(d, t) for d, t in dated if t.count > toll.count]
    out = []
    if lower:
        d, t = max(lower, key=lambda item: (item[0].published, item[1].count, item[0].id))
        out.append(Bound(dt.date.fromisoformat(d.published), True,
                         f"not before {d.published}: it reports '{toll.text}' killed, a higher cumulative toll "
                         f"than '{t.text}' in {d.id} of that date{_inferred(d)}"))
    if upper:
        d, t = min(upper, key=lambda item: (item[0].published, -item[1].count, item[0].id))
        out.append(Bound(dt.date.fromisoformat(d.published), False,
                         f"not after {d.published}: it reports '{toll.text}' killed, a lower cumulative toll "
                         f"than '{t.text}' in {d.id} of that date{_inferred(d)}"))
    return out


def _inferred(doc: Document) -> str:
    return " (a date itself inferred)" if doc.published_inferred else ""
