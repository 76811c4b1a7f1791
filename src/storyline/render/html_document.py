"""``documents.html`` (every document and the duplicate groups) and
``documents/<anchor>.html``: one page per document.

A document's page shows its cleaned text with every evidence span the timeline uses
wrapped in ``<mark id="span-START-END">`` (so ``documents/X.html#span-…`` lands on the
sentence, highlighted by CSS ``:target``), the timeline lines it backs, its metadata
(date and its evidence, bounds, duplicates), a link to the original article when its URL
is a well-formed http(s) one, and the lines cleaning removed.
"""

from __future__ import annotations

from storyline.model import Document, Event
from storyline.render._common import (
    date_evidence,
    document_page,
    human_date,
    one_line,
    plural,
    published_label,
    span_id,
    span_of,
)
from storyline.render.html_page import page
from storyline.render.html_links import Links, esc, time_tag


def document_pages(links: Links) -> list[tuple[str, str]]:
    """(path relative to the story's folder, page) for each document, in story order."""
    here = links.at("../")
    cited = _cited(links)
    copies: dict[str, list[str]] = {}
    for doc in links.story.documents:
        if doc.duplicate_of and doc.duplicate_of != doc.id:
            copies.setdefault(doc.duplicate_of, []).append(doc.id)
    out, seen = [], set()
    for doc in links.story.documents:
        if doc.id in seen:  # ids are unique in a real story; never write a page twice
            continue
        seen.add(doc.id)
        out.append((document_page(links.anchor[doc.id]), _document(here, doc, cited.get(doc.id, []), copies.get(doc.id, []))))
    return out


def _cited(links: Links) -> dict[str, list[tuple[int, Event, str, tuple[int, int] | None]]]:
    """Per document, the timeline lines its evidence backs: (event number, event, line, span)."""
    out: dict[str, dict[tuple[int, int], tuple]] = {}
    for n, event in enumerate(links.story.events, 1):
        for ev in event.evidence:
            if 0 <= ev.line < len(event.summary):
                lines = out.setdefault(ev.document, {})
                lines.setdefault((n, ev.line), (n, event, event.summary[ev.line], span_of(links.spans, ev)))
    return {doc_id: list(lines.values()) for doc_id, lines in out.items()}


def _byline(links: Links, doc: Document) -> str:
    parts = []
    if doc.outlet and one_line(doc.outlet):
        parts.append(f'<span class="outlet">{esc(one_line(doc.outlet))}</span>')
    if doc.author and one_line(doc.author):
        parts.append(f'<span class="author">by {esc(one_line(doc.author))}</span>')
    if doc.published:
        parts.append(time_tag(doc.published))
        if doc.published_inferred:
            parts.append('<span class="badge badge-inferred">date inferred</span>')
    else:
        parts.append('<span class="badge badge-undated">undated</span>')
    if doc.duplicate_of:
        parts.append(f'<span class="badge badge-dup">duplicate of {links.doc_link(doc.duplicate_of)}</span>')
    return f'<p class="byline">{" ".join(parts)}</p>'


def _meta(links: Links, doc: Document, copies: list[str]) -> str:
    rows = [("ID", f"<code>{esc(doc.id)}</code>"), ("Source", f"<code>{esc(doc.source)}</code>")]
    if doc.url:
        original = links.original(doc.id, "original article")
        rows.append(("URL", f"<code>{esc(doc.url)}</code> {original}" if original else
                     f'<code>{esc(doc.url)}</code> <span class="muted">(not a web address: not linked)</span>'))
    rows.append(("Published", time_tag(doc.published) if doc.published else "undated"))
    if doc.published_evidence:
        rows.append(("Date evidence", esc(one_line(doc.published_evidence))))
    if doc.published_confidence is not None:
        rows.append(("Date confidence", f"{doc.published_confidence:.2f}"))
    bounds = doc.published_bounds
    if bounds is not None:
        span = " – ".join([bounds.not_before or "…", bounds.not_after or "…"])
        items = "".join(f"<li>{esc(one_line(line))}</li>" for line in bounds.evidence)
        rows.append(("Date bounds", f'{esc(span)}<ul class="bounds">{items}</ul>'))
    if doc.duplicate_of:
        rows.append(("Duplicate of", links.doc_link(doc.duplicate_of)))
    if copies:
        rows.append(("Copies", ", ".join(links.doc_link(c) for c in copies)))
    shared = [r.description for r in links.story.reprints if doc.id in (r.document, r.source)]
    if shared:
        rows.append(("Shared copy", "<br>".join(esc(one_line(s)) for s in shared)))
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _text(links: Links, doc: Document) -> str:
    """The text, each evidence span as ``<mark id=…>``."""
    parts, pos = [], 0
    for start, end in links.spans.get(doc.id, []):
        parts.append(esc(doc.text[pos:start]))
        parts.append(f'<mark id="{span_id((start, end))}">{esc(doc.text[start:end])}</mark>')
        pos = end
    parts.append(esc(doc.text[pos:]))
    return "".join(parts)


def _document(links: Links, doc: Document, cited: list, copies: list[str]) -> str:
    title = esc(one_line(doc.title or "")) or f'<span class="muted">Untitled</span> <code>{esc(doc.id)}</code>'
    head = links.header("", title, _byline(links, doc) + "\n")
    sections = []
    if cited:
        items = []
        for n, event, line, span in cited:
            at = f'<a href="{links.page("timeline.html")}#event-{n}">{esc(human_date(event.date))}</a>'
            words = esc(one_line(line))
            items.append(f"<li>{at}: " + (f'<a href="#{span_id(span)}">{words}</a>' if span else words) + "</li>")
        sections.append(f'<section id="cited"><h2>In the timeline</h2><ul class="cited">{"".join(items)}</ul></section>')
    sections.append(f'<section id="about"><h2>About this document</h2>{_meta(links, doc, copies)}</section>')
    sections.append(f'<section id="text"><h2>Text <span class="muted">({len(doc.text):,} characters)</span></h2>'
                    f'<div class="doc-text">{_text(links, doc)}</div></section>')
    if doc.removed:
        items = "".join(f'<li>{esc(one_line(r.text))} <span class="reason">— {esc(one_line(r.reason))}</span></li>'
                        for r in doc.removed)
        sections.append(f"<section id=\"removed\"><details><summary>Removed by cleaning <span class=\"muted\">"
                        f"({plural(len(doc.removed), 'line')})</span></summary><ul class=\"removed\">{items}</ul>"
                        "</details></section>")
    label = one_line(doc.title or "") or doc.id
    return page(f"{esc(label)} · {links.title('Documents')}", head, sections)


def documents_page(links: Links) -> str:
    """Every document of the story with its date and links, then the duplicate groups."""
    story = links.story
    rows, seen = [], set()
    for doc in story.documents:
        if doc.id in seen:
            continue
        seen.add(doc.id)
        title = esc(one_line(doc.title or "")) or '<span class="muted">Untitled</span>'
        original = links.original(doc.id, "original ↗")
        dup = links.doc_link(doc.duplicate_of) if doc.duplicate_of else ""
        rows.append(f'<tr id="{links.anchor[doc.id]}"><td><a href="{links.doc_href(doc.id)}">{title}</a>'
                    f'<br><code class="muted">{esc(doc.id)}</code></td><td>{esc(one_line(doc.outlet or ""))}</td>'
                    f"<td>{esc(published_label(doc) or 'undated')}</td><td>{esc(one_line(date_evidence(doc) or ''))}</td>"
                    f"<td>{original}</td><td>{dup}</td></tr>")
    table = ('<table class="entities docs-table"><thead><tr><th>document</th><th>outlet</th><th>published</th>'
             "<th>date evidence</th><th>original</th><th>duplicate of</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>") if rows else '<p class="empty">No documents.</p>'
    sections = [f'<section id="documents"><h2>Documents</h2>{table}</section>', _duplicates(links)]
    head = links.header("documents.html", links.title("Documents"))
    return page(links.title("Documents"), head, sections)


def _duplicates(links: Links) -> str:
    items = []
    for group in links.story.groups:
        copies = [links.doc_link(m) for m in group.members if m != group.canonical]
        items.append(f'<li>{links.doc_link(group.canonical)} <span class="kept">kept</span> — copies: '
                     f"{', '.join(copies) or 'none'}</li>")
    body = f'<ul class="groups">{"".join(items)}</ul>' if items else '<p class="empty">No duplicate copies found.</p>'
    shared = "".join(f"<li>{esc(r.description)}</li>" for r in links.story.reprints)
    if shared:
        body += f'<h3>Shared copy</h3><ul class="reprints">{shared}</ul>'
    return f'<section id="duplicates"><h2>Duplicates</h2>{body}</section>'
