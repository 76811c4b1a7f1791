"""The number ledger's records: a :class:`Claim` is a figure one document reports, a
:class:`Series` the current claims that count the same thing in the same place
(made by :mod:`storyline.claims`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.model.document import Sentence
from storyline.model.json_types import JSONObject

WORLD = "world"  # the subject of a figure counted worldwide
# place names written with "the": "in the United States", "in the Netherlands"
_THE = re.compile(r"^(?:United|Republic|Democratic|Czech|Dominican|Central African)\b|\b(?:Netherlands|Philippines|"
                  r"Bahamas|Gambia|Maldives|Islands|Emirates|Republic|Kingdom|States|Union|Gulf|Middle East|"
                  r"Balkans|Caribbean|Americas)$")


@dataclass(frozen=True)
class Claim:
    """A figure a document reports. ``start``/``end`` span the figure phrase in
    ``Document.text`` (qualifier, number, counted noun); ``sentence`` its sentence.

    ``value`` is the number (the low end of a range, whose ends are ``low``/``high``);
    ``qualifier`` one of "more than", "over", "at least", "about", "nearly", "up to",
    "fewer than", "some" or "" when exact. ``what`` is what it counts, normalised
    ("people killed", "people treated in hospital", "tonnes of ammonium liquor");
    ``key`` the series it belongs in; ``attributed_to`` the source's words ("the UN")
    or None; ``date`` the as-of day or month (None when unknown) with ``date_evidence``.
    ``kind`` says whether the figure belongs in the story's running count: "current", or
    "historical", "rate", "projection" with ``kind_evidence`` (:mod:`storyline.claims.kind`);
    only current figures join a series. A historical figure has no as-of date.
    ``subject`` is the place the figure is about ("Mexico", "world"), with
    ``subject_evidence``, set by :func:`storyline.claims.ledger.number_ledger` (None: not
    stated). ``series`` is set by :func:`storyline.claims.series`.
    """

    document: str
    start: int
    end: int
    text: str
    value: int | float
    qualifier: str
    unit: str
    what: str
    key: str
    attributed_to: str | None
    date: str | None
    date_evidence: str
    sentence: Sentence
    low: int | float | None = None
    high: int | float | None = None
    what_evidence: str = ""  # how ``what`` was found when the figure has no counted noun
    series: str | None = None
    attributed_evidence: str = ""  # how a pronoun source was resolved ("'its' -> ..."), or why a source was dropped
    kind: str = "current"
    kind_evidence: str = ""
    subject: str | None = None
    subject_evidence: str = ""

    def to_dict(self) -> JSONObject:
        """The claim in ``timeline.json`` (see docs/timeline-json.md#claims)."""
        return {
            "value": self.value, "low": self.low, "high": self.high, "qualifier": self.qualifier,
            "unit": self.unit, "what": self.what, "attributed_to": self.attributed_to,
            "attributed_evidence": self.attributed_evidence,
            "date": self.date, "date_evidence": self.date_evidence, "document": self.document,
            "start": self.start, "end": self.end, "text": self.text,
            "sentence": {"start": self.sentence.start, "end": self.sentence.end}, "series": self.series,
            "kind": self.kind, "kind_evidence": self.kind_evidence,
            "subject": self.subject, "subject_evidence": self.subject_evidence,
        }

    def describe(self) -> str:
        """"more than 40 people treated in hospital"."""
        number = f"{self.low:,}–{self.high:,}" if self.high is not None else f"{self.value:,}"
        return " ".join(p for p in (self.qualifier, number, self.what) if p)


@dataclass(frozen=True)
class Series:
    """Current claims with the same ``key`` and ``subject``: dated ones by date, then
    undated ones (``date`` None: they have no place on a time axis, see :attr:`undated`);
    ``flags`` are one-line reasons naming the documents."""

    id: str
    what: str
    unit: str
    cumulative: bool
    claims: tuple[Claim, ...]
    flags: tuple[str, ...] = ()
    subject: str | None = None  # the place counted ("Mexico", "world"); None: not stated

    def to_dict(self) -> JSONObject:
        """The series in ``timeline.json``: its claims by (document, start)."""
        return {
            "id": self.id, "what": self.what, "subject": self.subject, "title": self.title, "unit": self.unit,
            "cumulative": self.cumulative, "claims": [[c.document, c.start] for c in self.claims],
            "flags": list(self.flags),
        }

    @property
    def title(self) -> str:
        """What it counts, where: "people killed in Mexico", "people killed worldwide"."""
        if self.subject is None:
            return self.what
        if self.subject == WORLD:
            return f"{self.what} worldwide"
        return f"{self.what} in {'the ' if _THE.search(self.subject) else ''}{self.subject}"

    @property
    def dated(self) -> tuple[Claim, ...]:
        """The claims with an as-of date: the points of a chart over time."""
        return tuple(c for c in self.claims if c.date)

    @property
    def undated(self) -> tuple[Claim, ...]:
        """The claims with no as-of date: listed, never placed on a time axis."""
        return tuple(c for c in self.claims if not c.date)
