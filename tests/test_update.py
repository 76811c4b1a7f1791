"""Updates: new documents added to a store in three rounds give the same corpus as all of
them at once; each round records per story what is new; one writer at a time; a real
update from a local feed server (127.0.0.1, allowed explicitly)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import DEMO

from storyline.ingest import IngestConfig, read
from storyline.model import RawDocument
from storyline.render import render
from storyline.store import Store, sources
from storyline.update import UpdateRunning, copy_raw_documents, full_rebuild, refresh, run_update, writer_lock


def _demo_raws() -> list[RawDocument]:
    return [r for r in read([str(DEMO)], IngestConfig()) if isinstance(r, RawDocument)]


def _add(store: Store, raws: list[RawDocument], update_id: int) -> None:
    for raw in raws:
        sources.put_document(store, raw, None, f"2026-01-0{update_id}T00:00:00+00:00", update_id)


def _tables(path) -> dict[str, list]:
    """The corpus tables as rows (the tables a reader queries), in a fixed order."""
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("documents", "duplicates", "stories", "story_documents", "events", "evidence", "quotes",
                          "entities", "claims")}


def test_three_rounds_of_updates_give_what_one_full_build_gives(tmp_path):
    raws = _demo_raws()
    thirds = [raws[:6], raws[6:12], raws[12:]]
    rounds = tmp_path / "rounds.sqlite"
    news = []
    with Store(rounds) as store:
        for n, part in enumerate(thirds, 1):
            _add(store, part, n)
            pile, found = refresh(store, update_id=n)
            news.append(found)
    full_db = tmp_path / "full.sqlite"  # a new store with the same raw documents, told from scratch
    assert copy_raw_documents(rounds, full_db) == len(raws)
    full = full_rebuild(full_db)
    assert render(pile, "json") == render(full, "json")
    assert _tables(rounds) == _tables(tmp_path / "full.sqlite")
    # the first round makes new stories; the later ones bring new events to the stories they touch
    assert all(items[0]["kind"] == "new story" for items in news[0].values())
    later = [i["kind"] for found in news[1:] for items in found.values() for i in items]
    assert "event" in later
    # the operator's denial comes in the first round and its admission later: a new shift,
    # named once (the round after does not bring it again)
    shifts = [(n, i) for n, found in enumerate(news) for items in found.values() for i in items if i["kind"] == "shift"]
    assert shifts and all(n > 0 for n, _ in shifts)
    assert len({i["text"] for _, i in shifts}) == len(shifts)
    assert all("\u2192" in i["text"] and i["text"].split(":")[0] for _, i in shifts)
    with sqlite3.connect(rounds) as db:
        assert db.execute("SELECT COUNT(DISTINCT update_id) FROM story_news").fetchone()[0] == 3


def test_nothing_new_means_no_news_and_no_story_told_again(store_location, monkeypatch):
    from storyline.pipeline import Pipeline

    with Store(store_location) as store:
        _add(store, _demo_raws(), 1)
        refresh(store, update_id=1)
        told = []
        real = Pipeline.tell
        monkeypatch.setattr(Pipeline, "tell", lambda self, story, *rest: told.append(story.id) or real(self, story, *rest))
        _, news = refresh(store, update_id=2)
    assert news == {} and told == []


def _hold_lock(db) -> None:
    import time

    with writer_lock(db):
        time.sleep(30)  # until the test terminates this process


def test_one_writer_at_a_time(tmp_path):
    import multiprocessing

    db = tmp_path / "s.sqlite"
    process = multiprocessing.get_context("fork").Process(target=_hold_lock, args=(db,))
    process.start()  # another process holds the store's lock (flock is per process)
    try:
        assert _wait_for_lock_file(db)
        with pytest.raises(UpdateRunning, match="being updated"):
            run_update(db, lock_timeout=0.2)
        from storyline.pipeline import build

        with pytest.raises(UpdateRunning):  # a build into the store waits its turn too
            build([DEMO], db=db, entities=False)
    finally:
        process.terminate()
        process.join(5)
    report = run_update(db)  # the lock is free again: an update with no feeds adds nothing
    assert report.added == 0 and report.news == {}


def _wait_for_lock_file(db, seconds: float = 5.0) -> bool:
    import fcntl
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with open(db, "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
            except BlockingIOError:
                return True
        time.sleep(0.05)
    return False


def test_an_update_from_a_local_feed_adds_its_articles_and_tells_what_is_new(tmp_path):
    from feedserver import FeedServer

    from storyline.feeds import FeedsConfig, add_feed

    db = tmp_path / "s.sqlite"
    with FeedServer() as server:
        with Store(db) as store:
            add_feed(store, f"{server.base}/rss.xml")
        config = FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.0)
        first = run_update(db, feeds=config)
        assert first.added == len(server.rss_items) and first.news
        assert all(i["kind"] == "new story" for items in first.news.values() for i in items[:1])
        again = run_update(db, feeds=config)
        assert again.added == 0 and again.not_modified == 1 and again.news == {}
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, status, summary FROM updates ORDER BY id").fetchall()
    assert [(i, s) for i, s, _ in rows] == [(1, "ok"), (2, "ok")]
    assert json.loads(rows[0][2])["added"] == first.added


def test_the_update_command_takes_a_few_items_a_time_and_says_what_is_new(store_location):
    from click.testing import CliRunner
    from feedserver import FeedServer

    from storyline.cli import main
    from storyline.feeds import add_feed

    db = store_location
    with FeedServer() as server:
        with Store(db) as store:
            add_feed(store, f"{server.base}/rss.xml")
        args = ["update", "--db", str(db), "--allow-host", "127.0.0.1", "--max-items", "1"]
        first = CliRunner().invoke(main, args)
        assert first.exit_code == 0, first.output
        assert "added 1," in first.output and "1 new story" in first.output
        rest = CliRunner().invoke(main, args[:-2])
        assert rest.exit_code == 0 and f"added {len(server.rss_items) - 1}," in rest.output
