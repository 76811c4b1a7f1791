"""The page cache: the answers of the read-only pages and API, kept in memory under the store
generation they were read at, so that a page is rendered once per change of the store rather
than once per reader.

The store's ``generation`` counter (schema version 5) moves in the same transaction as any
change to a table the pages read (triggers), so one lookup per request tells whether a kept
answer is still what the store holds. The generation is read *before* the page is rendered,
and the render reads a snapshot at least as new: an answer is never kept under a generation
newer than its data, so a reader can get a newer state than the one it asked under, never an
older one. Readers who ask for the same page while it renders wait for that one render.

Every answer kept carries an ``ETag`` (a digest of its bytes) and ``Cache-Control:
no-cache``: a browser asks again each time and gets ``304 Not Modified`` while the page has
not changed. ``x-storyline-cache`` says ``hit`` or ``miss``. The pages that show the server's
own state (``/admin``, ``/api/updates``, ``/api/feeds``) are never kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.errors import ConfigError
from storyline.store import DATABASE_ERRORS, Store, is_url, location
from storyline.store import query as q

__all__ = ["Generation", "PageCache"]

log = logging.getLogger("storyline.serve")

NEVER_KEPT = ("/admin", "/api/updates", "/api/feeds")


class Generation(threading.local):
    """The store's current generation: ``(device, inode, counter)`` of the file at ``db``, read
    on a connection kept open by each thread that asks (opened again when the file is
    replaced); None when the store cannot be read or has no counter (then nothing is kept).
    A PostgreSQL store has no file: ``(0, 0, counter)``."""

    def __init__(self, db: str | Path) -> None:
        self.url = location(db) if is_url(db) else None
        self.path = Path(db)
        self._store: Store | None = None
        self._file: tuple[int, int] | None = None

    def current(self) -> tuple[int, int, int] | None:
        if self.url is not None:
            file = (0, 0)
        else:
            try:
                status = os.stat(self.path)
            except OSError:
                self.close()
                return None
            file = (status.st_dev, status.st_ino)
        if self._store is None or file != self._file:
            self.close()
            try:
                self._store = Store(self.url or self.path, readonly=True)
            except ConfigError:
                return None
            self._file = file
        try:
            counter = q.generation(self._store)
        except DATABASE_ERRORS:  # a store without the counter
            counter = None
        return None if counter is None else (*file, counter)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        self._store, self._file = None, None


@dataclass(frozen=True)
class Kept:
    generation: tuple[int, int, int]
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class PageCache:
    """ASGI middleware over the app: GET answers with status 200 of every path but
    :data:`NEVER_KEPT`, at most ``max_bytes`` in all (least recently used dropped first), each
    at most ``max_entry`` bytes."""

    def __init__(self, app: ASGIApp, db: str | Path, *, max_bytes: int = 64 << 20, max_entry: int = 4 << 20) -> None:
        self.app = app
        self.generation = Generation(db)
        self.max_bytes, self.max_entry = max_bytes, max_entry
        self.kept: OrderedDict[tuple[str, bytes], Kept] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self._rendering: dict[tuple, asyncio.Future] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(NEVER_KEPT):
            await self.app(scope, receive, send)
            return
        try:
            generation = self.generation.current()
        except Exception:  # noqa: BLE001 - the cache is an optimisation: without it, render
            log.exception("cannot read the store's generation")
            self.generation.close()
            generation = None
        if generation is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        kept = self.kept.get(key)
        if kept is not None and kept.generation == generation:
            self.kept.move_to_end(key)
            self.hits += 1
            await _answer(kept, scope, send, b"hit")
            return
        rendering = self._rendering.get((key, generation))
        if rendering is not None:  # the same page is being rendered: wait for it
            kept = await asyncio.shield(rendering)
            if kept is not None:
                self.hits += 1
                await _answer(kept, scope, send, b"hit")
                return
        await self._render(key, generation, scope, receive, send)

    async def _render(self, key: tuple[str, bytes], generation: tuple[int, int, int], scope: Scope,
                      receive: Receive, send: Send) -> None:
        self.misses += 1
        done: asyncio.Future = asyncio.get_running_loop().create_future()
        self._rendering[(key, generation)] = done
        start: Message | None = None
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        kept = None
        try:
            await self.app(scope, receive, capture)
            if start is not None:
                data = b"".join(body)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"etag", b"cache-control")]
                kept = Kept(generation, start["status"], headers, data,
                            b'"' + hashlib.blake2b(data, digest_size=12).hexdigest().encode() + b'"')
                await _answer(kept, scope, send, b"miss")
                if kept.status == 200:
                    self._keep(key, kept)
        finally:
            self._rendering.pop((key, generation), None)
            done.set_result(kept if kept is not None and kept.status == 200 else None)

    def _keep(self, key: tuple[str, bytes], kept: Kept) -> None:
        if kept.size > self.max_entry:
            return
        old = self.kept.pop(key, None)
        if old is not None:
            self.size -= old.size
        self.kept[key] = kept
        self.size += kept.size
        while self.size > self.max_bytes and self.kept:
            _, dropped = self.kept.popitem(last=False)
            self.size -= dropped.size


async def _answer(kept: Kept, scope: Scope, send: Send, how: bytes) -> None:
    extra = [(b"etag", kept.etag), (b"cache-control", b"no-cache"), (b"x-storyline-cache", how)]
    asked = dict(scope.get("headers", [])).get(b"if-none-match", b"")
    if kept.status == 200 and kept.etag in [tag.strip() for tag in asked.split(b",")]:
        headers = [(k, v) for k, v in kept.headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": headers + extra})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers + extra})
    await send({"type": "http.response.body", "body": kept.body})
