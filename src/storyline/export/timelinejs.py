"""The story as TimelineJS3 data: a JSON file Knight Lab's TimelineJS
(https://timeline.knightlab.com) shows as a slide show along a time axis.

Follows "TimelineJS JSON data format" (https://timeline.knightlab.com/docs/json-format.html):
a ``title`` slide, ``events`` (slides with a ``start_date`` of numbers ``year`` and, as
far as the event's date goes, ``month`` and ``day``; a ``text`` of ``headline`` and
``text``; ``media`` only when the source has an image; ``group``; ``unique_id``) and, for
a pile of several stories, one ``era`` per story that spans more than one date.

TimelineJS puts ``headline``, ``text``, ``group``, captions and credits into the page as
HTML, so every string from a source is HTML-escaped; ``group``, which TimelineJS 3.9
un-escapes before writing it as HTML, has ``<``, ``>`` and ``&`` replaced by look-alikes.
Links are written only for http(s) URLs (``rel="noopener noreferrer"``), and ``autolink``
is off so that TimelineJS does not turn other text into links. Checked by hand in
TimelineJS 3.9.11 (see docs/exports.md).
"""

from __future__ import annotations

import json
import re
from typing import Any

from storyline.export._text import (
    SURROGATE,
    documents_by_id,
    esc,
    exported,
    line_documents,
    one_line,
    outlet_name,
    parts,
    shorten,
    timeline_range,
    web_url,
)
from storyline.model import Document, Event, Pile, Story

HEADLINE_CHARS = 110  # of the event's first line, in the slide's headline (its text has it all)
PLANNED_NOTE = "Planned: every report was written before this date."
BACKGROUND_NOTE = "Background: a date before the story that several independent sources recall."

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_object(value: str) -> dict[str, int] | None:
    """``{"year", "month", "day"}`` as numbers, as far as ``value`` goes ("2009-04" gives
    year and month); None for anything but ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    m = _DATE.fullmatch(value or "")
    if not m:
        return None
    out = {"year": int(m.group(1))}
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return None
        out["month"] = month
    if m.group(3):
        day = int(m.group(3))
        if not 1 <= day <= 31:
            return None
        out["day"] = day
    return out


def _source_html(doc_id: str, docs: dict[str, Document]) -> str:
    doc = docs.get(doc_id)
    name = esc(outlet_name(doc, doc_id))
    url = doc.url if doc else None
    if not url:
        return name
    link = web_url(url)
    if link is None:  # not a web address: shown, never followed
        return f"{name} ({esc(url)})"
    return f'<a href="{esc(link)}" rel="noopener noreferrer">{name}</a>'


def _text_html(event: Event, docs: dict[str, Document]) -> str:
    out = []
    if event.planned:
        out.append(f"<p><em>{esc(PLANNED_NOTE)}</em></p>")
    if event.background:
        out.append(f"<p><em>{esc(BACKGROUND_NOTE)}</em></p>")
    for index, line in enumerate(event.summary):
        sources = ", ".join(_source_html(i, docs) for i in line_documents(event, index))
        out.append(f"<p>{esc(line)}</p>")
        if sources:
            out.append(f"<p><small>Sources: {sources}</small></p>")
    return "".join(out)


def _image(doc: Document) -> str | None:
    image = getattr(doc, "image", None)  # not every model has it
    if image is not None and not isinstance(image, str):
        image = getattr(image, "url", None)
    return web_url(image)


def _media(event: Event, docs: dict[str, Document]) -> dict[str, str] | None:
    """The image of the first document of the event that has one (http(s) only)."""
    ordered = [ev.document for ev in event.evidence] + list(event.sources)
    for doc_id in dict.fromkeys(ordered):
        doc = docs.get(doc_id)
        url = _image(doc) if doc else None
        if url:
            media = {"url": url}
            if doc.title:
                media["caption"] = esc(doc.title)
            if doc.outlet:
                media["credit"] = esc(doc.outlet)
            return media
    return None


# TimelineJS 3.9 strips markup from ``group`` (decoding entities) and then writes it as
# HTML: an escaped "<" would come back as a tag. The label goes as plain text with look-alikes
_PLAIN = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def _group(story: Story) -> str | None:
    """The story's label as a ``group``: plain text with no character HTML reads as markup."""
    name = one_line(story.label or story.id)
    return name.translate(_PLAIN) if name else None


def _slides(story: Story, taken: set[str]) -> list[dict[str, Any]]:
    docs = documents_by_id(story)
    group = _group(story)
    # the story's folder name (storyline.render.contract.story_folder) as a lowercase slug
    prefix = re.sub(r"[^a-z0-9]+", "-", (story.id or "story").lower()).strip("-") or "story"
    slides = []
    for number, event in enumerate(story.events, 1):
        start = date_object(event.date)
        if start is None:
            continue
        slide: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": esc(shorten(one_line(event.summary[0] if event.summary else ""), HEADLINE_CHARS)),
                     "text": _text_html(event, docs)},
            "autolink": False,
        }
        media = _media(event, docs)
        if media:
            slide["media"] = media
        if group:
            slide["group"] = group
        unique = f"{prefix}-{event.date}-{number}"
        while unique in taken:
            unique += "-x"
        taken.add(unique)
        slide["unique_id"] = unique
        slides.append(slide)
    return slides


def _count(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def _title(story: Story | Pile) -> dict[str, Any]:
    if isinstance(story, Pile):
        headline = "Stories"
        text = f"{_count(len(story.stories), 'story', 'stories')} from {_count(len(story.documents), 'document')}."
    else:
        headline = one_line(story.label or story.id) or "Timeline"
        text = f"{_count(len(story.events), 'event')} from {_count(len(story.documents), 'document')}"
        span = timeline_range(story)
        text += f", {span[0]} to {span[1]}." if span else "."
    return {"text": {"headline": esc(headline), "text": f"<p>{esc(text)}</p>"}}


def _eras(story: Story | Pile) -> list[dict[str, Any]]:
    eras = []
    for part in story.stories if isinstance(story, Pile) else []:
        dates = [d for e in part.events if not e.background and (d := date_object(e.date))]
        dates.sort(key=lambda d: (d["year"], d.get("month", 0), d.get("day", 0)))
        # TimelineJS drops an end date that agrees with every part of the start, then the era
        if not dates or all(dates[-1].get(k) == v for k, v in dates[0].items()):
            continue
        name = one_line(part.label or part.id)
        eras.append({"start_date": dates[0], "end_date": dates[-1], "text": {"headline": esc(name)}})
    return eras


def timelinejs_data(story: Story | Pile) -> dict[str, Any]:
    """The TimelineJS object of the story: every story of a pile in one timeline, a
    ``group`` (and an era) per story."""
    story = exported(story)
    taken: set[str] = set()
    data: dict[str, Any] = {"title": _title(story), "events": []}
    for part in parts(story):
        data["events"].extend(_slides(part, taken))
    eras = _eras(story)
    if eras:
        data["eras"] = eras
    return data


def render_timelinejs(story: Story | Pile) -> str:
    """The TimelineJS3 JSON of the story: UTF-8 text, keys sorted, two-space indent,
    ending with a newline. The same story always gives the same text."""
    text = json.dumps(timelinejs_data(story), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return SURROGATE.sub("\ufffd", text)
