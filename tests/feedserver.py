"""A small feed server for the tests: threaded ``http.server`` on 127.0.0.1, port 0.

It serves invented feeds and pages (nothing copied from anywhere) and records every request
(path, headers, monotonic time) in ``server.requests``:

- ``/rss.xml`` (ETag ``"rss-1"``, Last-Modified; a matching ``If-None-Match`` or
  ``If-Modified-Since`` gets 304), ``/atom.xml``, ``/sitemap.xml`` (an index) with
  ``/sitemap-a.xml``, ``/urls.txt`` (the paths in ``server.url_list``), ``/garbage.xml``;
- ``/articles/NAME.html``: an article page; ``/private/...`` is disallowed by ``/robots.txt``;
- ``/to-private``: a redirect to ``http://127.0.0.2:PORT/articles/one.html``;
- ``/huge``: claims 2 GB and sends bytes until the client goes (never held in memory);
  ``/endless``: the same without a Content-Length;
- ``/loop``: redirects to itself; ``/to-file``: to a file URL; ``/slow``: answers after 1.5 s;
- ``/missing`` and ``/articles/gone*.html``: 404.

``server.rss_items`` (names of articles), ``server.rss_etag`` and ``rss_last_modified`` can be changed by a test to
publish something new.
"""

from __future__ import annotations

import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import datetime, timezone

LAST_MODIFIED = format_datetime(datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc), usegmt=True)
ROBOTS = "User-agent: *\nDisallow: /private/\n"
ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body><article>
<h1>{title}</h1>
<p>The harbour authority of Velmora said on Monday that the new breakwater of {name} would open in
the spring, after two winters of storms delayed the work on the northern pier.</p>
<p>Engineers from the port's own yard finished the last concrete blocks last week, according to
a statement the authority published, and the ferry company welcomed the news.</p>
</article></body></html>"""


def rss(base: str, names: list[str]) -> str:
    items = "".join(
        f"<item><title>Breakwater {name}</title><link>{base}/articles/{name}.html</link>"
        f"<pubDate>Mon, 0{i + 1} Mar 2026 09:00:00 +0100</pubDate></item>"
        for i, name in enumerate(names))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Velmora Port News</title>'
            f"<link>{base}/</link>{items}</channel></rss>")


def atom(base: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Velmora Atom</title><id>urn:x-velmora:feed</id><updated>2026-03-04T10:00:00Z</updated>"
            '<entry><title>Atom pier</title><id>urn:x-velmora:1</id>'
            '<link rel="alternate" href="/articles/atom-pier.html"/>'
            "<published>2026-03-04T23:30:00-05:00</published><updated>2026-03-05T10:00:00Z</updated></entry>"
            "</feed>")


SITEMAP_INDEX = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 "<sitemap><loc>{base}/sitemap-a.xml</loc></sitemap></sitemapindex>")
SITEMAP_A = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
             "<url><loc>{base}/articles/map-one.html</loc><news:news><news:title>Map one</news:title>"
             "<news:publication_date>2026-03-06</news:publication_date></news:news></url>"
             "<url><loc>{base}/private/hidden.html</loc></url></urlset>")


class _Handler(BaseHTTPRequestHandler):
    server: "FeedServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server
        srv.requests.append((self.path, dict(self.headers), time.monotonic()))
        base = srv.base
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self._send(200, ROBOTS, "text/plain")
        if path == "/rss.xml":
            return self._rss()
        if path == "/atom.xml":
            return self._send(200, atom(base), "application/atom+xml")
        if path == "/sitemap.xml":
            return self._send(200, SITEMAP_INDEX.format(base=base), "application/xml")
        if path == "/sitemap-a.xml":
            return self._send(200, SITEMAP_A.format(base=base), "application/xml")
        if path == "/urls.txt":
            lines = "".join(f"{base}{p}\n" for p in srv.url_list)
            return self._send(200, "# articles to follow\n\n" + lines, "text/plain")
        if path == "/garbage.xml":
            return self._send(200, "<rss><channel><item><link>\x00\x01 not a feed at all {{{", "application/xml")
        if path.startswith(("/articles/", "/private/")) and path.endswith(".html") and "gone" not in path:
            name = path.rsplit("/", 1)[1][:-5]
            return self._send(200, ARTICLE.format(title=f"Breakwater {name}", name=name), "text/html; charset=utf-8")
        if path == "/to-private":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{srv.server_port}/articles/one.html")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop#again")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path == "/slow":
            time.sleep(1.5)
            return self._send(200, "late", "text/plain")
        if path in ("/huge", "/endless"):
            return self._endless(path == "/huge")
        return self._send(404, "not here", "text/plain")

    def _rss(self) -> None:
        srv = self.server
        match = self.headers.get("If-None-Match")
        since = self.headers.get("If-Modified-Since")
        if match == srv.rss_etag or (match is None and since == srv.rss_last_modified):
            self.send_response(304)
            self.send_header("ETag", srv.rss_etag)
            self.send_header("Content-Length", "0")
            return self.end_headers()
        self._send(200, rss(srv.base, srv.rss_items), "application/rss+xml",
                   {"ETag": srv.rss_etag, "Last-Modified": srv.rss_last_modified})

    def _send(self, status: int, text: str, content_type: str, headers: dict[str, str] | None = None) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _endless(self, with_length: bool) -> None:
        """Up to 2 GB of generated bytes, stopped as soon as the client has gone."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if with_length:
            self.send_header("Content-Length", str(2 * 10**9))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        try:
            while sent < 2 * 10**9:
                self.wfile.write(chunk)
                sent += len(chunk)
                self.server.endless_sent = sent
        except OSError:
            pass
        self.close_connection = True


class LocalSite(ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 at a free port (``base``), serving in a thread for
    the length of a ``with`` block; a client that goes away mid-answer (a timeout, a body cut
    off) is expected, not an error. The benchmarks' sites (benchmarks/serve) are built on it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)

    def __enter__(self):
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


class FeedServer(LocalSite):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.requests: list[tuple[str, dict[str, str], float]] = []
        self.rss_items = ["one", "two", "three"]
        self.rss_etag = '"rss-1"'
        self.rss_last_modified = LAST_MODIFIED
        self.url_list = ["/articles/listed.html", "/missing"]  # paths /urls.txt lists
        self.endless_sent = 0

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]
