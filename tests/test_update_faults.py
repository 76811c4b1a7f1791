"""Updates under faults (fast versions of benchmarks/serve/faults.py), from the local feed
server of tests/feedserver.py on 127.0.0.1 (allowed explicitly): a ``storyline update`` killed
(SIGKILL) while it fetches loses nothing stored and leaves the corpus of the last complete
update, and the next update completes; a feed of garbage is reported and the others go on; a
feed redirecting to 127.0.0.2 is refused with the reason; a 2 GB answer is cut off at the size
limit and refused ``too-large`` without being read."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feedserver import FeedServer

from storyline.feeds import FeedsConfig, add_feed
from storyline.store import Store
from storyline.update import run_update

ALLOW = FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.0, timeout=5.0)
CORPUS = ("documents", "stories", "story_documents", "events", "evidence", "quotes", "entities", "claims",
          "story_news")
ROOT = Path(__file__).resolve().parents[1]


def _tables(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in CORPUS}


def _one(db: Path, sql: str, params: tuple = ()):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def site():
    with FeedServer() as server:
        yield server


def _store(tmp_path: Path, *urls: str) -> Path:
    db = tmp_path / "store.sqlite"
    with Store(db) as store:
        for url in urls:
            add_feed(store, url)
    return db


def test_an_update_killed_while_fetching_loses_nothing_and_the_next_one_completes(tmp_path, site):
    db = _store(tmp_path, f"{site.base}/rss.xml")
    first = run_update(db, feeds=ALLOW)
    assert first.added == 3
    before = _tables(db)
    site.url_list = [f"/articles/late-{n}.html" for n in range(12)]
    with Store(db) as store:
        add_feed(store, f"{site.base}/urls.txt", "urls")
    # the CLI's default delay between two requests to one host (1 s) makes the fetching slow
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()",
         "update", "--db", str(db), "--allow-host", "127.0.0.1", "-q"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 40
        while _one(db, "SELECT COUNT(*) FROM raw_documents WHERE update_id = 2")[0][0] < 2:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the update stored nothing in time"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    kept = {r[0] for r in _one(db, "SELECT id FROM raw_documents WHERE update_id = 2")}
    assert 2 <= len(kept) < 12  # what was fetched before the kill is stored
    assert _tables(db) == before  # the corpus is the last complete update's
    assert _one(db, "SELECT id, status, finished FROM updates ORDER BY id") == [
        (1, "ok", _one(db, "SELECT finished FROM updates WHERE id = 1")[0][0]), (2, "running", None)]

    again = run_update(db, feeds=ALLOW)  # the lock died with the process: the next update goes on
    assert again.id == 3 and again.added == 12 - len(kept) and not again.failed
    raws = {r[0] for r in _one(db, "SELECT id FROM raw_documents")}
    assert kept <= raws and len(raws) == 3 + 12
    assert _one(db, "SELECT id, status FROM updates ORDER BY id") == [(1, "ok"), (2, "interrupted"), (3, "ok")]
    assert _one(db, "SELECT COUNT(*) FROM documents")[0][0] == 15
    assert _one(db, "SELECT COUNT(DISTINCT update_id) FROM story_news")[0][0] == 2  # news of updates 1 and 3


def test_a_garbage_feed_is_reported_and_the_others_go_on(tmp_path, site):
    db = _store(tmp_path, f"{site.base}/garbage.xml", f"{site.base}/rss.xml")
    report = run_update(db, feeds=ALLOW)
    assert [(r.source, r.code) for r in report.failed] == [(f"{site.base}/garbage.xml", "malformed")]
    assert report.added == 3 and report.news
    assert _one(db, "SELECT url, status, code FROM feeds ORDER BY id") == [
        (f"{site.base}/garbage.xml", "failed", "malformed"), (f"{site.base}/rss.xml", "ok", None)]
    assert _one(db, "SELECT status FROM updates") == [("ok",)]
    assert run_update(db, feeds=ALLOW).failed[0].code == "malformed"  # tried again, reported again


def test_a_redirect_to_127_0_0_2_is_refused_with_the_reason(tmp_path, site):
    db = _store(tmp_path, f"{site.base}/to-private", f"{site.base}/rss.xml")
    report = run_update(db, feeds=ALLOW)  # 127.0.0.1 is allowed; 127.0.0.2 is not
    [refused] = report.refused
    assert refused.source == f"{site.base}/to-private" and refused.code == "refused-url"
    assert "redirect to http://127.0.0.2:" in refused.reason and "loopback" in refused.reason
    assert report.added == 3
    status, reason = _one(db, "SELECT status, reason FROM feeds WHERE url LIKE '%to-private'")[0]
    assert status == "refused" and "127.0.0.2" in reason
    assert not _one(db, "SELECT id FROM raw_documents WHERE id LIKE '%127.0.0.2%'")


def test_a_2_gb_answer_is_cut_at_the_size_limit(tmp_path, site):
    import tracemalloc

    from storyline.feeds import fetch_new

    site.url_list = ["/endless", "/articles/fine.html"]
    db = _store(tmp_path, f"{site.base}/huge", f"{site.base}/urls.txt")
    limit = 2_000_000
    tracemalloc.start()
    with Store(db) as store:
        report = fetch_new(store, FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.0, max_bytes=limit))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(r.source, r.code) for r in report.refused] == [(f"{site.base}/huge", "too-large"),
                                                            (f"{site.base}/endless", "too-large")]
    assert report.refused[0].reason.startswith("too large (2.0 GB > 2.0 MB limit")  # told by its Content-Length
    assert report.refused[1].reason.startswith("too large (more than the 2.0 MB limit")  # read up to the limit
    assert [d.id for d in report.added] == [f"{site.base}/articles/fine.html"]
    assert peak < 8 * limit  # the body is read up to the limit, never whole
    time.sleep(0.2)
    assert site.endless_sent < 50 * limit  # the server stopped sending soon after the cut
    full = run_update(db, feeds=FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.0, max_bytes=limit))
    assert {r.code for r in full.refused} == {"too-large"} and full.id == 1
    assert _one(db, "SELECT status, code FROM fetched WHERE url LIKE '%endless'") == [("refused", "too-large")]
