"""``storyline query DB WHAT``: what a build stored, as a table or JSON lines."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
import click

from storyline.errors import ConfigError
from storyline.model.json_types import JSONObject, JSONValue
from storyline.reasons import escaped, one_line

EXIT_USAGE = 2
MAX_CELL = 60  # characters of a cell in the table (JSON lines are never cut)

# the columns the table shows for each kind (--json gives every field)
COLUMNS = {
    "stories": ("id", "label", "first", "last", "documents", "events", "quotes", "entities", "claims"),
    "events": ("story", "date", "independent", "lines"),
    "quotes": ("said_on", "speaker", "text", "documents"),
    "documents": ("id", "published", "outlet", "title", "duplicate_of"),
    "entities": ("story", "name", "type", "mentions", "aliases"),
    "claims": ("story", "date", "value", "what", "attributed_to", "document"),
    "positions": ("story", "speaker", "question", "first", "last", "shifts", "reiterations"),
    "comparisons": ("story", "kind", "about", "day", "disagree", "outlets"),
}


class StoreLocation(click.ParamType):
    """A store: a PostgreSQL URL (kept as text) or an SQLite file (a Path)."""

    name = "store"

    def convert(self, value, param, ctx) -> str | Path:
        text = os.fspath(value)
        return text if re.match(r"^postgres(ql)?://", text, re.IGNORECASE) else Path(text)


STORE = StoreLocation()
STORE_HELP = "SQLite file or postgresql:// URL"


@click.command("query")
@click.argument("db", type=STORE)
@click.argument("what", metavar="WHAT")
@click.option("--story", default=None, help="Only this story (its id, as `storyline query DB stories` lists).")
@click.option("--speaker", default=None, help="quotes, positions: by this person (any of their names, any case).")
@click.option("--match", default=None, metavar="PHRASE", help="events, documents: containing this phrase.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="events: dated on or after.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="events: dated on or before.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N rows.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line, with every field.")
def query(db: Path, what: str, story, speaker, match, since, until, limit, as_json) -> None:
    """List what the store DB (a build's --db, by default OUT/storyline.sqlite; an SQLite file
    or a postgresql:// URL) holds.

    \b
    WHAT is one of: stories, events, quotes, documents, entities, claims, positions
    (each speaker's statements on a question over time), comparisons (what outlets report
    alike or differently).

    \b
    Examples:
      storyline query out/storyline.sqlite stories
      storyline query out/storyline.sqlite events --match "state of emergency"
      storyline query out/storyline.sqlite quotes --speaker Lavrov --json
      storyline query out/storyline.sqlite documents --match vaccine --limit 5
    """
    from storyline.store import Store, upgrade
    from storyline.store.query import KINDS

    options = {"story": story, "speaker": speaker, "match": match, "since": since, "until": until}
    try:
        if what not in KINDS:
            raise ConfigError(f"unknown WHAT {what!r}: expected one of {', '.join(KINDS)}")
        function, accepted = KINDS[what]
        wrong = [f"--{name}" for name, value in options.items() if value is not None and name not in accepted]
        if wrong:
            raise ConfigError(f"{', '.join(wrong)} does not apply to {what}")
        upgraded = upgrade(db)  # a store an older storyline wrote: migrated once, in one transaction
        if upgraded:
            click.echo(f"storyline: upgraded the store from schema {upgraded[0]} to {upgraded[1]}", err=True)
        with Store(db, readonly=True) as store:
            rows = function(store, limit=limit, **{name: options[name] for name in accepted})
    except ConfigError as exc:
        click.echo(f"storyline: {one_line(str(exc))}", err=True)
        sys.exit(EXIT_USAGE)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        for line in table(rows, COLUMNS[what]):
            click.echo(line)


def _cell(value: JSONValue) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return one_line(escaped(str(value)), MAX_CELL)


def table(rows: list[JSONObject], columns: tuple[str, ...]) -> list[str]:
    """``rows`` as a plain table: a header, then one line a row, columns padded to align
    (numbers to the right); every cell one printable line of at most MAX_CELL characters."""
    cells = [[_cell(row.get(name)) for name in columns] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(r.get(name), (int, float)) for r in rows) for name in columns]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    return [line(list(columns)), *(line(row) for row in cells)]
