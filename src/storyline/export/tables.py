"""The story as four tables, for spreadsheets (:func:`render_csv`) and pandas
(:meth:`storyline.model.Story.to_pandas`), with the same columns in both:

- ``events``: one row per line of the timeline (an event with three lines is three
  rows sharing its ``event`` number), with the documents that carry that line;
- ``quotes``: one row per appearance of a quote in a document (``quote`` numbers the
  statement across outlets);
- ``claims``: one row per reported figure;
- ``documents``: one row per article, copies included.

For a pile of several stories every table starts with a ``story`` column (the story's
id). Values keep their Python types here (``bool``, ``int``, ``None``); the CSV writes
``true``/``false`` and an empty cell for ``None``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from typing import Any

from storyline.claims import Claim
from storyline.export._text import (
    SURROGATE,
    documents_by_id,
    exported,
    line_dated_by,
    line_documents,
    parts,
)
from storyline.model import Document, Pile, Story

EVENT_COLUMNS = ("event", "date", "planned", "background", "line", "text", "documents", "dated_by", "urls")
QUOTE_COLUMNS = ("quote", "speaker", "text", "document", "start", "end", "date", "direct")
_CLAIM_COLUMNS = (
    "value", "low", "high", "qualifier", "unit", "what", "attributed_to", "attributed_evidence",
    "date", "date_evidence", "document", "start", "end", "text", "series",
    "kind", "kind_evidence", "subject", "subject_evidence",
)  # fmt: skip
# "language" only when the model's Document has that field (see document_columns)
_DOCUMENT_COLUMNS = ("id", "title", "outlet", "url", "published", "published_evidence", "language", "duplicate_of")

CSV_FILES = {"events": "events.csv", "quotes": "quotes.csv", "claims": "claims.csv", "documents": "documents.csv"}

LIST_SEPARATOR = "; "  # several document ids or URLs in one cell
REASON_SEPARATOR = " | "  # several dated_by reasons in one cell (they contain ";" themselves)

# a cell a spreadsheet would read as a formula (or a DDE call) when it starts with one of these
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def document_columns() -> tuple[str, ...]:
    have = {f.name for f in fields(Document)}
    return tuple(c for c in _DOCUMENT_COLUMNS if c != "language" or "language" in have)


def claim_columns() -> tuple[str, ...]:
    """The claim fields of ``timeline.json`` but its sentence span, as far as the model has them."""
    have = {f.name for f in fields(Claim)}
    return tuple(c for c in _CLAIM_COLUMNS if c in have)


def tables(story: Story | Pile) -> dict[str, Table]:
    """``events``, ``quotes``, ``claims`` and ``documents`` of the story (all stories of a pile)."""
    story = exported(story)
    pile = isinstance(story, Pile)
    lead = ("story",) if pile else ()
    doc_columns, claim_fields = document_columns(), claim_columns()
    out = {
        "events": Table(lead + EVENT_COLUMNS, []),
        "quotes": Table(lead + QUOTE_COLUMNS, []),
        "claims": Table(lead + claim_fields, []),
        "documents": Table(lead + doc_columns, []),
    }
    listed: set[str] = set()
    for part in parts(story):
        key = (part.id or "",) if pile else ()
        docs = documents_by_id(part)
        out["events"].rows.extend(key + row for row in _event_rows(part, docs))
        out["quotes"].rows.extend(key + row for row in _quote_rows(part, docs))
        out["claims"].rows.extend(key + row for row in _claim_rows(part, claim_fields))
        for doc in part.documents:
            listed.add(doc.id)
            out["documents"].rows.append(key + _document_row(doc, doc_columns))
    if pile:  # documents of the pile that no story took
        for doc in story.documents:
            if doc.id not in listed:
                out["documents"].rows.append(("",) + _document_row(doc, doc_columns))
    return out


def _event_rows(story: Story, docs: dict[str, Document]) -> list[tuple[Any, ...]]:
    rows = []
    for number, event in enumerate(story.events, 1):
        for index, text in enumerate(event.summary):
            ids = line_documents(event, index)
            urls = list(dict.fromkeys(docs[i].url for i in ids if i in docs and docs[i].url))
            rows.append((
                number, event.date, event.planned, event.background, index + 1, text,
                LIST_SEPARATOR.join(ids), REASON_SEPARATOR.join(line_dated_by(event, index)),
                LIST_SEPARATOR.join(urls),
            ))  # fmt: skip
    return rows


def _quote_rows(story: Story, docs: dict[str, Document]) -> list[tuple[Any, ...]]:
    rows = []
    for number, quote in enumerate(story.quotes, 1):
        for seen in quote.appearances:
            doc = docs.get(seen.document)
            speaker = quote.speaker or seen.speaker
            date = doc.published if doc else None
            rows.append((number, speaker, seen.text, seen.document, seen.start, seen.end, date, quote.direct))
    return rows


def _claim_rows(story: Story, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    rows = []
    for claim in story.claims:
        record = claim.to_dict()
        rows.append(tuple(record.get(column) for column in columns))
    return rows


def _document_row(doc: Document, columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(doc, column, None) for column in columns)


def cell(value: Any) -> str:
    """A value as a CSV cell: ``true``/``false``, empty for None, and text a spreadsheet
    would run as a formula (starting with ``= + - @``, a tab or a carriage return) kept
    as text by a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = SURROGATE.sub("\ufffd", str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def table_csv(table: Table) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([cell(value) for value in row] for row in table.rows)
    return buffer.getvalue()


def render_csv(story: Story | Pile) -> dict[str, str]:
    """``{"events.csv": text, "quotes.csv": ..., "claims.csv": ..., "documents.csv": ...}``:
    RFC 4180 CSV (comma, ``"`` quoting, CRLF line ends), a header row, one row per item,
    guarded against formula injection. The same story always gives the same text."""
    return {CSV_FILES[name]: table_csv(table) for name, table in tables(story).items()}
