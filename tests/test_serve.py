"""``storyline serve``: the web app over a hand-made store (invented rows that carry markup),
through FastAPI's TestClient: every page answers, nothing a source wrote becomes markup,
every response carries the security headers, the changing endpoints need the token, the
OpenAPI description lists every /api path, and a page reads one committed state."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
import update_targets  # noqa: E402

from storyline.cli import main  # noqa: E402
from storyline.cli.serve import parse_every  # noqa: E402
from storyline.errors import ConfigError  # noqa: E402
from storyline.serve import CSP, create_app  # noqa: E402
from storyline.serve import admin, runner  # noqa: E402
from storyline.serve.runner import Scheduler, UpdateRunner, run_update_child  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.store import query  # noqa: E402

HOSTILE = "<script>alert(1)</script>"
LINE = "The <b>mayor</b> closed the Quillby bridge after a <img src=x onerror=alert(2)> crack was found."
TEXT_A = f"Quillby Gazette. {LINE} Engineers said repairs would take weeks."
TEXT_B = "Other news. The council met on Monday to discuss the ferry timetable and the Quillby bridge."
START = TEXT_A.index(LINE)
STORY, QUIET = "bridge-quillby", "ferry-quillby"


def _doc(db, doc_id, position, title, url, text, published, outlet):
    db.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (doc_id, position, f"in/{doc_id}", url, title, outlet, None, published, "dateline", 0, None, "en",
                "0" * 64, text))


def make_store(path: Path, news: bool = True) -> Path:
    """A store with two stories; the first told from a document full of markup."""
    with Store(path) as store, store.transaction() as db:
        _doc(db, "a/1.txt", 0, f"Bridge shut {HOSTILE}", "javascript:alert(3)", TEXT_A, "2031-05-02", f"Gazette {HOSTILE}")
        _doc(db, "b-2.txt", 1, "Ferry timetable", "https://news.example/ferry", TEXT_B, "2031-05-04", "Courier")
        db.execute("INSERT INTO stories VALUES (?, 0, ?, ?, '2031-05-02', '2031-05-02', 1, 1, 1, 1, 1)",
                   (STORY, f"bridge {HOSTILE}", json.dumps(["bridge", "<i>x</i>"])))
        db.execute("INSERT INTO stories VALUES (?, 1, 'ferry', '[]', '2031-05-04', '2031-05-04', 1, 0, 0, 0, 0)",
                   (QUIET,))
        db.execute("INSERT INTO story_documents VALUES (?, 'a/1.txt', 0)", (STORY,))
        db.execute("INSERT INTO story_documents VALUES (?, 'b-2.txt', 0)", (QUIET,))
        db.execute("INSERT INTO events VALUES (?, 0, '2031-05-01', ?, ?, 0, 0, ?, 1)",
                   (STORY, json.dumps([LINE]), LINE, json.dumps(["a/1.txt"])))
        db.execute("INSERT INTO evidence VALUES (?, 0, 0, 0, 'a/1.txt', ?, ?, ?, ?)",
                   (STORY, START, START + len(LINE), LINE, f"'yesterday' {HOSTILE}"))
        db.execute("INSERT INTO quotes (story, position, speaker, text, direct, date, documents) "
                   "VALUES (?, 0, ?, ?, 1, '2031-05-02', ?)",
                   (STORY, "Ada <Mayor>", f"We close it {HOSTILE}", json.dumps(["a/1.txt"])))
        db.execute("INSERT INTO entities VALUES (?, 0, ?, 'person', ?, '[]', 3, ?)",
                   (STORY, "Ada <Mayor>", json.dumps(["Ada"]), json.dumps(["a/1.txt"])))
        db.execute("INSERT INTO entity_names VALUES (?, 0, 'ada <mayor>'), (?, 0, 'ada')", (STORY, STORY))
        db.execute('INSERT INTO claims (story, position, value, what, date, document, text, kind) '
                   "VALUES (?, 0, 3, ?, '2031-05-02', 'a/1.txt', ?, 'current')", (STORY, "weeks", f"3 {HOSTILE}"))
        if news and query.has_table(store, "story_news"):
            db.execute("INSERT INTO updates VALUES (7, '2031-05-05T10:00:00Z', '2031-05-05T10:01:00Z', 'ok', ?)",
                       (json.dumps({"fetched": 2, "added": 1}),))
            db.execute("INSERT INTO story_news VALUES (7, ?, 'event', 0, ?)",
                       (STORY, json.dumps({"date": "2031-05-01", "text": f"news {HOSTILE}"})))
    return path


@pytest.fixture
def store_path(tmp_path):
    return make_store(tmp_path / "serve.sqlite")


@pytest.fixture
def client(store_path):
    with TestClient(create_app(store_path, token="s3cret-token")) as c:
        yield c


@pytest.fixture
def served(store_location):
    """As ``client``, over an SQLite and over a PostgreSQL store (the read-only pages)."""
    with TestClient(create_app(make_store(store_location), token="s3cret-token")) as c:
        yield c


PAGES = ["/", f"/stories/{STORY}", f"/stories/{STORY}/quotes", f"/stories/{STORY}/quotes?speaker=ada",
         f"/stories/{STORY}/positions",
         f"/stories/{STORY}/figures", f"/stories/{STORY}/entities", "/documents/a%2F1.txt", "/documents/b-2.txt",
         "/search?q=Quillby+bridge", "/search?q=", '/search?q=say+"no"+AND+x*', "/admin", f"/stories/{QUIET}"]
API = ["/api/stories", f"/api/stories/{STORY}", f"/api/stories/{STORY}/events", f"/api/stories/{STORY}/quotes",
       f"/api/stories/{STORY}/positions",
       f"/api/stories/{STORY}/figures", f"/api/stories/{STORY}/entities", "/api/documents/a%2F1.txt",
       "/api/search?q=bridge", "/api/feeds", "/api/updates", "/openapi.json"]


def _secure(response) -> None:
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_escaped_and_without_script(served, path):
    response = served.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    _secure(response)
    body = response.text.lower()
    assert "<script" not in body and "onerror=" not in body.replace("onerror=alert(2)&gt;", "")
    assert "<img" not in body and "<b>" not in body and 'href="javascript' not in body


@pytest.mark.parametrize("path", API)
def test_every_api_path_answers_json_with_the_headers(served, path):
    response = served.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    _secure(response)


@pytest.mark.parametrize("path", ["/nope", "/stories/nope", "/documents/nope", "/api/stories/nope", "/api/nope"])
def test_errors_carry_the_headers_too(served, path):
    response = served.get(path)
    assert response.status_code == 404
    _secure(response)
    assert "<script" not in response.text


def test_hostile_text_is_shown_as_text(served):
    page = served.get(f"/stories/{STORY}").text
    assert "bridge &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Gazette &lt;script&gt;" in page  # the outlet on the chip
    quotes = served.get(f"/stories/{STORY}/quotes").text
    assert "Ada &lt;Mayor&gt;" in quotes and "We close it &lt;script&gt;" in quotes


def test_story_chip_links_to_the_highlighted_span(served):
    page = served.get(f"/stories/{STORY}").text
    span = f"span-{START}-{START + len(LINE)}"
    assert f'href="/documents/a%2F1.txt#{span}"' in page
    assert "why this date" in page and "&#39;yesterday&#39; &lt;script&gt;" in page
    doc = served.get("/documents/a%2F1.txt").text
    assert f'<mark id="{span}">The &lt;b&gt;mayor&lt;/b&gt; closed' in doc
    assert "(not a web address: not linked)" in doc  # javascript: is never a link
    other = served.get("/documents/b-2.txt").text
    assert 'href="https://news.example/ferry" rel="noopener noreferrer"' in other and "<mark" not in other


def test_story_list_is_newest_activity_first_with_its_news(served):
    data = served.get("/api/stories").json()
    assert [s["id"] for s in data["stories"]] == [STORY, QUIET]  # the update outranks a later publication day
    assert data["stories"][0]["news"][0]["detail"]["text"].startswith("news")
    assert data["latest_update"]["id"] == 7
    page = served.get("/").text
    assert page.index(STORY) < page.index(QUIET) and "news &lt;script&gt;" in page


def test_story_list_without_updates_orders_by_last_publication(tmp_path):
    with TestClient(create_app(make_store(tmp_path / "plain.sqlite", news=False))) as c:
        data = c.get("/api/stories").json()
        assert [s["id"] for s in data["stories"]] == [QUIET, STORY] and data["latest_update"] is None
        assert "No updates yet" in c.get("/").text


def test_search_is_a_phrase_and_finds_documents_and_events(served):
    found = served.get("/api/search", params={"q": "Quillby bridge"}).json()
    assert [d["id"] for d in found["documents"]] and {d["id"] for d in found["documents"]} == {"a/1.txt", "b-2.txt"}
    assert [d["id"] for d in served.get("/api/search", params={"q": "ferry timetable"}).json()["documents"]] == ["b-2.txt"]
    assert served.get("/api/search", params={"q": "timetable ferry"}).json()["documents"] == []  # a phrase, in order
    assert served.get("/api/search", params={"q": "closed the Quillby"}).json()["events"][0]["story"] == STORY
    assert served.get("/api/search", params={"q": 'x" OR "y'}).json()["documents"] == []


def test_quotes_by_speaker_alias(served):
    assert len(served.get(f"/api/stories/{STORY}/quotes", params={"speaker": "ADA"}).json()["quotes"]) == 1
    assert served.get(f"/api/stories/{STORY}/quotes", params={"speaker": "Bob"}).json()["quotes"] == []


def test_openapi_lists_every_api_path_and_no_page(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    expected = {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/events",
                "/api/stories/{story_id}/quotes", "/api/stories/{story_id}/figures", "/api/stories/{story_id}/entities",
                "/api/documents/{document_id}", "/api/search", "/api/feeds", "/api/feeds/{feed_id}", "/api/updates",
                "/api/update"}
    assert expected <= paths, expected - paths
    assert all(p.startswith("/api/") for p in paths)
    schema = spec["components"]["schemas"]["StoryActivity"]["properties"]
    assert {"id", "news", "activity"} <= set(schema)
    assert client.get("/docs").status_code == 404  # the docs page would load third-party script


# -- changing endpoints -------------------------------------------------------------------

AUTH = {"Authorization": "Bearer s3cret-token"}


def _until(condition, seconds: float = 20.0, what: str = "the condition"):
    """Poll ``condition()`` until it is truthy (returned) or ``seconds`` pass (AssertionError)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"{what} did not happen in {seconds} s")


@pytest.fixture
def held(client):
    """The client's updates run ``update_targets.hold``; released at the end whatever happens."""
    runner = client.app.state.serve.runner
    runner.target = update_targets.hold
    yield runner
    update_targets.release_file(runner.db).touch()
    if runner.thread is not None:
        runner.thread.join(20)
    assert not runner.running


def test_changes_need_the_token(client, held):
    assert client.post("/api/update").status_code == 403
    assert client.post("/api/update", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/update", headers={"Authorization": "Basic s3cret-token"}).status_code == 403
    assert client.delete("/api/feeds/1").status_code == 403
    assert client.post("/api/feeds", json={"url": "https://news.example/feed"}).status_code == 403
    first = client.post("/api/update", headers=AUTH)
    assert first.status_code == 202 and first.headers["content-security-policy"] == CSP
    assert client.post("/api/update", headers=AUTH).status_code == 409  # one at a time
    assert client.get("/api/updates").json()["running"] is True
    (child,) = _until(lambda: update_targets.calls(held.db), what="the update process starting")
    assert client.get("/api/updates").json()["running"] is True and client.get("/api/updates").json()["last"] is None
    update_targets.release_file(held.db).touch()
    held.thread.join(20)
    status = client.get("/api/updates").json()
    assert status["running"] is False and status["last"] == {
        "status": "ok", "id": 1, "fetched": 1, "added": 1, "refused": 0, "failed": 0, "stories_changed": 1}
    assert child["db"] == str(client.app.state.serve.db) and child["db_type"].endswith("Path")
    assert child["feeds"] is None
    parent_nice = os.getpriority(os.PRIO_PROCESS, 0)
    assert child["pid"] != os.getpid() and child["nice"] > parent_nice  # another process, at a lower priority
    assert child["nice"] == min(parent_nice + 10, 19)
    if sys.platform.startswith("linux"):
        assert child["death_signal"] == signal.SIGKILL and update_targets.death_signal() == 0  # the kernel ends it


def test_a_server_without_token_refuses_every_change(store_path):
    app = create_app(store_path)
    app.state.serve.runner.target = update_targets.record
    with TestClient(app) as c:
        assert c.post("/api/update", headers={"Authorization": "Bearer "}).status_code == 403
        assert "started without a token" in c.post("/api/update").json()["detail"]
        assert "Read-only" in c.get("/admin").text and "<form method=\"post\"" not in c.get("/admin").text
        assert c.post("/admin/update", data={"token": ""}, follow_redirects=False).headers["location"] == \
            "/admin?note=forbidden"
    assert app.state.serve.runner.thread is None and update_targets.calls(store_path) == []


def test_feeds_are_added_and_removed_with_the_token(client, store_path):
    added = client.post("/api/feeds", json={"url": "https://news.example/feed.xml", "kind": "rss"}, headers=AUTH)
    assert added.status_code == 201, added.text
    feeds = client.get("/api/feeds").json()
    assert [(f["id"], f["url"], f["kind"]) for f in feeds] == [(added.json()["id"], "https://news.example/feed.xml", "rss")]
    assert client.post("/api/feeds", json={"url": "file:///etc/passwd"}, headers=AUTH).status_code == 400
    assert client.post("/api/feeds", json={"url": "https://x.example/", "kind": "exe"}, headers=AUTH).status_code == 422
    assert client.delete(f"/api/feeds/{added.json()['id']}", headers=AUTH).status_code == 200
    assert client.get("/api/feeds").json() == []
    assert client.delete("/api/feeds/999", headers=AUTH).status_code == 404


def test_admin_forms_take_the_token(client, held):
    wrong = client.post("/admin/feeds", data={"url": "https://news.example/a.xml", "token": "nope"},
                        follow_redirects=False)
    assert wrong.status_code == 303 and wrong.headers["location"] == "/admin?note=forbidden"
    right = client.post("/admin/feeds", data={"url": "https://news.example/a.xml", "token": "s3cret-token"},
                        follow_redirects=False)
    assert right.headers["location"] == "/admin?note=added"
    page = client.get("/admin?note=added").text
    assert "Feed added." in page and "https://news.example/a.xml" in page
    started = client.post("/admin/update", data={"token": "s3cret-token"}, follow_redirects=False)
    assert started.headers["location"] == "/admin?note=started"
    again = client.post("/admin/update", data={"token": "s3cret-token"}, follow_redirects=False)
    assert again.headers["location"] == "/admin?note=running"
    assert client.post("/admin/update", content=b"token=" + b"x" * 20_000).status_code == 413
    update_targets.release_file(held.db).touch()
    held.thread.join(20)
    assert held.last["status"] == "ok" and len(update_targets.calls(held.db)) == 1


def test_the_scheduler_runs_updates_one_at_a_time(store_path):
    runner = UpdateRunner(store_path, target=update_targets.hold)
    assert UpdateRunner(store_path).target is run_update_child  # the real update by default
    assert admin.ServeState(store_path, target=update_targets.hold).runner.target is update_targets.hold
    scheduler = Scheduler(runner, 0.05)
    scheduler.start()
    try:
        _until(lambda: update_targets.calls(store_path), what="the first scheduled update")
        assert runner.running and runner.run_now() is False and runner.start() is False  # one at a time
        update_targets.release_file(store_path).touch()
        _until(lambda: len(update_targets.calls(store_path)) >= 2, what="a second scheduled update")
    finally:
        update_targets.release_file(store_path).touch()
        scheduler.stop(20)
    assert not scheduler._thread.is_alive() and not runner.running
    assert runner.last["status"] == "ok" and runner.last["id"] == len(update_targets.calls(store_path))
    pids = [call["pid"] for call in update_targets.calls(store_path)]
    assert len(set(pids)) == len(pids) and os.getpid() not in pids  # a fresh process for each update


@pytest.mark.parametrize("target, last", [
    (update_targets.fail, {"status": "failed", "reason": "RuntimeError: disk <full>"}),
    (update_targets.refuse, {"status": "refused", "reason": "an update is running (pid 1) wait for it"}),
    (update_targets.die, {"status": "failed", "reason": "the update process was killed by signal SIGKILL"}),
])
def test_a_failed_update_is_reported_not_raised(store_path, target, last):
    runner = UpdateRunner(store_path, target=target)
    started = time.monotonic()
    assert runner.run_now() is True
    assert runner.last == last and not runner.running
    assert time.monotonic() - started < 20


SERVER = """
import sys, time
from pathlib import Path
import update_targets
from storyline.serve.runner import UpdateRunner
db = Path(sys.argv[1])
UpdateRunner(db, target=update_targets.hold).start()
while not update_targets.calls(db):
    time.sleep(0.02)
print(update_targets.calls(db)[0]["pid"], flush=True)
if sys.argv[2] == "is killed":
    time.sleep(60)  # until killed
"""


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # a zombie is dead
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["exits", "is killed"])
def test_an_update_process_ends_with_its_server(tmp_path, how):
    """A server that exits ends its update rather than wait for it; one killed (SIGKILL) takes it along."""
    tests = Path(__file__).parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent / "src")])}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp_path / "s.sqlite"), how],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        child = int(server.stdout.readline())
        if how == "is killed":
            assert not _gone(child)
            server.kill()
        assert server.wait(20) == (-signal.SIGKILL if how == "is killed" else 0)
        _until(lambda: _gone(child), 5, what="the update process ending")
    finally:
        server.kill()
        server.wait(5)
        server.stdout.close()


def test_how_an_update_process_ended_is_told():
    assert runner._ended(3) == "ended with exit code 3"
    assert runner._ended(-signal.SIGTERM) == "was killed by signal SIGTERM"
    assert runner._ended(-200) == "was killed by signal 200"


# -- one committed state per read ------------------------------------------------------------

def test_a_read_sees_one_committed_state(store_path):
    with Store(store_path, readonly=True) as reader, query.snapshot(reader):
        before = len(query.stories(reader))
        with Store(store_path) as writer, writer.transaction() as db:
            db.execute("INSERT INTO stories VALUES ('late', 2, 'late', '[]', NULL, NULL, 0, 0, 0, 0, 0)")
        assert len(query.stories(reader)) == before  # the snapshot holds
    with Store(store_path, readonly=True) as reader:
        assert len(query.stories(reader)) == before + 1


# -- the command ---------------------------------------------------------------------------

def test_serve_refuses_a_missing_or_foreign_store(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no store at" in missing.output and missing.output.count("\n") == 1
    (tmp_path / "x.sqlite").write_text("not a database, just words" * 100)
    foreign = runner.invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite")])
    assert foreign.exit_code == 2 and foreign.output.startswith("storyline: cannot use the store")
    bad = runner.invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite"), "--update-every", "soon"])
    assert bad.exit_code == 2 and "not a duration" in bad.output


def test_parse_every():
    assert parse_every("30m") == 1800 and parse_every("90s") == 90 and parse_every("2h") == 7200
    assert parse_every("1d") == 86400 and parse_every("45") == 45
    for wrong in ("", "m", "-1m", "0s", "1 week"):
        with pytest.raises(ConfigError):
            parse_every(wrong)


def test_single_article_stories_are_listed_apart_after_the_stories(client):
    page = client.get("/").text
    listed, _, rest = page.partition('<section class="singles"')
    quiet_href = f'href="/stories/{QUIET}"'
    assert f'href="/stories/{STORY}"' in listed  # one document, but news from an update: a story
    assert quiet_href not in listed and quiet_href in rest and "Single articles (1)" in rest
    assert {s["id"] for s in client.get("/api/stories").json()["stories"]} == {STORY, QUIET}  # the API lists all
