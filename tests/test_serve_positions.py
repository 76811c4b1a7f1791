"""Positions and comparisons in the store and the server (issue 20): a story's positions,
disagreements and agreements written by ``write_pile``, read back by the query functions, the
JSON API (``/api/stories/{id}/positions``) and the HTML page (``/stories/{id}/positions``) over
an SQLite and a PostgreSQL store; quotes ordered by the day they were said; a store of schema
version 5 migrated to 6 keeping what it had. Every text is invented."""

from __future__ import annotations

import json
import sqlite3

import pytest

pytest.importorskip("fastapi")
from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from storyline.cli import main  # noqa: E402
from storyline.errors import ConfigError  # noqa: E402
from storyline.model import (  # noqa: E402
    Account, CanonicalEntity, Comparison, Document, Mark, Pile, Position, SharedQuote, Side, Statement, Story,
)
from storyline.serve import create_app  # noqa: E402
from storyline.store import SCHEMA_VERSION, Store  # noqa: E402
from storyline.store import query as q  # noqa: E402
from storyline.store.schema import APPLICATION_ID, MIGRATIONS, statements  # noqa: E402

HOSTILE = "<script>alert(1)</script>"
STORY = "ferry-strike"
TEXTS = {
    "harbour/1.txt": "Minister Vella said on Monday that both sides must stop together. 400 crew walked out.",
    "coast-2.txt": "Vella said the union should make the first step. The port authority counted 450 strikers.",
    "isle-3.txt": "Vella repeated that the union should make the first step. 400 crew were on strike.",
}
OUTLETS = {"harbour/1.txt": "Harbour Post", "coast-2.txt": "Coast Courier", "isle-3.txt": "Isle <b>Times</b>"}
DAYS = {"harbour/1.txt": "2031-03-11", "coast-2.txt": "2031-04-02", "isle-3.txt": "2031-04-09"}


def _statement(quote, document, said_on, text, evidence="the article's date (dateline)", direct=False):
    start = TEXTS[document].find(text)
    return Statement(quote, text, "Rosa Vella", said_on, evidence, document, max(start, 0),
                     max(start, 0) + len(text), direct)


def _account(document, value, text):
    start = TEXTS[document].find(text)
    return Account(document, OUTLETS[document], DAYS[document], max(start, 0), max(start, 0) + len(text), text, value)


def ferry_story() -> Story:
    docs = [Document(id=d, source=f"in/{d}", text=t, title=f"Title {d}", outlet=OUTLETS[d], published=DAYS[d])
            for d, t in TEXTS.items()]
    quotes = [  # listed out of the order they were said: the store orders them by said_on, else date
        SharedQuote("the union should make the first step", "Rosa Vella", ("coast-2.txt",), "2031-04-02", (), (),
                    direct=False, said_on="2031-04-01", said_on_evidence="the reporting clause: 'yesterday'"),
        SharedQuote("both sides must stop together", "Rosa Vella", ("harbour/1.txt",), "2031-03-11", (), (),
                    direct=False, said_on="2031-03-09", said_on_evidence="the reporting clause: 'on Monday'"),
        SharedQuote(f"we stay out {HOSTILE}", "Ana Grech", ("isle-3.txt",), "2031-04-09", (), ()),
        SharedQuote("nobody asked us", None, ("isle-3.txt",), None, (), ()),
        SharedQuote("talks resume next week", "Ana Grech", ("isle-3.txt",), "2031-04-09", (), (), direct=False,
                    said_on="2031-03-20", said_on_evidence="the reporting clause: 'on 20 March'"),
    ]
    hostile = f"the union <img src=x onerror=alert(2)> should make the first step {HOSTILE}"
    first_step = Position(
        "Rosa Vella", "who must stop first", ("stop", "first", "step"),
        (_statement(1, "harbour/1.txt", "2031-03-09", "both sides must stop together",
                    "the reporting clause: 'on Monday' relative to 2031-03-11"),
         _statement(0, "coast-2.txt", "2031-04-01", "the union should make the first step"),
         _statement(2, "isle-3.txt", "2031-04-09", hostile, direct=True)),
        (Mark("shift", 0, 1, f"'together' became 'the union … first' {HOSTILE}", ("together", "union", "first")),
         Mark("reiteration", 1, 2, "repeats 'the union should make the first step'")))
    talks = Position("Ana Grech", f"talks {HOSTILE}", ("talks",),
                     (_statement(2, "isle-3.txt", None, "we stay out", "", direct=True),))
    toll = Comparison("figure", "crew on strike", "2031-04-02", (
        Side("400", (_account("harbour/1.txt", "400", "400 crew walked out."),
                     _account("isle-3.txt", "400", "400 crew were on strike.")), 2),
        Side(f"450 {HOSTILE}", (_account("coast-2.txt", "450", "The port authority counted 450 strikers."),), 1)),
        why="different counts for the same day")
    agreed = Comparison("speaker", "the first step", None, (
        Side("Rosa Vella", (
            _account("coast-2.txt", "Rosa Vella", "Vella said the union should make the first step."),
            _account("isle-3.txt", "Rosa Vella", "Vella repeated that the union should make the first step.")), 2),))
    entities = [CanonicalEntity("Rosa Vella", "person", ("Minister Vella", "Rosa Vella", "Vella"), 3,
                                tuple(TEXTS), ())]
    return Story(docs, [], id=STORY, label="ferry strike", keywords=("ferry", "strike"), entities=entities,
                 quotes=quotes, positions=[first_step, talks], comparisons=[toll, agreed])


def quiet_story() -> Story:
    doc = Document(id="q.txt", source="in/q.txt", text="Quiet day at the harbour.", published="2031-05-01")
    return Story([doc], [], id="quiet", label="quiet")


def _pile(*stories):
    return Pile([d for s in stories for d in s.documents], [], stories=list(stories))


@pytest.fixture
def written(store_location):
    with Store(store_location) as store:
        store.write_pile(_pile(ferry_story(), quiet_story()))
    return store_location


@pytest.fixture
def client(written):
    with TestClient(create_app(written, cache_bytes=0)) as c:
        yield c


def _without(row, *keys):
    return {k: v for k, v in row.items() if k not in keys}


# --------------------------------------------------------------------------- the store
def test_positions_and_comparisons_round_trip_through_the_store(written):
    story = ferry_story()
    with Store(written, readonly=True) as store:
        positions = q.positions(store, story=STORY)
        assert [_without(p, "story", "first", "last", "shifts", "reiterations") for p in positions] == \
            [p.to_dict() for p in story.positions]
        assert [(p["first"], p["last"], p["shifts"], p["reiterations"]) for p in positions] == \
            [("2031-03-09", "2031-04-09", 1, 1), (None, None, 0, 0)]
        compared = q.comparisons(store, story=STORY)
        assert [_without(c, "story", "disagree", "outlets") for c in compared] == \
            [c.to_dict() for c in story.comparisons]
        assert [(c["disagree"], c["outlets"]) for c in compared] == [(True, 3), (False, 2)]
        assert [c["about"] for c in q.comparisons(store, disagree=False)] == ["the first step"]
        assert q.positions(store, story="quiet") == [] and q.comparisons(store, story="quiet") == []


def test_positions_by_any_name_of_the_speaker(written):
    with Store(written, readonly=True) as store:
        for name in ("minister VELLA", "Rosa Vella", "vella"):
            assert [p["question"] for p in q.positions(store, speaker=name)] == ["who must stop first"], name
        assert q.positions(store, speaker="Vela") == []
        assert q.position_speakers(store, STORY) == [{"speaker": "Ana Grech", "positions": 1, "shifts": 0},
                                                     {"speaker": "Rosa Vella", "positions": 1, "shifts": 1}]


def test_quotes_are_ordered_by_the_day_they_were_said(written):
    with Store(written, readonly=True) as store:
        found = q.quotes(store, story=STORY)
    # said 9 March (published 11 March), said 20 March (published 9 April), said 1 April (published
    # 2 April), not dated by a clause but published 9 April, undated
    assert [x["text"][:12] for x in found] == ["both sides m", "talks resume", "the union sh", "we stay out ",
                                               "nobody asked"]
    assert [x["said_on"] for x in found] == ["2031-03-09", "2031-03-20", "2031-04-01", None, None]
    assert found[0]["said_on_evidence"] == "the reporting clause: 'on Monday'"


def test_rewriting_a_story_replaces_its_positions(written):
    story = ferry_story()
    story.positions = story.positions[1:]
    story.comparisons = []
    with Store(written) as store:
        store.write_pile(_pile(story))
        assert [p["speaker"] for p in q.positions(store)] == ["Ana Grech"]
        assert q.comparisons(store) == []


# --------------------------------------------------------------------------- the server
def test_api_positions_are_what_the_story_held(client):
    story = ferry_story()
    answer = client.get(f"/api/stories/{STORY}/positions")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    data = answer.json()
    assert data["story"]["id"] == STORY and data["speaker"] is None
    assert [_without(p, "story", "first", "last", "shifts", "reiterations") for p in data["positions"]] == \
        [p.to_dict() for p in story.positions]
    assert [_without(c, "story", "disagree", "outlets") for c in data["disagreements"]] == \
        [c.to_dict() for c in story.comparisons if c.disagree]
    assert [_without(c, "story", "disagree", "outlets") for c in data["agreements"]] == \
        [c.to_dict() for c in story.comparisons if not c.disagree]
    only = client.get(f"/api/stories/{STORY}/positions", params={"speaker": "Minister Vella"}).json()
    assert [p["speaker"] for p in only["positions"]] == ["Rosa Vella"] and only["speaker"] == "Minister Vella"
    assert client.get("/api/stories/nope/positions").status_code == 404
    quotes = client.get(f"/api/stories/{STORY}/quotes").json()["quotes"]
    assert [x["said_on"] for x in quotes] == ["2031-03-09", "2031-03-20", "2031-04-01", None, None]


def test_the_positions_page_shows_statements_in_order_marks_and_both_sides(client):
    answer = client.get(f"/stories/{STORY}/positions")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    html = answer.text
    first, second, third = (html.index(s) for s in (
        "both sides must stop together", "the union should make the first step", "the union &lt;img src=x"))
    assert first < second < third
    assert 'title="the reporting clause: &#39;on Monday&#39; relative to 2031-03-11"' in html
    assert '<div class="mark shift"><strong>shift</strong>' in html and "changed: together, union, first" in html
    assert '<div class="mark reiteration"><strong>reiterates</strong>' in html
    assert 'href="/documents/harbour%2F1.txt"' in html and 'href="/documents/coast-2.txt"' in html
    differ, agree = html.index('id="disagreements"'), html.index('id="agreements"')
    assert differ < html.index("crew on strike") < agree < html.index("the first step</h3>")
    assert "2 independent outlets" in html[differ:agree] and "1 independent outlet)" in html[differ:agree]
    assert html.index("Rosa Vella</h3>") < html.index("who must stop first")
    story_page = client.get(f"/stories/{STORY}").text
    assert f'<a href="/stories/{STORY}/positions">Positions (2)</a>' in story_page


def test_a_hostile_statement_is_shown_as_text(client):
    for path in (f"/stories/{STORY}/positions", f"/stories/{STORY}/positions?speaker=vella",
                 f"/stories/{STORY}/quotes"):
        answer = client.get(path)
        assert answer.status_code == 200
        body = answer.text.lower()
        assert "<script" not in body and "<img" not in body and "<b>" not in body, path
        assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    page = client.get(f"/stories/{STORY}/positions").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Isle &lt;b&gt;Times&lt;/b&gt;" in page


def test_a_story_without_positions_says_so(client):
    html = client.get("/stories/quiet/positions").text
    assert "No speaker was found saying two things on one question." in html
    assert "No independent outlets were found reporting one thing differently." in html
    assert 'id="agreements"' not in html
    assert client.get("/stories/nope/positions").status_code == 404


def test_the_api_description_lists_the_positions_path(client):
    spec = client.get("/openapi.json").json()
    assert "/api/stories/{story_id}/positions" in spec["paths"]
    assert {"PositionsPage", "Position", "Statement", "Mark", "Comparison", "Side", "Account"} <= \
        set(spec["components"]["schemas"])


def test_cli_query_lists_positions_and_comparisons(written):
    runner = CliRunner()
    result = runner.invoke(main, ["query", written, "positions", "--speaker", "vella"])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split()[:3] == ["story", "speaker", "question"] and len(lines) == 1
    assert "who must stop first" in lines[0]
    result = runner.invoke(main, ["query", written, "comparisons", "--json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["about"], r["disagree"]) for r in rows] == [("crew on strike", True), ("the first step", False)]


# --------------------------------------------------------------------------- migration from version 5
V5_QUOTE = "INSERT INTO quotes VALUES ('old', 0, 'Rosa Vella', 'we will talk', 1, '2031-01-05', '[\"o.txt\"]')"


def test_a_version_5_store_migrates_keeps_its_quotes_and_takes_positions(tmp_path):
    path = tmp_path / "v5.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.create_function("casefold", 1, lambda v: v.casefold() if isinstance(v, str) else v)
    for script in MIGRATIONS[:5]:
        for statement in statements(script):
            db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 5")
    db.execute("INSERT INTO stories VALUES ('old', 0, 'old', '[]', '2031-01-05', '2031-01-05', 1, 0, 1, 0, 0)")
    db.execute(V5_QUOTE)
    db.close()
    with pytest.raises(ConfigError, match="older storyline"):
        Store(path, readonly=True)
    with Store(path) as store:  # migrated on open for writing
        assert q.quotes(store) == [{"story": "old", "position": 0, "speaker": "Rosa Vella", "text": "we will talk",
                                    "direct": True, "date": "2031-01-05", "said_on": None, "said_on_evidence": "",
                                    "documents": ["o.txt"]}]
        assert q.positions(store) == [] and q.comparisons(store) == []
        before = store.rows("SELECT n FROM generation")[0]["n"]
        store.write_pile(_pile(ferry_story()))
        assert store.rows("SELECT n FROM generation")[0]["n"] > before
        assert [p["speaker"] for p in q.positions(store)] == ["Rosa Vella", "Ana Grech"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        triggers = {r[0] for r in db.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"positions", "comparisons"} <= triggers


def test_a_version_5_postgresql_store_migrates_and_keeps_its_quotes(postgres_database):
    import psycopg

    Store(postgres_database).close()
    with psycopg.connect(postgres_database, autocommit=True) as conn:  # as version 5 made it
        conn.execute("DROP TABLE positions")
        conn.execute("DROP TABLE comparisons")
        conn.execute("ALTER TABLE quotes DROP COLUMN said_on, DROP COLUMN said_on_evidence")
        conn.execute("UPDATE storyline_store SET version = 5")
        conn.execute("INSERT INTO stories VALUES ('old', 0, 'old', '[]', '2031-01-05', '2031-01-05', 1, 0, 1, 0, 0)")
        conn.execute(V5_QUOTE)
    with pytest.raises(ConfigError, match="older storyline"):
        Store(postgres_database, readonly=True)
    first = CliRunner().invoke(main, ["query", postgres_database, "quotes", "--json"])
    assert first.exit_code == 0, first.output
    assert f"upgraded the store from schema 5 to {SCHEMA_VERSION}" in first.output
    assert [(x["text"], x["said_on"], x["said_on_evidence"]) for x in map(json.loads, first.output.splitlines()[1:])] \
        == [("we will talk", None, "")]
    again = CliRunner().invoke(main, ["query", postgres_database, "quotes"])
    assert again.exit_code == 0 and "upgraded" not in again.output
    with Store(postgres_database) as store:
        store.write_pile(_pile(ferry_story()))
    with Store(postgres_database, readonly=True) as store:
        assert [_without(p, "story", "first", "last", "shifts", "reiterations") for p in q.positions(store)] == \
            [p.to_dict() for p in ferry_story().positions]
        assert store.rows("SELECT version FROM storyline_store") == [{"version": SCHEMA_VERSION}]
