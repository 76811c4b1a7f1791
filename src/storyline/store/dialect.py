"""Where a store lives and the SQL each kind of store speaks.

A store location is a PostgreSQL URL (``postgresql://`` or ``postgres://``) or else an SQLite
file (``:memory:`` for one in memory). The store's SQL is written once, in SQLite's words,
and :func:`to_postgres` turns it into PostgreSQL's: ``?`` and ``:name`` parameters become
``%s`` and ``%(name)s``, ``INSERT OR IGNORE`` gets ``ON CONFLICT DO NOTHING``, ``json_each``
becomes ``json_array_elements_text``. What cannot be translated word for word (full-text
search, "is there such a table", no LIMIT) is a fragment of the :class:`Dialect` a store has.

Full-text search: SQLite's FTS5 (unicode61 words, ranked by bm25) and PostgreSQL's
tsvector/tsquery (the ``simple`` configuration over the same runs of letters and digits,
GIN-indexed, ranked by ts_rank) find a phrase's words in order, in any case. Differences:
FTS5 also folds diacritics ("e" finds "é") and PostgreSQL does not; the best-match order of
equally good documents may differ between bm25 and ts_rank (ties are then ordered by id).

Errors: the store modules raise the database's own errors; callers that want to catch
"something went wrong in the database" or "that row is already there" without knowing
which database it is catch :data:`DATABASE_ERRORS` or :data:`INTEGRITY_ERRORS`.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["DATABASE_ERRORS", "INTEGRITY_ERRORS", "POSTGRES", "SQLITE", "Dialect", "StoreError",
           "StoreIntegrityError", "is_url", "location", "redacted", "to_postgres"]


class StoreError(Exception):
    """A database error of a PostgreSQL store (the driver's error, as text)."""


class StoreIntegrityError(StoreError):
    """A PostgreSQL store refused a row that breaks a constraint (a second feed with one URL)."""


DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, StoreError)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, StoreIntegrityError)

_URL = re.compile(r"^postgres(?:ql)?:/", re.IGNORECASE)


def is_url(where: str | os.PathLike) -> bool:
    """Is the store location a PostgreSQL URL?"""
    return bool(_URL.match(os.fspath(where)))


def location(where: str | os.PathLike) -> str:
    """The store location as text. A URL that went through :class:`pathlib.Path` (which folds
    ``//`` into ``/``) gets its ``//`` back: ``postgresql:/user@host/db`` ->
    ``postgresql://user@host/db``."""
    text = os.fspath(where)
    if isinstance(where, Path) and is_url(text) and not re.match(r"^[a-z]+://", text, re.IGNORECASE):
        scheme, rest = text.split(":", 1)
        text = f"{scheme}://{rest.lstrip('/')}"
    return text


def redacted(where: str | os.PathLike) -> str:
    """The store location without a password (in the URL or its ``password=`` parameter)."""
    text = location(where)
    if not is_url(text):
        return text
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.split(':', 1)[0]}:***@{host}"
        query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in parse_qsl(parts.query)], safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not even a URL: say only what kind of store it named
        return text.split(":", 1)[0] + "://…"


@dataclass(frozen=True)
class Dialect:
    """The SQL fragments that differ between SQLite and PostgreSQL stores."""

    name: str
    no_limit: int | None  # the LIMIT that means "every row"
    has_table: str  # one parameter: the table's name
    events_match: str  # a condition on events ``e`` with the parameter :match
    documents_match: str  # SELECT {columns} FROM ... d WHERE <match> AND {where} ORDER BY best first
    snapshot: str  # begins a read transaction that sees one committed state

    def phrase(self, text: str) -> str:
        """The :match parameter for a phrase the user typed (never FTS syntax)."""
        return '"' + text.replace('"', '""') + '"' if self.name == "sqlite" else text


SQLITE = Dialect(
    name="sqlite", no_limit=-1,
    has_table="SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
    events_match="e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :match)",
    documents_match="SELECT {columns} FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                    "WHERE documents_fts MATCH :match AND {where} ORDER BY bm25(documents_fts), d.id LIMIT :limit",
    snapshot="BEGIN DEFERRED",
)

POSTGRES = Dialect(
    name="postgresql", no_limit=None,
    has_table="SELECT 1 WHERE to_regclass(?) IS NOT NULL",
    events_match="e.fts @@ phraseto_tsquery('simple', storyline_words(:match))",
    documents_match="SELECT {columns} FROM documents d "
                    "WHERE d.fts @@ phraseto_tsquery('simple', storyline_words(:match)) AND {where} "
                    "ORDER BY ts_rank(d.fts, phraseto_tsquery('simple', storyline_words(:match))) DESC, d.id "
                    "LIMIT :limit",
    snapshot="BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
)

# the parts of a statement: quoted text and names (kept), parameters, and the rest
_TOKENS = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|(\?)|(?<!:):([A-Za-z_]\w*)|(%)|(::)""")
_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_IDENTITY_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(runs|updates|feeds)\b(?!.*\bRETURNING\b)", re.IGNORECASE | re.DOTALL)


@functools.lru_cache(maxsize=512)
def to_postgres(sql: str) -> tuple[str, bool]:
    """``sql`` (SQLite's words) in PostgreSQL's, and whether it returns the new row's ``id``
    (an INSERT into a table with an identity: the ``lastrowid`` SQLite would give)."""
    if re.match(r"^\s*INSERT\s+OR\s+REPLACE\b", sql, re.IGNORECASE):
        raise ValueError("INSERT OR REPLACE has no PostgreSQL translation: use INSERT ... ON CONFLICT DO UPDATE")
    ignore = bool(_IGNORE.match(sql))
    if ignore:
        sql = _IGNORE.sub("INSERT INTO", sql, count=1)
    sql = re.sub(r"\bjson_each\(\?\)", "json_array_elements_text(CAST(? AS json))", sql)

    def token(match: re.Match) -> str:
        quoted, mark, name, percent, cast = match.groups()
        if quoted:  # kept, but for a % (the driver reads %s, %(name)s and %% everywhere)
            return quoted.replace("%", "%%")
        if cast:
            return cast
        if mark:
            return "%s"
        if name:
            return f"%({name})s"
        return "%%"

    out = _TOKENS.sub(token, sql).rstrip().rstrip(";")
    if ignore:
        out += " ON CONFLICT DO NOTHING"
    returning = bool(_IDENTITY_INSERT.match(out))
    if returning:
        out += " RETURNING id"
    return out, returning
