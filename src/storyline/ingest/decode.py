"""From bytes to a RawDocument: encoding, binary and emptiness checks, HTML sniffing."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from storyline.ingest.errors import Unusable, too_large
from storyline.model import RawDocument, Rejected

SNIFF_BYTES = 8192
BINARY = "binary content (not text or HTML)"

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_HIGH = bytes(range(0x80, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``, or raise :class:`Unusable` saying why it is not usable text.

    Order: a byte-order mark; strict UTF-8; the ``declared`` charset (HTTP header);
    Windows-1252 for mostly-ASCII text with a few accented letters (detectors guess
    wrong on those); then charset_normalizer's best guess.
    """
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        text = _strict(data, bom)
        if text is None:
            raise Unusable(
                f"undecodable text (starts with a {bom} byte-order mark but is not {bom})", "not-text"
            )
    elif _looks_binary(data[:SNIFF_BYTES]):
        raise Unusable(BINARY, "not-text")
    else:
        text = _guess(data, declared)
        if text is None:
            raise Unusable("undecodable text (not UTF-8, and no other encoding fits)", "not-text")
    if not text.strip():
        raise Unusable("empty", "empty")
    return text


def document(
    data: bytes,
    doc_id: str,
    source: str,
    limit: int,
    kind: str | None = None,
    meta: dict[str, str] | None = None,
    declared: str | None = None,
) -> RawDocument | Rejected:
    """A RawDocument from ``data``; ``kind`` None means sniff it from the text."""
    if len(data) > limit:
        return Rejected(source, too_large(limit), code="too-large")
    try:
        text = decode(data, declared)
    except Unusable as error:
        return Rejected(source, str(error), code=error.code)
    if kind is None:
        kind = "html" if is_html(text) else "text"
    return RawDocument(id=doc_id, source=source, kind=kind, body=text, meta=dict(meta or {}))


def is_html(text: str) -> bool:
    """Does ``text`` start like an HTML page (``<!doctype html`` or ``<html``)?"""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def is_html_type(content_type: str | None) -> bool:
    """Does an HTTP Content-Type header name HTML?"""
    return (content_type or "").split(";")[0].strip().lower() in _HTML_TYPES


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _looks_binary(head: bytes) -> bool:
    if b"\0" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > 0.1 * len(head)


def _guess(data: bytes, declared: str | None) -> str | None:
    for encoding in ("utf-8", _whatwg(declared)):
        text = _strict(data, encoding) if encoding else None
        if text is not None:
            return text
    high = len(data) - len(data.translate(None, _HIGH))
    letters = high + len(data) - len(data.translate(None, _ASCII_LETTERS))
    if high <= 0.3 * letters:
        text = _strict(data, "cp1252")
        if text is not None:
            return text
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _whatwg(label: str | None) -> str | None:
    """Browsers read ``iso-8859-1`` and ``us-ascii`` labels as windows-1252; so do we."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
