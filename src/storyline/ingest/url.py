"""Web pages given as ``http://`` or ``https://`` URLs, downloaded through the fetch guard.

Only http and https are fetched, on the URL given and on every redirect; at most
:data:`MAX_REDIRECTS` redirects are followed, and a redirect back to a URL already
visited is a loop. Every host is checked by :mod:`storyline.ingest.guard` (no loopback,
private or other non-public addresses unless the host is allowed). The timeout is one
total deadline for the download: connecting, the headers and the body, redirects
included.

Environment proxies (``http_proxy``, ``https_proxy``, ``all_proxy``) are ignored on
purpose: a proxy would connect on our behalf to addresses the guard never sees.

Whatever goes wrong, :func:`fetch` returns a :class:`Rejected` with a one-line reason;
it does not raise.
"""

from __future__ import annotations

import http.client
import re
import string
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from storyline.ingest import guard
from storyline.ingest.decode import charset_of, document, is_html_type
from storyline.ingest.errors import short, too_large
from storyline.ingest.files import read_at_most
from storyline.model import RawDocument, Rejected

USER_AGENT = "storyline/0.1"
SCHEMES = ("http://", "https://")
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_ASCII_MARKS = string.punctuation  # kept as written by quote(): only non-ASCII is encoded
_HOST_AND_PORT = re.compile(r"(\[[^\[\]]*\]|[^\[\]:]*)(:[^:]*)?")


class _Unfetchable(Exception):
    """The download stops; ``str(error)`` is the one-line reason, ``code`` its reason code."""

    def __init__(self, reason: str, code: str = "fetch-failed") -> None:
        super().__init__(reason)
        self.code = code


def is_url(text: str) -> bool:
    """Is the input a URL that :func:`fetch` handles?"""
    return text.lower().startswith(SCHEMES)


@dataclass(frozen=True)
class Target:
    """Where a URL points: scheme, host (a :func:`guard.host_key`), port and request path."""

    scheme: str
    host: str
    port: int
    path: str


def target(url: str) -> Target:
    """Parse an http or https ``url``; ValueError says why it is malformed."""
    if any(char <= " " or char == "\x7f" for char in url):
        raise ValueError("contains a space or control character")
    parts = urlsplit(url)  # ValueError for "http://[::1"
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http or https URL: {short(url, 80)}")
    if not _HOST_AND_PORT.fullmatch(parts.netloc.rpartition("@")[2]):
        raise ValueError(f"not a host and port: {short(parts.netloc, 60)!r}")
    port = parts.port  # ValueError for a port that is not a number or out of range
    if not parts.hostname:
        raise ValueError("no host name")
    if port == 0:
        raise ValueError("port 0")
    host = guard.host_key(parts.hostname)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    # Non-ASCII characters are sent percent-encoded as UTF-8; ASCII is left as written.
    return Target(scheme, host, port or _DEFAULT_PORTS[scheme], quote(path, safe=_ASCII_MARKS))


def fetch(
    url: str, limit: int, timeout: float, allow_hosts: Iterable[str] = ()
) -> RawDocument | Rejected:
    """Download ``url``: kind html when the server says so, else sniffed from the text.

    ``limit`` is the largest body accepted, in bytes; ``timeout`` the seconds the whole
    download may take; ``allow_hosts`` hosts (names or IP literals) that may be reached
    even at non-public addresses.
    """
    deadline = time.monotonic() + timeout
    try:
        allowed = guard.allowance(allow_hosts)
        return _download(url, limit, deadline, allowed)
    except _Unfetchable as error:
        return Rejected(url, short(error), code=error.code)
    except TimeoutError:
        return Rejected(url, f"cannot fetch: timed out after {timeout:g} s", code="fetch-failed")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Rejected(url, f"cannot fetch: {short(error)}", code="fetch-failed")


def _download(
    url: str, limit: int, deadline: float, allowed: frozenset[str]
) -> RawDocument | Rejected:
    current, redirect = url, None
    place = _first(url)
    visited = {_without_fragment(url)}
    while True:
        connection = _connect(place, allowed, deadline, redirect)
        response = None
        try:
            connection.request(
                "GET", place.path, headers={"User-Agent": USER_AGENT, "Connection": "close"}
            )
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in _REDIRECT_STATUSES and location:
                current = redirect = urljoin(current, location.strip())
                place = _next(current, visited)
                continue
            if not 200 <= response.status < 300:
                return Rejected(url, short(f"HTTP {response.status} {response.reason}".strip()), code="fetch-failed")
            length = response.getheader("Content-Length", "").strip()
            if length.isdigit() and int(length) > limit:
                return Rejected(url, too_large(limit, int(length)), code="too-large")
            data = _body(response, limit, deadline)
            content_type = response.getheader("Content-Type")
        finally:
            if response is not None:
                response.close()
            connection.close()
        kind = "html" if is_html_type(content_type) else None
        meta = {"url": current}
        return document(data, url, url, limit, kind, meta, charset_of(content_type))


def _first(url: str) -> Target:
    if _scheme(url) not in _DEFAULT_PORTS:
        raise _Unfetchable(f"refused: {_shown(url)} (only http and https are fetched)", "refused-url")
    try:
        return target(url)
    except ValueError as error:
        raise _Unfetchable(f"malformed URL ({short(error, 80)})", "refused-url") from None


def _next(url: str, visited: set[str]) -> Target:
    """Check a redirect to ``url`` before following it."""
    if _without_fragment(url) in visited:
        raise _Unfetchable(f"redirect loop (back to {_shown(url)})")
    if len(visited) > MAX_REDIRECTS:
        raise _Unfetchable(f"too many redirects (more than {MAX_REDIRECTS})")
    visited.add(_without_fragment(url))
    if _scheme(url) not in _DEFAULT_PORTS:
        raise _Unfetchable(f"refused: redirect to {_shown(url)} (only http and https are fetched)", "refused-url")
    try:
        return target(url)
    except ValueError as error:
        raise _Unfetchable(f"refused: redirect to a malformed URL ({short(error, 80)})", "refused-url") from None


def _connect(
    place: Target, allowed: frozenset[str], deadline: float, redirect: str | None
) -> http.client.HTTPConnection:
    try:
        return guard.connection(place.scheme, place.host, place.port, allowed, deadline)
    except guard.Refused as refused:
        if redirect is None:
            raise _Unfetchable(f"refused: {refused}", "refused-url") from None
        reason = f"refused: redirect to {_shown(redirect)} ({refused.why}; {refused.hint})"
        raise _Unfetchable(reason, "refused-url") from None


def _body(response: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    """The body, read in chunks, up to ``limit + 1`` bytes (one more tells it is too large).

    Each socket read waits only until ``deadline`` (see :mod:`guard`), and the deadline
    is checked again before each chunk.
    """
    return read_at_most(response, limit, before_each=lambda: guard.remaining(deadline))


def _scheme(url: str) -> str:
    """The scheme of ``url`` in lower case (``"ftp"``), or ``""`` if it has none."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _shown(url: str) -> str:
    return short(url, 80)
