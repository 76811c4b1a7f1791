"""The corpus tables: the last pile a build wrote, as plain SQL tables.

Written by :func:`storyline.store.corpus.write_pile`, read by :mod:`storyline.store.query`
(and by anyone with ``sqlite3``). Columns holding a list hold it as a JSON array
(``keywords``, ``sources``, ``aliases``, ``documents``, ``lines``); booleans are 0/1;
``position`` keeps the order of the pile (documents, stories) or of the story (its
events, quotes, entities, claims), so that every read is in a fixed order.

- ``documents``: one row per usable document of the pile (its id, where it came from, its
  metadata, publication date and evidence, duplicate link, language, text and text hash);
  ``documents_fts`` indexes its title and text (FTS5).
- ``duplicates``: the members of each duplicate group (``canonical`` is the copy kept).
- ``stories``: one row per story: id, label, keywords, first/last publication day and
  how many documents, events, quotes, entities and claims it has;
  ``story_documents``: which documents a story is told from.
- ``events``: a story's timeline lines (``lines``: the summary sentences; ``text``: the
  same joined by newlines, indexed by ``events_fts``), sources and independent count;
  ``evidence``: the document spans behind each line of an event (``event`` is the event's
  ``position``, ``line`` the index in its ``lines``).
- ``quotes``: who said what, with the earliest date and the documents that carry it.
- ``entities``: people, organisations and places, with their aliases and mentions;
  ``entity_names`` (schema version 3): each one's name and aliases case-folded, one row
  each, indexed (who "Gaddafi" is, in each story).
- ``claims``: the number ledger (the fields of ``timeline.json``'s claims).
- ``runs`` (kept from version 1): each build's configuration and summary.

Schema version 6 (:data:`POSITION_TABLES`) adds to ``quotes`` the day the words were said
(``said_on``) and what dates it (``said_on_evidence``), and two tables:

- ``positions``: one row per speaker and question (:class:`~storyline.model.Position`):
  ``speaker``, ``question``, ``terms`` (JSON list), ``first``/``last`` (the earliest and latest
  day a statement was said), how many ``statements``, ``shifts`` and ``reiterations``, and
  ``data``: the whole position as ``timeline.json`` gives it (its statements in order, each
  with its document span and date; its marks, each naming the two statements and why);
- ``comparisons``: one row per thing independent outlets report (:class:`~storyline.model.Comparison`):
  ``kind`` (figure, date, speaker), ``about``, ``day``, ``disagree`` (0/1: more than one
  side), how many ``sides`` and independent ``outlets`` in all, and ``data``: the comparison
  as ``timeline.json`` gives it (each side's value, outlets and accounts).
"""

from __future__ import annotations

__all__ = ["CORPUS_TABLES", "POSITION_TABLES", "STORY_TABLES"]

# the tables whose rows belong to one story (column ``story``), stories itself included
STORY_TABLES = ("stories", "story_documents", "events", "evidence", "quotes", "entities", "entity_names", "claims",
                "positions", "comparisons")

CORPUS_TABLES = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    published_evidence TEXT,
    published_inferred INTEGER NOT NULL,
    duplicate_of TEXT,
    language TEXT,
    text_hash TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TABLE duplicates (
    canonical TEXT NOT NULL,
    member TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (canonical, member)
);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    label TEXT,
    keywords TEXT NOT NULL,
    first TEXT,
    last TEXT,
    documents INTEGER NOT NULL,
    events INTEGER NOT NULL,
    quotes INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    claims INTEGER NOT NULL
);
CREATE TABLE story_documents (
    story TEXT NOT NULL,
    document TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (story, document)
);
CREATE INDEX story_documents_document ON story_documents (document);
CREATE TABLE events (
    story TEXT NOT NULL,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    lines TEXT NOT NULL,
    text TEXT NOT NULL,
    planned INTEGER NOT NULL,
    background INTEGER NOT NULL,
    sources TEXT NOT NULL,
    independent INTEGER NOT NULL,
    UNIQUE (story, position)
);
CREATE INDEX events_date ON events (date);
CREATE VIRTUAL TABLE events_fts USING fts5(text, content='events', content_rowid='rowid');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO events_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TABLE evidence (
    story TEXT NOT NULL,
    event INTEGER NOT NULL,
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    document TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    dated_by TEXT NOT NULL,
    PRIMARY KEY (story, event, position)
);
CREATE TABLE quotes (
    story TEXT NOT NULL,
    position INTEGER NOT NULL,
    speaker TEXT,
    text TEXT NOT NULL,
    direct INTEGER NOT NULL,
    date TEXT,
    documents TEXT NOT NULL,
    PRIMARY KEY (story, position)
);
CREATE TABLE entities (
    story TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    roles TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    documents TEXT NOT NULL,
    PRIMARY KEY (story, position)
);
CREATE TABLE claims (
    story TEXT NOT NULL,
    position INTEGER NOT NULL,
    value,  -- an integer or a real, as found (no type: kept as given)
    low,
    high,
    qualifier TEXT,
    unit TEXT,
    what TEXT,
    attributed_to TEXT,
    attributed_evidence TEXT,
    date TEXT,
    date_evidence TEXT,
    document TEXT,
    "start" INTEGER,
    "end" INTEGER,
    text TEXT,
    sentence_start INTEGER,
    sentence_end INTEGER,
    series TEXT,
    kind TEXT,
    kind_evidence TEXT,
    subject TEXT,
    subject_evidence TEXT,
    PRIMARY KEY (story, position)
);
"""

# the claim columns filled from Claim.to_dict() (its "sentence" span goes to sentence_start/_end)
CLAIM_COLUMNS = ("value", "low", "high", "qualifier", "unit", "what", "attributed_to", "attributed_evidence",
                 "date", "date_evidence", "document", "start", "end", "text", "series", "kind", "kind_evidence",
                 "subject", "subject_evidence")

# schema version 6: when a quote was said; positions and comparisons (their nested parts as JSON).
# Like versions 4 and 5 it leaves alone what a store already has (a column added is skipped
# by the migration when there; PostgreSQL says ADD COLUMN IF NOT EXISTS)
POSITION_TABLES = """
ALTER TABLE quotes ADD COLUMN said_on TEXT;
ALTER TABLE quotes ADD COLUMN said_on_evidence TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS positions (
    story TEXT NOT NULL,
    position INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    question TEXT NOT NULL,
    terms TEXT NOT NULL,
    first TEXT,
    last TEXT,
    statements INTEGER NOT NULL,
    shifts INTEGER NOT NULL,
    reiterations INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (story, position)
);
CREATE INDEX IF NOT EXISTS positions_speaker ON positions (speaker, story);
CREATE TABLE IF NOT EXISTS comparisons (
    story TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    about TEXT NOT NULL,
    day TEXT,
    disagree INTEGER NOT NULL,
    sides INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (story, position)
);
"""
