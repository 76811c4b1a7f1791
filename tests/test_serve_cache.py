"""The page cache of ``storyline serve`` (storyline.serve.cache): a page is rendered once per
change of the store, every change to what the pages read is seen by the next request (the
store's generation counter moves in the writer's transaction), a browser gets 304 while a page
is unchanged, the pages of the server's own state are never kept, and memory stays bounded."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402
from test_serve import QUIET, STORY, client, store_path  # noqa: E402,F401 - the fixtures are shared

from storyline.serve import create_app  # noqa: E402
from storyline.serve.cache import PageCache  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.store.schema import GENERATION_TABLES  # noqa: E402


def _cache(app) -> PageCache:
    layer = app.middleware_stack
    while not isinstance(layer, PageCache):
        layer = layer.app
    return layer


def test_a_page_is_rendered_once_and_then_answered_from_memory(client):
    first, second = client.get(f"/stories/{STORY}"), client.get(f"/stories/{STORY}")
    assert first.headers["x-storyline-cache"] == "miss" and second.headers["x-storyline-cache"] == "hit"
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    assert second.headers["content-security-policy"].startswith("default-src 'none'")  # kept answers too
    assert second.headers["cache-control"] == "no-cache"
    api = [client.get("/api/stories").json() for _ in range(2)]
    assert api[0] == api[1] and {s["id"] for s in api[0]["stories"]} == {STORY, QUIET}


def test_an_unchanged_page_is_not_sent_again_to_a_browser_that_has_it(client):
    page = client.get("/")
    again = client.get("/", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == page.headers["etag"]
    other = client.get("/", headers={"If-None-Match": '"not-it"'})
    assert other.status_code == 200 and other.content == page.content


def test_a_committed_change_is_seen_by_the_next_request(client, store_path):
    before = client.get(f"/api/stories/{STORY}").json()
    assert client.get(f"/api/stories/{STORY}").headers["x-storyline-cache"] == "hit"
    with Store(store_path) as store, store.transaction() as db:
        db.execute("UPDATE stories SET label = 'bridge reopened' WHERE id = ?", (STORY,))
    after = client.get(f"/api/stories/{STORY}")
    assert after.headers["x-storyline-cache"] == "miss" and after.json()["story"]["label"] == "bridge reopened"
    assert before["story"]["label"] != "bridge reopened"
    # a writer that is not storyline (plain sqlite3, one table the page reads) is seen too
    conn = sqlite3.connect(store_path, isolation_level=None)
    conn.execute("DELETE FROM events WHERE story = ?", (STORY,))
    conn.close()
    assert client.get(f"/api/stories/{STORY}").json()["events"] == []


def test_every_table_the_pages_read_moves_the_generation(store_path):
    with Store(store_path) as store:
        tables = {r["name"] for r in store.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert set(GENERATION_TABLES) <= tables
        triggers = {(r["tbl_name"], r["sql"].split(" AFTER ")[1].split()[0]) for r in store.rows(
            "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%generation'")}
        assert triggers == {(t, c) for t in GENERATION_TABLES for c in ("INSERT", "UPDATE", "DELETE")}
        for table in ("stories", "events", "quotes", "story_news"):
            before = store.rows("SELECT n FROM generation")[0]["n"]
            with store.transaction() as db:  # every row out and back: two changes a row
                db.execute(f"CREATE TEMP TABLE kept AS SELECT * FROM {table}")
                db.execute(f"DELETE FROM {table}")
                db.execute(f"INSERT INTO {table} SELECT * FROM kept")
                db.execute("DROP TABLE kept")
            count = store.rows(f"SELECT COUNT(*) AS c FROM {table}")[0]["c"]
            assert count and store.rows("SELECT n FROM generation")[0]["n"] - before == 2 * count, table
        before = store.rows("SELECT n FROM generation")[0]["n"]
        store.cache_put("clean", "1", "x", {"k": "{}"})  # the build cache is not what pages show
        assert store.rows("SELECT n FROM generation")[0]["n"] == before


def test_the_servers_own_state_is_never_kept(client):
    for path in ("/admin", "/api/updates", "/api/feeds"):
        for _ in range(2):
            answer = client.get(path)
            assert answer.status_code == 200 and "x-storyline-cache" not in answer.headers, path
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/stories/nope").headers["x-storyline-cache"] == "miss"  # errors are not kept


def test_a_replaced_store_file_is_read_afresh(client, store_path, tmp_path):
    assert STORY in client.get("/api/stories").text
    other = tmp_path / "other.sqlite"
    with Store(other) as store, store.transaction() as db:
        db.execute("INSERT INTO stories VALUES ('only-one', 0, 'only', '[]', NULL, NULL, 0, 0, 0, 0, 0)")
    os.replace(other, store_path)
    assert [s["id"] for s in client.get("/api/stories").json()["stories"]] == ["only-one"]


def test_memory_is_bounded_least_recently_used_first(store_path):
    with TestClient(create_app(store_path, cache_bytes=12_000)) as c:
        cache = _cache(c.app)
        for path in ("/", f"/stories/{STORY}", f"/stories/{QUIET}", f"/stories/{STORY}/quotes", "/api/stories"):
            assert c.get(path).status_code == 200
            assert cache.size <= 12_000
        assert 1 <= len(cache.kept) < 5 and ("/api/stories", b"") in cache.kept
    with TestClient(create_app(store_path, cache_bytes=0)) as c:
        assert "x-storyline-cache" not in c.get("/").headers


def test_readers_asking_for_one_page_together_wait_for_one_render(store_path):
    app = create_app(store_path)

    async def together():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            answers = await asyncio.gather(*(c.get(f"/stories/{STORY}") for _ in range(8)))
        return answers

    answers = asyncio.run(together())
    assert {a.status_code for a in answers} == {200} and len({a.content for a in answers}) == 1
    cache = _cache(app)
    assert cache.misses == 1 and cache.hits == 7
    assert json.dumps(sorted(a.headers["x-storyline-cache"] for a in answers)) == json.dumps(["hit"] * 7 + ["miss"])


def test_cache_mb_sets_the_cache_and_zero_turns_it_off(store_path, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from storyline.cli import main

    seen = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append(app))
    for given in ("5", "0"):
        result = CliRunner().invoke(main, ["serve", "--db", str(store_path), "--port", "0", "--cache-mb", given])
        assert result.exit_code == 0, result.output
    kept = [[m.kwargs.get("max_bytes") for m in app.user_middleware if m.cls is PageCache] for app in seen]
    assert kept == [[5 << 20], []]
    assert CliRunner().invoke(main, ["serve", "--db", str(store_path), "--cache-mb", "-1"]).exit_code == 2
