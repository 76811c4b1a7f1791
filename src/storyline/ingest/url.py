"""Web pages given as ``http://`` or ``https://`` URLs, fetched with urllib."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

from storyline.ingest.decode import charset_of, document, is_html_type
from storyline.ingest.errors import short, too_large
from storyline.model import RawDocument, Rejected

USER_AGENT = "storyline/0.1"
SCHEMES = ("http://", "https://")


def is_url(text: str) -> bool:
    """Is the input a URL that :func:`fetch` handles?"""
    return text.lower().startswith(SCHEMES)


def fetch(url: str, limit: int, timeout: float) -> RawDocument | Rejected:
    """Download ``url``: kind html when the server says so, else sniffed from the text."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                return Rejected(url, too_large(limit, int(length)))
            data = response.read(limit + 1)
            content_type = response.headers.get("Content-Type")
            final_url = response.url
    except urllib.error.HTTPError as error:
        error.close()
        return Rejected(url, f"HTTP {error.code} {error.reason}")
    except urllib.error.URLError as error:
        return Rejected(url, _failure(error.reason, timeout))
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Rejected(url, _failure(error, timeout))
    kind = "html" if is_html_type(content_type) else None
    meta = {"url": final_url}
    return document(data, url, url, limit, kind, meta, charset_of(content_type))


def _failure(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"cannot fetch: timed out after {timeout:g} s"
    return f"cannot fetch: {short(reason)}"
