"""A story's HTML report: a small ``timeline.html`` and the pages beside it.

``timeline.html`` holds the story's header, its timeline with the filters and the why of
every date, a short list of who is named and the skipped inputs; the long material has
pages of its own, linked from it: ``documents.html`` (every document, the duplicate
groups), ``documents/<anchor>.html`` (one document: its text with every evidence span
the timeline uses highlighted, its metadata, a link to the original), ``quotes.html``,
``positions.html`` and ``figures.html``. So the page a reader opens stays small whatever the pile.

Every page is self-contained (inline CSS, no script, no external resource); a
Content-Security-Policy meta tag forbids scripts and any fetch as a second line of
defence. Every string that comes from a source goes through :func:`esc`
(``html.escape(..., quote=True)`` after control characters are replaced); document ids
appear in ``id``/``href`` only as the tokens made by
:func:`storyline.render._common.anchors`; the only links that leave the report are to
original articles whose URL is a well-formed http(s) one
(:func:`storyline.render._common.web_url`). Every page is a pure function of the story.
"""

from __future__ import annotations

from storyline.model import Story
from storyline.render.html_links import Links, esc  # noqa: F401 - esc: the name index.py and tests knew
from storyline.render.html_page import CSP, page  # noqa: F401 - the shell: html_page.py

def render_html(story: Story, back: str | None = None) -> str:
    """The story's ``timeline.html``; ``back``: link to the index of the pile this story
    is part of (relative to the story's folder)."""
    from storyline.render.html_timeline import timeline_page

    return timeline_page(Links(story, back))


def html_pages(story: Story, back: str | None = None) -> list[tuple[str, str]]:
    """Every page of the story's report as (path relative to the story's folder, HTML):
    ``timeline.html`` first, then the companion pages and one page per document."""
    from storyline.render.html_document import document_pages, documents_page
    from storyline.render.html_ledgers import figures_page, quotes_page
    from storyline.render.html_positions import positions_page
    from storyline.render.html_timeline import timeline_page

    links = Links(story, back)
    return [
        ("timeline.html", timeline_page(links)),
        ("documents.html", documents_page(links)),
        ("quotes.html", quotes_page(links)),
        ("positions.html", positions_page(links)),
        ("figures.html", figures_page(links)),
        *document_pages(links),
    ]


__all__ = ["CSP", "esc", "html_pages", "page", "render_html"]
