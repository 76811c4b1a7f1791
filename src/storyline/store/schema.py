"""The store's schema version and its migrations.

A storyline store says what it is in its SQLite header: ``PRAGMA application_id`` is
:data:`APPLICATION_ID` and ``PRAGMA user_version`` the schema version it was written in.
A store made before versions were recorded (version 1: the per-stage cache tables
``cleaned``, ``parses``, ``timexes``, ``attributions``, ``story_states`` and ``runs``) has
neither; it is told by its tables.

:data:`MIGRATIONS` is the ordered list of SQL scripts, the n-th bringing a store from
version n-1 to version n. Opening a store applies the ones it lacks in ONE transaction
(all or nothing), then records the new version. A store of a newer version than this code
knows is refused (:class:`~storyline.errors.ConfigError`); so is an SQLite file that is
not a storyline store.

Version 2 drops the version-1 cache tables (their keys are not the generic cache's keys,
so they cannot be moved; the next run fills the new table again), keeps ``runs``, and adds
the generic ``cache`` and ``state`` tables and the corpus tables (:mod:`.tables`).
Version 3 adds ``entity_names`` (each entity's names and aliases, case-folded, indexed),
filled from the entities a version-2 store holds.
Version 4 adds the living store (:mod:`.sources`): ``feeds`` (the sources followed),
``fetched`` (every URL an update tried, with its outcome), ``raw_documents`` (what was
fetched, before cleaning), ``updates`` (each update run) and ``story_news`` (what an
update brought to each story).
Version 5 adds ``generation``: one counter that every change to a table the server's pages
read moves (triggers), read by ``storyline serve`` to know when its cached pages are stale.
Version 6 adds when each quote was said (``quotes.said_on``, ``said_on_evidence``: empty for
the quotes of an older store, which are then ordered by their earliest publication day) and
each story's ``positions`` and ``comparisons`` (:mod:`.tables`), both moving ``generation``.
"""

from __future__ import annotations

import re
import sqlite3

from storyline.errors import ConfigError
from storyline.reasons import quoted
from storyline.store.tables import CORPUS_TABLES, POSITION_TABLES

__all__ = ["APPLICATION_ID", "GENERATION_TABLES", "MIGRATIONS", "SCHEMA_VERSION", "migrate", "stored_version", "statements"]

APPLICATION_ID = 0x53544C4E  # "STLN"

V1_TABLES = ("cleaned", "parses", "timexes", "attributions", "story_states", "runs")

_V1 = """
CREATE TABLE IF NOT EXISTS cleaned (key TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, parse TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS timexes (key TEXT PRIMARY KEY, timexes TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attributions (key TEXT PRIMARY KEY, found TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_states (key TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config TEXT NOT NULL,
    summary TEXT NOT NULL
);
"""

_V2 = """
DROP TABLE IF EXISTS cleaned;
DROP TABLE IF EXISTS parses;
DROP TABLE IF EXISTS timexes;
DROP TABLE IF EXISTS attributions;
DROP TABLE IF EXISTS story_states;
CREATE TABLE cache (
    stage TEXT NOT NULL,
    version TEXT NOT NULL,
    config TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (stage, version, config, key)
) WITHOUT ROWID;
CREATE TABLE state (
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (stage, key)
) WITHOUT ROWID;
""" + CORPUS_TABLES

# Version 3: every name and alias of a story's entities, case-folded, one row each, so that
# "quotes by this speaker" is an index lookup (filled from the entities already stored)
_V3 = """
CREATE TABLE entity_names (
    story TEXT NOT NULL,
    entity INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (story, entity, name)
) WITHOUT ROWID;
CREATE INDEX entity_names_name ON entity_names (name, story);
INSERT OR IGNORE INTO entity_names
    SELECT story, position, casefold(name) FROM entities
    UNION SELECT e.story, e.position, casefold(a.value) FROM entities e, json_each(e.aliases) a;
"""

# Version 4: sources that update. ``feeds.kind`` is rss, atom, sitemap, urls, or auto until
# the first fetch tells; ``fetched.status`` is ok, refused, failed or not-modified; dates are
# ISO 8601 UTC text; ``meta``, ``summary`` and ``detail`` are JSON objects.
_V4 = """
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT UNIQUE NOT NULL,
    kind TEXT NOT NULL,
    added TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    checked TEXT,
    status TEXT,
    reason TEXT,
    code TEXT,
    title TEXT
);
CREATE TABLE IF NOT EXISTS fetched (
    url TEXT PRIMARY KEY,
    feed INTEGER,
    first_seen TEXT,
    fetched TEXT,
    status TEXT,
    reason TEXT,
    code TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT
);
CREATE INDEX IF NOT EXISTS fetched_feed ON fetched (feed, status);
CREATE TABLE IF NOT EXISTS raw_documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    meta TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    added TEXT NOT NULL,
    update_id INTEGER
);
CREATE INDEX IF NOT EXISTS raw_documents_added ON raw_documents (added, id);
CREATE INDEX IF NOT EXISTS raw_documents_update ON raw_documents (update_id);
CREATE TABLE IF NOT EXISTS updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS story_news (
    update_id INTEGER NOT NULL,
    story TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_news_update ON story_news (update_id, story, position);
CREATE INDEX IF NOT EXISTS story_news_story ON story_news (story, update_id);
"""

# Version 5: a counter every change to what the server shows moves (one trigger per table and
# kind of change), so a reader can tell in one lookup whether what it rendered is still what
# the store holds (storyline serve's page cache). The cache, state, raw documents and fetch
# log do not move it: an update's fetching and caching leave the pages as they are.
_V5_GENERATION_TABLES = ("documents", "duplicates", "stories", "story_documents", "events", "evidence", "quotes",
                         "entities", "entity_names", "claims", "feeds", "updates", "story_news")


def _generation_triggers(tables: tuple[str, ...]) -> str:
    return "".join(f"CREATE TRIGGER IF NOT EXISTS {table}_{change.lower()}_generation AFTER {change} ON {table} "
                   f"BEGIN UPDATE generation SET n = n + 1; END;\n"
                   for table in tables for change in ("INSERT", "UPDATE", "DELETE"))


_V5 = "CREATE TABLE IF NOT EXISTS generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);\n" \
      "INSERT OR IGNORE INTO generation VALUES (1, 0);\n" + _generation_triggers(_V5_GENERATION_TABLES)

# Version 6: when a quote was said, and each speaker's positions and what outlets report alike
# or differently (see .tables); the new tables move the generation as the others do
_V6 = POSITION_TABLES + _generation_triggers(("positions", "comparisons"))
GENERATION_TABLES = (*_V5_GENERATION_TABLES, "positions", "comparisons")

# MIGRATIONS[n - 1] brings a store from version n - 1 to version n
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """The complete SQL statements of ``script``, in order (a trigger's body is one statement
    with its own semicolons)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]!r}")
    return out


def stored_version(db: sqlite3.Connection, path: str) -> int:
    """The schema version of the open database: 0 for an empty one, 1 for a store written
    before versions were recorded. Raises ConfigError for an SQLite file that is not a
    storyline store."""
    application = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if application == APPLICATION_ID:
        return version
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application == 0 and version == 0 and not tables:
        return 0
    if application == 0 and version == 0 and {"cleaned", "runs"} <= tables:
        return 1
    raise ConfigError(f"{quoted(path)} is not a storyline store")


def check_version(version: int, path: str) -> None:
    if version > SCHEMA_VERSION:
        raise ConfigError(f"the store {quoted(path)} was written by a newer storyline (schema version "
                          f"{version}; this one knows up to {SCHEMA_VERSION}): upgrade storyline or use another store")


_ADD_COLUMN = re.compile(r"^ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", re.IGNORECASE)


def _has_column(db: sqlite3.Connection, statement: str) -> bool:
    """Is ``statement`` an ADD COLUMN of a column the table has already (SQLite has no
    ADD COLUMN IF NOT EXISTS)?"""
    adds = _ADD_COLUMN.match(statement)
    return bool(adds) and adds[2] in {row[1] for row in db.execute(f"PRAGMA table_info({adds[1]})")}


def migrate(db: sqlite3.Connection, path: str) -> int:
    """Bring the store to :data:`SCHEMA_VERSION` in one transaction; returns the version it
    had. ``db`` is in autocommit mode (``isolation_level=None``). A no-op when up to date."""
    version = stored_version(db, path)
    check_version(version, path)
    if version == SCHEMA_VERSION:
        return version
    db.execute("BEGIN IMMEDIATE")
    try:
        version = stored_version(db, path)  # another process may have migrated it meanwhile
        check_version(version, path)
        for script in MIGRATIONS[version:]:
            for statement in statements(script):
                if not _has_column(db, statement):
                    db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return version
