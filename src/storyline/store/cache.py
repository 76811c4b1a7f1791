"""The generic cache table and the corpus stages' resumable state.

``cache``: one row per stage result, keyed by (``stage``, ``version``, ``config``,
``key``): the stage's name, its code version, the digest of the configuration that
changes its result, and the hash of its input; ``value`` is the result as JSON text. No
stage owns a table: the pipeline keeps every stage's results here.

``state``: (``stage``, ``key``) -> ``value`` (text), the state a corpus stage resumes
from (the story clustering's stream state).

Values are stored as given but for lone surrogates (an undecodable byte of a file name,
a ``"\\ud800"`` in a JSONL text), which SQLite cannot store as UTF-8: they are written as
their JSON escape, which reads back as itself (values are JSON, where surrogates occur only
inside strings).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable

__all__ = ["cache_counts", "cache_get", "cache_put", "dumps", "escaped_text", "state_get", "state_put"]

BATCH = 500  # keys per IN (...) query, under SQLite's limit on bound parameters

_SURROGATE = re.compile("[\ud800-\udfff]")


def escaped_text(data: str) -> str:
    """JSON text with lone surrogates escaped (they occur only inside JSON strings)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", data)


def dumps(value: object, **options) -> str:
    """JSON that SQLite can store (see the module's notes); everything else is kept as UTF-8."""
    return escaped_text(json.dumps(value, ensure_ascii=False, **options))


def cache_get(db: sqlite3.Connection, stage: str, version: str, config: str, keys: Iterable[str]) -> dict[str, str]:
    """The stored values of ``keys`` (those found), by key."""
    keys = list(dict.fromkeys(keys))
    found: dict[str, str] = {}
    for i in range(0, len(keys), BATCH):
        batch = keys[i : i + BATCH]
        marks = ",".join("?" * len(batch))
        rows = db.execute(
            f"SELECT key, value FROM cache WHERE stage = ? AND version = ? AND config = ? AND key IN ({marks})",
            (stage, version, config, *batch),
        )
        found.update(rows.fetchall())
    return found


def cache_put(db: sqlite3.Connection, stage: str, version: str, config: str, rows: dict[str, str]) -> None:
    """Store ``rows`` (key -> JSON text), replacing what the same keys held; the caller
    holds the transaction."""
    db.executemany(
        "INSERT INTO cache (stage, version, config, key, value) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (stage, version, config, key) DO UPDATE SET value = excluded.value",
        [(stage, version, config, key, escaped_text(value)) for key, value in rows.items()],
    )


def cache_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Rows of the cache by stage, in stage order."""
    return dict(db.execute("SELECT stage, COUNT(*) FROM cache GROUP BY stage ORDER BY stage").fetchall())


def state_get(db: sqlite3.Connection, stage: str, key: str) -> str | None:
    row = db.execute("SELECT value FROM state WHERE stage = ? AND key = ?", (stage, key)).fetchone()
    return row[0] if row else None


def state_put(db: sqlite3.Connection, stage: str, key: str, text: str) -> None:
    """The caller holds the transaction."""
    db.execute("INSERT INTO state (stage, key, value) VALUES (?, ?, ?) "
               "ON CONFLICT (stage, key) DO UPDATE SET value = excluded.value", (stage, key, escaped_text(text)))
