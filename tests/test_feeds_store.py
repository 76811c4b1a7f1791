"""Schema 4 (feeds, fetched, raw_documents, updates, story_news), its migration from a
version-3 store, the sources functions, and `storyline feeds add / list / remove`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import ConfigError
from storyline.feeds import add_feed, list_feeds, remove_feed
from storyline.model import RawDocument
from storyline.store import SCHEMA_VERSION, Store, sources
from storyline.store.schema import APPLICATION_ID, MIGRATIONS, statements

V4_TABLES = {"feeds", "fetched", "raw_documents", "updates", "story_news"}


def _tables(path):
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_version_3_store_migrates_to_the_current_version_and_keeps_what_it_had(tmp_path):
    path = tmp_path / "v3.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.create_function("casefold", 1, lambda v: v.casefold() if isinstance(v, str) else v)
    for script in MIGRATIONS[:3]:
        for statement in statements(script):
            db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 3")
    db.execute("INSERT INTO runs (config, summary) VALUES ('{}', '{\"read\": 4}')")
    db.close()
    assert not V4_TABLES & _tables(path)
    with Store(path) as store:
        assert store.runs() == [{"id": 1, "config": {}, "summary": {"read": 4}}]
        assert add_feed(store, "https://news.example/rss") == 1
    assert SCHEMA_VERSION >= 4 and V4_TABLES | {"generation"} <= _tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT n FROM generation").fetchone()[0] == 1  # the feed added: one row, one change
        db.execute("INSERT INTO updates (started, status) VALUES ('2026-03-01T00:00:00Z', 'running')")
        assert db.execute("SELECT summary FROM updates").fetchone() == ("{}",)


def test_raw_documents_round_trip_in_added_then_id_order_and_are_not_stored_twice(store_location):
    with Store(store_location) as store:
        b = RawDocument("https://x.example/b", "https://x.example/b", "html", "<p>b é</p>", {"title": "B"})
        a = RawDocument("https://x.example/a", "https://x.example/a", "text", "a", {})
        c = RawDocument("https://x.example/c", "https://x.example/c", "text", "c", {"published": "2026-01-02"})
        assert sources.put_document(store, b, None, "2026-03-01T10:00:00Z", 1)
        assert sources.put_document(store, a, None, "2026-03-01T10:00:00Z", 1)
        assert sources.put_document(store, c, None, "2026-03-01T09:00:00Z", 2, etag='"e"')
        assert not sources.put_document(store, a, None, "2026-03-02T10:00:00Z", 3)
        assert sources.raw_documents(store) == [c, a, b]
        assert sources.raw_documents(store, update_id=1) == [a, b]
        assert sources.fetched_ok(store, [a.id, "https://x.example/other", a.id]) == {a.id}
        row = [r for r in sources.fetched(store) if r["url"] == c.id][0]
        assert (row["status"], row["etag"], row["content_hash"]) == ("ok", '"e"', c.content_hash)
        sources.put_fetched(store, "https://x.example/d", None, "2026-03-01T11:00:00Z", "failed",
                            reason="HTTP 500", code="fetch-failed")
        sources.put_fetched(store, "https://x.example/d", None, "2026-03-02T11:00:00Z", "refused",
                            reason="robots", code="robots")
        d = [r for r in sources.fetched(store) if r["url"].endswith("/d")][0]
        assert (d["first_seen"], d["fetched"], d["status"]) == ("2026-03-01T11:00:00Z", "2026-03-02T11:00:00Z", "refused")
        with pytest.raises(ValueError, match="not a feed column"):
            sources.update_feed(store, 1, url="x")


def test_add_list_remove_feeds(store_location):
    with Store(store_location) as store:
        first = add_feed(store, " https://news.example/rss.xml ")
        second = add_feed(store, "https://news.example/sitemap.xml", "sitemap")
        assert [(f["id"], f["url"], f["kind"], f["status"], f["documents"]) for f in list_feeds(store)] == [
            (first, "https://news.example/rss.xml", "auto", None, 0),
            (second, "https://news.example/sitemap.xml", "sitemap", None, 0)]
        for url, kind, message in [
            ("https://news.example/rss.xml", None, "already followed"),
            ("file:///etc/passwd", None, "http or https"),
            ("javascript:alert(1)", None, "http or https"),
            ("https://bad host/x", None, "not a URL that can be fetched"),
            ("https://news.example/x", "json", "unknown feed kind"),
        ]:
            with pytest.raises(ConfigError, match=message):
                add_feed(store, url, kind)
        assert remove_feed(store, str(first))["url"] == "https://news.example/rss.xml"
        assert remove_feed(store, "https://news.example/sitemap.xml")["id"] == second
        with pytest.raises(ConfigError, match="no feed"):
            remove_feed(store, first)
        assert list_feeds(store) == []


def test_cli_feeds_add_list_remove_and_one_line_errors(tmp_path, store_location):
    db = store_location
    run = CliRunner().invoke
    added = run(main, ["feeds", "add", "https://news.example/rss.xml", "--db", db])
    assert added.exit_code == 0 and added.output == "feed 1: https://news.example/rss.xml\n"
    assert run(main, ["feeds", "add", "https://news.example/u.txt", "--kind", "urls", "--db", db]).exit_code == 0
    listed = run(main, ["feeds", "list", "--db", db])
    assert listed.exit_code == 0
    assert listed.output.splitlines()[1].split()[:3] == ["2", "urls", "https://news.example/u.txt"]
    rows = [json.loads(line) for line in run(main, ["feeds", "list", "--db", db, "--json"]).output.splitlines()]
    assert [r["kind"] for r in rows] == ["auto", "urls"]
    removed = run(main, ["feeds", "remove", "1", "--db", db])
    assert removed.exit_code == 0 and "removed feed 1" in removed.output
    for args, message in [
        (["feeds", "add", "ftp://x.example/f", "--db", db], "http or https"),
        (["feeds", "add", "https://news.example/u.txt", "--db", db], "already followed"),
        (["feeds", "remove", "9", "--db", db], "no feed 9"),
        (["feeds", "list", "--db", str(tmp_path / "none.sqlite")], "no store"),
    ]:
        result = run(main, args)
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
        assert message in result.output and len(result.output.strip().splitlines()) == 1
    hostile = run(main, ["feeds", "add", "https://news.example/\x1b[31m", "--db", db])
    assert hostile.exit_code == 2 and "\x1b" not in hostile.output


@pytest.mark.parametrize("options, message", [
    ({"timeout": -1}, "timeout must be"),
    ({"allow_hosts": "127.0.0.1"}, "allow_hosts must be a tuple"),
    ({"allow_hosts": ["127.0.0.1:80"]}, "no port"),
    ({"max_items": 0}, "max_items must be"),
    ({"user_agent": "a\nb"}, "user_agent must be one line"),
])
def test_feeds_config_is_checked(options, message):
    from storyline.feeds import FeedsConfig

    with pytest.raises(ConfigError, match=message):
        FeedsConfig(**options)
    assert FeedsConfig(allow_hosts=["LOCALHOST.", "127.0.0.1"]).allow_hosts == ("localhost", "127.0.0.1")
