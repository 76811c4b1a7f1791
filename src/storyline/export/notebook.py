"""A story in a notebook: a one-line ``repr``, a small HTML table (``_repr_html_``) and
pandas frames (``to_pandas``), behind the methods of :class:`~storyline.model.Story`,
:class:`~storyline.model.Document` and :class:`~storyline.model.Event`.

Every string from a source is escaped in the HTML; the reprs are one line, shortened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.export._text import documents_by_id, esc, one_line, outlet_name, parts, shorten, timeline_range
from storyline.export.tables import tables

if TYPE_CHECKING:  # pragma: no cover
    from storyline.model import Document, Event, Story

HTML_ROWS = 20  # rows of the notebook table; the rest are counted
NAME_CHARS = 60  # of a label, title or line in a repr


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _name(text: str | None) -> str:
    return repr(shorten(one_line(text), NAME_CHARS))


def _span(story: Story) -> str:
    ranges = [r for part in parts(story) if (r := timeline_range(part))]
    if not ranges:
        return "undated"
    first, last = min(r[0] for r in ranges), max(r[1] for r in ranges)
    return first if first == last else f"{first} → {last}"


def _facts(story: Story) -> list[str]:
    facts = [_plural(len(story.stories), "story", "stories")] if story.stories else []
    events = sum(len(part.events) for part in parts(story))
    return facts + [_plural(len(story.documents), "document"), _plural(events, "event"), _span(story)]


def story_repr(story: Story) -> str:
    """``<Story 'label' · 5 documents · 12 events · 2012-01-05 → 2012-03-20>``."""
    name = one_line(story.label or story.id)
    head = f"Story {_name(name)}" if name else "Story"
    return f"<{head} · {' · '.join(_facts(story))}>"


def document_repr(doc: Document) -> str:
    """``<Document 'a.txt' · BBC News · 2012-02-04 · 3,120 characters>``."""
    bits = [f"Document {_name(doc.id)}"]
    if doc.outlet:
        bits.append(shorten(one_line(doc.outlet), NAME_CHARS))
    bits.append(doc.published + (" (inferred)" if doc.published_inferred else "") if doc.published else "undated")
    bits.append(_plural(len(doc.text), "character"))
    if doc.duplicate_of:
        bits.append(f"copy of {_name(doc.duplicate_of)}")
    return f"<{' · '.join(bits)}>"


def event_repr(event: Event) -> str:
    """``<Event 2012-02-04 · 'Russia and China vetoed …' · 2 lines · 5 reports>``."""
    bits = [f"Event {event.date}", _name(event.summary[0] if event.summary else "")]
    if len(event.summary) > 1:
        bits.append(_plural(len(event.summary), "line"))
    bits.append(_plural(len(set(event.sources)), "report"))
    bits += [flag for flag, on in (("planned", event.planned), ("background", event.background)) if on]
    return f"<{' · '.join(bits)}>"


def _event_row(event: Event, docs: dict[str, Document]) -> str:
    date = event.date + "".join(f" ({flag})" for flag, on in (("planned", event.planned), ("background", event.background)) if on)
    names = list(event.independent) or [outlet_name(docs.get(i), i) for i in dict.fromkeys(event.sources)]
    sources = shorten(", ".join(dict.fromkeys(one_line(n) for n in names)), 80)
    reports = _plural(len(set(event.sources)), "report")
    line = shorten(one_line(event.summary[0] if event.summary else ""), 200)
    return f"<tr><td>{esc(date)}</td><td>{esc(line)}</td><td>{esc(sources)} ({esc(reports)})</td></tr>"


def _story_row(part: Story) -> str:
    name = one_line(part.label or part.id) or "–"
    cells = [name, _plural(len(part.documents), "document"), _plural(len(part.events), "event"), _span(part)]
    return "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"


def story_html(story: Story, rows: int = HTML_ROWS) -> str:
    """The story's events (a pile: its stories) as a small HTML table, at most ``rows``
    rows and then how many more."""
    name = one_line(story.label or story.id)
    head = (f"<strong>{esc(name)}</strong> · " if name else "") + esc(" · ".join(_facts(story)))
    if story.stories:
        columns, total, what = ("Story", "Documents", "Events", "Dates"), len(story.stories), "stories"
        body = [_story_row(part) for part in story.stories[:rows]]
    else:
        columns, total, what = ("Date", "Line", "Sources"), len(story.events), "events"
        docs = documents_by_id(story)
        body = [_event_row(event, docs) for event in story.events[:rows]]
    if total > rows:
        body.append(f'<tr><td colspan="{len(columns)}">… {total - rows:,} more {what}</td></tr>')
    header = "".join(f"<th>{c}</th>" for c in columns)
    return (
        f'<div class="storyline-story"><p>{head}</p>'
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


PANDAS_MISSING = "Story.to_pandas() needs pandas: pip install 'storyline[pandas]'"


def story_frames(story: Story) -> dict[str, Any]:
    """``{"events", "quotes", "claims", "documents"}`` → pandas DataFrames, with the
    columns of the CSV export (:mod:`storyline.export.tables`)."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(PANDAS_MISSING) from exc
    return {name: pandas.DataFrame(table.rows, columns=list(table.columns)) for name, table in tables(story).items()}
