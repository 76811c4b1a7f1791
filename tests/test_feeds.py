"""Fetching from feeds against a local feed server (tests/feedserver.py) on 127.0.0.1: what is
new is fetched and stored, conditional requests, robots.txt, the per-host delay, the size
limit, the guard on redirects, garbage feeds."""

from __future__ import annotations

import time

import pytest

from feedserver import FeedServer
from storyline.feeds import FeedsConfig, add_feed, fetch_new, list_feeds
from storyline.store import Store, sources

FAST = dict(allow_hosts=("127.0.0.1",), per_host_delay=0, timeout=5)


@pytest.fixture
def server():
    with FeedServer() as srv:
        yield srv


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite") as opened:
        yield opened


def _codes(rejected):
    return sorted((r.source.rsplit("/", 1)[1], r.code) for r in rejected)


def test_an_rss_feed_is_fetched_once_then_only_what_is_new(server, store):
    feed_id = add_feed(store, f"{server.base}/rss.xml")
    report = fetch_new(store, FeedsConfig(**FAST), update_id=7)
    assert [d.id for d in report.added] == [f"{server.base}/articles/{n}.html" for n in ("one", "two", "three")]
    assert report.refused == report.failed == [] and report.fetched == 3
    first = report.added[0]
    assert first.kind == "html" and "breakwater of one" in first.body
    assert first.meta == {"url": first.id, "title": "Breakwater one", "published": "2026-03-01",
                          "published_evidence": "the feed item's 'published' date"}
    stored = sources.raw_documents(store)
    assert sorted(d.id for d in stored) == sorted(d.id for d in report.added)
    assert sources.raw_documents(store, update_id=7) == stored and sources.raw_documents(store, update_id=8) == []
    (feed,) = list_feeds(store)
    assert (feed["id"], feed["kind"], feed["status"], feed["etag"], feed["documents"]) == \
        (feed_id, "rss", "ok", '"rss-1"', 3)
    assert feed["title"] == "Velmora Port News"

    server.rss_items = ["four", "one", "two", "three"]  # something new, under a new ETag
    server.rss_etag, server.rss_last_modified = '"rss-2"', "Tue, 03 Mar 2026 08:00:00 GMT"
    before = len(server.requests)
    again = fetch_new(store, FeedsConfig(**FAST), update_id=8)
    assert [d.id for d in again.added] == [f"{server.base}/articles/four.html"]
    assert [p for p in server.paths()[before:] if p.startswith("/articles/")] == ["/articles/four.html"]
    assert [d.id for d in sources.raw_documents(store, update_id=8)] == [f"{server.base}/articles/four.html"]


def test_an_unchanged_feed_is_asked_conditionally_and_answered_304(server, store):
    add_feed(store, f"{server.base}/rss.xml")
    fetch_new(store, FeedsConfig(**FAST))
    before = len(server.requests)
    report = fetch_new(store, FeedsConfig(**FAST))
    assert report.not_modified == 1 and report.added == [] and report.fetched == 0
    feed_requests = [h for p, h, _ in server.requests[before:] if p == "/rss.xml"]
    assert len(feed_requests) == 1
    assert feed_requests[0]["If-None-Match"] == '"rss-1"'
    assert feed_requests[0]["If-Modified-Since"] == server.rss_last_modified
    assert list_feeds(store)[0]["status"] == "not-modified"


def test_a_feed_whose_items_failed_is_asked_in_full_next_time(server, store):
    add_feed(store, f"{server.base}/rss.xml")
    server.rss_items = ["one", "gone"]  # the second is a 404
    report = fetch_new(store, FeedsConfig(**FAST))
    assert len(report.added) == 1 and [r.code for r in report.failed] == ["fetch-failed"]
    assert "HTTP 404" in report.failed[0].reason
    assert list_feeds(store)[0]["etag"] is None  # no validators kept: the failure is retried
    before = len(server.requests)
    again = fetch_new(store, FeedsConfig(**FAST))
    assert again.not_modified == 0 and len(again.failed) == 1 and again.added == []
    assert "/articles/one.html" not in server.paths()[before:]  # fetched ok once: never again


def test_max_items_leaves_the_rest_for_the_next_update(server, store):
    add_feed(store, f"{server.base}/rss.xml")
    first = fetch_new(store, FeedsConfig(**FAST, max_items=2))
    assert [d.id.rsplit("/", 1)[1] for d in first.added] == ["one.html", "two.html"]
    second = fetch_new(store, FeedsConfig(**FAST, max_items=2))
    assert [d.id.rsplit("/", 1)[1] for d in second.added] == ["three.html"] and second.not_modified == 0


@pytest.mark.parametrize("path, kind, expected", [
    ("atom.xml", "atom", ["atom-pier.html"]),
    ("sitemap.xml", "sitemap", ["map-one.html"]),
    ("urls.txt", "urls", ["listed.html"]),
])
def test_each_kind_is_sniffed_and_read(server, store, path, kind, expected):
    add_feed(store, f"{server.base}/{path}")
    report = fetch_new(store, FeedsConfig(**FAST))
    assert [d.id.rsplit("/", 1)[1] for d in report.added] == expected
    assert list_feeds(store)[0]["kind"] == kind
    if kind == "atom":  # the day as the feed writes it, not moved to UTC
        assert report.added[0].meta["published"] == "2026-03-04"
        assert report.added[0].meta["url"] == f"{server.base}/articles/atom-pier.html"
    if kind == "sitemap":  # robots.txt disallows /private/: refused, never requested
        assert _codes(report.refused) == [("hidden.html", "robots")]
        assert "robots.txt disallows" in report.refused[0].reason
        assert "/private/hidden.html" not in server.paths()
        assert report.added[0].meta["published"] == "2026-03-06"
    if kind == "urls":
        assert _codes(report.failed) == [("missing", "fetch-failed")]


def test_robots_txt_is_read_once_per_host_per_update(server, store):
    add_feed(store, f"{server.base}/rss.xml")
    add_feed(store, f"{server.base}/atom.xml")
    fetch_new(store, FeedsConfig(**FAST))
    assert server.paths().count("/robots.txt") == 1


def test_a_garbage_feed_fails_with_a_reason_and_the_others_go_on(server, store):
    add_feed(store, f"{server.base}/garbage.xml")
    add_feed(store, f"{server.base}/atom.xml")
    report = fetch_new(store, FeedsConfig(**FAST))
    assert [(r.source, r.code) for r in report.failed] == [(f"{server.base}/garbage.xml", "malformed")]
    assert len(report.added) == 1
    garbage = list_feeds(store)[0]
    assert (garbage["status"], garbage["code"], garbage["kind"]) == ("failed", "malformed", "auto")
    assert "\n" not in garbage["reason"]


def test_a_redirect_to_another_loopback_address_is_refused_though_127_0_0_1_is_allowed(server, store):
    add_feed(store, f"{server.base}/urls.txt", "urls")
    server.url_list = ["/to-private"]
    report = fetch_new(store, FeedsConfig(**FAST))
    assert report.added == [] and len(report.refused) == 1
    refused = report.refused[0]
    assert refused.source == f"{server.base}/to-private" and refused.code == "refused-url"
    assert "redirect to http://127.0.0.2" in refused.reason and "loopback" in refused.reason
    row = [r for r in sources.fetched(store) if r["url"] == refused.source][0]
    assert (row["status"], row["code"]) == ("refused", "refused-url")


@pytest.mark.parametrize("path, code, message", [
    ("/loop", "fetch-failed", "redirect loop"),
    ("/to-file", "refused-url", "only http and https"),
    ("/slow", "fetch-failed", "timed out after 0.5 s"),
])
def test_loops_other_schemes_and_slow_servers_are_told_apart(server, store, path, code, message):
    add_feed(store, f"{server.base}/urls.txt", "urls")
    server.url_list = [path]
    report = fetch_new(store, FeedsConfig(**{**FAST, "timeout": 0.5}))
    (rejected,) = report.refused + report.failed
    assert rejected.code == code and message in rejected.reason, rejected


def test_a_loopback_feed_is_refused_unless_its_host_is_allowed(server, store):
    add_feed(store, f"{server.base}/rss.xml")
    report = fetch_new(store, FeedsConfig(timeout=5, per_host_delay=0))
    assert [(r.code, "loopback" in r.reason) for r in report.refused] == [("refused-url", True)]
    assert server.requests == [] and list_feeds(store)[0]["status"] == "refused"


@pytest.mark.parametrize("path", ["/huge", "/endless"])
def test_a_2_gb_body_is_cut_off_at_the_limit_and_refused(server, store, path):
    add_feed(store, f"{server.base}/urls.txt", "urls")
    server.url_list = [path]
    started = time.monotonic()
    report = fetch_new(store, FeedsConfig(**FAST, max_bytes=200_000))
    assert time.monotonic() - started < 4
    assert [(r.code, "too large" in r.reason) for r in report.refused] == [("too-large", True)]
    assert server.endless_sent < 50_000_000  # the server stopped writing soon after the client went
    assert report.added == [] and sources.raw_documents(store) == []


def test_requests_to_one_host_keep_the_least_delay(server, store):
    add_feed(store, f"{server.base}/rss.xml")
    fetch_new(store, FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.15, timeout=5))
    times = [t for _, _, t in server.requests]
    assert len(times) == 5  # robots.txt, the feed, three articles
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.1 and times[-1] - times[0] >= 4 * 0.15 - 0.02, gaps  # (the network adds jitter)


def test_the_pacer_waits_per_host_and_a_crawl_delay_slows_one_host_down():
    from storyline.feeds.polite import Pacer

    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    pacer = Pacer(1.0, clock=lambda: now[0], sleep=sleep)
    pacer.wait("a.example")
    pacer.wait("b.example")  # another host: no wait
    now[0] += 0.25
    pacer.wait("a.example")
    assert slept == [0.75]
    pacer.slow_down("a.example", 5)
    pacer.wait("a.example")
    pacer.wait("b.example")
    assert slept == [0.75, 5.0]


def test_what_was_fetched_survives_a_run_that_dies(server, store, monkeypatch):
    from storyline.feeds import fetch as fetch_module

    add_feed(store, f"{server.base}/rss.xml")
    real = fetch_module._document
    calls = []

    def dies_on_the_third(item, response, limit):
        calls.append(item.url)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(item, response, limit)

    monkeypatch.setattr(fetch_module, "_document", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        fetch_new(store, FeedsConfig(**FAST))
    assert len(sources.raw_documents(store)) == 2
    assert list_feeds(store)[0]["etag"] is None  # not read completely: asked in full next time
    monkeypatch.setattr(fetch_module, "_document", real)
    report = fetch_new(store, FeedsConfig(**FAST))
    assert [d.id.rsplit("/", 1)[1] for d in report.added] == ["three.html"]
    assert len(sources.raw_documents(store)) == 3
