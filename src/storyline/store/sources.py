"""The store's sources (schema version 4): the feeds followed, every URL an update tried, and
the raw documents fetched, read and written with parameterised SQL only.

- ``feeds``: one row per source followed (``kind``: rss, atom, sitemap, urls, or ``auto``
  until the first fetch tells), with the validators of its last complete read (``etag``,
  ``last_modified``) for a conditional request, and the outcome of its last check
  (``status``: ok, not-modified, refused or failed, with ``reason`` and ``code``);
- ``fetched``: one row per URL an update tried (``status`` ok, refused or failed, with the
  reason and reason code of a refusal); a URL fetched ``ok`` is never fetched again;
- ``raw_documents``: each document fetched, as ingest reads it (a
  :class:`~storyline.model.RawDocument`), with when and by which update it was added.

Each document is written with its ``fetched`` row in one transaction, so an update that
dies keeps everything it fetched before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.model import RawDocument
from storyline.model.json_types import JSONObject

if TYPE_CHECKING:
    from storyline.store import Store

__all__ = [
    "FEED_COLUMNS", "delete_feed", "feed", "feeds", "fetched", "fetched_ok", "insert_feed", "put_document",
    "put_fetched", "raw_documents", "update_feed",
]

FEED_COLUMNS = ("id", "url", "kind", "added", "etag", "last_modified", "checked", "status", "reason", "code", "title")
_FETCHED_COLUMNS = ("url", "feed", "first_seen", "fetched", "status", "reason", "code", "etag", "last_modified",
                    "content_hash")
_BATCH = 500  # SQL parameters per IN (...) list


def insert_feed(store: Store, url: str, kind: str, added: str) -> int:
    """Add a feed row; its id. One of :data:`~storyline.store.INTEGRITY_ERRORS` when ``url``
    is already a feed."""
    with store.transaction() as db:
        cursor = db.execute("INSERT INTO feeds (url, kind, added) VALUES (?, ?, ?)", (url, kind, added))
        return int(cursor.lastrowid or 0)


def feeds(store: Store) -> list[JSONObject]:
    """Every feed, in id order, each with ``documents``: how many of its URLs were fetched."""
    columns = ", ".join(f"f.{name}" for name in FEED_COLUMNS)
    return store.rows(
        f"SELECT {columns}, (SELECT COUNT(*) FROM fetched x WHERE x.feed = f.id AND x.status = 'ok') AS documents "
        "FROM feeds f ORDER BY f.id")


def feed(store: Store, url_or_id: str | int) -> JSONObject | None:
    """The feed with this id (an int, or text of digits) or URL; None if there is none."""
    columns = ", ".join(FEED_COLUMNS)
    if isinstance(url_or_id, int) or str(url_or_id).isdigit():
        rows = store.rows(f"SELECT {columns} FROM feeds WHERE id = ?", (int(url_or_id),))
        if rows:
            return rows[0]
    rows = store.rows(f"SELECT {columns} FROM feeds WHERE url = ?", (str(url_or_id),))
    return rows[0] if rows else None


def delete_feed(store: Store, feed_id: int) -> None:
    """Remove a feed; what it brought stays (its ``fetched`` rows lose the link)."""
    with store.transaction() as db:
        db.execute("UPDATE fetched SET feed = NULL WHERE feed = ?", (feed_id,))
        db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))


def update_feed(store: Store, feed_id: int, **values: str | None) -> None:
    """Set some of a feed's columns (``kind``, ``etag``, ``last_modified``, ``checked``,
    ``status``, ``reason``, ``code``, ``title``)."""
    wrong = set(values) - set(FEED_COLUMNS[2:])
    if wrong:
        raise ValueError(f"not a feed column: {', '.join(sorted(wrong))}")
    if values:
        names = sorted(values)
        assignments = ", ".join(f"{name} = ?" for name in names)
        with store.transaction() as db:
            db.execute(f"UPDATE feeds SET {assignments} WHERE id = ?", (*(values[n] for n in names), feed_id))


def fetched(store: Store, feed_id: int | None = None) -> list[JSONObject]:
    """The ``fetched`` rows (of one feed when ``feed_id`` is given), by first seen, then URL."""
    columns = ", ".join(_FETCHED_COLUMNS)
    if feed_id is None:
        return store.rows(f"SELECT {columns} FROM fetched ORDER BY first_seen, url")
    return store.rows(f"SELECT {columns} FROM fetched WHERE feed = ? ORDER BY first_seen, url", (feed_id,))


def fetched_ok(store: Store, urls: Iterable[str]) -> set[str]:
    """Those of ``urls`` already fetched with status ok."""
    wanted = list(dict.fromkeys(urls))
    found: set[str] = set()
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        marks = ", ".join("?" * len(batch))
        rows = store.rows(f"SELECT url FROM fetched WHERE status = 'ok' AND url IN ({marks})", tuple(batch))
        found.update(str(row["url"]) for row in rows)
    return found


_UPSERT_FETCHED = """
INSERT INTO fetched (url, feed, first_seen, fetched, status, reason, code, etag, last_modified, content_hash)
VALUES (:url, :feed, :when, :when, :status, :reason, :code, :etag, :last_modified, :content_hash)
ON CONFLICT (url) DO UPDATE SET feed = COALESCE(excluded.feed, fetched.feed), fetched = excluded.fetched,
    status = excluded.status, reason = excluded.reason, code = excluded.code, etag = excluded.etag,
    last_modified = excluded.last_modified, content_hash = excluded.content_hash
"""


def put_fetched(store: Store, url: str, feed_id: int | None, when: str, status: str, *, reason: str | None = None,
                code: str | None = None, etag: str | None = None, last_modified: str | None = None) -> None:
    """Record what fetching ``url`` gave (``first_seen`` is kept from the first time)."""
    with store.transaction() as db:
        db.execute(_UPSERT_FETCHED, {"url": url, "feed": feed_id, "when": when, "status": status, "reason": reason,
                                     "code": code, "etag": etag, "last_modified": last_modified,
                                     "content_hash": None})


def put_document(store: Store, doc: RawDocument, feed_id: int | None, when: str, update_id: int | None, *,
                 etag: str | None = None, last_modified: str | None = None) -> bool:
    """Store a fetched document and its ``fetched`` row (status ok) in one transaction; False
    (and nothing stored in ``raw_documents``) when a document with its id is already there."""
    content_hash = doc.content_hash
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO raw_documents (id, source, kind, body, meta, content_hash, added, update_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (doc.id, doc.source, doc.kind, doc.body, json.dumps(doc.meta, ensure_ascii=False, sort_keys=True),
             content_hash, when, update_id))
        db.execute(_UPSERT_FETCHED, {"url": doc.id, "feed": feed_id, "when": when, "status": "ok", "reason": None,
                                     "code": None, "etag": etag, "last_modified": last_modified,
                                     "content_hash": content_hash})
        return cursor.rowcount == 1


def raw_documents(store: Store, *, update_id: int | None = None) -> list[RawDocument]:
    """The raw documents (only those update ``update_id`` added, when given), in (added, id) order."""
    sql = "SELECT id, source, kind, body, meta FROM raw_documents"
    params: tuple = ()
    if update_id is not None:
        sql, params = sql + " WHERE update_id = ?", (update_id,)
    rows = store.rows(sql + " ORDER BY added, id", params)
    return [RawDocument(id=str(r["id"]), source=str(r["source"]), kind=str(r["kind"]), body=str(r["body"]),
                        meta=json.loads(str(r["meta"]))) for r in rows]
