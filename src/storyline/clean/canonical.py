"""An HTML page's own address (its canonical URL) and its lead image.

The address is the first of, in order: ``<link rel="canonical" href>``,
``<meta property="og:url">``, and the ``url`` (or ``mainEntityOfPage``) of the page's
JSON-LD article (``NewsArticle``, ``Article``, ``BlogPosting``…). Only absolute http(s)
addresses are kept: a relative one is resolved against an absolute one from another of
these sources, else against the URL the page was fetched from, else dropped. The URL the
page was fetched from (or the archive's target URI) is the fallback, left to the caller.

The lead image is trafilatura's (``og:image``, ``twitter:image`` and the like, which its
metadata extraction reads anyway), else the JSON-LD article's ``image``, resolved the
same way against the page's address.

trafilatura's own URL is not used: it prefers ``og:url`` to the canonical link, takes a
``<base href>`` (often the site's home page) for the page's address, and does not say
whether the address came from the page or from the URL it was given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree

from storyline.clean.pubdate.metadata import jsonld_items

MAX_URL = 2048
# JSON-LD types of an article (schema.org's Article and its kinds); the page's other
# items (WebSite, Organization, BreadcrumbList) have their own url
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$")
_BAD_CHARACTERS = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\]")


def web_address(url: object) -> str | None:
    """``url`` when it is an absolute http or https URL with a host, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > MAX_URL or _BAD_CHARACTERS.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def resolved(url: object, bases: list[str | None]) -> str | None:
    """``url`` as an absolute http(s) URL: as written, or joined to the first base given."""
    if not isinstance(url, str) or not url.strip():
        return None
    absolute = web_address(url)
    if absolute is not None:
        return absolute
    base = next((b for b in bases if b), None)
    if base is None or _BAD_CHARACTERS.search(url.strip()):
        return None
    try:
        return web_address(urljoin(base, url.strip()))
    except ValueError:
        return None


def page_address(tree: etree._Element | None, fetched: str | None = None) -> str | None:
    """The page's canonical address, or None when it declares none usable."""
    if tree is None:
        return None
    declared = [_canonical_link(tree), _og_url(tree), *_article_urls(tree)]
    declared = [url.strip() for url in declared if isinstance(url, str) and url.strip()]
    base = next((url for url in map(web_address, declared) if url), None) or web_address(fetched)
    return next((url for url in (resolved(u, [base]) for u in declared) if url), None)


def lead_image(tree: etree._Element | None, extracted: str | None, address: str | None) -> str | None:
    """The page's lead image: trafilatura's (``extracted``), else the JSON-LD article's."""
    candidates = [extracted] + (list(_article_images(tree)) if tree is not None else [])
    return next((url for url in (resolved(c, [address]) for c in candidates) if url), None)


# ---------------------------------------------------------------------------- sources


def _canonical_link(tree: etree._Element) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return link.get("href")
    return None


def _og_url(tree: etree._Element) -> str | None:
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url":
            return meta.get("content")
    return None


def _articles(tree: etree._Element) -> Iterator[dict]:
    """The JSON-LD items that are articles, in page order."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for item in jsonld_items(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and _ARTICLE_TYPE.search(t) for t in types):
                yield item


def _article_urls(tree: etree._Element) -> Iterator[str]:
    for item in _articles(tree):
        page = item.get("mainEntityOfPage")
        if isinstance(page, dict):
            page = page.get("@id") or page.get("url")
        for url in (item.get("url"), page):
            if isinstance(url, str):
                yield url


def _article_images(tree: etree._Element) -> Iterator[str]:
    for item in _articles(tree):
        images = item.get("image")
        for image in images if isinstance(images, list) else [images]:
            if isinstance(image, dict):
                image = image.get("url") or image.get("contentUrl") or image.get("@id")
            if isinstance(image, str):
                yield image
