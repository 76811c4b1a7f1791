"""Web archives (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``) read with warcio.

Each HTML ``response`` (or ``resource``) record is one document; other records
(requests, metadata, images, scripts) are passed over. ``WARC-Date`` is the crawl
time, not a publication date, so it is not used.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from storyline.ingest.decode import charset_of, document, is_html_type
from storyline.ingest.errors import Unusable, short, too_large
from storyline.ingest.files import open_input, read_at_most
from storyline.model import RawDocument, Rejected


def read_warc(path: Path, file_id: str, limit: int) -> Iterator[RawDocument | Rejected]:
    """Documents ``<file id>#<n>`` for the HTML records (``n`` counts all records from 1).

    A malformed or truncated archive ends with a Rejected; what was read before stays.
    What warcio writes to stderr itself (an invalid Content-Length, a bad gzip member) is
    caught and becomes one Rejected line for the archive instead of reaching the terminal.
    """
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        items = list(_records_of(path, file_id, limit))
    yield from items
    for warning in _warnings(printed.getvalue()):
        yield Rejected(str(path), f"warning while reading: {warning}", code="malformed")


def _warnings(printed: str) -> list[str]:
    """warcio's messages, one line each, its dumps of raw record bytes left out."""
    found: list[str] = []
    for line in printed.splitlines():
        line = line.strip()
        if not line or line.lower().startswith(("remainder:", "offset:")):
            if found and line.lower().startswith("offset:"):
                found[-1] += f" ({line.split(':', 1)[1].strip()[:20]} bytes in)"
            continue
        found.append(short(line.removeprefix("WARNING: "), 120))
    return list(dict.fromkeys(found))


def _records_of(path: Path, file_id: str, limit: int) -> Iterator[RawDocument | Rejected]:
    source = str(path)
    try:
        stream = open_input(path, False, None)
    except Unusable as error:
        yield Rejected(source, str(error), code=error.code)
        return
    number = found = 0
    at = 1  # the record being parsed or read, for the error message
    with stream:
        records = ArchiveIterator(stream)
        try:
            for number, record in enumerate(records, 1):
                where = f"{source}#{number}"
                if number == 1 and not _is_archive_header(record):
                    yield Rejected(source, "not a WARC or ARC archive", code="not-text")
                    return
                doc_id = f"{file_id}#{number}"
                result = _record(record, where, doc_id, limit) if record.length else None
                records.read_to_end()
                problem = _truncation(record)
                if problem:
                    result = Rejected(where, problem, code="malformed")
                if result is not None:
                    found += 1
                    yield result
                at = number + 1
        except Exception as error:  # noqa: BLE001 - warcio raises many types on bad input
            yield Rejected(source, f"malformed WARC at record {at}{_detail(error)}", code="malformed")
            return
        if records.offset < os.fstat(stream.fileno()).st_size:
            yield Rejected(source, f"truncated or malformed WARC after record {number}", code="malformed")
        elif not number:
            yield Rejected(source, "empty", code="empty")
        elif not found:
            yield Rejected(source, "no HTML pages in the archive", code="no-article")


def _truncation(record: ArcWarcRecord) -> str | None:
    """Why a record is incomplete, or None."""
    if record.length is None:
        return "truncated or malformed record (no Content-Length)"
    missing = getattr(record.raw_stream, "limit", 0)
    return f"truncated record ({missing} bytes missing)" if missing > 0 else None


def _detail(error: Exception) -> str:
    """warcio's own messages help; its crashes on bad input (AttributeError...) do not."""
    if not isinstance(error, (ArchiveLoadFailed, StatusAndHeadersParserException)):
        return ""
    return ": " + short(error).split(". ")[0].removeprefix("ERROR: ")


def _is_archive_header(record: ArcWarcRecord) -> bool:
    """warcio reads almost any text as an ARC record; a real ARC starts with ``filedesc://``."""
    return record.format == "warc" or record.rec_type == "arc_header"


def _record(
    record: ArcWarcRecord, where: str, doc_id: str, limit: int
) -> RawDocument | Rejected | None:
    """The record as a document, a Rejected, or None when it is not an HTML page."""
    if record.rec_type == "response":
        headers = record.http_headers
    elif record.rec_type == "resource":
        headers = record.rec_headers
    else:
        return None
    content_type = headers.get_header("Content-Type") if headers else None
    if not is_html_type(content_type):
        return None
    if record.rec_type == "response":
        status = record.http_headers.get_statuscode() or "?"
        if not status.startswith("2"):
            return Rejected(where, f"HTTP status {status}, not a page", code="no-article")
    if record.length > limit:
        return Rejected(where, too_large(limit, record.length), code="too-large")
    data = read_at_most(record.content_stream(), limit)
    url = record.rec_headers.get_header("WARC-Target-URI" if record.format == "warc" else "uri")
    meta = {"url": url} if url else {}
    return document(data, doc_id, where, limit, "html", meta, charset_of(content_type))
