"""``timeline.html``: the story's header, its timeline and what a reader needs beside it.

Each line of an event carries its sources as chips (each linking to the document's page
at the highlighted sentence, and to the original article when it has a web address) and,
on demand (``<details>``), why it has its date: the ``dated_by`` of its evidence. The
filters (radio buttons and CSS, no script) show only the events naming one person or
reported by one outlet; a person is offered when named often enough to matter
(:func:`storyline.render._common.notable`). Documents, quotes and figures are on their
own pages, so this one stays small.
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.model import Evidence
from storyline.render._common import (
    BACKGROUND_NOTE,
    PLANNED_NOTE,
    Line,
    counts,
    date_range,
    dated_by,
    granularity,
    notable,
    one_line,
    shown_skips,
    support,
)
from storyline.render.html_page import page
from storyline.render.html_links import Links, esc, time_tag

ENTITY_ROWS = 20  # the most mentioned; timeline.json has them all
FILTER_CHOICES = 12  # people and outlets offered as timeline filters, each


def timeline_page(links: Links) -> str:
    extra_css, timeline = _timeline(links)
    sections = [_background(links), timeline, _entities(links), _skipped(links)]
    return page(links.title(), _header(links), sections, extra_css)


def _header(links: Links) -> str:
    story = links.story
    c = counts(story)
    stats = [
        (c.documents, "documents" if c.documents != 1 else "document"),
        (c.duplicates, "duplicates" if c.duplicates != 1 else "duplicate"),
        (c.dated, "dated"),
        (c.undated, "undated"),
        (c.events, "events" if c.events != 1 else "event"),
        (c.skipped, "skipped inputs" if c.skipped != 1 else "skipped input"),
    ]
    items = "".join(f'<li><span class="num">{n}</span><span class="label">{label}</span></li>' for n, label in stats)
    span = date_range(story)
    rng = ""
    if span:
        shown = time_tag(span[0]) + (f" – {time_tag(span[1])}" if span[1] != span[0] else "")
        rng = f'<p class="range">{shown}</p>\n'
    words = ", ".join(one_line(k) for k in story.keywords if one_line(k))
    keywords = f'<p class="keywords">Keywords: {esc(words)}</p>\n' if words else ""
    stats_list = f'<ul class="stats" aria-label="Counts">{items}</ul>\n'
    return links.header("timeline.html", links.title(), rng + keywords + stats_list)


def _evidence_by_line(event) -> dict[int, dict[str, Evidence]]:
    """The first evidence span of each document for each line of the event."""
    out: dict[int, dict[str, Evidence]] = {}
    for ev in event.evidence:
        out.setdefault(ev.line, {}).setdefault(ev.document, ev)
    return out


def _why(links: Links, event, index: int) -> str:
    """Why line ``index`` has its date, on demand: each ``dated_by`` with its sources."""
    notes = dated_by(event, index)
    if not notes:
        return ""
    items = "".join(f'<li>{esc(note)} <span class="why-src">— {", ".join(links.source_link(ev) for ev in evs)}</span></li>'
                    for note, evs in notes)
    return f'<details class="why"><summary>why this date</summary><ul class="dated-by">{items}</ul></details>'


def _sentence(links: Links, event, index: int, line: Line, found: dict[str, Evidence]) -> str:
    text = esc(one_line(line.sentence)) or '<span class="empty">(empty sentence)</span>'
    note = "" if line.attributed else "event sources:"
    chips = links.chips(line.sources, found if line.attributed else None, note)
    return f'<li class="sentence"><p>{text}</p>{chips}{_why(links, event, index)}</li>'


def _event(links: Links, n: int, event, marks: list[str]) -> str:
    """One event: its date, its lines with their sources and dates' evidence, its support."""
    lines, others = links.sources.lines(event)
    found = _evidence_by_line(event)
    kind = granularity(event.date)
    gran = f'<span class="gran">whole {kind}</span>' if kind in ("month", "year") else ""
    if event.planned:
        gran += f'<span class="planned" title="{PLANNED_NOTE}">planned</span>'
    body = [_sentence(links, event, i, line, found.get(i, {})) for i, line in enumerate(lines)]
    if not lines:
        body.append(f'<li class="sentence"><p class="empty">(no summary)</p>{links.chips(others)}</li>')
    elif others:
        body.append(f'<li class="sentence also">{links.chips(others, note="Also reported in:")}</li>')
    classes = " ".join(["event", *(["planned"] if event.planned else []), *marks])
    return (f'<li class="{classes}" id="event-{n}">'
            f'<div class="event-date">{time_tag(event.date)}{gran}</div>'
            f'<ul class="event-body">{"".join(body)}</ul>'
            f'<p class="support">{esc(support(event))}</p></li>')


def _background(links: Links) -> str:
    earlier = [(n, e) for n, e in enumerate(links.story.events, 1) if e.background]
    if not earlier:
        return ""
    items = "".join(_event(links, n, e, []) for n, e in earlier)
    return (f'<section id="background"><h2>Background</h2><p class="note">{BACKGROUND_NOTE}</p>'
            f'<ol class="timeline background">{items}</ol></section>')


def _timeline(links: Links) -> tuple[str, str]:
    """This page's CSS rules (the filters') and the timeline section."""
    events = list(enumerate(links.story.events, 1))
    out = ['<section id="timeline"><h2>Timeline</h2>']
    css = ""
    if not links.story.events:
        out.append('<p class="empty">No dated events.</p>')
    else:
        css, controls, marks = _filters(links)
        out += [controls, '<ol class="timeline">']
        out += [_event(links, n, e, marks[n - 1]) for n, e in events if not e.background]
        out.append("</ol>")
    out.append("</section>")
    return css, "\n".join(p for p in out if p)


def _filters(links: Links) -> tuple[str, str, list[list[str]]]:
    """Radio buttons that show only the events naming one person or reported by one
    outlet (CSS only: the page runs no script): their CSS rules, the controls, and each
    event's marks ("p0", "o1"). People: those :func:`notable` and named in an event."""
    story = links.story
    events = story.events
    people = [e for e in story.entities if e.type == "person" and notable(e)][:FILTER_CHOICES]
    patterns = [re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted({*e.aliases, e.name}, key=len, reverse=True)) + r")\b")
                for e in people]
    outlet = {doc.id: doc.outlet for doc in story.documents}
    outlets_of = [sorted({o for ev in event.evidence if (o := outlet.get(ev.document))}) for event in events]
    tally = Counter(o for found in outlets_of for o in found)
    outlets = sorted(tally, key=lambda o: (-tally[o], o))[:FILTER_CHOICES]
    marks: list[list[str]] = []
    for event, event_outlets in zip(events, outlets_of):
        text = " ".join(event.summary)
        marks.append([f"p{i}" for i, pat in enumerate(patterns) if pat.search(text)]
                     + [f"o{i}" for i, o in enumerate(outlets) if o in event_outlets])
    choices = [(f"p{i}", e.name) for i, e in enumerate(people) if any(f"p{i}" in m for m in marks)]
    choices += [(f"o{i}", o) for i, o in enumerate(outlets) if len(outlets) > 1]
    if not choices:
        return "", "", marks
    rules = "".join(f"#f-{key}:checked~ol.timeline>li.event:not(.{key}){{display:none}}" for key, _ in choices)
    inputs = ['<input type="radio" name="filter" id="f-all" checked><label for="f-all">all events</label>']
    inputs += [f'<input type="radio" name="filter" id="f-{key}"><label for="f-{key}">{esc(one_line(name))}</label>'
               for key, name in choices]
    note = '<p class="filter-note">Show the events that name a person or an outlet reports:</p>'
    return rules, note + "".join(inputs), marks


def _entities(links: Links) -> str:
    story = links.story
    if not story.entities:
        return ""
    rows = []
    for entity in story.entities[:ENTITY_ROWS]:
        others = [a for a in entity.aliases if a != entity.name]
        also = ", ".join(esc(a) for a in others[:4]) + (f" +{len(others) - 4}" if len(others) > 4 else "")
        rows.append(f"<tr><td>{esc(entity.name)}</td><td>{esc(entity.type)}</td><td>{also}</td>"
                    f"<td>{esc(', '.join(entity.roles[:3]))}</td><td>{entity.mentions}</td>"
                    f"<td>{len(set(entity.documents))}</td></tr>")
    more = len(story.entities) - ENTITY_ROWS
    note = f'<p class="empty">The {ENTITY_ROWS} most named; {more} more in timeline.json.</p>' if more > 0 else ""
    return ('<section id="entities"><h2>People, organisations and places</h2><table class="entities">'
            "<thead><tr><th>name</th><th>type</th><th>also named</th><th>roles</th><th>mentions</th>"
            f"<th>documents</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{note}</section>")


def _skipped(links: Links) -> str:
    rejected = links.story.rejected
    if not rejected:
        return ""
    listed, rest = shown_skips(rejected)
    items = "".join(f"<li><code>{esc(r.source)}</code>: {esc(one_line(r.reason))}"
                    f' <span class="stage">({esc(r.stage)})</span></li>' for r in listed)
    items += "".join(f"<li>{n} more: {esc(kind)} (listed in timeline.json)</li>" for kind, n in rest)
    return f'<section id="skipped"><h2>Skipped inputs</h2><ul class="skipped">{items}</ul></section>'


__all__ = ["ENTITY_ROWS", "FILTER_CHOICES", "timeline_page"]
