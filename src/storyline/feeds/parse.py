"""Reading a feed's bytes: RSS and Atom (feedparser), sitemaps (XML ``urlset`` and
``sitemapindex``, gzipped or not) and plain URL lists (one URL a line, ``#`` comments).

Each gives its items' URLs in feed order, with a title and a publication day when the feed
says. Nothing here fetches: feedparser is given the bytes (never a URL), and sitemaps are
parsed by lxml with no network, no DTD and no entity expansion (a sitemap that declares
entities is refused). Whatever is wrong with the bytes raises :class:`NotAFeed` with a
one-line reason.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import re
import xml.sax
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from lxml import etree

from storyline.ingest.errors import short
from storyline.ingest.files import read_at_most

__all__ = ["FeedItem", "NotAFeed", "Parsed", "parse_feed", "sniff_kind", "unique_items"]

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_ROOT = re.compile(rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)", re.S)
_ROOT_KINDS = {"rss": "rss", "rdf": "rss", "feed": "atom", "urlset": "sitemap", "sitemapindex": "sitemap"}
_URL_LINE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_TAG = re.compile(r"<[^>]*>")
_MAX_TITLE = 300


class NotAFeed(ValueError):
    """The bytes are not a feed of the kind expected; ``str(error)`` says why in one line."""


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: its URL (made absolute), and what the feed says of it."""

    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, the day as the feed writes it
    evidence: str | None = None  # where ``published`` comes from: "the feed item's 'pubDate'"


@dataclass(frozen=True)
class Parsed:
    """A feed read: its kind, title, items in feed order, and (a sitemap index) its sitemaps."""

    kind: str
    title: str | None
    items: tuple[FeedItem, ...]
    sitemaps: tuple[str, ...] = ()


def unzipped(data: bytes, limit: int) -> bytes:
    """``data``, gunzipped when it is gzip data (at most ``limit`` bytes of it)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        out = read_at_most(gzip.GzipFile(fileobj=io.BytesIO(data)), limit)
    except (OSError, EOFError) as error:
        raise NotAFeed(f"corrupt gzip data ({short(error, 80)})") from None
    if len(out) > limit:
        raise NotAFeed(f"more than {limit} bytes once gunzipped")
    return out


def sniff_kind(data: bytes) -> str | None:
    """``"rss"``, ``"atom"``, ``"sitemap"`` or ``"urls"`` from the first bytes; None when it
    is none of them."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8")
    match = _ROOT.match(head)
    if match:
        name = match.group(1).decode("ascii").rpartition(":")[2].lower()
        return _ROOT_KINDS.get(name)
    for line in head.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return "urls" if _URL_LINE.fullmatch(line.split()[0]) else None
    return None


def parse_feed(data: bytes, url: str, kind: str | None = None, *, limit: int = 20_000_000) -> Parsed:
    """The items of a feed fetched from ``url`` (relative links are resolved against it);
    ``kind`` None sniffs it. Raises :class:`NotAFeed`."""
    data = unzipped(data, limit)
    if kind is None:
        kind = sniff_kind(data)
        if kind is None:
            raise NotAFeed("not a feed: neither RSS, Atom, a sitemap nor a list of URLs")
    if kind in ("rss", "atom"):
        return _syndication(data, url, kind)
    if kind == "sitemap":
        return _sitemap(data, url)
    if kind == "urls":
        return _url_list(data, url)
    raise ValueError(f"unknown feed kind {kind!r}")


def _syndication(data: bytes, url: str, kind: str) -> Parsed:
    # a stream, never a URL or a path: feedparser would fetch or open those itself
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    version = str(parsed.get("version") or "")
    if not version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS or Atom feed ({short(problem, 80)})" if problem else "not an RSS or Atom feed")
    if version:
        kind = "atom" if version.startswith("atom") else "rss"
    items = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if link:
            published, evidence = _entry_date(entry)
            items.append(FeedItem(urljoin(url, link), _text(entry.get("title")), published, evidence))
    problem = parsed.get("bozo_exception")
    if not items and isinstance(problem, xml.sax.SAXException):  # broken, and nothing could be read
        raise NotAFeed(f"malformed feed ({short(problem, 80)})")
    return Parsed(kind, _text(parsed.feed.get("title")), unique_items(items))


def _entry_link(entry) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links", ()):
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link and entry.get("guidislink") and entry.get("id"):
        link = entry["id"]
    return str(link).strip() if link else None


def _entry_date(entry) -> tuple[str | None, str | None]:
    """The item's day as the feed writes it (not moved to UTC), and where it comes from."""
    for key in ("published", "updated"):
        value = entry.get(key)
        day = _day(str(value)) if value else None
        if day is None and entry.get(f"{key}_parsed"):
            day = dt.date(*entry[f"{key}_parsed"][:3]).isoformat()
        if day:
            return day, f"the feed item's '{key}' date"
    return None, None


def _day(value: str) -> str | None:
    text = value.strip()
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _text(value: object) -> str | None:
    """A title as one line of plain text (tags dropped), at most 300 characters."""
    if not value:
        return None
    text = " ".join(_TAG.sub(" ", str(value)).split())
    return text[:_MAX_TITLE] or None


def unique_items(items: list[FeedItem]) -> tuple[FeedItem, ...]:
    """``items`` without repeated URLs (the first kept), in order."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            out.append(item)
    return tuple(out)


def _sitemap(data: bytes, url: str) -> Parsed:
    if b"<!ENTITY" in data:
        raise NotAFeed("a sitemap that declares entities (not read)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise NotAFeed(f"malformed sitemap ({short(error, 80)})") from None
    name = etree.QName(root).localname
    if name == "sitemapindex":
        locations = [_child_text(node, "loc") for node in root if _local(node) == "sitemap"]
        return Parsed("sitemap", None, (), tuple(dict.fromkeys(urljoin(url, loc) for loc in locations if loc)))
    if name != "urlset":
        raise NotAFeed(f"not a sitemap (its root is <{short(name, 40)}>, not <urlset> or <sitemapindex>)")
    items = []
    for node in root:
        if _local(node) != "url":
            continue
        loc = _child_text(node, "loc")
        if loc:
            news = next((child for child in node if _local(child) == "news"), None)
            day = _day(_child_text(news, "publication_date") or "") if news is not None else None
            title = _text(_child_text(news, "title")) if news is not None else None
            evidence = "the news sitemap's 'publication_date'" if day else None
            items.append(FeedItem(urljoin(url, loc), title, day, evidence))
    return Parsed("sitemap", None, unique_items(items))


def _local(node) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _child_text(node, name: str) -> str | None:
    for child in node:
        if _local(child) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _url_list(data: bytes, url: str) -> Parsed:
    items = []
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            items.append(FeedItem(urljoin(url, line.split()[0])))
    return Parsed("urls", None, unique_items(items))
