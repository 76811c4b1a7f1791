"""One input and what the stages make of it: :class:`RawDocument` (as read), :class:`Rejected`
(an input that could not be used) and :class:`Document` (cleaned, annotated, dated) with its
annotation records.

Every character offset (``start``/``end``) indexes the cleaned ``Document.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from storyline.model._text import name, one_line as _one_line, plural, shorten, NAME_CHARS
from storyline.model.speech import Attribution
from storyline.reasons import one_line, quoted


def sha256(*parts: str) -> str:
    """Hex digest of the parts, separated so that ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True)
class Rejected:
    """An input that could not be used, with a one-line reason naming it.

    ``code`` says why in one word a program can act on (the reason is for people):
    ``not-found``, ``unreadable``, ``not-text``, ``malformed``, ``too-large``, ``empty``,
    ``no-article``, ``too-short``, ``recurring-only``, ``refused-url``, ``fetch-failed``, ``robots``,
    ``duplicate-input`` or ``internal``; :data:`storyline.reasons.CODES` says what each
    means. ``""`` when not known (a Rejected made by older code, or read back from a
    timeline.json, which does not carry codes). Two Rejected are equal when source, reason,
    stage and ``internal`` are: the code classifies the reason, it does not add to it.
    """

    source: str  # path, URL, "file.jsonl:12", "crawl.warc.gz#3"
    reason: str  # always one printable line (made so on creation)
    stage: str = "ingest"
    internal: bool = False  # storyline failed on this input: a bug, not the input's fault
    code: str = field(default="", compare=False)  # see storyline.reasons.CODES; not part of equality

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


# what a user's own stage may add to a document (never written to timeline.json)
ExtraValue = str | int | float | bool


@dataclass(frozen=True)
class Document:
    """A cleaned article with its metadata, annotations and duplicate link.

    ``attributions``: the attribution tagger's Source/Cue/Content spans found in the text
    (:mod:`storyline.quotes`); ``extra``: what a user's own stage adds. Neither is part
    of ``timeline.json``, and ``extra`` takes no part in equality or hashing.
    """

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
    attributions: tuple[Attribution, ...] | None = None  # None: never tagged
    extra: dict[str, ExtraValue] = field(default_factory=dict, hash=False, compare=False)

    @property
    def text_hash(self) -> str:
        return sha256(self.text)

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def __repr__(self) -> str:
        """``<Document 'a.txt' · BBC News · 2012-02-04 · 3,120 characters>``: one line,
        not the whole text."""
        bits = [f"Document {name(self.id)}"]
        if self.outlet:
            bits.append(shorten(_one_line(self.outlet), NAME_CHARS))
        bits.append(self.published + (" (inferred)" if self.published_inferred else "") if self.published else "undated")
        bits.append(plural(len(self.text), "character"))
        if self.duplicate_of:
            bits.append(f"copy of {name(self.duplicate_of)}")
        return f"<{' · '.join(bits)}>"
