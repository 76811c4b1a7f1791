"""Reading the corpus tables back: each function returns plain, JSON-ready dicts in a fixed
order. Parameterised SQL only: what a user types is a bound value, never SQL; a phrase to
match is given to FTS5 as one quoted phrase, never as FTS5 syntax (to PostgreSQL, as the
text of a ``phraseto_tsquery``). The same SQL reads an SQLite and a PostgreSQL store; the few
fragments that differ (full-text search, "no limit") are the store's
:class:`~storyline.store.dialect.Dialect`.

The functions take a :class:`~storyline.store.Store` (``Store(path, readonly=True)``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from storyline.model.json_types import JSONObject

if TYPE_CHECKING:
    from storyline.store import Store

__all__ = ["KINDS", "claims", "comparisons", "document", "document_evidence", "documents", "entities", "events",
           "evidence_spans", "feeds", "fts_phrase", "generation", "has_table", "position_speakers", "positions",
           "quotes", "snapshot", "speakers", "stories", "stories_by_activity", "story", "updates"]

_LISTS = ("keywords", "lines", "sources", "aliases", "roles", "documents")


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase (its words in order), whatever characters it holds:
    ``say "no" AND x`` -> ``"say ""no"" AND x"``."""
    return '"' + text.replace('"', '""') + '"'


def _limit(store: Store, limit: int | None) -> int | None:
    return store.dialect.no_limit if limit is None else max(0, int(limit))


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
        "FROM stories ORDER BY position LIMIT ?", (_limit(store, limit),)))


def events(store: Store, story: str | None = None, match: str | None = None, since: str | None = None,
           until: str | None = None, limit: int | None = None) -> list[JSONObject]:
    """Timeline events in story and timeline order, each with its evidence; ``match``: a
    phrase its lines contain (FTS5); ``since``/``until``: bounds on the date (compared as
    ``YYYY-MM-DD`` text, inclusive)."""
    where, params = ["(:story IS NULL OR e.story = :story)",
                     "(:since IS NULL OR e.date >= :since)", "(:until IS NULL OR e.date <= :until)"], {
        "story": story, "since": since, "until": until, "limit": _limit(store, limit)}
    if match is not None:
        where.append(store.dialect.events_match)
        params["match"] = store.dialect.phrase(match)
    rows = _decoded(store.rows(
        "SELECT e.story, e.position, e.date, e.lines, e.sources, e.independent, e.planned, e.background "
        f"FROM events e JOIN stories s ON s.id = e.story WHERE {' AND '.join(where)} "
        "ORDER BY s.position, e.position LIMIT :limit", params), ("planned", "background"))
    for row in rows:
        row["evidence"] = store.rows(
            'SELECT line, document, "start", "end", sentence, dated_by FROM evidence '
            "WHERE story = ? AND event = ? ORDER BY position", (row["story"], row["position"]))
    return rows


def _said_by(alias: str) -> str:
    """The condition "``alias``.speaker is :speaker": the speaker as written, or any name of an
    entity (of the row's story) that has both the speaker's name and the asked name among its
    names (case-insensitive)."""
    return (f"(:speaker IS NULL OR casefold({alias}.speaker) = casefold(:speaker) "
            "OR EXISTS (SELECT 1 FROM entity_names asked JOIN entity_names said "
            "ON said.story = asked.story AND said.entity = asked.entity "
            f"WHERE asked.name = casefold(:speaker) AND asked.story = {alias}.story "
            f"AND said.name = casefold({alias}.speaker)))")


def quotes(store: Store, speaker: str | None = None, story: str | None = None,
           limit: int | None = None) -> list[JSONObject]:
    """Quotes ordered by the day they were said (``said_on``; for a quote without one, its
    earliest publication ``date``; undated last), then story and position. ``speaker``:
    matched case-insensitively on the quote's speaker, or on the name or any alias of an
    entity of the same story whose name or alias the speaker is."""
    rows = store.rows(
        "SELECT q.story, q.position, q.speaker, q.text, q.direct, q.date, q.said_on, q.said_on_evidence, "
        "q.documents FROM quotes q JOIN stories s ON s.id = q.story "
        f"WHERE (:story IS NULL OR q.story = :story) AND {_said_by('q')} "
        "ORDER BY COALESCE(q.said_on, q.date) IS NULL, COALESCE(q.said_on, q.date), s.position, q.position "
        "LIMIT :limit",
        {"story": story, "speaker": speaker, "limit": _limit(store, limit)})
    return _decoded(rows, ("direct",))


def positions(store: Store, story: str | None = None, speaker: str | None = None,
              limit: int | None = None) -> list[JSONObject]:
    """Each speaker's positions (their statements on one question, in the order said, with the
    shifts and reiterations marked) in story order, each story's as the build found them:
    ``story``, ``speaker``, ``question``, ``terms``, ``first``/``last`` (the days said),
    ``shifts``, ``reiterations``, and ``statements`` and ``marks`` as ``timeline.json`` gives
    them. ``speaker``: any of the speaker's names, any case (as :func:`quotes`)."""
    rows = store.rows(
        "SELECT p.story, p.first, p.last, p.shifts, p.reiterations, p.data FROM positions p "
        f"JOIN stories s ON s.id = p.story WHERE (:story IS NULL OR p.story = :story) AND {_said_by('p')} "
        "ORDER BY s.position, p.position LIMIT :limit",
        {"story": story, "speaker": speaker, "limit": _limit(store, limit)})
    return [{"story": row["story"], **_object(row["data"]), "first": row["first"], "last": row["last"],
             "shifts": row["shifts"], "reiterations": row["reiterations"]} for row in rows]


def comparisons(store: Store, story: str | None = None, disagree: bool | None = None,
                limit: int | None = None) -> list[JSONObject]:
    """What independent outlets report about one figure, date or statement, in story order,
    each story's as the build found them: ``story``, ``kind``, ``about``, ``day``, ``why``,
    ``disagree`` (more than one side), ``outlets`` (independent outlets, all sides) and
    ``sides`` (each one's ``value``, ``outlets`` and ``accounts``). ``disagree``: only those
    that do (True) or do not (False)."""
    rows = store.rows(
        "SELECT c.story, c.disagree, c.outlets, c.data FROM comparisons c JOIN stories s ON s.id = c.story "
        "WHERE (:story IS NULL OR c.story = :story) AND (:disagree IS NULL OR c.disagree = :disagree) "
        "ORDER BY s.position, c.position LIMIT :limit",
        {"story": story, "disagree": None if disagree is None else int(disagree), "limit": _limit(store, limit)})
    return [{"story": row["story"], **_object(row["data"]), "disagree": bool(row["disagree"]),
             "outlets": row["outlets"]} for row in rows]


def documents(store: Store, match: str | None = None, story: str | None = None,
              limit: int | None = None) -> list[JSONObject]:
    """Documents (without their text): with ``match``, those whose title or text has the
    phrase, best match (FTS5 bm25) first, then by id; otherwise in the pile's order.
    ``story``: only the documents the story is told from."""
    columns = ("d.id, d.source, d.url, d.title, d.outlet, d.author, d.published, d.published_evidence, "
               "d.published_inferred, d.duplicate_of, d.language, d.text_hash")
    in_story = "(:story IS NULL OR d.id IN (SELECT document FROM story_documents WHERE story = :story))"
    params: dict[str, str | int | None] = {"story": story, "limit": _limit(store, limit)}
    if match is None:
        sql = f"SELECT {columns} FROM documents d WHERE {in_story} ORDER BY d.position LIMIT :limit"
    else:
        params["match"] = store.dialect.phrase(match)
        sql = store.dialect.documents_match.format(columns=columns, where=in_story)
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
        "ORDER BY s.position, e.position LIMIT :limit", {"story": story, "limit": _limit(store, limit)}))


def claims(store: Store, story: str | None = None, limit: int | None = None) -> list[JSONObject]:
    """The number ledger's claims in story order."""
    rows = store.rows(
        "SELECT c.* FROM claims c JOIN stories s ON s.id = c.story WHERE (:story IS NULL OR c.story = :story) "
        "ORDER BY s.position, c.position LIMIT :limit", {"story": story, "limit": _limit(store, limit)})
    for row in rows:
        del row["position"]
        if store.dialect.name == "postgresql":  # the numbers as JSON text (see .pg_schema)
            row.update({name: _number(row[name]) for name in ("value", "low", "high")})
    return rows


def _number(text: object) -> object:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


# what `storyline query DB WHAT` can list, and the options each takes
KINDS = {
    "stories": (stories, ()),
    "events": (events, ("story", "match", "since", "until")),
    "quotes": (quotes, ("story", "speaker")),
    "documents": (documents, ("story", "match")),
    "entities": (entities, ("story",)),
    "claims": (claims, ("story",)),
    "positions": (positions, ("story", "speaker")),
    "comparisons": (comparisons, ("story",)),
}


# --------------------------------------------------------------------------- for `storyline serve`
# Each read below tolerates a store without the tables of the live engine (feeds, updates,
# story_news: schema 4) and says "none yet" by an empty list.

@contextlib.contextmanager
def snapshot(store: Store) -> Iterator[Store]:
    """``with snapshot(store):`` every read inside sees one committed state of the store (a
    read transaction: under WAL a writer's transaction in progress is not seen, half or whole;
    in PostgreSQL a repeatable-read one)."""
    with store.snapshot():
        yield store


def generation(store: Store) -> int | None:
    """The store's change counter (schema 5: moved by every change to what the pages read), or
    None when the store has none."""
    rows = store.rows("SELECT n FROM generation WHERE id = 1")
    return int(rows[0]["n"]) if rows else None


def has_table(store: Store, name: str) -> bool:
    return store.has_table(name)


def story(store: Store, story_id: str) -> JSONObject | None:
    """One story as :func:`stories` lists it, or None."""
    rows = _decoded(store.rows(
        "SELECT id, label, keywords, first, last, documents, events, quotes, entities, claims "
        "FROM stories WHERE id = ?", (story_id,)))
    return rows[0] if rows else None


def stories_by_activity(store: Store, limit: int | None = None) -> list[JSONObject]:
    """Stories, newest activity first: the time of the last update that touched a story (its
    ``story_news``), else its last publication day; ties in the pile's order. Each has
    ``activity``, ``update_id`` (None when no update touched it) and ``news``: what that update
    brought, in its order (``kind``, ``detail``)."""
    columns = "s.id, s.label, s.keywords, s.first, s.last, s.documents, s.events, s.quotes, s.entities, s.claims"
    if not (has_table(store, "story_news") and has_table(store, "updates")):
        rows = store.rows(f"SELECT {columns}, s.last AS activity, NULL AS update_id FROM stories s "
                          "ORDER BY s.last IS NULL, s.last DESC, s.position LIMIT ?", (_limit(store, limit),))
        return [{**row, "news": []} for row in _decoded(rows)]
    rows = _decoded(store.rows(
        f"SELECT {columns}, COALESCE(u.finished, u.started, s.last) AS activity, n.update_id "
        "FROM stories s LEFT JOIN (SELECT story, MAX(update_id) AS update_id FROM story_news GROUP BY story) n "
        "ON n.story = s.id LEFT JOIN updates u ON u.id = n.update_id "
        "ORDER BY COALESCE(u.finished, u.started, s.last) IS NULL, COALESCE(u.finished, u.started, s.last) DESC, "
        "s.position LIMIT ?", (_limit(store, limit),)))
    news: dict[str, list[JSONObject]] = {}
    for item in store.rows(
            "SELECT n.story, n.kind, n.detail FROM story_news n JOIN (SELECT story, MAX(update_id) AS update_id "
            "FROM story_news GROUP BY story) latest ON latest.story = n.story AND latest.update_id = n.update_id "
            "ORDER BY n.story, n.position"):
        news.setdefault(item["story"], []).append({"kind": item["kind"], "detail": _object(item["detail"])})
    return [{**row, "news": news.get(row["id"], [])} for row in rows]


def _object(text: str | None) -> JSONObject:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {"text": str(value)}


def document(store: Store, document_id: str) -> JSONObject | None:
    """One document with its text, and the stories told from it (``stories``: ids)."""
    rows = _decoded(store.rows(
        "SELECT id, source, url, title, outlet, author, published, published_evidence, published_inferred, "
        "duplicate_of, language, text_hash, text FROM documents WHERE id = ?", (document_id,)), ("published_inferred",))
    if not rows:
        return None
    found = store.rows("SELECT sd.story FROM story_documents sd JOIN stories s ON s.id = sd.story "
                       "WHERE sd.document = ? ORDER BY s.position", (document_id,))
    return {**rows[0], "stories": [r["story"] for r in found]}


def evidence_spans(store: Store, document_ids: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Per document, the evidence spans of any story that match its text, sorted and merged
    where they overlap or touch (as the static report highlights them)."""
    rows = store.rows(
        'SELECT DISTINCT e.document, e."start", e."end" FROM evidence e JOIN documents d ON d.id = e.document '
        'WHERE e.document IN (SELECT value FROM json_each(?)) AND e."start" >= 0 AND e."end" > e."start" '
        'AND substr(d.text, e."start" + 1, e."end" - e."start") = e.sentence ORDER BY e.document, e."start", e."end"',
        (json.dumps(document_ids),))
    merged: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        out = merged.setdefault(row["document"], [])
        if out and row["start"] <= out[-1][1]:
            out[-1] = (out[-1][0], max(row["end"], out[-1][1]))
        else:
            out.append((row["start"], row["end"]))
    return merged


def document_evidence(store: Store, document_id: str) -> list[JSONObject]:
    """The timeline lines a document backs, in story and timeline order: story, event
    (position), date, line, start, end, sentence."""
    return store.rows(
        'SELECT e.story, e.event, ev.date, e.line, e."start", e."end", e.sentence FROM evidence e '
        "JOIN events ev ON ev.story = e.story AND ev.position = e.event JOIN stories s ON s.id = e.story "
        "WHERE e.document = ? ORDER BY s.position, e.event, e.position", (document_id,))


def speakers(store: Store, story_id: str) -> list[JSONObject]:
    """A story's speakers, the most quoted first: ``speaker`` (None: not established), ``quotes``."""
    return store.rows("SELECT speaker, COUNT(*) AS quotes FROM quotes WHERE story = ? GROUP BY speaker "
                      "ORDER BY speaker IS NULL, quotes DESC, speaker", (story_id,))


def position_speakers(store: Store, story_id: str) -> list[JSONObject]:
    """The speakers with positions in a story, the most first: ``speaker``, ``positions``,
    ``shifts``."""
    return store.rows("SELECT speaker, COUNT(*) AS positions, SUM(shifts) AS shifts FROM positions WHERE story = ? "
                      "GROUP BY speaker ORDER BY positions DESC, speaker", (story_id,))


def feeds(store: Store) -> list[JSONObject]:
    """The feeds a store follows, in the order they were added (none before schema 4)."""
    if not has_table(store, "feeds"):
        return []
    return store.rows("SELECT id, url, kind, added, checked, status, reason, title FROM feeds ORDER BY id")


def updates(store: Store, limit: int | None = None) -> list[JSONObject]:
    """The update runs, the latest first, each with its summary (counts) decoded."""
    if not has_table(store, "updates"):
        return []
    rows = store.rows("SELECT id, started, finished, status, summary FROM updates ORDER BY id DESC LIMIT ?",
                      (_limit(store, limit),))
    return [{**row, "summary": _object(row["summary"])} for row in rows]
