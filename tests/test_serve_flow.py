"""The living engine end to end in a real browser: an empty store served by uvicorn (a thread,
127.0.0.1, a free port), the local feed server of tests/feedserver.py (its host allowed
explicitly), Debian's Chromium driven by Playwright. A reader sees the empty store, adds the
feed on /admin with the token, runs an update, sees the new story marked new, opens it,
searches a phrase of an article and follows an event's chip to the highlighted sentence. A
wrong token changes nothing. Also: ``storyline serve``'s fetch options reach the updates."""

from __future__ import annotations

import dataclasses
import json
import os
import time
import urllib.error
import urllib.request

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
from click.testing import CliRunner  # noqa: E402
from feedserver import FeedServer  # noqa: E402
from browser import WAIT, needs_browser, serving, tab  # noqa: E402
import update_targets  # noqa: E402

from storyline.cli import main  # noqa: E402
from storyline.feeds import FeedsConfig  # noqa: E402
from storyline.serve import create_app  # noqa: E402
from storyline.serve.runner import run_update_child  # noqa: E402
from storyline.store import Store  # noqa: E402

TOKEN = "flow-token-7"
UPDATE_WAIT = 45  # s, the longest the update is waited for
browser = needs_browser


def test_serve_passes_its_fetch_options_to_the_updates(tmp_path, monkeypatch):
    import uvicorn as real

    db = tmp_path / "s.sqlite"
    Store(db).close()
    seen = {}
    monkeypatch.setattr(real, "run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "0", "--allow-host", "127.0.0.1",
                                       "--allow-host", "feeds.internal", "--fetch-timeout", "3.5",
                                       "--fetch-delay", "0"])
    assert result.exit_code == 0, result.output
    runner = seen["app"].state.serve.runner
    expected = FeedsConfig(allow_hosts=("127.0.0.1", "feeds.internal"), timeout=3.5, per_host_delay=0.0)
    assert runner.feeds == expected and runner.target is run_update_child
    assert seen["host"] == "127.0.0.1"
    runner.target = update_targets.record  # the settings reach the update's process
    assert runner.run_now() and runner.last["status"] == "ok"
    (child,) = update_targets.calls(db)
    assert child["feeds"] == json.loads(json.dumps(dataclasses.asdict(expected))) and child["db"] == str(db)
    assert child["pid"] != os.getpid()
    bad = CliRunner().invoke(main, ["serve", "--db", str(db), "--allow-host", "127.0.0.1:80"])
    assert bad.exit_code == 2 and "allow_hosts" in bad.output
    assert CliRunner().invoke(main, ["serve", "--db", str(db), "--fetch-timeout", "0"]).exit_code == 2


def test_the_update_process_calls_run_update_with_the_servers_fetch_settings(tmp_path, monkeypatch):
    """What the update process runs (called here, in this process, so that run_update can be replaced)."""
    import storyline.update as update

    calls = []
    monkeypatch.setattr(update, "run_update", lambda db, **kw: calls.append((db, kw)) or update.UpdateReport(5))
    feeds = FeedsConfig(allow_hosts=("127.0.0.1",), timeout=2.0)
    assert run_update_child(tmp_path / "s.sqlite", feeds) == {
        "status": "ok", "id": 5, "fetched": 0, "added": 0, "refused": 0, "failed": 0, "stories_changed": 0}
    assert run_update_child(tmp_path / "t.sqlite", None)["id"] == 5
    assert calls == [(tmp_path / "s.sqlite", {"feeds": feeds}), (tmp_path / "t.sqlite", {})]
    assert create_app(tmp_path / "s.sqlite", token=TOKEN, feeds=feeds).state.serve.runner.target is run_update_child


@pytest.fixture
def site():
    with FeedServer() as server:
        yield server


@pytest.fixture
def served(tmp_path, site):
    """An empty store served with the token; updates may reach the feed server (127.0.0.1)."""
    db = tmp_path / "store.sqlite"
    Store(db).close()
    feeds = FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.0, timeout=5.0)
    with serving(create_app(db, token=TOKEN, feeds=feeds)) as base:
        yield base, db


@pytest.fixture
def page():
    with tab() as opened:
        yield opened


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.load(answer)


def _wait_for_update(base: str) -> dict:
    """Poll /api/updates until the server's update is done (bounded)."""
    deadline = time.monotonic() + UPDATE_WAIT
    while time.monotonic() < deadline:
        info = _get(base + "/api/updates")
        if not info["running"] and info["last"]:
            return info
        time.sleep(0.25)
    raise AssertionError(f"the update did not finish in {UPDATE_WAIT} s")


@browser
def test_add_a_feed_run_an_update_and_read_the_new_story(served, site, page):
    base, db = served
    started = time.monotonic()
    page.goto(base + "/", wait_until="load")
    assert page.locator("p.empty").inner_text() == "The store holds no stories."

    page.goto(base + "/admin", wait_until="load")
    page.fill("#add-feed input[name=url]", f"{site.base}/rss.xml")
    page.fill("#add-feed input[name=token]", TOKEN)
    page.click("#add-feed button")
    page.wait_for_url("**/admin?note=added")
    assert page.locator("#feeds code").inner_text() == f"{site.base}/rss.xml"

    page.fill("#run-update input[name=token]", TOKEN)
    page.click("#run-update button")
    page.wait_for_url("**/admin?note=*")
    info = _wait_for_update(base)
    assert info["last"]["status"] == "ok" and info["last"]["added"] == len(site.rss_items), info
    assert info["updates"][0]["status"] == "ok"

    page.goto(base + "/", wait_until="load")
    stories = page.locator(".story-list > li")
    assert stories.count() >= 1
    assert "new story" in [k.lower() for k in page.locator(".story-list .news .news-kind").all_inner_texts()]
    assert "updated by #1" in stories.first.inner_text()
    stories.first.locator("h2 a").click()
    page.wait_for_url("**/stories/*")
    assert page.locator("#timeline li.sentence").count() >= 1

    page.fill("input[name=q]", "two winters of storms delayed the work")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("#documents li").count() == len(site.rss_items)

    page.go_back(wait_until="load")
    line = page.locator("#timeline li.sentence p").first.inner_text()
    page.locator("#timeline a.chip-link").first.click()
    page.wait_for_url("**/documents/*#span-*")
    mark = page.locator("mark:target")
    assert mark.count() == 1 and " ".join(mark.inner_text().split()) == " ".join(line.split())
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.errors == []
    assert time.monotonic() - started < 60


@browser
def test_a_wrong_token_is_refused_and_changes_nothing(served, site, page):
    base, db = served
    page.goto(base + "/admin", wait_until="load")
    page.fill("#add-feed input[name=url]", f"{site.base}/rss.xml")
    page.fill("#add-feed input[name=token]", "not-the-token")
    page.click("#add-feed button")
    page.wait_for_url("**/admin?note=forbidden")
    assert "Wrong token" in page.locator(".notice").inner_text()
    assert page.locator("#feeds p.empty").inner_text() == "No feeds yet."
    page.fill("#run-update input[name=token]", "not-the-token")
    page.click("#run-update button")
    page.wait_for_url("**/admin?note=forbidden")
    request = urllib.request.Request(base + "/api/update", method="POST",
                                     headers={"Authorization": "Bearer not-the-token"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
    info = _get(base + "/api/updates")
    assert info["updates"] == [] and info["last"] is None and not info["running"]
    assert _get(base + "/api/feeds") == []
    assert site.requests == []  # nothing was fetched
    assert page.errors == []
