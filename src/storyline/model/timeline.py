"""What the corpus stages make of the documents: timeline :class:`Event` records with
their :class:`Evidence`, duplicate groups, reprints and the run's :class:`Summary`."""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.model._text import name, plural


@dataclass(frozen=True)
class Evidence:
    """A character span of a document's text that supports one line of an event.

    ``line`` indexes the event's ``summary``: the line this span is (a copy of).
    """

    document: str
    start: int
    end: int
    sentence: str
    line: int = 0
    # why this sentence speaks for the event's date, e.g. "'February 4' (…) …" or
    # "lead sentence of an article published 2012-03-13 (dateline …)"
    dated_by: str = ""


@dataclass(frozen=True)
class Event:
    """One dated line of the timeline: what the sources say happened on ``date``."""

    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    summary: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    sources: tuple[str, ...]  # document ids, including duplicates that carry the text
    score: float = 0.0
    # outlets (or, when unknown, documents) that reported the event independently:
    # reprints, wire copies and shared passages count once, for their original
    independent: tuple[str, ...] = ()
    # every line was written before the date: announced or expected, not reported as done
    planned: bool = False
    # a date long before the story that many independent sources recall: shown apart, as background
    background: bool = False

    def __repr__(self) -> str:
        """``<Event 2012-02-04 · 'Russia and China vetoed …' · 2 lines · 5 reports>``:
        one line, not every evidence span."""
        bits = [f"Event {self.date}", name(self.summary[0] if self.summary else "")]
        if len(self.summary) > 1:
            bits.append(plural(len(self.summary), "line"))
        bits.append(plural(len(set(self.sources)), "report"))
        bits += [flag for flag, on in (("planned", self.planned), ("background", self.background)) if on]
        return f"<{' · '.join(bits)}>"


@dataclass(frozen=True)
class Passage:
    """A run of paragraphs of one document (numbers 1-based, inclusive) and its span."""

    document: str
    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True)
class Reprint:
    """What ``document`` carries of ``source``'s text.

    ``kind`` is ``"reprint"`` (the two are one duplicate group; ``source`` is its
    canonical member) or ``"shared passage"`` (different articles that carry the same
    paragraph word for word). ``shared``: the passages of ``document`` found in
    ``source``; ``own``: the rest of ``document`` (its own reporting; empty for a
    shared passage).
    """

    document: str
    source: str
    kind: str
    shared: tuple[Passage, ...]
    own: tuple[Passage, ...] = ()

    @property
    def description(self) -> str:
        """One line a reader understands, e.g. "b.txt reprints a.txt's copy (paragraphs
        1–7) and adds its own reporting (8–14)"."""
        shared = _paragraph_numbers(self.shared)
        if self.kind == "shared passage":
            return f"{self.document} shares {shared} with {self.source}"
        line = f"{self.document} reprints {self.source}'s copy ({shared})"
        if self.own:
            line += f" and adds its own reporting ({_paragraph_numbers(self.own)})"
        return line


def _paragraph_numbers(passages: tuple[Passage, ...]) -> str:
    """ "paragraph 3", "paragraphs 1–7", "paragraphs 1–2, 5"."""
    numbers = [str(p.first) if p.first == p.last else f"{p.first}–{p.last}" for p in passages]
    word = "paragraph" if len(passages) == 1 and passages[0].first == passages[0].last else "paragraphs"
    return f"{word} {', '.join(numbers)}"


@dataclass(frozen=True)
class DuplicateGroup:
    """Documents that carry the same copy; ``canonical`` is the one kept."""

    canonical: str
    members: tuple[str, ...]  # all ids, canonical first


@dataclass
class Summary:
    """Counts reported at the end of a run."""

    read: int = 0
    usable: int = 0
    skipped: int = 0
    duplicates: int = 0
    dated: int = 0
    inferred: int = 0  # of the dated: dates inferred from the corpus
    undated: int = 0
    events: int = 0
    stories: int = 1
    cached: int = 0  # documents whose annotations came from the store
    failed: int = 0  # of the skipped: inputs storyline itself failed on (a bug to report)
    # usable documents not in English, by language code ("und": not recognised): kept apart
    not_english: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        failed = f" ({self.failed} by an internal error: please report it)" if self.failed else ""
        foreign = ", ".join(f"{code} {n}" for code, n in self.not_english.items())
        return [
            f"read {self.read}, usable {self.usable}, skipped {self.skipped}{failed}",
            *([f"{sum(self.not_english.values())} not in English ({foreign}), kept apart"] if foreign else []),
            f"duplicates {self.duplicates}, dated {self.dated} ({self.inferred} inferred), undated {self.undated}",
            f"stories {self.stories}, events {self.events}, annotations reused from store {self.cached}",
        ]
