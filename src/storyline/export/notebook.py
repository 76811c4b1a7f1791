"""A story in a notebook: a small HTML table (``_repr_html_``) and pandas frames
(``to_pandas``), behind the methods of :class:`~storyline.model.Story` and
:class:`~storyline.model.Pile` (their one-line reprs are the model's own).

Every string from a source is escaped in the HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.export._text import documents_by_id, esc, exported, one_line, outlet_name, shorten
from storyline.export.tables import tables
from storyline.model import Pile
from storyline.model.story import facts
from storyline.model._text import plural as _plural

if TYPE_CHECKING:  # pragma: no cover
    from storyline.model import Document, Event, Story

HTML_ROWS = 20  # rows of the notebook table; the rest are counted


def _span(story: Story) -> str:
    span = story.timeline_range()
    if not span:
        return "undated"
    return span[0] if span[0] == span[1] else f"{span[0]} → {span[1]}"


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


def story_html(story: Story | Pile, rows: int = HTML_ROWS) -> str:
    """The story's events (a pile of several: its stories) as a small HTML table, at most
    ``rows`` rows and then how many more."""
    story = exported(story)
    name = "" if isinstance(story, Pile) else one_line(story.label or story.id)
    head = (f"<strong>{esc(name)}</strong> · " if name else "") + esc(" · ".join(facts(story)))
    if isinstance(story, Pile):
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


def story_frames(story: Story | Pile) -> dict[str, Any]:
    """``{"events", "quotes", "claims", "documents"}`` → pandas DataFrames, with the
    columns of the CSV export (:mod:`storyline.export.tables`)."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(PANDAS_MISSING) from exc
    return {name: pandas.DataFrame(table.rows, columns=list(table.columns)) for name, table in tables(story).items()}
