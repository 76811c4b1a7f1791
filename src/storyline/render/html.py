"""A story's HTML report: a small ``timeline.html`` and the pages beside it.

``timeline.html`` holds the story's header, its timeline with the filters and the why of
every date, a short list of who is named and the skipped inputs; the long material has
pages of its own, linked from it: ``documents.html`` (every document, the duplicate
groups), ``documents/<anchor>.html`` (one document: its text with every evidence span
the timeline uses highlighted, its metadata, a link to the original), ``quotes.html``
and ``figures.html``. So the page a reader opens stays small whatever the pile.

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

from importlib import resources

from storyline.model import SCHEMA, Story
from storyline.render.html_links import Links, esc

CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"


def _css() -> str:
    css = resources.files("storyline.render").joinpath("timeline.css").read_text("utf-8")
    return css.replace("</", "<\\/")  # cannot end the <style> element early


def page(title: str, header: str, sections: list[str], css: str = "") -> str:
    """A whole self-contained page: ``title`` is already escaped, ``header`` and
    ``sections`` are HTML made of escaped parts; empty sections are left out. ``css``:
    rules of this page only (made of generated class names, no source text)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="storyline">',
        f"<title>{title}</title>",
        f"<style>\n{_css()}{css}</style>",
        "</head>",
        "<body>",
        header,
        '<main class="wrap">',
        *sections,
        "</main>",
        f'<footer class="wrap">Made by storyline · <code>{esc(SCHEMA)}</code></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


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
    from storyline.render.html_timeline import timeline_page

    links = Links(story, back)
    return [
        ("timeline.html", timeline_page(links)),
        ("documents.html", documents_page(links)),
        ("quotes.html", quotes_page(links)),
        ("figures.html", figures_page(links)),
        *document_pages(links),
    ]


__all__ = ["CSP", "esc", "html_pages", "page", "render_html"]
