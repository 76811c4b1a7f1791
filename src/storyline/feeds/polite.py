"""Politeness: a least delay between two requests to one host, and robots.txt.

:class:`Pacer` waits before a request until ``delay`` seconds have passed since the last one
to the same host (a robots.txt ``Crawl-delay`` can make a host's delay longer).
:class:`Robots` fetches each site's ``/robots.txt`` once per update (through the same guarded
GET as everything else) and answers whether a URL may be fetched, as RFC 9309 says: a
robots.txt that is missing (any 4xx) allows everything; one that cannot be read (a 5xx, a
network error, a timeout) fails the URL for this update; only the first 500 KiB are read.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from urllib.parse import urlsplit

from storyline.feeds.http import Refusal, Response
from storyline.ingest.guard import host_key

__all__ = ["Pacer", "Robots"]

ROBOTS_LIMIT = 512_000  # bytes of a robots.txt read (RFC 9309: at least 500 KiB)


class Pacer:
    """``pacer.wait(host)`` before each request to ``host``."""

    def __init__(self, delay: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        self.delay = delay
        self._clock, self._sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def slow_down(self, host: str, delay: float) -> None:
        """Wait at least ``delay`` seconds between requests to ``host`` from now on."""
        self._delays[host] = max(delay, self._delays.get(host, 0.0))

    def wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            left = max(self.delay, self._delays.get(host, 0.0)) - (self._clock() - last)
            if left > 0:
                self._sleep(left)
        self._last[host] = self._clock()


class Robots:
    """``robots.check(url)`` raises :class:`Refusal` (code ``robots``) when the site's
    robots.txt disallows ``url`` for ``user_agent``; ``fetch(url)`` gets a robots.txt."""

    def __init__(self, fetch: Callable[[str], Response], user_agent: str, *,
                 pacer: Pacer | None = None, max_crawl_delay: float = 30.0) -> None:
        self._fetch = fetch
        self.user_agent = user_agent
        self._pacer = pacer
        self._max_crawl_delay = max_crawl_delay
        self._sites: dict[str, urllib.robotparser.RobotFileParser | Refusal] = {}

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"
        if site not in self._sites:
            try:
                host = host_key(parts.hostname or "")
            except ValueError:
                host = ""
            self._sites[site] = self._read(site, host)
        rules = self._sites[site]
        if isinstance(rules, Refusal):
            raise rules
        if not rules.can_fetch(self.user_agent, url):
            raise Refusal(f"refused: {site}/robots.txt disallows it for {self.user_agent.split('/')[0]}", "robots")

    def _read(self, site: str, host: str) -> urllib.robotparser.RobotFileParser | Refusal:
        rules = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        try:
            response = self._fetch(site + "/robots.txt")
        except Refusal as refusal:
            if refusal.code == "refused-url":
                return refusal
            return Refusal(f"robots.txt unreadable, not fetched ({refusal.reason})", "fetch-failed")
        if response.ok:
            rules.parse(response.body.decode("utf-8", "replace").splitlines())
            delay = rules.crawl_delay(self.user_agent)
            if delay and self._pacer is not None:
                self._pacer.slow_down(host, min(float(delay), self._max_crawl_delay))
        elif 400 <= response.status < 500:
            rules.allow_all = True
        else:
            return Refusal(f"robots.txt unreadable (HTTP {response.status}), not fetched", "fetch-failed")
        return rules
