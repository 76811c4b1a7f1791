"""``fetch_new``: what the feeds a store follows have that it has not fetched yet.

For each feed, in id order: a conditional GET (``If-None-Match`` / ``If-Modified-Since``
from its last complete read; a 304 is counted as not modified and nothing more is asked),
its items read (a sitemap index's sitemaps too, up to ``max_sitemaps``), and each item not
yet fetched ``ok``, in feed order and at most ``max_items`` of them, checked against its
site's robots.txt and downloaded through the guard. A document is stored (``raw_documents``
and its ``fetched`` row, one transaction) as soon as it is downloaded, so an update that dies
keeps everything fetched before; a refusal or failure is stored as a ``fetched`` row with
its reason, and tried again by a later update.

A feed's validators (ETag, Last-Modified) are kept only when every new item of it was
fetched or refused: when some failed or were left for later (``max_items``), the next update
asks for the whole feed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from storyline.feeds.config import FeedsConfig
from storyline.feeds.http import Refusal, Response, get
from storyline.feeds.parse import FeedItem, NotAFeed, Parsed, parse_feed, unique_items
from storyline.feeds.polite import ROBOTS_LIMIT, Pacer, Robots
from storyline.ingest.decode import charset_of, document, is_html_type
from storyline.ingest.guard import allowance
from storyline.model import RawDocument, Rejected
from storyline.model.json_types import JSONObject
from storyline.store import Store, sources

__all__ = ["REFUSED", "FetchReport", "fetch_new", "utc_now"]

REFUSED = frozenset({"refused-url", "robots", "too-large"})  # codes told as refused; the others failed


def utc_now() -> str:
    """The time now, UTC, to the second: ``2026-03-01T12:00:00Z``."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FetchReport:
    """What one ``fetch_new`` did: the documents it stored (``added``), the URLs refused
    (not http(s), a non-public address, robots.txt, too large) and failed (HTTP errors,
    timeouts, feeds that do not parse), each a :class:`~storyline.model.Rejected` naming the
    URL with a reason code; ``not_modified`` feeds; ``fetched``: article downloads tried."""

    added: list[RawDocument] = field(default_factory=list)
    refused: list[Rejected] = field(default_factory=list)
    failed: list[Rejected] = field(default_factory=list)
    not_modified: int = 0
    fetched: int = 0
    feeds: int = 0

    def reject(self, url: str, refusal: Refusal) -> Rejected:
        rejected = Rejected(url, refusal.reason, stage="feeds", code=refusal.code)
        (self.refused if refusal.code in REFUSED else self.failed).append(rejected)
        return rejected

    def counts(self) -> dict[str, int]:
        return {"feeds": self.feeds, "fetched": self.fetched, "added": len(self.added),
                "refused": len(self.refused), "failed": len(self.failed), "not_modified": self.not_modified}


def fetch_new(store: Store, config: FeedsConfig = FeedsConfig(), update_id: int | None = None, *,
              now: Callable[[], str] = utc_now) -> FetchReport:
    """Fetch what is new in every feed of ``store``; see the module's doc."""
    if not isinstance(config, FeedsConfig):
        raise TypeError(f"config must be a FeedsConfig, not {type(config).__name__}")
    run = _Run(store, config, update_id, now)
    for feed in sources.feeds(store):
        run.feed(feed)
    return run.report


class _Run:
    def __init__(self, store: Store, config: FeedsConfig, update_id: int | None, now: Callable[[], str]) -> None:
        self.store, self.config, self.update_id, self.now = store, config, update_id, now
        self.report = FetchReport()
        self.pacer = Pacer(config.per_host_delay)
        self.get = partial(get, timeout=config.timeout, allowed=allowance(config.allow_hosts),
                           user_agent=config.user_agent, pace=self.pacer.wait)
        robots_get = partial(self.get, limit=min(ROBOTS_LIMIT, config.max_bytes), cut=True)
        self.robots = Robots(robots_get, config.user_agent, pacer=self.pacer,
                             max_crawl_delay=config.max_crawl_delay)

    def feed(self, feed: JSONObject) -> None:
        feed_id, url = int(feed["id"]), str(feed["url"])  # type: ignore[arg-type]
        self.report.feeds += 1
        try:
            self.robots.check(url)
            response = self.get(url, limit=self.config.max_bytes, headers=_validators(feed))
            if response.status == 304:
                self.report.not_modified += 1
                sources.update_feed(self.store, feed_id, checked=self.now(), status="not-modified", reason=None,
                                    code=None)
                return
            if not response.ok:
                raise response.failure()
            parsed = self._parse(response, None if feed["kind"] == "auto" else str(feed["kind"]))
        except Refusal as refusal:
            rejected = self.report.reject(url, refusal)
            status = "refused" if refusal.code in REFUSED else "failed"
            sources.update_feed(self.store, feed_id, checked=self.now(), status=status, reason=rejected.reason,
                                code=refusal.code)
            return
        complete = self._items(feed_id, parsed.items)
        kept = response if complete else Response(response.url, response.status)
        sources.update_feed(self.store, feed_id, kind=parsed.kind, title=parsed.title, checked=self.now(),
                            status="ok", reason=None, code=None, etag=kept.headers.get("etag"),
                            last_modified=kept.headers.get("last-modified"))

    def _parse(self, response: Response, kind: str | None) -> Parsed:
        try:
            parsed = parse_feed(response.body, response.url, kind, limit=self.config.max_bytes)
        except NotAFeed as error:
            raise Refusal(str(error), "malformed") from None
        if not parsed.sitemaps:
            return parsed
        items: list[FeedItem] = list(parsed.items)
        for child in parsed.sitemaps[: self.config.max_sitemaps]:
            try:
                self.robots.check(child)
                got = self.get(child, limit=self.config.max_bytes)
                if not got.ok:
                    raise got.failure()
                items += parse_feed(got.body, got.url, "sitemap", limit=self.config.max_bytes).items
            except NotAFeed as error:
                self.report.reject(child, Refusal(str(error), "malformed"))
            except Refusal as refusal:
                self.report.reject(child, refusal)
        return Parsed(parsed.kind, parsed.title, unique_items(items))

    def _items(self, feed_id: int, items: tuple[FeedItem, ...]) -> bool:
        """Fetch the feed's new items; True when every new item was fetched or refused."""
        done = sources.fetched_ok(self.store, (item.url for item in items))
        new = [item for item in items if item.url not in done]
        complete = len(new) <= self.config.max_items
        for item in new[: self.config.max_items]:
            if not self._article(feed_id, item):
                complete = False
        return complete

    def _article(self, feed_id: int, item: FeedItem) -> bool:
        """Fetch and store one item; False when it failed (it is worth trying again)."""
        self.report.fetched += 1
        try:
            self.robots.check(item.url)
            response = self.get(item.url, limit=self.config.max_bytes)
            if not response.ok:
                raise response.failure()
            doc = _document(item, response, self.config.max_bytes)
        except Refusal as refusal:
            rejected = self.report.reject(item.url, refusal)
            status = "refused" if refusal.code in REFUSED else "failed"
            sources.put_fetched(self.store, item.url, feed_id, self.now(), status, reason=rejected.reason,
                                code=refusal.code)
            return status == "refused"
        if sources.put_document(self.store, doc, feed_id, self.now(), self.update_id,
                                etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified")):
            self.report.added.append(doc)
        return True


def _validators(feed: JSONObject) -> dict[str, str]:
    headers = {}
    if feed.get("etag"):
        headers["If-None-Match"] = str(feed["etag"])
    if feed.get("last_modified"):
        headers["If-Modified-Since"] = str(feed["last_modified"])
    return headers


def _document(item: FeedItem, response: Response, limit: int) -> RawDocument:
    """The downloaded page as ingest makes one from a URL (id and source: the item's URL;
    ``meta``: the URL it came from, and the title and day the feed gives)."""
    content_type = response.headers.get("content-type")
    meta = {"url": response.url}
    if item.title:
        meta["title"] = item.title
    if item.published:
        meta["published"] = item.published
        meta["published_evidence"] = item.evidence or "the feed's date"
    kind = "html" if is_html_type(content_type) else None
    made = document(response.body, item.url, item.url, limit, kind, meta, charset_of(content_type))
    if isinstance(made, Rejected):
        raise Refusal(made.reason, made.code or "fetch-failed")
    return made
