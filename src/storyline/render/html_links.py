"""What every page of a story's HTML report links with: its documents' own pages (at the
highlighted evidence span), the original articles, dates, source chips and the bar of
pages.

Document ids reach ``id``/``href`` only as the tokens of
:func:`storyline.render._common.anchors`; an original article is linked only when
:func:`storyline.render._common.web_url` accepts its address (http or https, well
formed), with ``rel="noopener noreferrer"``; every other string is escaped by :func:`esc`.
"""

from __future__ import annotations

import copy
import html
from urllib.parse import urlsplit

from storyline.model import Evidence, Story
from storyline.render._common import (
    SourceRef,
    Sources,
    anchors,
    document_page,
    evidence_spans,
    granularity,
    human_date,
    one_line,
    span_id,
    span_of,
    strip_controls,
    web_url,
)


def esc(value: str | None) -> str:
    """Text (or an attribute value) safe in HTML: controls replaced, ``&<>"'`` escaped."""
    return html.escape(strip_controls(value or ""), quote=True)


def time_tag(value: str) -> str:
    if granularity(value):
        return f'<time datetime="{esc(value)}">{esc(human_date(value))}</time>'
    return f"<time>{esc(value)}</time>"


class Links:
    """Story-wide lookups for links; ``prefix`` leads from the page to the story's folder
    (``""`` on timeline.html, ``"../"`` on a document's page)."""

    def __init__(self, story: Story, back: str | None = None) -> None:
        self.story = story
        self.back = back  # the pile's index, relative to the story's folder
        self.prefix = ""
        self.sources = Sources(story)
        self.anchor = anchors(story)
        self.spans = evidence_spans(story)

    def at(self, prefix: str) -> "Links":
        """The same lookups for a page ``prefix`` away from the story's folder."""
        other = copy.copy(self)
        other.prefix = prefix
        return other

    # -- addresses ----------------------------------------------------------------

    def page(self, name: str) -> str:
        """A page of the story (``documents.html``) as seen from this page."""
        return f"{self.prefix}{name}"

    def doc_href(self, doc_id: str, ev: Evidence | None = None) -> str | None:
        """The document's own page, at the evidence's highlighted span when it has one."""
        anchor = self.anchor.get(doc_id)
        if anchor is None:
            return None
        span = span_of(self.spans, ev) if ev is not None else None
        return self.page(document_page(anchor)) + (f"#{span_id(span)}" if span else "")

    # -- pieces -------------------------------------------------------------------

    def doc_link(self, doc_id: str | None) -> str:
        """A link to the document's page, or the id as plain text when it has none."""
        if not doc_id:
            return ""
        href = self.doc_href(doc_id)
        if href is None:
            return f"<code>{esc(doc_id)}</code>"
        return f'<a href="{href}"><code>{esc(doc_id)}</code></a>'

    def original(self, doc_id: str, label: str = "↗") -> str:
        """A link to the original article when its URL is a well-formed http(s) one."""
        doc = self.sources.docs.get(doc_id)
        url = web_url(doc.url) if doc else None
        if url is None:
            return ""
        host = urlsplit(url).hostname or ""
        return (f'<a class="orig" href="{esc(url)}" rel="noopener noreferrer" '
                f'title="{esc("original article at " + host)}" aria-label="original article">{esc(label)}</a>')

    def chip(self, ref: SourceRef, ev: Evidence | None = None) -> str:
        """A source: its outlet and id linking to its page at the span, and the original."""
        parts = []
        if ref.outlet and one_line(ref.outlet):
            parts.append(f'<span class="chip-outlet">{esc(one_line(ref.outlet))}</span>')
        parts.append(f'<span class="chip-id">{esc(ref.id)}</span>')
        tip = [one_line(ref.title or "") or ref.id]
        if ref.duplicate_of:
            parts.append('<span class="chip-mark">duplicate</span>')
            tip.append(f"wire copy / duplicate of {ref.duplicate_of}")
        if not ref.known:
            tip.append("not among the documents")
        title, inner = esc(" — ".join(tip)), "".join(parts)
        href = self.doc_href(ref.id, ev) if ref.known else None
        if href is None:
            return f'<span class="chip unknown" title="{title}">{inner}</span>'
        return (f'<span class="chip"><a class="chip-link" href="{href}" title="{title}">{inner}</a>'
                f"{self.original(ref.id)}</span>")

    def chips(self, refs, evidence: dict[str, Evidence] | None = None, note: str = "") -> str:
        """Chips for ``refs``; ``evidence``: the span each document gives, by document id."""
        lead = f'<span class="note">{esc(note)}</span>' if note else ""
        found = evidence or {}
        body = "".join(self.chip(r, found.get(r.id)) for r in refs) or '<span class="note">no source</span>'
        return f'<span class="chips">{lead}{body}</span>'

    def source_link(self, ev: Evidence) -> str:
        """The outlet (or id) of an evidence span, linking to the span, and the original."""
        doc = self.sources.docs.get(ev.document)
        name = one_line(doc.outlet or "") if doc else ""
        label = esc(name) if name else f"<code>{esc(ev.document)}</code>"
        href = self.doc_href(ev.document, ev)
        if href is None:
            return label
        return f'<a href="{href}" title="{esc(ev.document)}">{label}</a>{self.original(ev.document)}'

    # -- the bar of pages -----------------------------------------------------------

    def nav(self, current: str) -> str:
        """Links to the story's pages (the current one not linked) and the pile's index."""
        story = self.story
        shown = sum(1 for s in story.series if len(s.claims) >= 2 or s.flags)
        pages = [("timeline.html", "Timeline"), ("documents.html", f"Documents ({len(story.documents)})"),
                 ("quotes.html", f"Who said what ({len(story.quotes)})"),
                 ("positions.html", f"Positions ({len(story.positions)})"), ("figures.html", f"Figures ({shown})")]
        items = [f'<a href="{self.page(name)}">{esc(label)}</a>' if name != current
                 else f'<span aria-current="page">{esc(label)}</span>' for name, label in pages]
        if self.back:
            items.append(f'<a href="{esc(self.page(self.back))}">All stories</a>')
        return f'<nav class="toc" aria-label="Pages">{"".join(items)}</nav>'

    def title(self, what: str = "Timeline") -> str:
        label = one_line(self.story.label or "")
        return f"{esc(what)}: {esc(label)}" if label else esc(what)

    def header(self, current: str, heading: str, extra: str = "") -> str:
        """The top of a page: its heading, ``extra`` HTML, the bar of pages."""
        return (f'<header class="page-header"><div class="wrap">\n<h1>{heading}</h1>\n{extra}'
                f"{self.nav(current)}\n</div></header>")
