"""What the browser tests share: Debian's Chromium driven by Playwright (headless, no
network beyond 127.0.0.1), a tab that records page errors, and an app served by uvicorn on
127.0.0.1 at a free port for the length of a block."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra is not installed
    sync_playwright = None

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WAIT = 15_000  # ms, for every wait

needs_browser = pytest.mark.skipif(
    sync_playwright is None or CHROMIUM is None,
    reason="needs playwright (pip install -e '.[test]') and chromium on PATH (apt-get install chromium)")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright's Browser), closed after the block."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def tab() -> Iterator[object]:
    """A 1200x900 page whose ``errors`` lists the page errors, console errors and dialogs seen."""
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        page.set_default_timeout(WAIT)
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(f"page error: {e}"))
        page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("dialog", lambda d: (page.errors.append(f"dialog: {d.message}"), d.dismiss()))  # a script ran
        yield page


@contextmanager
def serving(app, seconds: float = 15.0) -> Iterator[str]:
    """``app`` (ASGI) served by uvicorn on 127.0.0.1 at a free port: its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
