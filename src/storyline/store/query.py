"""Reading the corpus tables back: each function returns plain, JSON-ready dicts in a fixed
order. Parameterised SQL only: what a user types is a bound value, never SQL; a phrase to
match is given to FTS5 as one quoted phrase, never as FTS5 syntax.

The functions take a :class:`~storyline.store.Store` (``Store(path, readonly=True)``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from storyline.model.json_types import JSONObject

if TYPE_CHECKING:
    from storyline.store import Store

__all__ = ["KINDS", "claims", "documents", "entities", "events", "fts_phrase", "quotes", "stories"]

_LISTS = ("keywords", "lines", "sources", "aliases", "roles", "documents")
_NO_LIMIT = -1  # SQLite's LIMIT -1: every row


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase (its words in order), whatever characters it holds:
    ``say "no" AND x`` -> ``"say ""no"" AND x"``."""
    return '"' + text.replace('"', '""') + '"'


def _limit(limit: int | None) -> int:
    return _NO_LIMIT if limit is None else max(0, int(limit))


def _decoded(rows: list[JSONObject], booleans: tuple[str, ...] = ()) -> list[JSONObject]:
    for row in rows:
        for name in _LISTS:
            if isinstance(row.get(name), str):
                row[name] = json.loads(row[name])
        for name in booleans:
            row[name] = bool(row[name])
    return rows


def stories(store: Store, limit: int | None = None) -> list[JSONObject]:
    """Every story, in the pile's order: id, label, keywords, first/last publication day
    and its counts."""
    return _decoded(store.rows(
        "SELECT id, label, keywords, first, last, documents, events, quotes, entities, claims "
        "FROM stories ORDER BY position LIMIT ?", (_limit(limit),)))


def events(store: Store, story: str | None = None, match: str | None = None, since: str | None = None,
           until: str | None = None, limit: int | None = None) -> list[JSONObject]:
    """Timeline events in story and timeline order, each with its evidence; ``match``: a
    phrase its lines contain (FTS5); ``since``/``until``: bounds on the date (compared as
    ``YYYY-MM-DD`` text, inclusive)."""
    where, params = ["(:story IS NULL OR e.story = :story)",
                     "(:since IS NULL OR e.date >= :since)", "(:until IS NULL OR e.date <= :until)"], {
        "story": story, "since": since, "until": until, "limit": _limit(limit)}
    if match is not None:
        where.append("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :match)")
        params["match"] = fts_phrase(match)
    rows = _decoded(store.rows(
        "SELECT e.story, e.position, e.date, e.lines, e.sources, e.independent, e.planned, e.background "
        f"FROM events e JOIN stories s ON s.id = e.story WHERE {' AND '.join(where)} "
        "ORDER BY s.position, e.position LIMIT :limit", params), ("planned", "background"))
    for row in rows:
        row["evidence"] = store.rows(
            'SELECT line, document, "start", "end", sentence, dated_by FROM evidence '
            "WHERE story = ? AND event = ? ORDER BY position", (row["story"], row["position"]))
    return rows


def quotes(store: Store, speaker: str | None = None, story: str | None = None,
           limit: int | None = None) -> list[JSONObject]:
    """Quotes ordered by date (undated last), then story and position. ``speaker``: matched
    case-insensitively on the quote's speaker, or on the name or any alias of an entity of
    the same story whose name or alias the speaker is."""
    # the speaker as written, or any name of an entity (of the quote's story) that has both
    # the speaker's name and the asked name among its names
    rows = store.rows(
        "SELECT q.story, q.position, q.speaker, q.text, q.direct, q.date, q.documents "
        "FROM quotes q JOIN stories s ON s.id = q.story "
        "WHERE (:story IS NULL OR q.story = :story) AND (:speaker IS NULL "
        "  OR casefold(q.speaker) = casefold(:speaker) "
        "  OR EXISTS (SELECT 1 FROM entity_names asked JOIN entity_names said "
        "             ON said.story = asked.story AND said.entity = asked.entity "
        "             WHERE asked.name = casefold(:speaker) AND asked.story = q.story "
        "             AND said.name = casefold(q.speaker))) "
        "ORDER BY q.date IS NULL, q.date, s.position, q.position LIMIT :limit",
        {"story": story, "speaker": speaker, "limit": _limit(limit)})
    return _decoded(rows, ("direct",))


def documents(store: Store, match: str | None = None, story: str | None = None,
              limit: int | None = None) -> list[JSONObject]:
    """Documents (without their text): with ``match``, those whose title or text has the
    phrase, best match (FTS5 bm25) first, then by id; otherwise in the pile's order.
    ``story``: only the documents the story is told from."""
    columns = ("d.id, d.source, d.url, d.title, d.outlet, d.author, d.published, d.published_evidence, "
               "d.published_inferred, d.duplicate_of, d.language, d.text_hash")
    in_story = "(:story IS NULL OR d.id IN (SELECT document FROM story_documents WHERE story = :story))"
    params: dict[str, str | int | None] = {"story": story, "limit": _limit(limit)}
    if match is None:
        sql = f"SELECT {columns} FROM documents d WHERE {in_story} ORDER BY d.position LIMIT :limit"
    else:
        params["match"] = fts_phrase(match)
        sql = (f"SELECT {columns} FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
               f"WHERE documents_fts MATCH :match AND {in_story} ORDER BY bm25(documents_fts), d.id LIMIT :limit")
    return _decoded(store.rows(sql, params), ("published_inferred",))


def document_text(store: Store, document: str) -> str | None:
    """A document's text (None when the store has no such document)."""
    rows = store.rows("SELECT text FROM documents WHERE id = ?", (document,))
    return rows[0]["text"] if rows else None


def entities(store: Store, story: str | None = None, limit: int | None = None) -> list[JSONObject]:
    """People, organisations and places in story order, each story's as it lists them."""
    return _decoded(store.rows(
        "SELECT e.story, e.name, e.type, e.aliases, e.roles, e.mentions, e.documents "
        "FROM entities e JOIN stories s ON s.id = e.story WHERE (:story IS NULL OR e.story = :story) "
        "ORDER BY s.position, e.position LIMIT :limit", {"story": story, "limit": _limit(limit)}))


def claims(store: Store, story: str | None = None, limit: int | None = None) -> list[JSONObject]:
    """The number ledger's claims in story order."""
    rows = store.rows(
        "SELECT c.* FROM claims c JOIN stories s ON s.id = c.story WHERE (:story IS NULL OR c.story = :story) "
        "ORDER BY s.position, c.position LIMIT :limit", {"story": story, "limit": _limit(limit)})
    for row in rows:
        del row["position"]
    return rows


# what `storyline query DB WHAT` can list, and the options each takes
KINDS = {
    "stories": (stories, ()),
    "events": (events, ("story", "match", "since", "until")),
    "quotes": (quotes, ("story", "speaker")),
    "documents": (documents, ("story", "match")),
    "entities": (entities, ("story",)),
    "claims": (claims, ("story",)),
}
