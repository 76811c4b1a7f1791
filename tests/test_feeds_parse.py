"""Reading feeds from bytes: kinds sniffed, items in feed order with titles and days, broken or
hostile input refused with a one-line reason, nothing fetched while parsing."""

from __future__ import annotations

import gzip

import pytest

from storyline.feeds import NotAFeed, parse_feed, sniff_kind
from storyline.feeds.http import Refusal, Response
from storyline.feeds.polite import Pacer, Robots

BASE = "https://news.example/feeds/main.xml"
RSS = b"""<?xml version="1.0"?>
<!-- a comment first -->
<rss version="2.0"><channel><title>Tidewater &amp; Co</title>
<item><title>Ferry <b>returns</b></title><link>/a/ferry.html</link><pubDate>Sun, 01 Mar 2026 23:30:00 -0500</pubDate></item>
<item><title>No link</title></item>
<item><title>Again</title><link>https://news.example/a/ferry.html</link></item>
<item><guid isPermaLink="true">https://news.example/a/guid.html</guid></item>
</channel></rss>"""


@pytest.mark.parametrize("data, kind", [
    (RSS, "rss"),
    (b'\xef\xbb\xbf<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', "rss"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "atom"),
    (b'<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "sitemap"),
    (b"<sitemapindex/>", "sitemap"),
    (b"# mine\n\nhttps://a.example/x\n", "urls"),
    (b"<!doctype html><html><body>hi</body></html>", None),
    (b"just words\nhttps://a.example/x\n", None),
    (b"\x00\x01\x02", None),
])
def test_kinds_are_sniffed_from_the_first_bytes(data, kind):
    assert sniff_kind(data) == kind


def test_rss_items_come_in_feed_order_absolute_deduplicated_with_title_and_day():
    parsed = parse_feed(RSS, BASE)
    assert parsed.kind == "rss" and parsed.title == "Tidewater & Co"
    assert [i.url for i in parsed.items] == ["https://news.example/a/ferry.html", "https://news.example/a/guid.html"]
    first = parsed.items[0]
    assert first.title == "Ferry returns"  # markup dropped
    assert first.published == "2026-03-01"  # the day written, not the UTC day (03-02)
    assert first.evidence == "the feed item's 'published' date"


def test_a_url_given_as_bytes_is_never_fetched(monkeypatch):
    import socket

    monkeypatch.setattr(socket.socket, "connect", lambda *a, **k: pytest.fail("a connection was made"))
    with pytest.raises(NotAFeed):
        parse_feed(b"http://127.0.0.1:9/feed.xml", BASE, "rss")
    assert parse_feed(b"http://127.0.0.1:9/feed.xml", BASE).kind == "urls"


@pytest.mark.parametrize("data, kind, message", [
    (b"<html><body>a page</body></html>", None, "not a feed"),
    (b"<rss><channel><item><link>\x00 broken", None, "malformed feed"),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x</loc>', "sitemap", "malformed sitemap"),
    (b"<other/>", "sitemap", "not a sitemap"),
    (b"\x1f\x8b\x08\x00garbage", "sitemap", "corrupt gzip"),
])
def test_broken_feeds_raise_not_a_feed_in_one_line(data, kind, message):
    with pytest.raises(NotAFeed, match=message) as caught:
        parse_feed(data, BASE, kind)
    assert "\n" not in str(caught.value)


def test_a_sitemap_that_declares_entities_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    data = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<urlset><url><loc>https://a.example/&x;</loc></url></urlset>').encode()
    with pytest.raises(NotAFeed, match="declares entities"):
        parse_feed(data, BASE)


def test_sitemaps_gzipped_indexes_and_news_dates():
    urlset = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
              b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
              b"<url><loc>/p/1</loc><lastmod>2026-01-01</lastmod></url>"
              b"<url><loc>https://news.example/p/2</loc><news:news><news:title>Two</news:title>"
              b"<news:publication_date>2026-02-03T10:00:00+01:00</news:publication_date></news:news></url>"
              b"</urlset>")
    parsed = parse_feed(gzip.compress(urlset), BASE)
    assert [(i.url, i.title, i.published) for i in parsed.items] == [
        ("https://news.example/p/1", None, None), ("https://news.example/p/2", "Two", "2026-02-03")]
    index = parse_feed(b"<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap><sitemap><loc>/s1.xml</loc></sitemap>"
                       b"</sitemapindex>", BASE)
    assert index.items == () and index.sitemaps == ("https://news.example/s1.xml",)
    with pytest.raises(NotAFeed, match="gunzipped"):
        parse_feed(gzip.compress(urlset), BASE, limit=100)


def test_url_lists_skip_comments_and_blank_lines():
    parsed = parse_feed(b"# list\n\n  https://a.example/1  trailing words\n/relative\n#https://no\n", BASE)
    assert [i.url for i in parsed.items] == ["https://a.example/1", "https://news.example/relative"]


def _robots(status, body=b"", error=None):
    calls = []

    def fetch(url):
        calls.append(url)
        if error:
            raise error
        return Response(url, status, "", {}, body)

    pacer = Pacer(0.5)
    return Robots(fetch, "storyline/0.1", pacer=pacer, max_crawl_delay=3), calls, pacer


def test_robots_rules_missing_file_unreachable_file_and_crawl_delay():
    robots, calls, pacer = _robots(200, b"User-agent: storyline\nDisallow: /x/\nCrawl-delay: 10\n\nUser-agent: *\nDisallow: /")
    robots.check("https://s.example/a")
    with pytest.raises(Refusal) as caught:
        robots.check("https://s.example/x/1")
    assert caught.value.code == "robots" and calls == ["https://s.example/robots.txt"]
    assert pacer._delays == {"s.example": 3}  # the crawl delay, capped
    robots, _, _ = _robots(404)
    robots.check("https://s.example/x/1")
    robots, calls, _ = _robots(503)
    for _ in range(2):
        with pytest.raises(Refusal, match=r"robots.txt unreadable \(HTTP 503\)") as caught:
            robots.check("https://s.example/a")
        assert caught.value.code == "fetch-failed"
    assert len(calls) == 1
    robots, _, _ = _robots(0, error=Refusal("refused: s.example is a loopback address", "refused-url"))
    with pytest.raises(Refusal, match="loopback") as caught:
        robots.check("https://s.example/a")
    assert caught.value.code == "refused-url"
