"""A lean HTTP/1.1 client for the load test: one keep-alive connection per reader, GET only,
answers with a Content-Length (storyline serve's). httpx spends ~4 ms of CPU per request at
50 concurrent requests: on the 2 cores the load test is run on, it took more CPU than the
server and capped the run at ~220 requests/s, so it measured the client. This one costs
tens of microseconds."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

__all__ = ["Connection"]


class Connection:
    """``await Connection(base).get(path)`` -> (status, body bytes); reconnects when the
    server closed the connection."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        try:
            return await self._exchange(path)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            raise

    async def _exchange(self, path: str) -> tuple[int, bytes]:
        assert self._reader is not None and self._writer is not None
        self._writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("ascii"))
        await self._writer.drain()
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" not in headers:
            raise ConnectionError(f"no Content-Length in the answer to {path}")
        body = await self._reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except (ConnectionError, OSError):
                pass
        self._reader = self._writer = None
