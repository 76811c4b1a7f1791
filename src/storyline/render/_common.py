"""Helpers shared by the renderers: counts, dates, anchors and sentence sources.

Everything here is a pure function of the :class:`~storyline.model.Story`, iterates
lists in their given order and never reads the clock or the locale, so every format
renders the same story to the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

from storyline.model import Document, Event, Story, sha256

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
# C0/C1 control characters other than tab and newline: invalid in HTML, invisible in text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def strip_controls(text: str) -> str:
    """Replace control characters (except tab, newline, carriage return) by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def granularity(value: str) -> str | None:
    """``"day"``, ``"month"`` or ``"year"`` for a valid ISO date prefix, else ``None``."""
    if _DAY.fullmatch(value):
        try:
            _date.fromisoformat(value)
        except ValueError:
            return None
        return "day"
    m = _MONTH.fullmatch(value)
    if m:
        return "month" if 1 <= int(m.group(2)) <= 12 else None
    if _YEAR.fullmatch(value):
        return "year"
    return None


def human_date(value: str) -> str:
    """``4 February 2012``, ``February 2012`` or ``2012``; anything else unchanged."""
    kind = granularity(value)
    if kind == "day":
        y, m, d = value.split("-")
        return f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    if kind == "month":
        y, m = value.split("-")
        return f"{MONTHS[int(m) - 1]} {y}"
    return value


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class Counts:
    documents: int
    duplicates: int
    dated: int
    undated: int
    events: int
    skipped: int

    def phrases(self) -> list[str]:
        return [
            plural(self.documents, "document"),
            plural(self.duplicates, "duplicate"),
            f"{self.dated} dated",
            f"{self.undated} undated",
            plural(self.events, "event"),
            plural(self.skipped, "skipped input"),
        ]


def counts(story: Story) -> Counts:
    """Counts of what the rendered story shows (not the run's ``Summary``)."""
    dated = sum(1 for d in story.documents if d.published)
    return Counts(
        documents=len(story.documents),
        duplicates=sum(1 for d in story.documents if d.duplicate_of),
        dated=dated,
        undated=len(story.documents) - dated,
        events=len(story.events),
        skipped=len(story.rejected),
    )


def date_range(story: Story) -> tuple[str, str] | None:
    dates = sorted(e.date for e in story.events if granularity(e.date))
    return (dates[0], dates[-1]) if dates else None


def anchors(story: Story) -> dict[str, str]:
    """A safe, unique HTML id per document id: ``doc-<ascii slug>-<8 hex of sha256>``."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for doc in story.documents:
        if doc.id in out:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", doc.id.lower()).strip("-")[:40].strip("-")
        digest = sha256(doc.id)
        size = 8
        while True:
            token = f"doc-{slug}-{digest[:size]}" if slug else f"doc-{digest[:size]}"
            if token not in taken or size >= len(digest):
                break
            size += 4
        out[doc.id] = token
        taken.add(token)
    return out


@dataclass(frozen=True)
class SourceRef:
    """A document cited for a sentence, as the renderers show it."""

    id: str
    outlet: str | None
    title: str | None
    duplicate_of: str | None  # set when this document is a copy of another
    known: bool  # False when the id is not among ``story.documents``


@dataclass(frozen=True)
class Line:
    """One summary sentence of an event with the documents it came from."""

    sentence: str
    sources: tuple[SourceRef, ...]
    attributed: bool  # False: no evidence matched, ``sources`` are the event's sources


class Sources:
    """Looks up documents and duplicate groups of one story."""

    def __init__(self, story: Story) -> None:
        self.docs: dict[str, Document] = {}
        for doc in story.documents:
            self.docs.setdefault(doc.id, doc)
        self.canonical: dict[str, str] = {}
        for group in story.groups:
            for member in group.members:
                self.canonical.setdefault(member, group.canonical)
            self.canonical.setdefault(group.canonical, group.canonical)
        for doc in story.documents:
            if doc.duplicate_of:
                self.canonical.setdefault(doc.id, doc.duplicate_of)
        self.members: dict[str, list[str]] = {}
        for doc_id, canon in self.canonical.items():
            self.members.setdefault(canon, []).append(doc_id)
        self._flat: dict[str, str] = {}

    def carries(self, doc_id: str, sentence: str) -> bool:
        """Whether the document's text contains the sentence (whitespace collapsed)."""
        doc = self.docs.get(doc_id)
        if doc is None:
            return False
        if doc_id not in self._flat:
            self._flat[doc_id] = one_line(doc.text)
        return one_line(sentence) in self._flat[doc_id]

    def canon(self, doc_id: str) -> str:
        return self.canonical.get(doc_id, doc_id)

    def ref(self, doc_id: str) -> SourceRef:
        doc = self.docs.get(doc_id)
        if doc is None:
            return SourceRef(doc_id, None, None, None, False)
        return SourceRef(doc_id, doc.outlet, doc.title, doc.duplicate_of, True)

    def lines(self, event: Event) -> tuple[list[Line], list[SourceRef]]:
        """Each summary sentence with its sources, and event sources no sentence cites.

        Each piece of evidence is given to the summary sentence it equals (whitespace
        collapsed) or, failing that, to the one it shares most words with when that is at
        least half of their words (a reprint with small edits); other evidence is left
        out. A sentence's sources are the documents of its evidence followed by
        their copies (same duplicate group): those among the event's sources, and the
        other members of the group whose text contains the sentence.
        """
        keys = [one_line(s) for s in event.summary]
        exact: dict[str, int] = {}
        for i, key in enumerate(keys):
            exact.setdefault(key, i)
        words = [_words(k) for k in keys]
        assigned: list[dict[str, None]] = [{} for _ in keys]
        for ev in event.evidence:
            key = one_line(ev.sentence)
            index = exact.get(key)
            if index is None:
                index = _closest(_words(key), words)
            if index is not None:
                assigned[index].setdefault(ev.document)
        cited: dict[str, None] = {}
        lines: list[Line] = []
        for sentence, found in zip(event.summary, assigned):
            ids = list(found)
            attributed = bool(ids)
            if attributed:
                groups = list(dict.fromkeys(self.canon(i) for i in ids))
                ids += [s for s in dict.fromkeys(event.sources) if s not in found and self.canon(s) in groups]
                for canon in groups:
                    ids += [m for m in self.members.get(canon, []) if m not in ids and self.carries(m, sentence)]
            else:
                ids = list(dict.fromkeys(event.sources))
            cited.update(dict.fromkeys(ids))
            lines.append(Line(sentence, tuple(self.ref(i) for i in ids), attributed))
        others = [self.ref(s) for s in dict.fromkeys(event.sources) if s not in cited]
        return lines, others


_WORD = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _closest(words: frozenset[str], candidates: list[frozenset[str]], threshold: float = 0.5) -> int | None:
    """Index of the candidate with the highest Jaccard similarity >= threshold (first wins)."""
    best, best_score = None, threshold
    for i, other in enumerate(candidates):
        union = words | other
        score = len(words & other) / len(union) if union else 0.0
        if score > best_score or (score == best_score and best is None):
            best, best_score = i, score
    return best
