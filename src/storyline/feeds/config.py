"""Settings of fetching from feeds."""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.config import check_config
from storyline.errors import ConfigError
from storyline.ingest.guard import host_key
from storyline.ingest.url import USER_AGENT

KINDS = ("rss", "atom", "sitemap", "urls")


@dataclass(frozen=True)
class FeedsConfig:
    """How an update fetches.

    ``timeout``: seconds one download (a feed, a robots.txt or an article) may take in all,
    connecting, headers, body and redirects included. ``max_bytes``: the largest body
    accepted; a larger one is cut off at the limit, unread beyond it, and refused
    (``too-large``). ``per_host_delay``: the least seconds between two requests to one
    host (a robots.txt ``Crawl-delay`` makes it longer, up to ``max_crawl_delay``).
    ``max_items``: the most new articles taken from one feed per update (in feed order; the
    rest come with the next update). ``max_sitemaps``: the most sitemaps read from one
    sitemap index. ``allow_hosts``: hosts (names or IP literals) that may be reached even at
    loopback, private or other non-public addresses, as for ``storyline build``; allowance is
    by host as written in a URL, so a redirect elsewhere is checked again.
    """

    timeout: float = field(default=20.0, metadata={"above": 0, "range": (None, 3600)})
    max_bytes: int = field(default=20_000_000, metadata={"range": (1, None)})
    per_host_delay: float = field(default=1.0, metadata={"range": (0, 3600)})
    max_crawl_delay: float = field(default=30.0, metadata={"range": (0, 3600)})
    max_items: int = field(default=100, metadata={"range": (1, None)})
    max_sitemaps: int = field(default=20, metadata={"range": (0, None)})
    allow_hosts: tuple[str, ...] = ()
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        if isinstance(self.allow_hosts, list):
            object.__setattr__(self, "allow_hosts", tuple(self.allow_hosts))
        check_config(self)
        try:
            hosts = tuple(dict.fromkeys(host_key(host) for host in self.allow_hosts))
        except ValueError as error:
            raise ConfigError(f"allow_hosts must hold host names or IP addresses (no port): {error}") from None
        object.__setattr__(self, "allow_hosts", hosts)
        if not self.user_agent.strip() or not self.user_agent.isprintable() or not self.user_agent.isascii():
            raise ConfigError(f"user_agent must be one line of printable ASCII, not {self.user_agent!r}")
