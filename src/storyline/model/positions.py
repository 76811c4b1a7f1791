"""Who said what over time, and where outlets agree: :class:`Position` (one speaker's
statements on one question, in the order they were said, with their shifts and
reiterations marked) and :class:`Comparison` (what independent outlets report about one
figure, date or statement: one :class:`Side` when they agree, several when they differ).

Every statement and account points to its document and character span; every mark names
the two statements it joins and says why, in the words that changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from storyline.model.json_types import JSONObject

__all__ = ["Account", "Comparison", "Mark", "Position", "Side", "Statement"]


@dataclass(frozen=True)
class Statement:
    """One thing a speaker said: a direct quote or reported speech of the story
    (``quote``: its index in ``Story.quotes``), dated by when it was said."""

    quote: int
    text: str
    speaker: str
    said_on: str | None  # YYYY-MM-DD, None when nothing dates it
    said_on_evidence: str
    document: str
    start: int
    end: int
    direct: bool = True


@dataclass(frozen=True)
class Mark:
    """How a later statement stands to an earlier one of the same position: ``kind``
    "shift" (it departs from or contradicts it) or "reiteration" (it repeats it);
    ``earlier``/``later`` index ``Position.statements``; ``why`` says it in words and
    ``changed`` lists the words that changed (empty for a reiteration)."""

    kind: str
    earlier: int
    later: int
    why: str
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Position:
    """A speaker's statements on one question, ordered by ``said_on``: ``question`` in
    words taken from the statements, ``terms`` the words that put them together."""

    speaker: str
    question: str
    terms: tuple[str, ...]
    statements: tuple[Statement, ...]
    marks: tuple[Mark, ...] = ()

    def to_dict(self) -> JSONObject:
        return {
            "speaker": self.speaker,
            "question": self.question,
            "terms": list(self.terms),
            "statements": [asdict(s) for s in self.statements],
            "marks": [{**asdict(m), "changed": list(m.changed)} for m in self.marks],
        }


@dataclass(frozen=True)
class Account:
    """One outlet's report of a figure, a date or who said something: ``value`` as the
    report gives it, the sentence's span in its document."""

    document: str
    outlet: str
    published: str | None
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Side:
    """One value and the reports that give it; ``outlets``: how many independent
    outlets (a wire story its reprints carry counts once)."""

    value: str
    accounts: tuple[Account, ...]
    outlets: int


@dataclass(frozen=True)
class Comparison:
    """What independent outlets report about one thing (``kind`` "figure", "date" or
    "speaker"; ``about`` in words; ``day`` the day reported on, when there is one): one
    side when they agree, two or more when they disagree."""

    kind: str
    about: str
    day: str | None
    sides: tuple[Side, ...]
    why: str = ""

    @property
    def disagree(self) -> bool:
        return len(self.sides) > 1

    def to_dict(self) -> JSONObject:
        return {
            "kind": self.kind,
            "about": self.about,
            "day": self.day,
            "why": self.why,
            "sides": [{"value": side.value, "outlets": side.outlets, "accounts": [asdict(a) for a in side.accounts]}
                      for side in self.sides],
        }
