"""Shared by ``load.py`` and ``faults.py``: a local news site of invented articles (RSS feed
on 127.0.0.1), `storyline serve` / `storyline update` as subprocesses, and store helpers.

Nothing here is copied from a source: the articles are made up from word lists below.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from feedserver import LocalSite  # noqa: E402 - the tests' local site: server on 127.0.0.1, thread, quiet errors
PYTHON = sys.executable
CLI = [PYTHON, "-c", "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()"]

TOWNS = ["Velmora", "Quillby", "Ostrava Bay", "Larkmoor", "Tessaly", "Brannock", "Corvale", "Dunmere"]
TOPICS = [
    ("the harbour breakwater", "engineers", "storm damage", "the port authority"),
    ("the tram line extension", "the transit office", "track works", "the city council"),
    ("the river flood defences", "the water board", "rising water", "the emergency service"),
    ("the school roof repairs", "the education office", "the leaking roof", "the parents' association"),
    ("the wind farm licence", "the energy agency", "the turbine plan", "the fishing co-operative"),
]
PEOPLE = ["Ada Marsh", "Tomas Reyne", "Ilse Varga", "Owen Pritchard", "Mira Castell", "Jonah Blake"]


def article(n: int) -> tuple[str, str, datetime]:
    """The invented article number ``n``: its title, its HTML page and its publication time."""
    town = TOWNS[n % len(TOWNS)]
    what, who, trouble, body = TOPICS[n % len(TOPICS)]
    person = PEOPLE[n % len(PEOPLE)]
    when = datetime(2026, 4, 1, 9, tzinfo=timezone.utc) + timedelta(hours=7 * n)
    day = when.strftime("%A")
    count = 3 + (n * 7) % 40
    title = f"{town}: {what} enters week {n % 9 + 2}"
    paragraphs = [
        f"{town} ({when:%B} {when.day}) - {body.capitalize()} of {town} said on {day} that work on {what} "
        f"would go on despite {trouble}, and that {count} workers were now on the site.",
        f'"We expect to finish before the summer," said {person}, who speaks for {who}. '
        f"The budget for {what} was raised to {count * 12} million crowns last month.",
        f"Residents of {town} met in the town hall on {day} evening to hear the plan; "
        f"{count + 5} of them signed a letter asking {who} to publish its weekly reports.",
        f"The next report on {what} in {town} is due in two weeks, {body} said in a statement.",
    ]
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{when.isoformat()}'></head><body><article>"
            f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    return title, html, when


def rss(base: str, count: int) -> str:
    items = []
    for n in range(count):
        title, _, when = article(n)
        items.append(f"<item><title>{title}</title><link>{base}/a/{n}.html</link>"
                     f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Invented Gazette</title>'
            f"<link>{base}/</link>{''.join(items)}</channel></rss>")


class _Handler(BaseHTTPRequestHandler):
    server: "NewsSite"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        site, path = self.server, self.path.split("?", 1)[0]
        site.hits += 1
        if path == "/robots.txt":
            return self._send(200, "User-agent: *\nAllow: /\n", "text/plain")
        if path == "/feed.xml":
            return self._send(200, rss(site.base, site.count), "application/rss+xml")
        if path == "/garbage.xml":
            return self._send(200, "\x00\x01<<<not a feed at all", "application/xml")
        if path == "/to-private.xml":
            return self._redirect(f"http://127.0.0.2:{site.server_port}/feed.xml")
        if path in ("/huge.xml", "/endless.xml"):
            return self._huge(path == "/huge.xml")
        if path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit():
            if site.article_delay:
                time.sleep(site.article_delay)
            return self._send(200, article(int(path[3:-5]))[1], "text/html; charset=utf-8")
        return self._send(404, "not here", "text/plain")

    def _send(self, status: int, text: str, content_type: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self, with_length: bool) -> None:
        """A 2 GB body (generated, never held; with its Content-Length or without) until the
        client goes."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if with_length:
            self.send_header("Content-Length", str(2 * 2**30))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<!-- " + b"x" * 65_000 + b" -->"
        try:
            while self.server.huge_sent < 2 * 2**30:
                self.wfile.write(chunk)
                self.server.huge_sent += len(chunk)
        except OSError:
            pass
        self.close_connection = True


class NewsSite(LocalSite):
    """``/feed.xml`` (RSS of ``count`` articles ``/a/N.html``), ``/garbage.xml``,
    ``/to-private.xml`` (a redirect to 127.0.0.2), ``/huge.xml`` and ``/endless.xml`` (2 GB,
    with and without a Content-Length), on 127.0.0.1."""

    def __init__(self, count: int = 200, article_delay: float = 0.0) -> None:
        super().__init__(_Handler)
        self.count, self.article_delay, self.hits, self.huge_sent = count, article_delay, 0, 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}


@contextlib.contextmanager
def serving(db: Path, token: str, *, extra: tuple[str, ...] = (), log: Path | None = None, start_timeout: float = 60):
    """`storyline serve --db DB` as a subprocess on 127.0.0.1 (a free port); yields (base URL,
    the process). Ended (SIGTERM, then SIGKILL) after the block."""
    import httpx

    port = free_port()
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port), "--token", token, *extra],
                               env=env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"storyline serve exited with {process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/api/updates", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("storyline serve did not start")
            time.sleep(0.2)
        yield base, process
    finally:
        stop(process)
        if log:
            out.close()


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store (the backup API; the source is only read)."""
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
        return conn.execute(sql, params).fetchall()
