"""A story and a pile: :class:`StoryCluster` (which documents one story holds),
:class:`Story` (one story told: its documents, timeline, entities, quotes and figures)
and :class:`Pile` (the corpus: every document, what was skipped, and its stories)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storyline.model._text import name, one_line, plural
from storyline.model.claims import Claim, Series
from storyline.model.document import Document, RawDocument, Rejected
from storyline.model.json_types import JSONObject, JSONValue
from storyline.model.positions import Comparison, Position
from storyline.model.speech import CanonicalEntity, SharedQuote
from storyline.model.timeline import DuplicateGroup, Event, Reprint, Summary

if TYPE_CHECKING:  # pragma: no cover
    from pandas import DataFrame

SCHEMA = "storyline.timeline/1"


@dataclass(frozen=True)
class StoryCluster:
    """One story: ``id`` a slug of its top terms, ``label`` for people, members sorted."""

    id: str
    label: str
    keywords: tuple[str, ...]
    members: tuple[str, ...]


@dataclass
class Story:
    """One story of a build: its documents, timeline events, duplicate groups and
    reprints, its ``id``, ``label`` and ``keywords``, the people and places it names,
    its quotes and figures (``claims``, ``series``), each speaker's ``positions`` and
    what independent outlets report alike or differently (``comparisons``).

    ``summary`` counts the story's own documents and events; ``rejected`` holds the
    inputs skipped by the build when the story is all it made (its ``timeline.json``
    lists them), else it is empty: a pile's skipped inputs are the :class:`Pile`'s.
    """

    documents: list[Document]
    events: list[Event]
    groups: list[DuplicateGroup] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    config: dict[str, JSONValue] = field(default_factory=dict)
    reprints: list[Reprint] = field(default_factory=list)
    id: str | None = None
    label: str | None = None
    keywords: tuple[str, ...] = ()
    entities: list[CanonicalEntity] = field(default_factory=list)
    quotes: list[SharedQuote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    def __repr__(self) -> str:
        """``<Story 'label' · 5 documents · 12 events · 2012-01-05 → 2012-03-20>``."""
        label = one_line(self.label or self.id)
        head = f"Story {name(label)}" if label else "Story"
        return f"<{head} · {' · '.join(facts(self))}>"

    def _repr_html_(self) -> str:
        """A notebook's view: the first events as an escaped table."""
        from storyline.export.notebook import story_html

        return story_html(self)

    def to_pandas(self) -> dict[str, DataFrame]:
        """``{"events", "quotes", "claims", "documents"}`` as pandas DataFrames, with the
        CSV export's columns (docs/exports.md). Needs ``pip install 'storyline[pandas]'``."""
        from storyline.export.notebook import story_frames

        return story_frames(self)

    @classmethod
    def from_dict(cls, data: JSONObject) -> "Story":
        """The story of a parsed ``timeline.json`` (the inverse of :meth:`to_dict`, not
        checked against the schema: :func:`storyline.load` reads and checks a file)."""
        from storyline.export.load import story_from_dict

        return story_from_dict(data)

    def to_dict(self) -> JSONObject:
        """The story's ``timeline.json`` (see docs/timeline-json.md and
        :mod:`storyline.render.contract`)."""
        from storyline.render.contract import story_dict

        return story_dict(self)

    def days(self) -> tuple[str | None, str | None]:
        """First and last publication day of the documents (None when none is dated)."""
        dates = sorted(d.published for d in self.documents if d.published)
        return (dates[0], dates[-1]) if dates else (None, None)

    def timeline_range(self) -> tuple[str, str] | None:
        """First and last date of the timeline (background events left out), or the
        publication days of the documents when it has no such event."""
        dates = sorted(e.date for e in self.events if not e.background)
        if dates:
            return dates[0], dates[-1]
        first, last = self.days()
        return (first, last) if first and last else None

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


@dataclass
class Pile:
    """The corpus of a build: every usable document, the duplicate groups and reprints
    among them, the inputs skipped, the run's counts and options (``config``:
    ``BuildConfig.to_dict()``), and its stories: what :func:`storyline.build` returns
    (:func:`storyline.prepare` returns one with no stories yet).

    ``pile.story`` is the main story (the one with the most documents); a pile of one
    story is written as that story's ``timeline.json`` with the pile's skipped inputs
    and counts, a pile of several as an index and one folder per story.
    """

    documents: list[Document] = field(default_factory=list)
    groups: list[DuplicateGroup] = field(default_factory=list)
    reprints: list[Reprint] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    config: dict[str, JSONValue] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    # what a build starts from and what ingest read (never in timeline.json; the raw
    # pages are let go once cleaned)
    inputs: list[str] = field(default_factory=list)
    raws: list[RawDocument] = field(default_factory=list)

    @property
    def story(self) -> Story:
        """The main story: the one with the most documents (the first, in the pile's
        order, on a tie: stories come largest first, then earliest). Raises LookupError
        when the pile has no story (it was prepared, not built)."""
        if not self.stories:
            raise LookupError("the pile has no stories (it was prepared, not built)")
        return max(self.stories, key=lambda s: len(s.documents))  # max keeps the first of equals

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def __repr__(self) -> str:
        """``<Pile · 3 stories · 40 documents · 25 events · 2012-01-05 → 2012-03-20>``."""
        return f"<Pile · {' · '.join(facts(self))}>"

    def _repr_html_(self) -> str:
        """A notebook's view: the stories (one story: its first events) as an escaped table."""
        from storyline.export.notebook import story_html

        return story_html(self)


def written(pile: Pile) -> Story | Pile:
    """What a pile is written as (and exported as): its one story, carrying the pile's
    skipped inputs, counts and options (a pile with no story yet: its documents as one
    story with no events), or the pile itself when it holds several stories."""
    if len(pile.stories) > 1:
        return pile
    if not pile.stories:
        return Story(pile.documents, [], pile.groups, pile.rejected, pile.summary, pile.config, pile.reprints)
    return replace(pile.stories[0], rejected=pile.rejected, summary=pile.summary, config=pile.config)


def facts(subject: Story | Pile) -> list[str]:
    """What a repr tells of a story or a pile: "3 stories" (a pile), "40 documents",
    "25 events", "2012-01-05 → 2012-03-20" (or "undated")."""
    pile = isinstance(subject, Pile)
    stories = subject.stories if isinstance(subject, Pile) else [subject]
    ranges = [r for story in stories if (r := story.timeline_range())]
    if ranges:
        first, last = min(r[0] for r in ranges), max(r[1] for r in ranges)
        span = first if first == last else f"{first} → {last}"
    else:
        span = "undated"
    events = sum(len(story.events) for story in stories)
    counted = [plural(len(stories), "story", "stories")] if pile else []
    return counted + [plural(len(subject.documents), "document"), plural(events, "event"), span]
