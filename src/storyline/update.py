"""``storyline update``: what the store's feeds have new, added and told.

An update (:func:`run_update`) takes the store's writer lock (one writer at a time: a lock
file beside the store), fetches what the feeds have new (:func:`storyline.feeds.fetch_new`:
each article stored as it arrives, so nothing fetched is lost if the run dies), then
:func:`refresh` re-runs the registered stages over every raw document the store holds. The
caches make that incremental: only new documents are cleaned and annotated, and only the
stories whose documents changed are told again (:class:`storyline.caching.StoryCache`).
What is new per story (a new story, new events, new quotes, new figures) is compared with
what the corpus tables held, and the corpus and that news are written in ONE transaction:
a reader (``storyline serve``) sees the store before the update or after it, never half.
A full rebuild of the same raw documents gives the same corpus as the updates did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from storyline import registry
from storyline.feeds import FeedsConfig, fetch_new
from storyline.model import Pile, Rejected, Story, Summary
from storyline.pipeline import BuildConfig, Pipeline
from storyline.store import Store, corpus, is_url, sources
from storyline.store.lock import UpdateRunning, writer_lock

__all__ = ["UpdateReport", "UpdateRunning", "copy_raw_documents", "full_rebuild", "refresh", "run_update", "writer_lock"]


@dataclass
class UpdateReport:
    """What one update did: its id in the store's ``updates`` table, the article downloads
    tried, the documents added, the URLs refused and failed (each a Rejected with its
    reason), the feeds that had nothing new, and per story what is new."""

    id: int
    fetched: int = 0
    added: int = 0
    refused: list[Rejected] = field(default_factory=list)
    failed: list[Rejected] = field(default_factory=list)
    not_modified: int = 0
    news: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def stories_changed(self) -> int:
        return len(self.news)

    def counts(self) -> dict[str, int]:
        return {"fetched": self.fetched, "added": self.added, "refused": len(self.refused),
                "failed": len(self.failed), "not_modified": self.not_modified, "stories_changed": self.stories_changed}

    def lines(self) -> list[str]:
        c = self.counts()
        return [f"update {self.id}: fetched {c['fetched']}, added {c['added']}, refused {c['refused']}, "
                f"failed {c['failed']}, feeds unchanged {c['not_modified']}; stories changed {c['stories_changed']}"]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def run_update(db: str | Path, *, feeds: FeedsConfig = FeedsConfig(), config: BuildConfig | None = None,
               lock_timeout: float = 0.0, progress: bool = False) -> UpdateReport:
    """Fetch what the store's feeds have new, add it, and tell the stories again (see the
    module's docstring). The run is recorded in ``updates`` (status ``ok`` or ``failed``)."""
    with writer_lock(db, lock_timeout), Store(db) as store:
        with store.transaction() as conn:
            # holding the lock proves no other update runs: one still "running" was killed
            conn.execute("UPDATE updates SET status = 'interrupted' WHERE status = 'running'")
            update_id = conn.execute("INSERT INTO updates (started, status) VALUES (?, 'running')",
                                     (_now(),)).lastrowid
        report = UpdateReport(update_id)
        try:
            fetched = fetch_new(store, feeds, update_id)
            report.fetched, report.added = fetched.fetched, len(fetched.added)
            report.refused, report.failed, report.not_modified = fetched.refused, fetched.failed, fetched.not_modified
            _, report.news = refresh(store, config, update_id=update_id, progress=progress)
        except BaseException:
            _finish(store, update_id, "failed", report)
            raise
        _finish(store, update_id, "ok", report)
        return report


def _finish(store: Store, update_id: int, status: str, report: UpdateReport) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE updates SET finished = ?, status = ?, summary = ? WHERE id = ?",
                     (_now(), status, json.dumps(report.counts(), sort_keys=True), update_id))


def refresh(store: Store, config: BuildConfig | None = None, *, update_id: int | None = None,
            progress: bool = False) -> tuple[Pile, dict[str, list[dict[str, str]]]]:
    """Run the registered stages (all but ingest: the raw documents are the store's) over
    every raw document the store holds, and write the corpus and what is new per story in
    one transaction. Returns the pile and the news by story id."""
    config = config or BuildConfig()
    raws = sources.raw_documents(store)
    listed = [s for s in registry.stages() if s.name != "ingest"]
    pipeline = Pipeline(listed, config, store=store, progress=progress,
                        given=registry.assigned_before(listed[0].name))
    pile = pipeline.run(Pile(raws=raws, config=config.to_dict(), summary=Summary(read=len(raws))))
    with store.transaction() as conn:
        news = _news(conn, pile)
        corpus.write_pile(lambda: nullcontext(conn), pile)
        if update_id is not None:
            conn.executemany("INSERT INTO story_news VALUES (?, ?, ?, ?, ?)", [
                (update_id, story, item["kind"], n, json.dumps(item, ensure_ascii=False, sort_keys=True))
                for story, items in news.items() for n, item in enumerate(items)])
    store.record_run(pile.config, dataclasses.asdict(pile.summary))  # as a build records it
    return pile, news


def _news(conn, pile: Pile) -> dict[str, list[dict[str, str]]]:
    """Per story (by the id it is written under): what the corpus tables did not hold yet,
    compared with the stored story that shares most of its documents."""
    members: dict[str, set[str]] = {}
    for story, document in conn.execute("SELECT story, document FROM story_documents"):
        members.setdefault(story, set()).add(document)
    news: dict[str, list[dict[str, str]]] = {}
    for position, story in enumerate(pile.stories):
        if not story.documents:  # an empty pile's empty story
            continue
        sid = corpus.story_id(story, position)
        mine = {d.id for d in story.documents}
        overlap = {old: len(mine & docs) for old, docs in members.items() if mine & docs}
        old = min(overlap, key=lambda s: (-overlap[s], s)) if overlap else None
        items = _story_news(conn, story, old)
        if items:
            news[sid] = items
    return news


def _story_news(conn, story: Story, old: str | None) -> list[dict[str, str]]:
    if old is None:
        return [{"kind": "new story", "text": story.label or story.id or ""}]
    events = {(d, t) for d, t in conn.execute("SELECT date, text FROM events WHERE story = ?", (old,))}
    quotes = {t for (t,) in conn.execute("SELECT text FROM quotes WHERE story = ?", (old,))}
    figures = {(d, t) for d, t in conn.execute("SELECT document, text FROM claims WHERE story = ?", (old,))}
    items = [{"kind": "event", "date": e.date, "text": e.summary[0]} for e in story.events
             if (e.date, "\n".join(e.summary)) not in events]
    items += [{"kind": "quote", "date": q.date or "", "text": q.text} for q in story.quotes if q.text not in quotes]
    texts = {d.id: d.text for d in story.documents}
    items += [{"kind": "figure", "date": c.date or "", "text": texts[c.document][c.sentence.start:c.sentence.end]}
              for c in story.claims if (c.document, c.text) not in figures]
    shifts = {key for (data,) in conn.execute("SELECT data FROM positions WHERE story = ?", (old,))
              for key, _, _ in _shifts(json.loads(data))}
    for key, earlier, later in (shift for p in story.positions for shift in _shifts(p.to_dict())):
        if key not in shifts:
            items.append({"kind": "shift", "date": later["said_on"] or "",
                          "text": f"{key[0]}: \u201c{earlier['text']}\u201d ({earlier['said_on'] or 'undated'})"
                                  f" \u2192 \u201c{later['text']}\u201d ({later['said_on'] or 'undated'})"})
    differ = {_difference_key(json.loads(data)) for (data,) in
              conn.execute("SELECT data FROM comparisons WHERE story = ? AND disagree = 1", (old,))}
    items += [{"kind": "disagreement", "date": c.day or "",
               "text": f"{c.about}: " + " / ".join(f"{side.value} ({', '.join(sorted({a.outlet for a in side.accounts}))})"
                                                   for side in c.sides)}
              for c in story.comparisons if c.disagree and _difference_key(c.to_dict()) not in differ]
    return items


def _shifts(position: dict) -> list[tuple[tuple[str, str, str], dict, dict]]:
    """A position's shifts (as :meth:`~storyline.model.Position.to_dict` or the store has
    it), each as its identity (speaker, earlier words, later words) and its two statements."""
    said = position["statements"]
    return [((position["speaker"], said[m["earlier"]]["text"], said[m["later"]]["text"]),
             said[m["earlier"]], said[m["later"]]) for m in position["marks"] if m["kind"] == "shift"]


def _difference_key(comparison: dict) -> tuple[str, str, str, tuple[str, ...]]:
    """What makes a disagreement the same one again: what it is about, the day, the values."""
    return (comparison["kind"], comparison["about"], comparison["day"] or "",
            tuple(sorted(side["value"] for side in comparison["sides"])))


def full_rebuild(db: str | Path, config: BuildConfig | None = None) -> Pile:
    """Tell the raw documents of the store ``db`` again (a new store gets another's with
    :func:`copy_raw_documents`, and tells them from scratch): what the updates gave."""
    with writer_lock(db), Store(db) as store:
        return refresh(store, config)[0]


def copy_raw_documents(source: str | Path, target: str | Path) -> int:
    """Copy every raw document of the store ``source`` (with when and by which update it was
    added: the pile's order) into the store ``target``; how many were new there. Either may be
    a PostgreSQL store (then the rows go through this process; between two SQLite files, SQLite
    copies them itself)."""
    if is_url(source) or is_url(target):
        return _copy_rows(source, target)
    Store(target).close()  # created or migrated
    with sqlite3.connect(target) as db:
        db.execute("ATTACH DATABASE ? AS old", (Path(source).resolve().as_uri() + "?mode=ro",))
        before = db.execute("SELECT COUNT(*) FROM raw_documents").fetchone()[0]
        db.execute("INSERT OR IGNORE INTO raw_documents SELECT * FROM old.raw_documents")
        added = db.execute("SELECT COUNT(*) FROM raw_documents").fetchone()[0] - before
    return added


_RAW_COLUMNS = "id, source, kind, body, meta, content_hash, added, update_id"


def _copy_rows(source: str | Path, target: str | Path) -> int:
    with Store(source, readonly=True) as old, Store(target) as new:
        rows = [tuple(row.values()) for row in old.rows(f"SELECT {_RAW_COLUMNS} FROM raw_documents ORDER BY added, id")]
        with new.transaction() as db:
            before = db.execute("SELECT COUNT(*) FROM raw_documents").fetchone()[0]
            db.executemany(f"INSERT OR IGNORE INTO raw_documents ({_RAW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            return db.execute("SELECT COUNT(*) FROM raw_documents").fetchone()[0] - before
