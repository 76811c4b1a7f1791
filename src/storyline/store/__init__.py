"""Stage ``store``: an embedded SQLite store that makes re-runs incremental.

Keyed by content hash, so a document is cleaned and parsed once whatever its path:
- ``cleaned``: RawDocument.content_hash + cleaner version -> the cleaned Document;
- ``parses``: model version + text hash -> sentences, entities and date spans;
- ``timexes``: a document's resolved time expressions, keyed by
  :func:`storyline.annotate.cache.timex_key` (annotation key, text hash, publication
  date and its evidence, grammar code);
- ``attributions``: the quote tagger's Source-Cue-Content spans of one sentence, keyed
  by :meth:`storyline.quotes.reported.Attributor.version` and the sentence's hash;
- ``story_states``: the story clustering's stream state per settings, so that a run
  that adds articles after those already clustered only clusters the new ones;
- ``runs``: each build's configuration and summary, for the record.
Writes happen in transactions (one per batch), so an interrupted run keeps everything
stored before it and never leaves half a batch.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storyline.annotate.cache import timex_records, timexes_from_records
from storyline.annotate.parse import Parse
from storyline.errors import ConfigError
from storyline.model import Document, RemovedLine, Timex
from storyline.reasons import quoted

__all__ = ["Store", "document_fields"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cleaned (
    key TEXT PRIMARY KEY,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS parses (
    key TEXT PRIMARY KEY,
    parse TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS timexes (
    key TEXT PRIMARY KEY,
    timexes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attributions (
    key TEXT PRIMARY KEY,
    found TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_states (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config TEXT NOT NULL,
    summary TEXT NOT NULL
);
"""
CLEAN_FIELDS = ("text", "title", "outlet", "author", "url", "image", "published", "published_evidence", "published_confidence",
                "language")


class Store:
    """``Store(path)`` opens or creates the database; ``Store(":memory:")`` for tests."""

    def __init__(self, path: str | Path = ":memory:"):
        """Raises :class:`~storyline.errors.ConfigError` when ``path`` cannot be used as a store."""
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise ConfigError(f"cannot use the store {quoted(self.path)}: {reason}") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # cleaned documents -----------------------------------------------------------
    def get_cleaned(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Stored cleaning results (the fields cleaning sets), by key; turn one into
        Document keyword arguments with :func:`document_fields`."""
        rows = self._select("cleaned", "document", keys)
        return {key: json.loads(value) for key, value in rows}

    def put_cleaned(self, docs: dict[str, Document]) -> None:
        rows = [(key, _dumps(_cleaned_fields(doc))) for key, doc in docs.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO cleaned VALUES (?, ?)", rows)

    # parses ----------------------------------------------------------------------
    def get_parses(self, keys: list[str]) -> dict[str, Parse]:
        rows = self._select("parses", "parse", keys)
        return {key: Parse.from_json(json.loads(value)) for key, value in rows}

    def put_parses(self, parses: dict[str, Parse]) -> None:
        rows = [(key, _dumps(p.to_json())) for key, p in parses.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?)", rows)

    # time expressions ----------------------------------------------------------
    def get_timexes(self, keys: list[str]) -> dict[str, tuple[Timex, ...]]:
        """Stored time expressions of documents, by key."""
        rows = self._select("timexes", "timexes", keys)
        return {key: timexes_from_records(json.loads(value)) for key, value in rows}

    def put_timexes(self, timexes: dict[str, tuple[Timex, ...]]) -> None:
        rows = [(key, _dumps(timex_records(found))) for key, found in timexes.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO timexes VALUES (?, ?)", rows)

    # attributions (reported speech) ------------------------------------------
    def get_attributions(self, keys: list[str]) -> dict[str, str]:
        """Stored tagger results (JSON) of sentences, by key."""
        return dict(self._select("attributions", "found", keys))

    def put_attributions(self, rows: dict[str, str]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO attributions VALUES (?, ?)",
                                 [(key, _text(value)) for key, value in rows.items()])

    # story clustering ------------------------------------------------------------
    def get_story_state(self, key: str) -> str | None:
        rows = self._select("story_states", "state", [key])
        return rows[0][1] if rows else None

    def put_story_state(self, key: str, state: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO story_states VALUES (?, ?)", (key, _text(state)))

    # runs ------------------------------------------------------------------------
    def record_run(self, config: dict[str, Any], summary: dict[str, Any]) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO runs (config, summary) VALUES (?, ?)",
                (_dumps(config, sort_keys=True), _dumps(summary, sort_keys=True)),
            )

    def runs(self) -> list[dict[str, Any]]:
        rows = self._db.execute("SELECT id, config, summary FROM runs ORDER BY id").fetchall()
        return [{"id": i, "config": json.loads(c), "summary": json.loads(s)} for i, c, s in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("cleaned", "parses", "timexes", "attributions", "runs")
        }

    def _select(self, table: str, column: str, keys: list[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            marks = ",".join("?" * len(batch))
            out += self._db.execute(f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", batch).fetchall()
        return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumps(value: Any, **options: Any) -> str:
    """JSON that SQLite can store: a lone surrogate (an undecodable byte of a file name, a
    ``"\\ud800"`` in a JSONL text) is written as its JSON escape, which reads back as itself;
    everything else is kept as UTF-8."""
    return _text(json.dumps(value, ensure_ascii=False, **options))


def _text(data: str) -> str:
    """JSON text with lone surrogates escaped (they occur only inside JSON strings)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", data)


def document_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A stored cleaning result as ``Document(id=..., source=..., **fields)`` arguments."""
    fields = {name: data.get(name) for name in CLEAN_FIELDS}
    fields["removed"] = tuple(RemovedLine(**r) for r in data["removed"])
    return fields


def _cleaned_fields(doc: Document) -> dict[str, Any]:
    data = {name: getattr(doc, name) for name in CLEAN_FIELDS}
    data["removed"] = [asdict(r) for r in doc.removed]
    return data
