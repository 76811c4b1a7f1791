"""One guarded GET for an update: conditional headers in, the status and validators out.

It keeps the rules of :mod:`storyline.ingest.url` and goes through the same guard
(:mod:`storyline.ingest.guard`): http and https only, on the URL and on every redirect; every
host checked after DNS (no loopback, private, link-local, multicast or other non-public
address unless the host is allowed), and the connection made to the checked address; at most
:data:`~storyline.ingest.url.MAX_REDIRECTS` redirects, a loop refused; one deadline for the
whole download; the body read in chunks and cut off one byte past the limit (a 2 GB body is
never read). Unlike ingest it returns a 304 or an HTTP error status as it is, with the
response's ``ETag`` and ``Last-Modified``, and calls ``pace(host)`` before each request.

Whatever goes wrong raises :class:`Refusal` with a reason code
(:data:`storyline.reasons.CODES`) and a one-line reason.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from storyline.ingest import guard
from storyline.ingest.errors import short, too_large
from storyline.ingest.files import read_at_most
from storyline.ingest.url import MAX_REDIRECTS, Target, target

__all__ = ["Refusal", "Response", "get"]

_REDIRECTS = {301, 302, 303, 307, 308}
_SCHEMES = ("http", "https")


class Refusal(Exception):
    """A URL not fetched: ``code`` (``refused-url``, ``robots``, ``too-large``,
    ``fetch-failed``, ``malformed`` ...) and ``reason``, one line."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class Response:
    """The final response: its URL after redirects, status, headers (names in lower case)
    and body (empty unless the status is 2xx)."""

    url: str
    status: int
    reason: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def failure(self) -> Refusal:
        """The refusal an unexpected status is (``HTTP 404 Not Found``)."""
        return Refusal(short(f"HTTP {self.status} {self.reason}".strip()), "fetch-failed")


def get(url: str, *, limit: int, timeout: float, allowed: frozenset[str], user_agent: str,
        headers: Mapping[str, str] | None = None, pace: Callable[[str], object] | None = None,
        cut: bool = False) -> Response:
    """GET ``url`` through the guard; ``cut`` keeps the first ``limit`` bytes of a larger
    body instead of refusing it. Raises :class:`Refusal`."""
    try:
        return _get(url, limit, timeout, allowed, user_agent, dict(headers or {}), pace, cut)
    except Refusal:
        raise
    except TimeoutError:
        raise Refusal(f"cannot fetch: timed out after {timeout:g} s", "fetch-failed") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise Refusal(f"cannot fetch: {short(error)}", "fetch-failed") from None


def _get(url, limit, timeout, allowed, user_agent, headers, pace, cut) -> Response:
    current, visited = url, {_bare(url)}
    place = _target(url, None)
    deadline = None
    while True:
        if pace is not None:
            pace(place.host)
        if deadline is None:  # the deadline starts once the first request may go
            deadline = time.monotonic() + timeout
        connection = _connect(place, allowed, deadline, None if current == url else current)
        response = None
        try:
            connection.request("GET", place.path, headers={
                "User-Agent": user_agent, "Connection": "close", "Accept-Encoding": "identity", **headers})
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                place = _follow(current, visited)
                continue
            found = {name.lower(): value for name, value in response.getheaders()}
            body = _body(response, limit, deadline, cut) if 200 <= response.status < 300 else b""
            return Response(current, response.status, response.reason or "", found, body)
        finally:
            if response is not None:
                response.close()
            connection.close()


def _body(response: http.client.HTTPResponse, limit: int, deadline: float, cut: bool) -> bytes:
    length = (response.getheader("Content-Length") or "").strip()
    if not cut and length.isdigit() and int(length) > limit:
        raise Refusal(too_large(limit, int(length)), "too-large")
    data = read_at_most(response, limit, before_each=lambda: guard.remaining(deadline))
    if len(data) > limit:
        if cut:
            return data[:limit]
        raise Refusal(too_large(limit), "too-large")
    return data


def _target(url: str, redirect: str | None) -> Target:
    scheme = url.partition(":")[0].lower() if ":" in url else ""
    what = f"redirect to {short(url, 80)}" if redirect else short(url, 80)
    if scheme not in _SCHEMES:
        raise Refusal(f"refused: {what} (only http and https are fetched)", "refused-url")
    try:
        return target(url)
    except ValueError as error:
        raise Refusal(f"refused: {'redirect to a ' if redirect else ''}malformed URL ({short(error, 80)})",
                      "refused-url") from None


def _follow(url: str, visited: set[str]) -> Target:
    """Check a redirect to ``url`` before following it."""
    if _bare(url) in visited:
        raise Refusal(f"redirect loop (back to {short(url, 80)})", "fetch-failed")
    if len(visited) > MAX_REDIRECTS:
        raise Refusal(f"too many redirects (more than {MAX_REDIRECTS})", "fetch-failed")
    visited.add(_bare(url))
    return _target(url, url)


def _connect(place: Target, allowed: frozenset[str], deadline: float, redirect: str | None):
    try:
        return guard.connection(place.scheme, place.host, place.port, allowed, deadline)
    except guard.Refused as refused:
        if redirect is None:
            raise Refusal(f"refused: {refused}", "refused-url") from None
        raise Refusal(f"refused: redirect to {short(redirect, 80)} ({refused.why}; {refused.hint})",
                      "refused-url") from None


def _bare(url: str) -> str:
    return url.split("#", 1)[0]
