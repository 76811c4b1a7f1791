"""The store as the corpus database: a pile written into tables, read back by the query
functions and by ``storyline query``; the schema version and its migrations."""

import json
import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import ConfigError
from storyline.model import (
    CanonicalEntity, Claim, Document, DuplicateGroup, Event, Evidence, Pile, Sentence, SharedQuote, Story,
)
from storyline.store import SCHEMA_VERSION, Store
from storyline.store import query as q
from storyline.store.schema import APPLICATION_ID

FLOOD = "The river burst its banks on Monday. A state of emergency was declared in Dorfeld."
DAM = "Engineers inspected the dam. The mayor said the water was receding."


def _doc(doc_id, text, published, **fields):
    return Document(id=doc_id, source=f"in/{doc_id}", text=text, title=f"Title {doc_id}", published=published,
                    **fields)


def _flood_story(line="A state of emergency was declared in Dorfeld."):
    a = _doc("a.txt", FLOOD, "2024-05-06", outlet="Daily")
    b = _doc("b.txt", FLOOD, "2024-05-07", duplicate_of="a.txt")
    start = FLOOD.index("A state")
    events = [
        Event("2024-05-06", ("The river burst its banks on Monday.",),
              (Evidence("a.txt", 0, 36, "The river burst its banks on Monday.", 0, "'on Monday'"),),
              ("a.txt", "b.txt"), independent=("Daily",)),
        Event("2024-05-07", (line,), (Evidence("a.txt", start, len(FLOOD), line, 0, "lead"),), ("a.txt",),
              independent=("Daily", "b.txt"), planned=True),
    ]
    entities = [CanonicalEntity("Hanna Berger", "person", ("Berger", "Hanna Berger", "Mayor Berger"), 3,
                                ("a.txt",), ())]
    quotes = [
        SharedQuote("the water is receding", "Berger", ("a.txt",), "2024-05-08", (), (), direct=False),
        SharedQuote("we are ready", "Hanna Berger", ("a.txt", "b.txt"), "2024-05-06", (), ()),
        SharedQuote("nobody told us", None, ("b.txt",), None, (), ()),
    ]
    claim = Claim("a.txt", 10, 20, "300 people", 300, "more than", "", "people evacuated", "k", "the mayor",
                  "2024-05-06", "published", Sentence(0, 36), kind="current")
    return Story([a, b], events, [DuplicateGroup("a.txt", ("a.txt", "b.txt"))], id="flood-dorfeld",
                 label="flood · Dorfeld", keywords=("flood", "dorfeld"), entities=entities, quotes=quotes,
                 claims=[claim])


def _dam_story():
    c = _doc("c.txt", DAM, "2024-06-01")
    event = Event("2024-06-01", ("Engineers inspected the dam.",),
                  (Evidence("c.txt", 0, 28, "Engineers inspected the dam.", 0, "lead"),), ("c.txt",))
    return Story([c], [event], id="dam", label="dam", keywords=("dam",),
                 quotes=[SharedQuote("the water was receding", "Otto Kern", ("c.txt",), "2024-06-01", (), ())])


def _pile(*stories):
    docs = [d for s in stories for d in s.documents]
    groups = [g for s in stories for g in s.groups]
    return Pile(docs, groups, stories=list(stories))


@pytest.fixture
def store(store_location):
    """The two stories written, read back from an SQLite and from a PostgreSQL store."""
    with Store(store_location) as s:
        s.write_pile(_pile(_flood_story(), _dam_story()))
    with Store(store_location, readonly=True) as s:
        yield s


def test_stories_and_documents_read_back_in_order(store):
    stories = q.stories(store)
    assert [s["id"] for s in stories] == ["flood-dorfeld", "dam"]
    assert stories[0] == {"id": "flood-dorfeld", "label": "flood · Dorfeld", "keywords": ["flood", "dorfeld"],
                          "first": "2024-05-06", "last": "2024-05-07", "documents": 2, "events": 2, "quotes": 3,
                          "entities": 1, "claims": 1}
    docs = q.documents(store)
    assert [d["id"] for d in docs] == ["a.txt", "b.txt", "c.txt"]
    assert docs[1]["duplicate_of"] == "a.txt" and docs[0]["published_inferred"] is False
    assert [d["id"] for d in q.documents(store, story="dam")] == ["c.txt"]
    assert q.document_text(store, "c.txt") == DAM
    assert q.stories(store, limit=1) == stories[:1]


def test_events_with_their_evidence_filtered_by_story_phrase_and_dates(store):
    events = q.events(store)
    assert [(e["story"], e["date"]) for e in events] == [
        ("flood-dorfeld", "2024-05-06"), ("flood-dorfeld", "2024-05-07"), ("dam", "2024-06-01")]
    second = events[1]
    assert second["planned"] is True and second["independent"] == 2 and second["sources"] == ["a.txt"]
    assert second["evidence"] == [{"line": 0, "document": "a.txt", "start": FLOOD.index("A state"),
                                   "end": len(FLOOD), "sentence": second["lines"][0], "dated_by": "lead"}]
    assert [e["date"] for e in q.events(store, match="state of emergency")] == ["2024-05-07"]
    assert q.events(store, match="emergency state") == []  # a phrase: its words in order
    assert [e["date"] for e in q.events(store, since="2024-05-07", until="2024-05-31")] == ["2024-05-07"]
    assert [e["story"] for e in q.events(store, story="dam")] == ["dam"]


def test_quotes_by_speaker_any_alias_any_case_ordered_by_date(store):
    assert [x["text"] for x in q.quotes(store)] == [
        "we are ready", "the water is receding", "the water was receding", "nobody told us"]
    by_berger = [x["text"] for x in q.quotes(store, speaker="mayor BERGER")]
    assert by_berger == ["we are ready", "the water is receding"]
    assert [x["direct"] for x in q.quotes(store, speaker="hanna berger")] == [True, False]
    assert [x["story"] for x in q.quotes(store, speaker="otto kern")] == ["dam"]
    assert q.quotes(store, speaker="Berger", story="dam") == []


def test_entities_and_claims(store):
    [entity] = q.entities(store)
    assert entity["name"] == "Hanna Berger" and entity["aliases"] == ["Berger", "Hanna Berger", "Mayor Berger"]
    [claim] = q.claims(store, story="flood-dorfeld")
    assert (claim["value"], claim["qualifier"], claim["what"], claim["sentence_end"]) == (
        300, "more than", "people evacuated", 36)
    assert q.claims(store, story="dam") == []


def test_documents_by_phrase_best_match_first_user_text_never_sql_or_fts_syntax(store):
    assert [d["id"] for d in q.documents(store, match="state of emergency")] == ["a.txt", "b.txt"]
    assert [d["id"] for d in q.documents(store, match="Title c.txt")] == ["c.txt"]
    for hostile in ('dam" OR "river', "dam'; DROP TABLE documents; --", "NEAR(dam river)", "*", '"', ""):
        assert q.documents(store, match=hostile) == []
    assert len(q.documents(store)) == 3


def test_writing_a_story_again_replaces_it_and_stories_gone_from_the_pile_are_dropped(store_location):
    with Store(store_location) as store:
        store.write_pile(_pile(_flood_story(), _dam_story()))
        store.write_pile(_pile(_flood_story("Dorfeld was evacuated.")))
        assert [s["id"] for s in q.stories(store)] == ["flood-dorfeld"]
        assert [e["lines"] for e in q.events(store)] == [["The river burst its banks on Monday."],
                                                         ["Dorfeld was evacuated."]]
        assert q.events(store, match="state of emergency") == []
        assert [e["date"] for e in q.events(store, match="evacuated")] == ["2024-05-07"]
        assert q.documents(store, match="dam") == [] and len(q.documents(store)) == 2
        assert len(q.quotes(store)) == 3 and len(q.entities(store)) == 1
        counts = store.rows("SELECT (SELECT COUNT(*) FROM evidence) AS evidence, "
                            "(SELECT COUNT(*) FROM story_documents) AS members")
        assert counts == [{"evidence": 2, "members": 2}]


def test_a_pile_without_stories_keeps_documents_only(store_location):
    with Store(store_location) as store:
        store.write_pile(_pile(_dam_story()))
        store.write_pile(Pile([replace(_dam_story().documents[0], title=None)]))
        assert q.stories(store) == [] and q.events(store) == []
        assert [d["title"] for d in q.documents(store)] == [None]


def test_an_undecodable_file_name_reads_the_same_in_every_table_and_prints(store_location):
    name = "caf\udce9.txt"  # a file name byte that is not UTF-8
    doc = _doc(name, DAM, "2024-06-01")
    event = Event("2024-06-01", ("Engineers inspected the dam.",), (Evidence(name, 0, 28, "x", 0, ""),), (name,))
    path = store_location
    with Store(path) as store:
        store.write_pile(_pile(Story([doc], [event], id="dam")))
        [row] = q.documents(store)
        [stored] = q.events(store)
        assert row["id"] == stored["sources"][0] == stored["evidence"][0]["document"]
        assert row["id"].isprintable() and q.documents(store, story="dam") == [row]
    result = CliRunner().invoke(main, ["query", str(path), "events", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["sources"] == [row["id"]]


V1_SCHEMA = """
CREATE TABLE cleaned (key TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE parses (key TEXT PRIMARY KEY, parse TEXT NOT NULL);
CREATE TABLE timexes (key TEXT PRIMARY KEY, timexes TEXT NOT NULL);
CREATE TABLE attributions (key TEXT PRIMARY KEY, found TEXT NOT NULL);
CREATE TABLE story_states (key TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, config TEXT NOT NULL, summary TEXT NOT NULL);
INSERT INTO cleaned VALUES ('k', '{}');
INSERT INTO story_states VALUES ('stories|x', '{"n": 1}');
INSERT INTO runs (config, summary) VALUES ('{"a": 1}', '{"read": 2}');
"""


def _tables(path):
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _header(path):
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0], db.execute("PRAGMA application_id").fetchone()[0]


def test_a_version_1_store_migrates_keeps_its_runs_and_reopening_is_a_no_op(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(V1_SCHEMA)
    with pytest.raises(ConfigError, match="older storyline"):
        Store(path, readonly=True)  # reading never migrates
    with Store(path) as store:
        assert store.runs() == [{"id": 1, "config": {"a": 1}, "summary": {"read": 2}}]
        assert store.counts() == {"runs": 1}
        assert store.state_get("stories", "x") is None
    tables = _tables(path)
    assert not tables & {"cleaned", "parses", "timexes", "attributions", "story_states"}
    assert {"cache", "state", "documents", "events", "runs"} <= tables
    assert _header(path) == (SCHEMA_VERSION, APPLICATION_ID)
    with Store(path) as store:
        store.record_run({"b": 2}, {"read": 1})
        assert [r["id"] for r in store.runs()] == [1, 2]
    assert _header(path) == (SCHEMA_VERSION, APPLICATION_ID) and _tables(path) == tables


def test_a_failed_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    from storyline.store import schema

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(V1_SCHEMA)
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "CREATE TABLE runs (x);"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(ConfigError, match="cannot use the store"):
        Store(path)
    assert "cleaned" in _tables(path) and _header(path) == (0, 0)


def test_a_newer_store_or_a_foreign_database_is_refused_in_one_line(tmp_path):
    newer = tmp_path / "newer.sqlite"
    Store(newer).close()
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    for readonly in (False, True):
        with pytest.raises(ConfigError, match="written by a newer storyline") as caught:
            Store(newer, readonly=readonly)
        assert "\n" not in str(caught.value)
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(ConfigError, match="not a storyline store"):
        Store(foreign)
    assert _tables(foreign) == {"notes"}


def test_generic_cache_and_state(store_location):
    with Store(store_location) as store:
        store.cache_put("annotate", "3", "cfg1", {f"k{i}": json.dumps([i, "\ud800"]) for i in range(1200)})
        store.cache_put("annotate", "4", "cfg1", {"k1": "[]"})
        found = store.cache_get("annotate", "3", "cfg1", [f"k{i}" for i in range(1300)])
        assert len(found) == 1200 and json.loads(found["k7"]) == [7, "\ud800"]
        assert store.cache_get("annotate", "4", "cfg1", ["k1", "k2"]) == {"k1": "[]"}
        assert store.cache_get("annotate", "3", "cfg2", ["k1"]) == {}
        assert store.cache_counts() == {"annotate": 1201}
        assert store.state_get("stories", "s") is None
        store.state_put("stories", "s", "one")
        store.state_put("stories", "s", "two")
        assert store.state_get("stories", "s") == "two" 


def test_cli_query_lists_a_table_or_json_lines(store, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["query", store.path, "stories"])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split()[:3] == ["id", "label", "first"] and len(lines) == 2
    assert lines[0].startswith("flood-dorfeld  flood · Dorfeld")
    end = header.index("documents") + len("documents")  # numbers aligned right under their header
    assert lines[0][end - 2 : end] == " 2" and lines[1][end - 2 : end] == " 1"
    result = runner.invoke(main, ["query", store.path, "quotes", "--speaker", "berger", "--json", "--limit", "1"])
    assert result.exit_code == 0
    assert [json.loads(line)["text"] for line in result.output.splitlines()] == ["we are ready"]
    result = runner.invoke(main, ["query", store.path, "documents", "--match", "inspected the dam"])
    assert [line.split()[0] for line in result.output.splitlines()] == ["id", "c.txt"]


@pytest.mark.parametrize("args, message", [
    (["missing.sqlite", "stories"], "no store at"),
    (["notastore", "stories"], "not a storyline store"),
    (["garbage", "stories"], "cannot use the store"),
    (["STORE", "parties"], "unknown WHAT 'parties'"),
    (["STORE", "stories", "--speaker", "x"], "--speaker does not apply to stories"),
])
def test_cli_query_errors_are_one_line_exit_2(store, tmp_path, args, message):
    with sqlite3.connect(tmp_path / "notastore") as db:
        db.execute("CREATE TABLE t (x)")
    (tmp_path / "garbage").write_bytes(b"not sqlite at all" * 100)
    args = [store.path if a == "STORE" else str(tmp_path / a) if a.endswith(("sqlite", "store", "garbage")) else a
            for a in args]
    result = CliRunner().invoke(main, ["query", *args])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)  # no other exception
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_version_2_store_gains_the_entity_names_its_entities_hold(tmp_path):
    """Schema 3 adds entity_names; a store written by schema 2 gets them from its entities."""
    path = tmp_path / "v2.sqlite"
    with Store(path) as store:
        store.write_pile(_pile(_flood_story(), _dam_story()))
    with sqlite3.connect(path) as db:  # as schema 2 left it: no entity_names
        db.execute("DROP TABLE entity_names")
        db.execute("PRAGMA user_version = 2")
    assert "entity_names" not in _tables(path)
    with Store(path) as store:
        assert [x["text"] for x in q.quotes(store, speaker="mayor BERGER")] == \
            [x["text"] for x in q.quotes(store, speaker="Hanna Berger")] != []
    assert _header(path)[0] == SCHEMA_VERSION


def test_cli_query_upgrades_an_older_store_once_and_says_so(tmp_path):
    from click.testing import CliRunner

    from storyline.cli import main

    path = tmp_path / "v2.sqlite"
    with Store(path) as store:
        store.write_pile(_pile(_flood_story(), _dam_story()))
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE entity_names")
        db.execute("PRAGMA user_version = 2")
    first = CliRunner().invoke(main, ["query", str(path), "quotes", "--speaker", "berger"])
    assert first.exit_code == 0 and f"upgraded the store from schema 2 to {SCHEMA_VERSION}" in first.output
    assert "we are ready" in first.output
    again = CliRunner().invoke(main, ["query", str(path), "quotes", "--speaker", "berger"])
    assert again.exit_code == 0 and "upgraded" not in again.output and "we are ready" in again.output
