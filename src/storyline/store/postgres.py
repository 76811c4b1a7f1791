"""A PostgreSQL store: the connection the :class:`~storyline.store.Store` methods use, made to
look like the part of :class:`sqlite3.Connection` they call (``execute``, ``executemany``,
cursors with ``fetchone``/``fetchall``/``description``/``rowcount``/``lastrowid``), with the
SQL translated by :func:`~storyline.store.dialect.to_postgres`; the schema made on first use
(:mod:`.pg_schema`); and the writer lock, a session advisory lock.

The driver is psycopg 3, imported only when a PostgreSQL store is used. Its errors leave
this module as :class:`~storyline.store.dialect.StoreError` (or
:class:`~storyline.store.dialect.StoreIntegrityError`), so callers need not import it; a
store that cannot be reached or used is a :class:`~storyline.errors.ConfigError` whose one
line names the store URL without its password.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.errors import ConfigError
from storyline.reasons import quoted
from storyline.store import pg_schema
from storyline.store.dialect import StoreError, StoreIntegrityError, redacted, to_postgres
from storyline.store.schema import SCHEMA_VERSION, check_version

__all__ = ["Connection", "connect", "upgrade", "writer_lock"]

LOCK_KEY = 0x53544C4E  # "STLN": the writer lock of the store in the connection's schema
CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise


def _reason(error: BaseException, url: str) -> str:
    """The driver's reason, one line, without the password."""
    text = str(error).strip().splitlines()
    line = text[0].strip() if text else type(error).__name__
    try:
        from urllib.parse import urlsplit

        secret = urlsplit(url).password
    except ValueError:
        secret = None
    return line.replace(secret, "***") if secret else line


def _refused(url: str, error: BaseException) -> ConfigError:
    return ConfigError(f"cannot use the store {quoted(redacted(url))}: {_reason(error, url)}")


def _driver():
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise ConfigError("a postgresql:// store needs the package psycopg (pip install 'psycopg[binary]')") from None
    return psycopg


def _open(url: str) -> Any:
    """A psycopg connection in autocommit mode; ConfigError when it cannot be made."""
    psycopg = _driver()
    options: dict[str, Any] = {"autocommit": True}
    if "connect_timeout" not in url:
        options["connect_timeout"] = CONNECT_TIMEOUT
    try:
        return psycopg.connect(url, **options)
    except (psycopg.Error, ValueError) as error:
        raise _refused(url, error) from None


@contextlib.contextmanager
def _mapped(psycopg) -> Iterator[None]:
    """psycopg's errors as the store's."""
    try:
        yield
    except psycopg.IntegrityError as error:
        raise StoreIntegrityError(_reason(error, "")) from error
    except psycopg.Error as error:
        raise StoreError(_reason(error, "")) from error


class Cursor:
    """The result of one statement, as a sqlite3 cursor shows it."""

    def __init__(self, cursor: Any, returning: bool) -> None:
        self._cursor = cursor
        self.lastrowid: int | None = None
        if returning:
            row = cursor.fetchone()
            self.lastrowid = int(row[0]) if row else None
        self.rowcount = cursor.rowcount
        self.description = None if returning or cursor.description is None else [
            (column.name, None, None, None, None, None, None) for column in cursor.description]

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self.description else None

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self.description else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())


class Connection:
    """A psycopg connection that takes the store's SQL (SQLite's words)."""

    def __init__(self, raw: Any, url: str) -> None:
        self._raw = raw
        self.url = url
        self._psycopg = _driver()

    @property
    def in_transaction(self) -> bool:
        return self._raw.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: tuple | list | dict = ()) -> Cursor:
        """One statement. Its parameters are bound by the client, as literals: PostgreSQL
        cannot type a parameter that is only tested (``:story IS NULL``), SQLite needs not."""
        text, returning = to_postgres(sql)
        with _mapped(self._psycopg):
            cursor = self._psycopg.ClientCursor(self._raw)
            cursor.execute(text, params if isinstance(params, dict) else tuple(params))
            return Cursor(cursor, returning)

    def executemany(self, sql: str, rows: Iterable[tuple | dict]) -> None:
        """One statement over many rows, bound by the server (in a pipeline)."""
        rows = list(rows)
        if not rows:
            return
        text, _ = to_postgres(sql)
        with _mapped(self._psycopg):
            self._raw.cursor().executemany(text, rows)

    def json_value(self, value: Any) -> Any:
        """A claim's number as the JSON text its column holds; None stays SQL NULL."""
        return None if value is None else json.dumps(value)

    def close(self) -> None:
        self._raw.close()


def connect(url: str, *, readonly: bool) -> Connection:
    """Open the store at ``url``: make its schema when the database (its current schema) is
    empty and the store is opened for writing; refuse a database that holds other tables, a
    store a newer storyline made, and (``readonly``) a database with no store yet."""
    db = Connection(_open(url), url)
    try:
        _prepare(db, url, readonly)
        if readonly:
            db.execute("SET default_transaction_read_only = on")
    except StoreError as error:
        db.close()
        raise _refused(url, error) from None
    except BaseException:
        db.close()
        raise
    return db


def _stored_version(db: Connection) -> int | None:
    """The store's schema version; None for an empty schema. ConfigError for other tables."""
    if db.execute("SELECT to_regclass('storyline_store')").fetchone()[0] is None:
        others = db.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchone()[0]
        if others:
            raise ConfigError(f"{quoted(redacted(db.url))} is not a storyline store (its schema holds other tables)")
        return None
    row = db.execute("SELECT application, version FROM storyline_store").fetchone()
    if row is None or row[0] != pg_schema.APPLICATION:
        raise ConfigError(f"{quoted(redacted(db.url))} is not a storyline store")
    return int(row[1])


def _prepare(db: Connection, url: str, readonly: bool) -> None:
    version = _stored_version(db)
    if version is None and readonly:
        raise ConfigError(f"no store at {quoted(redacted(url))} (the database holds none yet)")
    if version is None:
        db.execute("BEGIN")
        try:  # one maker at a time: another may have made it meanwhile
            db.execute("SELECT pg_advisory_xact_lock(?, 0)", (LOCK_KEY + 1,))
            if _stored_version(db) is None:
                with _mapped(db._psycopg):
                    db._raw.execute(pg_schema.SCRIPT)
                db.execute("INSERT INTO storyline_store VALUES (?, ?)", (pg_schema.APPLICATION, SCHEMA_VERSION))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return
    check_version(version, redacted(url))
    if version < SCHEMA_VERSION:
        _migrate(db, url, version, readonly)


def upgrade(url: str) -> tuple[int, int] | None:
    """Migrate the store at ``url`` when an older storyline made it: ``(old, new)`` schema
    versions, or None when there is nothing to do (no store yet, already current)."""
    db = Connection(_open(url), url)
    try:
        version = _stored_version(db)
        if version is None or version >= SCHEMA_VERSION:
            return None
        _migrate(db, url, version, readonly=False)
        return version, SCHEMA_VERSION
    except StoreError as error:
        raise _refused(url, error) from None
    finally:
        db.close()


def _migrate(db: Connection, url: str, version: int, readonly: bool) -> None:
    """Bring a store made at an older version to the current one, in one transaction (one
    migrator at a time); refused when reading only, or when no migration starts at its version."""
    if version not in pg_schema.MIGRATIONS:
        raise ConfigError(f"the store {quoted(redacted(url))} has schema version {version}, which cannot be migrated")
    if readonly:
        raise ConfigError(f"the store {quoted(redacted(url))} was written by an older storyline: "
                          "build into it once to upgrade it")
    db.execute("BEGIN")
    try:
        db.execute("SELECT pg_advisory_xact_lock(?, 0)", (LOCK_KEY + 1,))
        version = _stored_version(db) or SCHEMA_VERSION  # another process may have migrated it meanwhile
        for step in range(version, SCHEMA_VERSION):
            with _mapped(db._psycopg):
                db._raw.execute(pg_schema.MIGRATIONS[step])
        db.execute("UPDATE storyline_store SET version = ?", (SCHEMA_VERSION,))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def writer_lock(url: str, timeout: float, busy: type[ConfigError]) -> Iterator[None]:
    """Hold the store's writer lock (a session advisory lock on a connection of its own) for
    the block; ``busy`` (an error) when another session holds it for longer than ``timeout``."""
    db = Connection(_open(url), url)
    try:
        deadline = time.monotonic() + timeout
        try:
            while not db.execute("SELECT pg_try_advisory_lock(?, hashtext(current_schema()))",
                                 (LOCK_KEY,)).fetchone()[0]:
                if time.monotonic() >= deadline:
                    raise busy(f"the store {quoted(redacted(url))} is being updated by another process")
                time.sleep(0.1)
        except StoreError as error:
            raise _refused(url, error) from None
        yield
    finally:
        db.close()  # the session ends: its advisory lock goes with it
