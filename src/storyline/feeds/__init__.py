"""Sources that update: feeds (RSS, Atom, sitemaps, URL lists) a store follows, and fetching
what is new in them, safely.

- :func:`add_feed`, :func:`remove_feed`, :func:`list_feeds`: the store's ``feeds`` table;
- :func:`fetch_new` (``store, FeedsConfig, update_id``) -> :class:`FetchReport`: what is new,
  fetched through the guard (http(s) only, no non-public address unless allowed, checked
  after DNS and on every redirect), politely (robots.txt, a least delay per host,
  conditional requests), each document stored in ``raw_documents`` as it comes;
- :func:`parse_feed`, :func:`sniff_kind`: a feed's items from its bytes.

The store's side is :mod:`storyline.store.sources`.
"""

from storyline.feeds.config import KINDS, FeedsConfig
from storyline.feeds.fetch import REFUSED, FetchReport, fetch_new, utc_now
from storyline.feeds.manage import add_feed, list_feeds, remove_feed
from storyline.feeds.parse import FeedItem, NotAFeed, Parsed, parse_feed, sniff_kind

__all__ = [
    "KINDS", "REFUSED", "FeedItem", "FeedsConfig", "FetchReport", "NotAFeed", "Parsed", "add_feed", "fetch_new",
    "list_feeds", "parse_feed", "remove_feed", "sniff_kind", "utc_now",
]
