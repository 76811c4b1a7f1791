"""The JSON API's response and request models: what ``/openapi.json`` says each ``/api``
path returns. The fields are those of :mod:`storyline.store.query`'s rows."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "Accepted", "Account", "Claim", "Comparison", "DocumentDetail", "DocumentSummary", "Entity", "Event", "Evidence",
    "Feed", "FeedIn", "Mark", "NewsItem", "Position", "PositionSpeaker", "PositionsPage", "Quote", "QuotesPage",
    "SearchResults", "Side", "Speaker", "Statement", "StoriesPage", "StoryActivity", "StoryDetail", "StorySummary",
    "Update", "UpdatesPage",
]


class StorySummary(BaseModel):
    id: str
    label: str | None = None
    keywords: list[str] = []
    first: str | None = Field(None, description="first publication day (YYYY-MM-DD)")
    last: str | None = Field(None, description="last publication day (YYYY-MM-DD)")
    documents: int
    events: int
    quotes: int
    entities: int
    claims: int


class NewsItem(BaseModel):
    kind: str = Field(description='"new story", "event", "quote", "figure", "shift" (a speaker\'s change of position) or "disagreement" (outlets reporting the same thing differently)')
    detail: dict[str, Any] = Field(description='{"date": ..., "text": ...}')


class StoryActivity(StorySummary):
    activity: str | None = Field(None, description="the last update that touched it, else its last publication day")
    update_id: int | None = Field(None, description="the last update that touched it (None: none did)")
    news: list[NewsItem] = Field([], description="what that update brought")


class Update(BaseModel):
    id: int
    started: str
    finished: str | None = None
    status: str
    summary: dict[str, Any] = Field(description="counts: fetched, added, refused, failed, stories_changed")


class StoriesPage(BaseModel):
    stories: list[StoryActivity]
    latest_update: Update | None = None


class Evidence(BaseModel):
    line: int = Field(description="the index of the event's line it backs")
    document: str
    start: int
    end: int
    sentence: str
    dated_by: str


class Event(BaseModel):
    story: str
    position: int
    date: str
    lines: list[str]
    sources: list[str]
    independent: int
    planned: bool
    background: bool
    evidence: list[Evidence]


class StoryDetail(BaseModel):
    story: StorySummary
    events: list[Event]


class Speaker(BaseModel):
    speaker: str | None = Field(None, description="None: not established")
    quotes: int


class Quote(BaseModel):
    story: str
    position: int
    speaker: str | None = None
    text: str
    direct: bool
    date: str | None = Field(None, description="the earliest publication day of the documents that carry it")
    said_on: str | None = Field(None, description="the day the words were said (the reporting clause's, else the "
                                "article's); None when nothing dates it or an older storyline stored the quote")
    said_on_evidence: str = Field("", description="what dates it")
    documents: list[str]


class QuotesPage(BaseModel):
    story: StorySummary
    speaker: str | None = None
    speakers: list[Speaker]
    quotes: list[Quote]


class Statement(BaseModel):
    quote: int = Field(description="the quote's index among the story's quotes")
    text: str
    speaker: str
    said_on: str | None = Field(None, description="the day it was said (YYYY-MM-DD); None when nothing dates it")
    said_on_evidence: str = Field(description="what dates it")
    document: str
    start: int
    end: int
    direct: bool = Field(description="in quotation marks (else reported speech)")


class Mark(BaseModel):
    kind: str = Field(description='"shift" (departs from or contradicts the earlier statement) or "reiteration"')
    earlier: int = Field(description="the index of the earlier statement among the position's statements")
    later: int = Field(description="the index of the later statement")
    why: str
    changed: list[str] = Field(description="the words that changed (empty for a reiteration)")


class Position(BaseModel):
    story: str
    speaker: str
    question: str = Field(description="what the statements are about, in their words")
    terms: list[str] = Field(description="the words that put the statements together")
    first: str | None = Field(None, description="the earliest day a statement was said")
    last: str | None = Field(None, description="the latest day a statement was said")
    shifts: int
    reiterations: int
    statements: list[Statement] = Field(description="in the order they were said")
    marks: list[Mark]


class PositionSpeaker(BaseModel):
    speaker: str
    positions: int
    shifts: int


class Account(BaseModel):
    document: str
    outlet: str
    published: str | None = None
    start: int
    end: int
    text: str = Field(description="the sentence that reports it")
    value: str = Field(description="the value as this report gives it")


class Side(BaseModel):
    value: str
    outlets: int = Field(description="independent outlets that give it (a wire story and its reprints count once)")
    accounts: list[Account]


class Comparison(BaseModel):
    story: str
    kind: str = Field(description='"figure", "date" or "speaker"')
    about: str
    day: str | None = Field(None, description="the day reported on, when there is one")
    why: str = ""
    disagree: bool = Field(description="the outlets report it differently (more than one side)")
    outlets: int = Field(description="independent outlets, all sides together")
    sides: list[Side]


class PositionsPage(BaseModel):
    story: StorySummary
    speaker: str | None = Field(None, description="the speaker asked for (None: everyone)")
    speakers: list[PositionSpeaker]
    positions: list[Position]
    disagreements: list[Comparison] = Field(description="what independent outlets report differently")
    agreements: list[Comparison] = Field(description="what independent outlets report alike")


class Entity(BaseModel):
    story: str
    name: str
    type: str
    aliases: list[str]
    roles: list[str]
    mentions: int
    documents: list[str]


class Claim(BaseModel):
    story: str
    value: int | float | None = None
    low: int | float | None = None
    high: int | float | None = None
    qualifier: str | None = None
    unit: str | None = None
    what: str | None = None
    attributed_to: str | None = None
    attributed_evidence: str | None = None
    date: str | None = None
    date_evidence: str | None = None
    document: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    series: str | None = None
    kind: str | None = None
    kind_evidence: str | None = None
    subject: str | None = None
    subject_evidence: str | None = None


class DocumentSummary(BaseModel):
    id: str
    source: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    published_inferred: bool
    duplicate_of: str | None = None
    language: str | None = None
    text_hash: str


class Span(BaseModel):
    start: int
    end: int
    id: str = Field(description="the id of its <mark> on the document's page")


class Cited(BaseModel):
    story: str
    event: int
    date: str
    line: int
    start: int
    end: int
    sentence: str
    mark: str | None = Field(None, description="the id of the highlighted span that holds it")


class DocumentDetail(DocumentSummary):
    text: str
    stories: list[str]
    spans: list[Span] = Field(description="the evidence spans highlighted, merged where they overlap")
    cited: list[Cited] = Field(description="the timeline lines this document backs")


class SearchResults(BaseModel):
    q: str
    documents: list[DocumentSummary]
    events: list[Event]


class Feed(BaseModel):
    id: int
    url: str
    kind: str
    added: str
    checked: str | None = None
    status: str | None = None
    reason: str | None = Field(None, description="why the last fetch was refused or failed")
    title: str | None = None


class UpdatesPage(BaseModel):
    running: bool = Field(description="an update started by this server runs now")
    last: dict[str, Any] | None = Field(None, description="how this server's last update run ended")
    updates: list[Update]


class FeedIn(BaseModel):
    url: str = Field(max_length=2048)
    kind: Literal["rss", "atom", "sitemap", "urls"] | None = None


class Accepted(BaseModel):
    status: str
    id: int | None = None
