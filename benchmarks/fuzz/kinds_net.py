"""URL kinds, and the local HTTP server (127.0.0.1, a random port) they talk to.

The server misbehaves on purpose: slow drip, redirect loops, redirects to ftp:// and
file://, huge Content-Length, wrong Content-Type, escape sequences in the status line,
connections closed early, broken chunked encoding. storyline's fetch guard (when it
exists) refuses loopback unless ``allow_hosts=("127.0.0.1",)`` is given; the worker
passes it when ``IngestConfig`` has the field, and the checks accept a fetch or a
one-line refusal either way.
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kinds import Made, article, article_html, kind

DRIP_SECONDS = 600  # the slow drip never ends before the client gives up (or this)
_BEHAVIOURS = ["ok", "text", "drip", "slowhead", "loop", "ftp", "file", "biglen", "badlen", "wrongtype",
               "binary", "escape", "close", "chunked", "gzipped", "utf16", "status500", "emptybody",
               "redirect_ok", "charset"]
_MALFORMED = ["http://[::1", "http://", "https://:0/", "http://127.0.0.1:99999/", "http://a b/",
              "http://\x1b[31m/", "https://user:pass@127.0.0.1:1/", "http://[::1]:0/", "HTTP://127.0.0.1:1",
              "http://127.0.0.1:1/%00", "http://" + "a" * 300 + "/", "http://-/", "http://[v1.x]/",
              "http://0x7f.1:1/", "https://[::ffff:127.0.0.1]:1/", "http://127.0.0.1:1\n/x", "http://%/",
              "http://\u202e.example/", "http://xn--/", "https://"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _raw(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = self.path.strip("/").split("/")
        what = parts[1] if len(parts) > 1 else "ok"
        page = article_html(__import__("random").Random(self.path)).encode()
        self.close_connection = True
        if what == "ok" or what == "redirect_ok" and "final" in self.path:
            self._send(200, page, "text/html; charset=utf-8")
        elif what == "redirect_ok":
            self._redirect(self.path + "/final")
        elif what == "text":
            self._send(200, article(__import__("random").Random(1)).encode(), "text/plain")
        elif what == "drip":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000000\r\n\r\n")
            end = time.monotonic() + DRIP_SECONDS
            while time.monotonic() < end:
                try:
                    self.wfile.write(b"<")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.5)
        elif what == "slowhead":
            time.sleep(5)
            self._send(200, page, "text/html")
        elif what == "loop":
            self._redirect(self.path)
        elif what == "ftp":
            self._redirect("ftp://127.0.0.1:1/x.html")
        elif what == "file":
            self._redirect("file:///etc/hostname")
        elif what == "biglen":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 99999999999999999999\r\n\r\n"
                      + page)
        elif what == "badlen":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: -5\r\n\r\n" + page)
        elif what == "wrongtype":
            self._send(200, page, "image/png")
        elif what == "binary":
            self._send(200, bytes(range(256)) * 40, "text/html")
        elif what == "escape":
            self._raw(b"HTTP/1.1 404 \x1b[31mNot\x1b]0;x\x07 Found\r\nContent-Length: 0\r\n\r\n")
        elif what == "close":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>")
        elif what == "chunked":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                      b"zz\r\nbad chunk\r\n")
        elif what == "gzipped":
            body = gzip.compress(page, mtime=0)
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                      b"Content-Length: %d\r\n\r\n" % len(body) + body)
        elif what == "utf16":
            self._send(200, page.decode().encode("utf-16"), "text/html; charset=utf-16")
        elif what == "status500":
            self._send(500, b"<html>\x1b[31merror</html>", "text/html")
        elif what == "emptybody":
            self._send(200, b"", "text/html")
        else:  # charset
            self._send(200, page, "text/html; charset=\x1b[31mbogus")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self._raw(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
                  % (status, content_type.encode("latin-1"), len(body)) + body)

    def _redirect(self, location: str) -> None:
        self._raw(b"HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % location.encode())


class FuzzServer:
    """A threading HTTP server on 127.0.0.1 (random port); ``url`` is its base URL."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FuzzServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@kind("url_server", "url", cost=8.0, weight=6)
def url_server(rng, folder, ctx):
    """A URL on the local server that misbehaves (drip, loops, ftp:// or file:// redirects, bad lengths...)."""
    what = rng.choice(_BEHAVIOURS)
    if ctx.server is None:
        url = f"http://127.0.0.1:1/c{ctx.case_id}/{what}"
    else:
        url = f"{ctx.server}/c{ctx.case_id}/{what}"
    return Made([url], names=[url])


@kind("url_malformed", "url", cost=2.0)
def url_malformed(rng, folder, ctx):
    """Malformed URLs: http://[::1, http://, https://:0/, bad ports, spaces, escapes, 300-char labels."""
    url = rng.choice(_MALFORMED)
    return Made([url], names=[url], expect="reject")
