"""``timeline.html``: one self-contained page (inline CSS, no script, no external URL).

Every string that comes from a source goes through :func:`esc`
(``html.escape(..., quote=True)`` after control characters are replaced), and
document ids appear in ``id``/``href`` only as the tokens made by
:func:`storyline.render._common.anchors`. A Content-Security-Policy meta tag forbids
scripts and any network fetch as a second line of defence.
"""

from __future__ import annotations

import re
from collections import Counter

import html
from importlib import resources

from storyline.claims import series_svg
from storyline.model import SCHEMA, Document, Story
from storyline.render._common import (
    BACKGROUND_NOTE,
    PLANNED_NOTE,
    shown_skips,
    by_speaker,
    ledger_rows,
    said_by,
    Line,
    SourceRef,
    Sources,
    anchors,
    counts,
    date_range,
    granularity,
    human_date,
    one_line,
    plural,
    strip_controls,
    support,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"


ENTITY_ROWS = 50  # the most mentioned; timeline.json has them all
FILTER_CHOICES = 12  # people and outlets offered as timeline filters, each


def esc(value: str | None) -> str:
    return html.escape(strip_controls(value or ""), quote=True)


def _css() -> str:
    css = resources.files("storyline.render").joinpath("timeline.css").read_text("utf-8")
    return css.replace("</", "<\\/")  # cannot end the <style> element early


class _Page:
    def __init__(self, story: Story, back: str | None = None) -> None:
        self.story = story
        self.back = back
        self.sources = Sources(story)
        self.anchor = anchors(story)
        self.marks = self._evidence_spans()
        self.copies: dict[str, list[str]] = {}
        self.extra_css = ""  # the timeline filters' rules, set by filters()
        self.outlets = {doc.id: doc.outlet for doc in story.documents}
        for doc in story.documents:
            if doc.duplicate_of and doc.duplicate_of != doc.id:
                self.copies.setdefault(doc.duplicate_of, []).append(doc.id)

    # -- small pieces -------------------------------------------------------------

    def doc_link(self, doc_id: str | None) -> str:
        """A link to the document card, or plain text when there is no such card."""
        if not doc_id:
            return ""
        if doc_id in self.anchor:
            return f'<a href="#{self.anchor[doc_id]}"><code>{esc(doc_id)}</code></a>'
        return f"<code>{esc(doc_id)}</code>"

    def time(self, value: str) -> str:
        if granularity(value):
            return f'<time datetime="{esc(value)}">{esc(human_date(value))}</time>'
        return f"<time>{esc(value)}</time>"

    def chip(self, ref: SourceRef) -> str:
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
        title = esc(" — ".join(tip))
        inner = "".join(parts)
        if ref.known and ref.id in self.anchor:
            return f'<a class="chip" href="#{self.anchor[ref.id]}" title="{title}">{inner}</a>'
        return f'<span class="chip unknown" title="{title}">{inner}</span>'

    def chips(self, refs: list[SourceRef] | tuple[SourceRef, ...], note: str = "") -> str:
        lead = f'<span class="note">{esc(note)}</span>' if note else ""
        body = "".join(self.chip(r) for r in refs) or '<span class="note">no source</span>'
        return f'<span class="chips">{lead}{body}</span>'

    # -- sections -----------------------------------------------------------------

    def header(self) -> str:
        c = counts(self.story)
        stats = [
            (c.documents, "documents" if c.documents != 1 else "document"),
            (c.duplicates, "duplicates" if c.duplicates != 1 else "duplicate"),
            (c.dated, "dated"),
            (c.undated, "undated"),
            (c.events, "events" if c.events != 1 else "event"),
            (c.skipped, "skipped inputs" if c.skipped != 1 else "skipped input"),
        ]
        items = "".join(
            f'<li><span class="num">{n}</span><span class="label">{label}</span></li>'
            for n, label in stats
        )
        span = date_range(self.story)
        if span and span[0] != span[1]:
            rng = f'<p class="range">{self.time(span[0])} – {self.time(span[1])}</p>'
        elif span:
            rng = f'<p class="range">{self.time(span[0])}</p>'
        else:
            rng = ""
        toc = ['<a href="#timeline">Timeline</a>']
        if self.story.quotes:
            toc.append('<a href="#quotes">Who said what</a>')
        if any(len(s.claims) >= 2 or s.flags for s in self.story.series):
            toc.append('<a href="#figures">Figures</a>')
        if self.story.entities:
            toc.append('<a href="#entities">People</a>')
        toc += ['<a href="#documents">Documents</a>', '<a href="#duplicates">Duplicates</a>']
        if self.story.rejected:
            toc.append('<a href="#skipped">Skipped inputs</a>')
        return (
            '<header class="page-header"><div class="wrap">\n'
            f"{self.back_link()}<h1>{self.title()}</h1>\n{rng}\n"
            f'<ul class="stats" aria-label="Counts">{items}</ul>\n'
            f'<nav class="toc" aria-label="Sections">{"".join(toc)}</nav>\n'
            "</div></header>"
        )

    def title(self) -> str:
        label = one_line(self.story.label or "")
        return f"Timeline: {esc(label)}" if label else "Timeline"

    def back_link(self) -> str:
        return f'<p class="back"><a href="{esc(self.back)}">All stories</a></p>' if self.back else ""

    def sentence(self, line: Line) -> str:
        text = esc(one_line(line.sentence)) or '<span class="empty">(empty sentence)</span>'
        note = "" if line.attributed else "event sources:"
        return f'<li class="sentence"><p>{text}</p>{self.chips(line.sources, note)}</li>'

    def timeline(self) -> str:
        out = []
        events = list(enumerate(self.story.events, 1))
        earlier = [(n, e) for n, e in events if e.background]
        if earlier:
            out += ['<section id="background"><h2>Background</h2>',
                    f'<p class="note">{BACKGROUND_NOTE}</p>',
                    '<ol class="timeline background">', *(self.event_item(n, e, []) for n, e in earlier),
                    "</ol></section>"]
        out.append('<section id="timeline"><h2>Timeline</h2>')
        if not self.story.events:
            out.append('<p class="empty">No dated events.</p>')
        else:
            controls, marks = self.filters()
            out.append(controls)
            out.append('<ol class="timeline">')
            out += [self.event_item(n, e, marks[n - 1]) for n, e in events if not e.background]
            out.append("</ol>")
        out.append("</section>")
        return "\n".join(out)

    def event_item(self, n: int, event, marks: list[str]) -> str:
        """One event of the timeline: its date, its lines with their sources, its support."""
        lines, others = self.sources.lines(event)
        kind = granularity(event.date)
        gran = f'<span class="gran">whole {kind}</span>' if kind in ("month", "year") else ""
        if event.planned:
            gran += f'<span class="planned" title="{PLANNED_NOTE}">planned</span>'
        body = [self.sentence(line) for line in lines]
        if not lines:
            body.append(f'<li class="sentence"><p class="empty">(no summary)</p>{self.chips(others)}</li>')
        elif others:
            body.append(f'<li class="sentence also">{self.chips(others, "Also reported in:")}</li>')
        classes = " ".join(["event", *(["planned"] if event.planned else []), *marks])
        return (
            f'<li class="{classes}" id="event-{n}">'
            f'<div class="event-date">{self.time(event.date)}{gran}</div>'
            f'<ul class="event-body">{"".join(body)}</ul>'
            f'<p class="support">{esc(support(event))}</p></li>'
        )

    def filters(self) -> tuple[str, list[list[str]]]:
        """Radio buttons that show only the events naming one person or reported by one
        outlet (CSS only: the page runs no script), and each event's marks ("p0", "o1")."""
        events = self.story.events
        people = [e for e in self.story.entities if e.type == "person"][:FILTER_CHOICES]
        patterns = [re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted({*e.aliases, e.name}, key=len, reverse=True)) + r")\b")
                    for e in people]
        outlets_of = [sorted({o for ev in event.evidence if (o := self.outlet_of(ev.document))}) for event in events]
        counts = Counter(o for outlets in outlets_of for o in outlets)
        outlets = sorted(counts, key=lambda o: (-counts[o], o))[:FILTER_CHOICES]
        marks: list[list[str]] = []
        for event, event_outlets in zip(events, outlets_of):
            text = " ".join(event.summary)
            marks.append([f"p{i}" for i, pat in enumerate(patterns) if pat.search(text)]
                         + [f"o{i}" for i, o in enumerate(outlets) if o in event_outlets])
        choices = [(f"p{i}", e.name) for i, e in enumerate(people) if any(f"p{i}" in m for m in marks)]
        choices += [(f"o{i}", o) for i, o in enumerate(outlets) if len(outlets) > 1]
        if not choices:
            return "", marks
        rules = "".join(f"#f-{key}:checked~ol.timeline>li.event:not(.{key}){{display:none}}" for key, _ in choices)
        inputs = ['<input type="radio" name="filter" id="f-all" checked><label for="f-all">all events</label>']
        inputs += [f'<input type="radio" name="filter" id="f-{key}"><label for="f-{key}">{esc(name)}</label>'
                   for key, name in choices]
        self.extra_css = rules
        return f'<p class="filter-note">Show the events that name a person or an outlet reports:</p>' + "".join(inputs), marks

    def outlet_of(self, doc_id: str) -> str | None:
        return self.outlets.get(doc_id)

    def _evidence_spans(self) -> dict[str, list[tuple[int, int]]]:
        """Merged evidence spans per document, only those that match the text."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for event in self.story.events:
            for ev in event.evidence:
                doc = self.sources.docs.get(ev.document)
                if doc and 0 <= ev.start < ev.end <= len(doc.text) and doc.text[ev.start : ev.end] == ev.sentence:
                    spans.setdefault(doc.id, []).append((ev.start, ev.end))
        merged: dict[str, list[tuple[int, int]]] = {}
        for doc_id, found in spans.items():
            out: list[tuple[int, int]] = []
            for start, end in sorted(found):
                if out and start <= out[-1][1]:
                    out[-1] = (out[-1][0], max(end, out[-1][1]))
                else:
                    out.append((start, end))
            merged[doc_id] = out
        return merged

    def text(self, doc: Document) -> str:
        parts, pos = [], 0
        for start, end in self.marks.get(doc.id, []):
            parts.append(esc(doc.text[pos:start]))
            parts.append(f"<mark>{esc(doc.text[start:end])}</mark>")
            pos = end
        parts.append(esc(doc.text[pos:]))
        return "".join(parts)

    def document(self, doc: Document) -> str:
        title = esc(one_line(doc.title or "")) or '<span class="muted">Untitled</span>'
        byline = []
        if doc.outlet and one_line(doc.outlet):
            byline.append(f'<span class="outlet">{esc(one_line(doc.outlet))}</span>')
        if doc.author and one_line(doc.author):
            byline.append(f'<span class="author">by {esc(one_line(doc.author))}</span>')
        if doc.published:
            byline.append(self.time(doc.published))
            if doc.published_inferred:
                byline.append('<span class="badge badge-inferred">date inferred</span>')
        else:
            byline.append('<span class="badge badge-undated">undated</span>')
        if doc.duplicate_of:
            byline.append(f'<span class="badge badge-dup">duplicate of {self.doc_link(doc.duplicate_of)}</span>')
        meta = [("ID", f"<code>{esc(doc.id)}</code>"), ("Source", f"<code>{esc(doc.source)}</code>")]
        if doc.url:
            meta.append(("URL", f"<code>{esc(doc.url)}</code>"))  # shown, never linked
        meta.append(("Published", self.time(doc.published) if doc.published else "undated"))
        if doc.published_evidence:
            meta.append(("Date evidence", esc(one_line(doc.published_evidence))))
        if doc.published_confidence is not None:
            meta.append(("Date confidence", f"{doc.published_confidence:.2f}"))
        bounds = doc.published_bounds
        if bounds is not None:
            span = " – ".join([bounds.not_before or "…", bounds.not_after or "…"])
            items = "".join(f"<li>{esc(one_line(line))}</li>" for line in bounds.evidence)
            meta.append(("Date bounds", f"{esc(span)}<ul class=\"bounds\">{items}</ul>"))
        if doc.duplicate_of:
            meta.append(("Duplicate of", self.doc_link(doc.duplicate_of)))
        copies = self.copies.get(doc.id, [])
        if copies:
            meta.append(("Copies", ", ".join(self.doc_link(c) for c in copies)))
        dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
        out = [
            f'<article class="doc" id="{self.anchor[doc.id]}">',
            f"<h3>{title}</h3>",
            f'<p class="byline">{" ".join(byline)}</p>',
            f'<dl class="meta">{dl}</dl>',
            f"<details><summary>Cleaned text <span class=\"muted\">({len(doc.text):,} characters)</span></summary>"
            f'<div class="doc-text">{self.text(doc)}</div></details>',
        ]
        if doc.removed:
            items = "".join(
                f'<li>{esc(one_line(r.text))} <span class="reason">— {esc(one_line(r.reason))}</span></li>'
                for r in doc.removed
            )
            out.append(
                f"<details><summary>Removed by cleaning <span class=\"muted\">"
                f"({plural(len(doc.removed), 'line')})</span></summary><ul class=\"removed\">{items}</ul></details>"
            )
        out.append("</article>")
        return "\n".join(out)

    def documents(self) -> str:
        seen: set[str] = set()
        cards = []
        for doc in self.story.documents:
            if doc.id not in seen:  # ids are unique in a real story; never emit an id twice
                seen.add(doc.id)
                cards.append(self.document(doc))
        body = f'<div class="docs">\n{chr(10).join(cards)}\n</div>' if cards else '<p class="empty">No documents.</p>'
        return f'<section id="documents"><h2>Documents</h2>\n{body}\n</section>'

    def duplicates(self) -> str:
        items = []
        for group in self.story.groups:
            copies = [self.doc_link(m) for m in group.members if m != group.canonical]
            items.append(
                f"<li>{self.doc_link(group.canonical)} <span class=\"kept\">kept</span> — copies: "
                f"{', '.join(copies) or 'none'}</li>"
            )
        body = f'<ul class="groups">{"".join(items)}</ul>' if items else '<p class="empty">No duplicate copies found.</p>'
        shared = "".join(f"<li>{esc(r.description)}</li>" for r in self.story.reprints)
        if shared:
            body += f'<h3>Shared copy</h3><ul class="reprints">{shared}</ul>'
        return f'<section id="duplicates"><h2>Duplicates</h2>{body}</section>'

    def entities(self) -> str:
        if not self.story.entities:
            return ""
        rows = []
        for entity in self.story.entities[:ENTITY_ROWS]:
            others = ", ".join(esc(a) for a in entity.aliases if a != entity.name)
            docs = ", ".join(self.doc_link(d) for d in entity.documents[:5])
            more = f" +{len(entity.documents) - 5}" if len(entity.documents) > 5 else ""
            rows.append(
                f"<tr><td>{esc(entity.name)}</td><td>{esc(entity.type)}</td><td>{others}</td>"
                f"<td>{esc(', '.join(entity.roles))}</td><td>{entity.mentions}</td><td>{docs}{more}</td></tr>"
            )
        more = len(self.story.entities) - ENTITY_ROWS
        note = f'<p class="empty">{more} more in timeline.json.</p>' if more > 0 else ""
        return ('<section id="entities"><h2>People, organisations and places</h2><table class="entities">'
                "<thead><tr><th>name</th><th>type</th><th>also named</th><th>roles</th><th>mentions</th>"
                f"<th>documents</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{note}</section>")

    def quotes(self) -> str:
        if not self.story.quotes:
            return ""
        out = ['<section id="quotes"><h2>Who said what</h2>']
        for speaker, quotes in by_speaker(self.story.quotes):
            out.append(f"<h3>{esc(speaker) if speaker else 'Speaker not established'}</h3><ul class=\"quotes\">")
            for q in quotes:
                docs = ", ".join(self.doc_link(d) for d in q.documents)
                variants = f' <span class="stage">({len(q.variants)} other wording{"s" if len(q.variants) > 1 else ""})</span>' if q.variants else ""
                words = f"<q>{esc(q.text)}</q>" if q.direct else f'<span class="stage">reported:</span> {esc(q.text)}'
                by = f' <span class="stage">(said by: {esc(said_by(q))})</span>' if said_by(q) else ""
                out.append(f"<li>{self.time(q.date) if q.date else 'undated'}: {words}{by} — {docs}{variants}</li>")
            out.append("</ul>")
        out.append("</section>")
        return "".join(out)

    def figures(self) -> str:
        shown = [s for s in self.story.series if len(s.claims) >= 2 or s.flags]
        if not shown:
            return ""
        out = ['<section id="figures"><h2>Reported figures</h2>']
        for series in shown:
            out.append(f"<h3>{esc(series.what)}</h3>")
            if sum(1 for c in series.claims if c.date) >= 2:
                out.append(f'<div class="chart">{series_svg(series)}</div>')
            rows = "".join(
                f"<tr><td>{esc(date or 'undated')}</td><td>{esc(figure)}</td>"
                f"<td>{esc('; '.join(sources) or '–')}</td><td>{', '.join(self.doc_link(d) for d in docs)}</td></tr>"
                for date, figure, sources, docs in ledger_rows(series)
            )
            out.append('<table class="entities"><thead><tr><th>as of</th><th>figure</th><th>according to</th>'
                       f"<th>documents</th></tr></thead><tbody>{rows}</tbody></table>")
            out += [f'<p class="flag">⚠ {esc(flag)}</p>' for flag in series.flags]
        out.append("</section>")
        return "".join(out)

    def skipped(self) -> str:
        if not self.story.rejected:
            return ""
        listed, rest = shown_skips(self.story.rejected)
        items = "".join(
            f"<li><code>{esc(r.source)}</code>: {esc(one_line(r.reason))}"
            f' <span class="stage">({esc(r.stage)})</span></li>'
            for r in listed
        )
        items += "".join(f"<li>{n} more: {esc(kind)} (listed in timeline.json)</li>" for kind, n in rest)
        return f'<section id="skipped"><h2>Skipped inputs</h2><ul class="skipped">{items}</ul></section>'

    def render(self) -> str:
        sections = [self.timeline(), self.quotes(), self.figures(), self.entities(), self.documents(),
                    self.duplicates(), self.skipped()]
        return page(self.title(), self.header(), sections, self.extra_css)


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
    """The page; ``back``: link to the index of the pile this story is part of."""
    return _Page(story, back).render()
