"""A page's own address and lead image: canonical link, og:url, JSON-LD; og:image, JSON-LD image;
what the input declares wins, the URL a page was fetched from is the fallback."""

from __future__ import annotations

import pytest

from storyline.clean import clean
from storyline.clean.canonical import resolved, web_address
from storyline.model import Document, RawDocument, Story
from storyline.store import Store

BODY = (
    "<article><h1>Lock gates fail at Sallow Cut</h1>"
    "<p>The upper lock gates at Sallow Cut failed on Tuesday night, draining the pound above the "
    "lock and stranding nine narrowboats, the canal trust said.</p>"
    "<p>Engineers expect the repair to take three weeks, and the towpath stays open to walkers.</p>"
    "</article>"
)


def page(head: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>Lock gates fail</title>{head}</head><body>{BODY}</body></html>'


def cleaned(head: str, meta: dict[str, str] | None = None) -> Document:
    doc = clean(RawDocument("p.html", "p.html", "html", page(head), meta or {}))
    assert isinstance(doc, Document)
    return doc


CANONICAL = '<link rel="canonical" href="https://courier.example/news/lock-gates">'
OG_URL = '<meta property="og:url" content="https://courier.example/news/lock-gates?from=og">'
JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "Organization", "url": "https://courier.example/"},'
    '{"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://courier.example/news/lock-gates?from=ld"},'
    ' "image": {"@type": "ImageObject", "url": "https://courier.example/img/gates-ld.jpg"}}]}</script>'
)


@pytest.mark.parametrize(
    ("head", "url"),
    [
        (CANONICAL + OG_URL + JSON_LD, "https://courier.example/news/lock-gates"),
        (OG_URL + JSON_LD, "https://courier.example/news/lock-gates?from=og"),
        (JSON_LD, "https://courier.example/news/lock-gates?from=ld"),  # the article's, not the Organization's
        ("", None),
    ],
)
def test_canonical_then_og_url_then_json_ld(head, url):
    assert cleaned(head).url == url


def test_the_page_address_wins_over_the_url_it_was_fetched_from():
    fetched = {"url": "https://courier.example/amp/lock-gates?utm_source=feed"}
    assert cleaned(CANONICAL, fetched).url == "https://courier.example/news/lock-gates"
    assert cleaned("", fetched).url == fetched["url"]  # nothing declared: the fetch (or WARC) URL stays


def test_a_url_the_input_declares_wins_over_the_page():
    declared = {"url": "https://feed.example/item/7", "url_evidence": "JSONL field 'url'"}
    assert cleaned(CANONICAL, declared).url == "https://feed.example/item/7"


def test_a_relative_address_is_resolved_or_dropped():
    relative = '<link rel="canonical" href="/news/lock-gates">'
    # against an absolute one the page gives elsewhere
    assert cleaned(relative + OG_URL).url == "https://courier.example/news/lock-gates"
    # against the URL the page was fetched from
    fetched = {"url": "https://www.courier.example/amp/7"}
    assert cleaned(relative, fetched).url == "https://www.courier.example/news/lock-gates"
    # a saved file with nothing absolute to resolve it against: no address
    assert cleaned(relative).url is None


@pytest.mark.parametrize("href", ["javascript:alert(1)", "ftp://courier.example/a", "https://", "http://a b.example/"])
def test_an_address_that_is_not_web_is_passed_over(href):
    head = f'<link rel="canonical" href="{href}">' + OG_URL
    assert cleaned(head).url == "https://courier.example/news/lock-gates?from=og"


def test_lead_image_from_og_image_resolved_against_the_address():
    head = CANONICAL + '<meta property="og:image" content="/img/gates.jpg">' + JSON_LD
    assert cleaned(head).image == "https://courier.example/img/gates.jpg"


def test_lead_image_from_json_ld_when_there_is_no_og_image():
    assert cleaned(CANONICAL + JSON_LD).image == "https://courier.example/img/gates-ld.jpg"


def test_image_the_input_declares_wins_and_must_be_web():
    head = '<meta property="og:image" content="https://courier.example/img/gates.jpg">'
    given = cleaned(head, {"image": "https://feed.example/img/7.jpg"})
    assert given.image == "https://feed.example/img/7.jpg"
    assert cleaned(head, {"image": "data:image/png;base64,AAAA"}).image == "https://courier.example/img/gates.jpg"
    text = clean(RawDocument("a.txt", "a.txt", "text", "Lock gates fail\n" + "The gates failed on Tuesday. " * 5,
                             {"image": "javascript:alert(1)"}))
    assert text.image is None


def test_web_address_and_resolved():
    assert web_address(" https://a.example/x ") == "https://a.example/x"
    for bad in (None, 7, "", "a.example/x", "mailto:a@b.example", "https://a.example/<x>", "https://a.example:99999/"):
        assert web_address(bad) is None
    assert resolved("../b", ["https://a.example/x/y"]) == "https://a.example/b"
    assert resolved("/b", [None, "https://a.example/x"]) == "https://a.example/b"
    assert resolved("/b", []) is None


def test_image_travels_to_timeline_json_and_through_the_store(tmp_path):
    doc = cleaned(CANONICAL + '<meta property="og:image" content="https://courier.example/img/gates.jpg">')
    [shown] = Story([doc], []).to_dict()["documents"]
    assert (shown["url"], shown["image"]) == (doc.url, "https://courier.example/img/gates.jpg")
    from storyline import registry
    from storyline.caching import DocumentCache
    from storyline.clean import CleanConfig
    from storyline.model import RawDocument

    raw = RawDocument(doc.id, doc.source, "html", "<html></html>")
    with Store(tmp_path / "s.sqlite") as store:
        kept = DocumentCache(store, registry.get("clean"), CleanConfig())
        kept.keep(raw, doc)
        kept.flush()
        [again] = DocumentCache(store, registry.get("clean"), CleanConfig()).restore([raw])
    assert (again.url, again.image) == (doc.url, doc.image)
