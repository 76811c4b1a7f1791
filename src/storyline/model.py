"""The one document/corpus model that flows through every stage.

Data flows one way: ``ingest`` yields :class:`RawDocument` (or :class:`Rejected`),
``clean`` turns each into a :class:`Document`, ``annotate`` fills its sentences,
entities and time expressions, ``dedup`` sets ``duplicate_of``, ``timeline`` makes
:class:`Event` records, and ``render`` writes a :class:`Story`. Stages never mutate
what they are given: they return new objects (``dataclasses.replace``).

Every character offset (``start``/``end``) indexes the cleaned ``Document.text``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from storyline.reasons import one_line, quoted

SCHEMA = "storyline.timeline/1"


def sha256(*parts: str) -> str:
    """Hex digest of the parts, separated so that ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True)
class Rejected:
    """An input that could not be used, with a one-line reason naming it."""

    source: str  # path, URL, "file.jsonl:12", "crawl.warc.gz#3"
    reason: str  # always one printable line (made so on creation)
    stage: str = "ingest"
    internal: bool = False  # storyline failed on this input: a bug, not the input's fault

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", one_line(self.reason))

    def __str__(self) -> str:
        return self.shown()

    def shown(self) -> str:
        """``NAME: REASON`` as one printable line, the name quoted when it needs it."""
        return f"{quoted(self.source)}: {self.reason}"


@dataclass(frozen=True)
class RawDocument:
    """One article as read from its input, decoded to text but otherwise untouched.

    ``kind`` says how ``body`` must be cleaned: ``"html"`` or ``"text"``.
    ``meta`` holds what the input itself declared (JSONL fields, WARC headers,
    the Timeline17 folder date): keys among ``title``, ``outlet``, ``published``,
    ``published_evidence``, ``url`` and ``layout`` (``"t17"``: tokenized text, one
    sentence a line, as in Timeline17).
    """

    id: str
    source: str
    kind: str
    body: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        items = [f"{k}={v}" for k, v in sorted(self.meta.items())]
        return sha256(self.kind, self.body, *items)


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning dropped from the text, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, ...
    text: str


@dataclass(frozen=True)
class Timex:
    """A time expression found in the text and, when it names a date, its value.

    ``value`` is TimeML-like: ``2012-02-04``, ``2011-11``, ``2011`` or ``None`` when the
    expression is a duration, a vague reference, or cannot be anchored.
    ``evidence`` says how the value was reached, e.g. ``"'on Tuesday' relative to
    2012-03-13 (dateline 'Tuesday, 13 March 2012')"``.
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None  # "day", "month", "year"; "week", "quarter", "half", "season", "decade", "century"; None
    evidence: str
    # what the expression dates in its sentence (storyline.annotate.clauses): "event",
    # "statement", "reported", "mention"; "" when not known (light mode)
    role: str = ""


@dataclass(frozen=True)
class DateBounds:
    """What the corpus establishes about an undated document's publication day.

    ``not_before``/``not_after`` are ``YYYY-MM-DD`` or None; ``evidence`` has one line
    per bound or clue, e.g. ``"not before 2012-03-13: reports more than 9,000 killed,
    above 'well over 7,500' in 000.txt of that date"``.
    """

    not_before: str | None = None
    not_after: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A cleaned article with its metadata, annotations and duplicate link."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    image: str | None = None  # the lead image's absolute http(s) URL
    published: str | None = None  # YYYY-MM-DD
    published_evidence: str | None = None
    # 0..1: 1.0 given by the user, .95 page metadata, .9 a full dateline or the input's
    # own field, .7 a URL date, .5-.8 inferred from the corpus (see ``published_inferred``)
    published_confidence: float | None = None
    published_inferred: bool = False
    published_bounds: DateBounds | None = None
    author: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    duplicate_of: str | None = None
    # ISO 639-1 code ("en", "de"; ISO 639-3 when a language has none), "und" when it could
    # not be told (storyline.clean.language); None: never detected (a Document made by
    # hand), taken as English
    language: str | None = None

    @property
    def text_hash(self) -> str:
        return sha256(self.text)

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def __repr__(self) -> str:  # one line, not the whole text (storyline.export.notebook)
        from storyline.export.notebook import document_repr

        return document_repr(self)


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

    def __repr__(self) -> str:  # one line, not every evidence span
        from storyline.export.notebook import event_repr

        return event_repr(self)


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


@dataclass(frozen=True)
class Mention:
    """One mention: where it is (character offsets into the document's text) and what it says."""

    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CanonicalEntity:
    """One person, organisation or place across the corpus, under all its names
    (see :func:`storyline.entities.canonical_entities`)."""

    name: str
    type: str  # "person", "organisation", "place", "event" or "group"
    aliases: tuple[str, ...]  # every distinct cleaned form, sorted
    mentions: int
    documents: tuple[str, ...]  # sorted ids
    spans: tuple[Mention, ...]  # sorted by document and offset
    roles: tuple[str, ...] = ()  # titles seen with a person, most frequent first

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": self.mentions,
            "documents": list(self.documents),
            "spans": [[m.document, m.start, m.end] for m in self.spans],
        }


@dataclass(frozen=True)
class Quote:
    """One direct quote of one document, with character spans into its text."""

    document: str
    start: int  # first quoted character (inside the marks)
    end: int  # last quoted character + 1
    text: str  # the quoted words; parts of a split quote joined by " … "
    parts: tuple[tuple[int, int], ...]
    speaker: str | None  # the person as the document names them, None when unresolved
    said_by: str  # the words that stand for the speaker ("he", "the minister", "Lavrov"), "" if none
    cue: str  # the speech verb ("said", "told")
    resolved_by: str  # how the speaker was found: "named", "pronoun ...", "description ...", ""
    direct: bool = True


@dataclass(frozen=True)
class SharedQuote:
    """One quote across the corpus: the same words carried by several documents."""

    text: str  # the wording of its earliest appearance
    speaker: str | None  # the speaker most of its appearances resolve to (None if none do)
    documents: tuple[str, ...]
    date: str | None  # the earliest publication date among them
    variants: tuple[str, ...]  # other wordings, as carried
    appearances: tuple[Quote, ...]
    direct: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "documents": list(self.documents),
            "date": self.date,
            "direct": self.direct,
            "variants": list(self.variants),
            "appearances": [
                {"document": q.document, "start": q.start, "end": q.end, "parts": [list(p) for p in q.parts],
                 "said_by": q.said_by, "speaker": q.speaker, "cue": q.cue, "resolved_by": q.resolved_by}
                for q in self.appearances
            ],
        }


@dataclass
class Story:
    """The result of a build: documents, timeline events and what was skipped.

    When the pile held several stories, ``stories`` has one :class:`Story` per story
    (each with its own documents, events, groups and reprints, and its ``id``,
    ``label`` and ``keywords``) and this object holds the whole pile with no events.
    When it held one story, ``stories`` is empty and this object is that story.
    """

    documents: list[Document]
    events: list[Event]
    groups: list[DuplicateGroup] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    config: dict[str, Any] = field(default_factory=dict)
    reprints: list[Reprint] = field(default_factory=list)
    id: str | None = None
    label: str | None = None
    keywords: tuple[str, ...] = ()
    stories: list["Story"] = field(default_factory=list)
    entities: list[CanonicalEntity] = field(default_factory=list)
    quotes: list[SharedQuote] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)  # storyline.claims.Claim, each with to_dict()
    series: list[Any] = field(default_factory=list)  # storyline.claims.Series, each with to_dict()

    def __repr__(self) -> str:
        """``<Story 'label' · 5 documents · 12 events · 2012-01-05 → 2012-03-20>``."""
        from storyline.export.notebook import story_repr

        return story_repr(self)

    def _repr_html_(self) -> str:
        """A notebook's view: the first events (a pile: its stories) as an escaped table."""
        from storyline.export.notebook import story_html

        return story_html(self)

    def to_pandas(self) -> dict[str, Any]:
        """``{"events", "quotes", "claims", "documents"}`` as pandas DataFrames, with the
        CSV export's columns (docs/exports.md). Needs ``pip install 'storyline[pandas]'``."""
        from storyline.export.notebook import story_frames

        return story_frames(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Story":
        """The story of a parsed ``timeline.json`` (the inverse of :meth:`to_dict`, not
        checked against the schema: :func:`storyline.load` reads and checks a file)."""
        from storyline.export.load import story_from_dict

        return story_from_dict(data)

    def days(self) -> tuple[str | None, str | None]:
        """First and last publication day of the documents (None when none is dated)."""
        dates = sorted(d.published for d in self.documents if d.published)
        return (dates[0], dates[-1]) if dates else (None, None)

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def to_dict(self) -> dict[str, Any]:
        """The ``timeline.json`` contract (see docs/timeline-json.md)."""
        return {
            "schema": SCHEMA,
            "documents": [
                {
                    "id": d.id,
                    "source": d.source,
                    "title": d.title,
                    "outlet": d.outlet,
                    "published": d.published,
                    "published_evidence": d.published_evidence,
                    "published_confidence": d.published_confidence,
                    "published_inferred": d.published_inferred,
                    "published_bounds": asdict(d.published_bounds) if d.published_bounds else None,
                    "author": d.author,
                    "duplicate_of": d.duplicate_of,
                    "language": d.language,
                    "text": d.text,
                    "url": d.url,
                    "image": d.image,
                    "removed": [asdict(r) for r in d.removed],
                    "timexes": [asdict(t) for t in d.timexes],
                }
                for d in self.documents
            ],
            "events": [
                {
                    "date": e.date,
                    "summary": list(e.summary),
                    "evidence": [asdict(v) for v in e.evidence],
                    "sources": list(e.sources),
                    "independent": list(e.independent),
                    "planned": e.planned,
                    "background": e.background,
                }
                for e in self.events
            ],
            "duplicates": [
                {"canonical": g.canonical, "members": list(g.members)} for g in self.groups
            ],
            "reprints": [_reprint_dict(r) for r in self.reprints],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
            "series": [s.to_dict() for s in self.series],
            "story": {"id": self.id, "label": self.label, "keywords": list(self.keywords)} if self.id else None,
            "stories": [_story_entry(s) for s in self.stories],
            "skipped": [_skipped_dict(r) for r in self.rejected],
            # run statistics that depend on the store (``cached``) are left out so that
            # the same input always gives byte-identical output
            "summary": {k: v for k, v in asdict(self.summary).items() if k != "cached"},
        }


def _skipped_dict(item: Rejected) -> dict[str, Any]:
    return {"source": item.source, "reason": item.reason, "stage": item.stage, "internal": item.internal}


def _passages(passages: tuple[Passage, ...]) -> list[dict[str, Any]]:
    return [{"first": p.first, "last": p.last, "start": p.start, "end": p.end} for p in passages]


def _reprint_dict(reprint: Reprint) -> dict[str, Any]:
    return {
        "document": reprint.document,
        "source": reprint.source,
        "kind": reprint.kind,
        "shared": _passages(reprint.shared),
        "own": _passages(reprint.own),
        "description": reprint.description,
    }


def story_folder(story_id: str | None) -> str:
    """The folder a story of a pile is written to: its id with no path separators and
    no leading dot."""
    name = re.sub(r"[^\w.-]+", "-", story_id or "story").strip(".-")
    return name or "story"


def story_path(story: "Story") -> str:
    """Where a story of a pile is written, relative to the output folder."""
    return f"{story_folder(story.id)}/timeline.json"


def _story_entry(story: "Story") -> dict[str, Any]:
    first, last = story.days()
    return {
        "id": story.id,
        "label": story.label,
        "keywords": list(story.keywords),
        "documents": [d.id for d in story.documents],
        "events": len(story.events),
        "first": first,
        "last": last,
        "path": story_path(story),
    }
