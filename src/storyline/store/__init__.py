"""The store: one SQLite file (or a PostgreSQL database, given by a ``postgresql://`` URL)
that holds the corpus a build made, as queryable tables, and the cache that makes a re-run
incremental.

- :mod:`.schema`: the schema version and the migrations applied on open;
- :mod:`.cache`: the generic ``cache`` table (stage, version, config digest, input hash
  -> JSON) and the ``state`` table a corpus stage resumes from;
- :mod:`.tables`: the corpus tables (documents, duplicates, stories, events, evidence,
  quotes, entities, claims, positions, comparisons, with FTS5 indexes over documents and
  events), written by
  :mod:`.corpus` and read by :mod:`.query` (``storyline query``);
- :mod:`.dialect`: what a store location names, and the SQL each kind of store speaks;
  :mod:`.postgres` and :mod:`.pg_schema`: the PostgreSQL store (same tables, same queries);

Every write is one transaction (a batch of cache rows, the documents of a pile, one
story), so an interrupted run keeps everything stored before it and never half a batch.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.errors import ConfigError
from storyline.model.json_types import JSONObject, JSONValue
from storyline.reasons import quoted
from storyline.store import cache, corpus, schema
from storyline.store.cache import dumps
from storyline.store.dialect import DATABASE_ERRORS, INTEGRITY_ERRORS, POSTGRES, SQLITE, is_url, location, redacted

if TYPE_CHECKING:
    from storyline.model import Pile

__all__ = ["DATABASE_ERRORS", "INTEGRITY_ERRORS", "SCHEMA_VERSION", "Store", "is_url", "location", "redacted",
           "upgrade"]

SCHEMA_VERSION = schema.SCHEMA_VERSION


class Store:
    """``Store(path)`` opens or creates the store (migrating an older one);
    ``Store(":memory:")`` for tests; ``Store(path, readonly=True)`` opens an existing store
    for reading only (it must be of the current version). ``path`` may be a
    ``postgresql://`` URL: the same store in a PostgreSQL database (:mod:`.postgres`)."""

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False):
        """Raises :class:`~storyline.errors.ConfigError` when ``path`` cannot be used as a
        store: not a storyline store, written by a newer storyline, or (``readonly``)
        missing or not yet migrated."""
        self.path = location(path)
        self.dialect = POSTGRES if is_url(self.path) else SQLITE
        if self.dialect is POSTGRES:
            from storyline.store import postgres

            self._db = postgres.connect(self.path, readonly=readonly)
            return
        try:
            self._db = self._open(readonly)
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise ConfigError(f"cannot use the store {quoted(self.path)}: {reason}") from None

    def _open(self, readonly: bool) -> sqlite3.Connection:
        memory = self.path == ":memory:"
        if readonly:
            if memory or not Path(self.path).is_file():
                raise ConfigError(f"no store at {quoted(self.path)}")
            db = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
        else:
            if not memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.create_function("casefold", 1, _casefold, deterministic=True)
            if readonly:
                version = schema.stored_version(db, self.path)
                schema.check_version(version, self.path)
                if version < schema.SCHEMA_VERSION:
                    raise ConfigError(f"the store {quoted(self.path)} was written by an older storyline: "
                                      "build into it once to upgrade it")
            else:
                db.execute("PRAGMA journal_mode=MEMORY" if memory else "PRAGMA journal_mode=WAL")
                schema.migrate(db, self.path)
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({redacted(self.path)!r})"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``with store.transaction() as db:`` all or nothing (BEGIN IMMEDIATE ... COMMIT);
        ``db`` takes the store's SQL (SQLite's words) whatever the store is."""
        self._db.execute("BEGIN IMMEDIATE" if self.dialect is SQLITE else "BEGIN")
        try:
            yield self._db
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """``with store.snapshot():`` every read inside sees one committed state of the store."""
        self._db.execute(self.dialect.snapshot)
        try:
            yield self
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def rows(self, sql: str, params: tuple | dict = ()) -> list[JSONObject]:
        """The rows of a (parameterised) query, each a dict by column name."""
        cursor = self._db.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def has_table(self, name: str) -> bool:
        return bool(self.rows(self.dialect.has_table, (name,)))

    # the generic cache ----------------------------------------------------------
    def cache_get(self, stage: str, version: str, config: str, keys: list[str]) -> dict[str, str]:
        """The stored results (JSON text) of ``stage`` at ``version`` under the config
        digest ``config``, by input key; keys not stored are left out."""
        return cache.cache_get(self._db, stage, version, config, keys)

    def cache_put(self, stage: str, version: str, config: str, rows: dict[str, str]) -> None:
        """Store results (input key -> JSON text), in one transaction."""
        if rows:
            with self.transaction() as db:
                cache.cache_put(db, stage, version, config, rows)

    def cache_counts(self) -> dict[str, int]:
        """Cached results by stage."""
        return cache.cache_counts(self._db)

    def state_get(self, stage: str, key: str) -> str | None:
        return cache.state_get(self._db, stage, key)

    def state_put(self, stage: str, key: str, text: str) -> None:
        with self.transaction() as db:
            cache.state_put(db, stage, key, text)

    # the corpus -----------------------------------------------------------------
    def write_pile(self, pile: Pile) -> None:
        """Make the corpus tables hold ``pile`` ; see :mod:`.corpus`."""
        corpus.write_pile(self.transaction, pile)

    # runs -----------------------------------------------------------------------
    def record_run(self, config: JSONObject, summary: JSONObject) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO runs (config, summary) VALUES (?, ?)",
                       (dumps(config, sort_keys=True), dumps(summary, sort_keys=True)))

    def runs(self) -> list[JSONObject]:
        rows = self._db.execute("SELECT id, config, summary FROM runs ORDER BY id").fetchall()
        return [{"id": i, "config": json.loads(c), "summary": json.loads(s)} for i, c, s in rows]

    def counts(self) -> dict[str, int]:
        """Cached results by stage, and the runs recorded."""
        counts = dict(self.cache_counts())
        counts["runs"] = self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        return counts


def upgrade(path: str | Path) -> tuple[int, int] | None:
    """Migrate the existing store at ``path`` in place when an older storyline wrote it (in one
    transaction, as opening it for a build would); ``(old, new)`` schema versions, or None
    when there is nothing to do (no file or database yet, already current). ConfigError as
    :class:`Store`."""
    if is_url(path):
        from storyline.store import postgres

        return postgres.upgrade(location(path))
    if not Path(path).is_file():
        return None
    db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        version = schema.stored_version(db, str(path))
    except sqlite3.Error:
        version = schema.SCHEMA_VERSION  # not readable as a database: Store() says why
    finally:
        db.close()
    if version >= schema.SCHEMA_VERSION:
        return None
    Store(path).close()
    return version, schema.SCHEMA_VERSION


def _casefold(value: JSONValue) -> JSONValue:
    return value.casefold() if isinstance(value, str) else value
