"""Who is named and who said what: entity mentions across the corpus, direct and reported
quotes, and the attribution tagger's spans (:class:`Attribution`)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model.json_types import JSONObject

Span = tuple[int, int]


@dataclass(frozen=True)
class Attribution:
    """One attribution in a text: character spans (start, end) of its parts; a part
    the tagger did not find is None. ``clause``: whether the content has a finite verb
    (a statement, "the pier would stay closed", not a noun phrase, "a disaster
    situation"), per the parser; None when not known."""

    source: Span | None
    cue: Span | None
    content: Span | None
    clause: bool | None = None

    def shifted(self, by: int) -> "Attribution":
        """The same attribution with its spans moved ``by`` characters."""

        def move(span: Span | None) -> Span | None:
            return (span[0] + by, span[1] + by) if span else None

        return Attribution(move(self.source), move(self.cue), move(self.content), self.clause)

    def texts(self, text: str) -> dict[str, str | None]:
        return {name: (text[span[0]:span[1]] if span else None)
                for name, span in (("source", self.source), ("cue", self.cue), ("content", self.content))}


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

    def to_dict(self) -> JSONObject:
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
    parts: tuple[Span, ...]
    speaker: str | None  # the person as the document names them, None when unresolved
    said_by: str  # the words that stand for the speaker ("he", "the minister", "Lavrov"), "" if none
    cue: str  # the speech verb ("said", "told")
    resolved_by: str  # how the speaker was found: "named", "pronoun ...", "description ...", ""
    direct: bool = True
    # the day the words were said: the date of the reporting clause ("said on Tuesday"),
    # else the document's publication day; and what says so
    said_on: str | None = None
    said_on_evidence: str = ""


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
    # the day the words were said (the earliest a reporting clause gives, else the
    # earliest article's day) and what says so
    said_on: str | None = None
    said_on_evidence: str = ""

    def to_dict(self) -> JSONObject:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "documents": list(self.documents),
            "date": self.date,
            "direct": self.direct,
            "said_on": self.said_on,
            "said_on_evidence": self.said_on_evidence,
            "variants": list(self.variants),
            "appearances": [
                {"document": q.document, "start": q.start, "end": q.end, "parts": [list(p) for p in q.parts],
                 "said_by": q.said_by, "speaker": q.speaker, "cue": q.cue, "resolved_by": q.resolved_by,
                 "said_on": q.said_on, "said_on_evidence": q.said_on_evidence}
                for q in self.appearances
            ],
        }
