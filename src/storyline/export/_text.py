"""Small helpers the exports share: the stories of a pile, which documents speak for a
line, safe links and text shortened for a headline.

Everything here is a pure function of its arguments: no clock, no locale.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from storyline.model import Document, Event, Pile, Story, written
from storyline.model._text import CONTROL as _CONTROL, SPACE as _SPACE, SURROGATE, one_line, shorten

__all__ = ["SURROGATE", "documents_by_id", "esc", "exported", "line_dated_by", "line_documents", "one_line",
           "outlet_name", "parts", "shorten", "timeline_range", "web_url"]


def exported(subject: Story | Pile) -> Story | Pile:
    """What an export is made of: a story, or a pile of several stories (a pile of one
    story is that story; see :func:`storyline.model.written`)."""
    return written(subject) if isinstance(subject, Pile) else subject


def parts(subject: Story | Pile) -> list[Story]:
    """The stories of a pile of several, or the story itself."""
    subject = exported(subject)
    return list(subject.stories) if isinstance(subject, Pile) else [subject]


def esc(text: str | None) -> str:
    """``text`` on one line, HTML-escaped (quotes included: safe in an attribute too)."""
    return html.escape(one_line(text), quote=True)


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


def documents_by_id(story: Story | Pile) -> dict[str, Document]:
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
    return story.timeline_range()
