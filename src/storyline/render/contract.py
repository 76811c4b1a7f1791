"""The ``timeline.json`` contract (docs/timeline-json.md) and the output layout.

A :class:`~storyline.model.Story` is written as its own ``timeline.json``
(:func:`story_dict`). A :class:`~storyline.model.Pile` with one story is written as that
story with the pile's skipped inputs and counts; a pile of several stories as an index
(:func:`pile_dict`: every document, group, reprint and skipped input, one ``stories``
entry per story) and one folder per story (:func:`story_folder`).
"""

from __future__ import annotations

import re
from dataclasses import asdict

from storyline.codec import encode
from storyline.model import (
    SCHEMA,
    Document,
    Event,
    JSONObject,
    JSONValue,
    Passage,
    Pile,
    Rejected,
    Reprint,
    Story,
    Summary,
    written,
)

__all__ = ["SCHEMA", "pile_dict", "story_dict", "story_folder", "story_path", "timeline_dict", "written"]


def timeline_dict(subject: Story | Pile) -> JSONObject:
    """The ``timeline.json`` of a story, or what a pile is written as (see :func:`written`)."""
    if isinstance(subject, Pile):
        subject = written(subject)
        if isinstance(subject, Pile):
            return pile_dict(subject)
    return story_dict(subject)


def story_dict(story: Story) -> JSONObject:
    """One story's ``timeline.json``."""
    return _timeline(
        story.documents, story.events, story, story.rejected, story.summary,
        {"id": story.id, "label": story.label, "keywords": list(story.keywords)} if story.id else None, [],
    )


def pile_dict(pile: Pile) -> JSONObject:
    """The index of a pile of several stories (``index.json``): every document, group,
    reprint and skipped input, and one entry per story; no events."""
    return _timeline(pile.documents, [], pile, pile.rejected, pile.summary, None, [_story_entry(s) for s in pile.stories])


def _timeline(documents: list[Document], events: list[Event], holder: Story | Pile, rejected: list[Rejected],
              summary: Summary, story: JSONValue, stories: list[JSONValue]) -> JSONObject:
    own = holder if isinstance(holder, Story) else None
    return {
        "schema": SCHEMA,
        "documents": [_document_dict(d) for d in documents],
        "events": [_event_dict(e) for e in events],
        "duplicates": [{"canonical": g.canonical, "members": list(g.members)} for g in holder.groups],
        "reprints": [_reprint_dict(r) for r in holder.reprints],
        "entities": [e.to_dict() for e in own.entities] if own else [],
        "quotes": [q.to_dict() for q in own.quotes] if own else [],
        "claims": [c.to_dict() for c in own.claims] if own else [],
        "series": [s.to_dict() for s in own.series] if own else [],
        "positions": [p.to_dict() for p in own.positions] if own else [],
        "disagreements": [c.to_dict() for c in own.comparisons if c.disagree] if own else [],
        "agreements": [c.to_dict() for c in own.comparisons if not c.disagree] if own else [],
        "story": story,
        "stories": stories,
        "skipped": [_skipped_dict(r) for r in rejected],
        # run statistics that depend on the store (``cached``) are left out so that
        # the same input always gives byte-identical output
        "summary": {k: v for k, v in asdict(summary).items() if k != "cached"},
    }


def _document_dict(d: Document) -> JSONObject:
    return {
        "id": d.id,
        "source": d.source,
        "title": d.title,
        "outlet": d.outlet,
        "published": d.published,
        "published_evidence": d.published_evidence,
        "published_confidence": d.published_confidence,
        "published_inferred": d.published_inferred,
        "published_bounds": encode(d.published_bounds) if d.published_bounds else None,
        "author": d.author,
        "duplicate_of": d.duplicate_of,
        "language": d.language,
        "text": d.text,
        "url": d.url,
        "image": d.image,
        "removed": encode(d.removed),  # lists of field dicts, as dataclasses.asdict gives, faster
        "timexes": encode(d.timexes),
    }


def _event_dict(e: Event) -> JSONObject:
    return {
        "date": e.date,
        "summary": list(e.summary),
        "evidence": encode(e.evidence),
        "sources": list(e.sources),
        "independent": list(e.independent),
        "planned": e.planned,
        "background": e.background,
    }


def _skipped_dict(item: Rejected) -> JSONObject:
    return {"source": item.source, "reason": item.reason, "stage": item.stage, "internal": item.internal}


def _passages(passages: tuple[Passage, ...]) -> list[JSONValue]:
    return [{"first": p.first, "last": p.last, "start": p.start, "end": p.end} for p in passages]


def _reprint_dict(reprint: Reprint) -> JSONObject:
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


def story_path(story: Story) -> str:
    """Where a story of a pile is written, relative to the output folder."""
    return f"{story_folder(story.id)}/timeline.json"


def _story_entry(story: Story) -> JSONObject:
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
