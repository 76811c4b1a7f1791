"""The PostgreSQL store beside the SQLite one: the same build gives the same timeline.json and
the same `storyline query` answers from both; phrase search finds the same documents; the
generation counter moves on writes; the writer lock refuses a second writer; a store that
cannot be used is one line that never shows the password. (The store suite itself runs on
both kinds through the ``store_location`` fixture of conftest.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO

from storyline.cli import main
from storyline.errors import ConfigError
from storyline.store import Store, is_url, location, redacted
from storyline.store import query as q
from storyline.store.dialect import to_postgres

QUERIES = [["stories"], ["events"], ["quotes"], ["documents"], ["entities"], ["claims"],
           ["quotes", "--speaker", "harrow"], ["events", "--match", "boil-water notice"],
           ["events", "--since", "2025-09-20", "--limit", "3"]]
PHRASES = ["boil-water notice", "hospital", "dead fish", "THE PERMIT", "no such phrase here", "notice,   lifted"]


# ------------------------------------------------------------------ the same build into both stores
@pytest.fixture(scope="module")
def built(tmp_path_factory, postgres_server):
    """The demo pile built by `storyline build` into an SQLite file and into a PostgreSQL
    database, twice (the second build reads every stage's results back from the store's
    cache): ``{kind: (store location, [timeline.json bytes of each build])}``."""
    import psycopg

    name = "storyline_test_demo_build"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    folder = tmp_path_factory.mktemp("built")
    stores = {"sqlite": str(folder / "demo.sqlite"), "postgresql": postgres_server.rsplit("/", 1)[0] + "/" + name}
    out = {}
    for kind, db in stores.items():
        timelines = []
        for run in ("cold", "warm"):
            result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(folder / kind / run), "--db", db, "-q"])
            assert result.exit_code == 0, result.output
            timelines.append((folder / kind / run / "timeline.json").read_bytes())
        out[kind] = (db, timelines)
    yield out
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(db: str, args: list[str]) -> str:
    result = CliRunner().invoke(main, ["query", db, *args, "--json"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_build_gives_byte_identical_timelines_in_both_stores(built):
    assert json.loads(built["sqlite"][1][0])["events"]  # a real timeline, not two empty ones
    cold, warm = built["postgresql"][1]
    assert cold == built["sqlite"][1][0]
    assert warm == cold == built["sqlite"][1][1]  # what the PostgreSQL cache gave back is what was put


@pytest.mark.parametrize("args", QUERIES, ids=" ".join)
def test_storyline_query_answers_the_same_from_both_stores(built, args):
    sqlite, postgres = (_query(built[kind][0], args) for kind in ("sqlite", "postgresql"))
    assert sqlite == postgres
    if args[0] in ("stories", "events", "documents", "entities", "claims", "quotes") and len(args) == 1:
        assert sqlite.strip(), f"the demo store has {args[0]}"


def test_claims_keep_integers_and_reals_apart(built):
    with Store(built["postgresql"][0], readonly=True) as store:
        values = [c["value"] for c in q.claims(store)]
    with Store(built["sqlite"][0], readonly=True) as store:
        assert values == [c["value"] for c in q.claims(store)]
    assert values and all(isinstance(v, (int, float)) or v is None for v in values)


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrase_search_finds_the_same_documents_and_events(built, phrase):
    found = {}
    for kind in ("sqlite", "postgresql"):
        with Store(built[kind][0], readonly=True) as store:
            found[kind] = ({d["id"] for d in q.documents(store, match=phrase)},
                           [(e["story"], e["position"]) for e in q.events(store, match=phrase)])
    assert found["sqlite"] == found["postgresql"]


def test_phrase_search_is_a_phrase_in_postgresql_too(built):
    with Store(built["postgresql"][0], readonly=True) as store:
        assert q.documents(store, match="hospital")
        assert q.documents(store, match="hospital dead fish boil") == []  # words, not in that order
        for hostile in ('x" OR "y', "'; DROP TABLE documents; --", "zebra:*", "!", "", "%s %(x)s ?"):
            assert q.documents(store, match=hostile) == []
        assert {d["id"] for d in q.documents(store, match="fish:*")} == {
            d["id"] for d in q.documents(store, match="fish")}  # operators are only words' ends
        assert q.documents(store)  # still there


# ------------------------------------------------------------------ the serve cache's counter
def test_the_generation_moves_on_writes_to_what_pages_show_and_not_on_the_cache(postgres_database):
    from storyline.serve.cache import Generation

    with Store(postgres_database) as store:
        generation = Generation(postgres_database)
        first = generation.current()
        assert first is not None and first[:2] == (0, 0)
        with store.transaction() as db:
            db.execute("INSERT INTO stories VALUES ('s', 0, 'l', '[]', NULL, NULL, 0, 0, 0, 0, 0)")
        second = generation.current()
        assert second[2] > first[2]
        store.cache_put("clean", "1", "x", {"k": "{}"})
        store.state_put("stories", "k", "v")
        assert generation.current() == second
        with store.transaction() as db:
            db.execute("UPDATE stories SET label = 'm' WHERE id = 's'")
        assert generation.current()[2] > second[2]
        generation.close()


# ------------------------------------------------------------------ writers and errors
def test_a_second_writer_is_refused(postgres_database):
    from storyline.update import UpdateRunning, run_update, writer_lock

    Store(postgres_database).close()
    with writer_lock(postgres_database):
        with pytest.raises(UpdateRunning, match="being updated by another process"):
            run_update(postgres_database, lock_timeout=0.2)
        with pytest.raises(UpdateRunning):
            with writer_lock(postgres_database):
                pass
    with writer_lock(postgres_database):  # released with its session
        pass


@pytest.mark.parametrize("url", [
    "postgresql://reporter:hunter2@127.0.0.1:1/news",  # nothing listens on port 1
    "postgresql://reporter:hunter2@127.0.0.1:notaport/news",
    "postgres://reporter:hunter2@/news?host=/nonexistent&password=hunter2",
])
def test_a_store_that_cannot_be_used_is_one_line_without_the_password(url):
    with pytest.raises(ConfigError) as caught:
        Store(url)
    message = str(caught.value)
    assert "hunter2" not in message and len(message.splitlines()) == 1
    assert message.startswith("cannot use the store") and "reporter" in message
    result = CliRunner().invoke(main, ["query", url, "stories"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "hunter2" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_database_that_holds_no_store_or_other_tables_is_refused(postgres_database):
    import psycopg

    with pytest.raises(ConfigError, match="no store at"):
        Store(postgres_database, readonly=True)
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (x int)")
    with pytest.raises(ConfigError, match="not a storyline store"):
        Store(postgres_database)


def test_raw_documents_copy_from_an_sqlite_store_into_a_postgresql_one(tmp_path, postgres_database):
    from storyline.model import RawDocument
    from storyline.store import sources
    from storyline.update import copy_raw_documents

    source = tmp_path / "old.sqlite"
    with Store(source) as store:
        for n in range(3):
            sources.put_document(store, RawDocument(f"https://x.example/{n}", f"https://x.example/{n}", "text",
                                                    f"body {n}", {"n": n}), None, f"2026-01-0{n + 1}", n)
    assert copy_raw_documents(source, postgres_database) == 3
    assert copy_raw_documents(source, postgres_database) == 0  # already there
    with Store(postgres_database) as store, Store(source) as old:
        assert sources.raw_documents(store) == sources.raw_documents(old)


# ------------------------------------------------------------------ the dialect
def test_store_locations_and_their_printed_form():
    assert is_url("postgresql://u@h/db") and is_url("postgres://h/db") and not is_url("out/storyline.sqlite")
    assert location(Path("postgresql://u@h:5/db")) == "postgresql://u@h:5/db"  # Path folded its //
    assert location("a//b.sqlite") == "a//b.sqlite"
    assert redacted("postgresql://u:secret@h/db?password=secret&sslmode=require") == \
        "postgresql://u:***@h/db?password=***&sslmode=require"
    assert redacted("store.sqlite") == "store.sqlite"


def test_sql_is_translated_outside_quotes_only():
    sql, returning = to_postgres("SELECT '?', \"a:b\", x FROM t WHERE a = ? AND b = :name AND c LIKE '50%'")
    assert sql == "SELECT '?', \"a:b\", x FROM t WHERE a = %s AND b = %(name)s AND c LIKE '50%%'" and not returning
    assert to_postgres("INSERT OR IGNORE INTO t VALUES (?)")[0] == "INSERT INTO t VALUES (%s) ON CONFLICT DO NOTHING"
    assert to_postgres("INSERT INTO updates (started) VALUES (?)") == (
        "INSERT INTO updates (started) VALUES (%s) RETURNING id", True)
    assert to_postgres("SELECT CAST(x AS int)::text FROM t")[0] == "SELECT CAST(x AS int)::text FROM t"
    with pytest.raises(ValueError, match="ON CONFLICT"):
        to_postgres("INSERT OR REPLACE INTO t VALUES (1)")
