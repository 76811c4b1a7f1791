"""Small helpers the exports share: the stories of a pile, which documents speak for a
line, safe links and text shortened for a headline.

Everything here is a pure function of its arguments: no clock, no locale.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from storyline.model import Document, Event, Story

# C0/C1 control characters: invalid in HTML, invisible (or worse) in a terminal or a cell
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# a lone surrogate (an undecodable input byte) cannot be written as UTF-8
SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"\s+")


def parts(story: Story) -> list[Story]:
    """The stories of a pile, or the story itself when it is one."""
    return list(story.stories) or [story]


def one_line(text: str | None) -> str:
    """Whitespace runs (newlines included) and control characters as one space; lone
    surrogates as U+FFFD."""
    return _SPACE.sub(" ", SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text or ""))).strip()


def esc(text: str | None) -> str:
    """``text`` on one line, HTML-escaped (quotes included: safe in an attribute too)."""
    return html.escape(one_line(text), quote=True)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def web_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and nothing a reader could
    mistake (no whitespace, no control character), else None."""
    if not isinstance(url, str) or not url or _SPACE.search(url) or _CONTROL.search(url) or SURROGATE.search(url):
        return None
    try:
        parsed = urlsplit(url)
    except ValueError:
        return None
    return url if parsed.scheme.lower() in ("http", "https") and parsed.hostname else None


def line_documents(event: Event, index: int) -> list[str]:
    """Ids of the documents whose evidence backs line ``index`` of the event, in order;
    the event's sources when no evidence names the line."""
    ids = list(dict.fromkeys(ev.document for ev in event.evidence if ev.line == index))
    return ids or list(dict.fromkeys(event.sources))


def line_dated_by(event: Event, index: int) -> list[str]:
    """The distinct reasons the line's evidence gives for its date."""
    return list(dict.fromkeys(ev.dated_by for ev in event.evidence if ev.line == index and ev.dated_by))


def documents_by_id(story: Story) -> dict[str, Document]:
    found: dict[str, Document] = {}
    for doc in story.documents:
        found.setdefault(doc.id, doc)
    return found


def outlet_name(doc: Document | None, doc_id: str) -> str:
    """How a source is named to a reader: its outlet, else its title, else its id."""
    if doc is None:
        return doc_id
    return doc.outlet or doc.title or doc.id


def timeline_range(story: Story) -> tuple[str, str] | None:
    """First and last date of the timeline (background events left out), or the
    publication days of the documents when it has no such event."""
    dates = sorted(e.date for e in story.events if not e.background)
    if dates:
        return dates[0], dates[-1]
    first, last = story.days()
    return (first, last) if first and last else None
