"""Following feeds: add one, remove one, list them (the store's ``feeds`` table)."""

from __future__ import annotations

from storyline.errors import ConfigError
from storyline.feeds.config import KINDS
from storyline.feeds.fetch import utc_now
from storyline.ingest.errors import short
from storyline.ingest.url import target
from storyline.model.json_types import JSONObject
from storyline.reasons import quoted
from storyline.store import INTEGRITY_ERRORS, Store, sources

__all__ = ["add_feed", "list_feeds", "remove_feed"]

AUTO = "auto"  # the kind of a feed added without one, until its first fetch tells


def add_feed(store: Store, url: str, kind: str | None = None) -> int:
    """Follow ``url`` (an http or https URL); its id. ``kind`` is rss, atom, sitemap or urls,
    or None to tell it from the first fetch. ConfigError for a URL that cannot be fetched,
    an unknown kind, or a URL already followed."""
    if not isinstance(url, str):
        raise ConfigError(f"a feed is a URL, not {url!r}")
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"a feed must be an http or https URL, not {quoted(short(url, 80))}")
    try:
        target(url)
    except ValueError as error:
        raise ConfigError(f"not a URL that can be fetched: {quoted(short(url, 80))} ({short(error, 80)})") from None
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"unknown feed kind {kind!r}: expected one of {', '.join(KINDS)}")
    try:
        return sources.insert_feed(store, url, kind or AUTO, utc_now())
    except INTEGRITY_ERRORS:
        existing = sources.feed(store, url) or {}
        raise ConfigError(f"{quoted(short(url, 80))} is already followed (feed {existing.get('id')})") from None


def remove_feed(store: Store, url_or_id: str | int) -> JSONObject:
    """Stop following a feed, given by its id or URL; the feed's row as it was. What it
    brought stays in the store. ConfigError when there is no such feed."""
    found = sources.feed(store, url_or_id.strip() if isinstance(url_or_id, str) else url_or_id)
    if found is None:
        raise ConfigError(f"no feed {quoted(short(str(url_or_id), 80))} in the store")
    sources.delete_feed(store, int(found["id"]))  # type: ignore[arg-type]
    return found


def list_feeds(store: Store) -> list[JSONObject]:
    """Every feed followed, in id order: ``id``, ``url``, ``kind``, ``added``, ``etag``,
    ``last_modified``, ``checked``, ``status``, ``reason``, ``code``, ``title`` and
    ``documents`` (how many of its URLs were fetched)."""
    return sources.feeds(store)
