"""JSON Lines feeds (``.jsonl``, ``.ndjson``, optionally ``.gz``): one article per line.

Each line is an object with ``text`` and/or ``html`` (``html`` wins when both are
given) and optional ``id``, ``url``, ``title``, ``outlet``, ``author`` and ``published``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from storyline.ingest.decode import BINARY, SNIFF_BYTES
from storyline.ingest.errors import Unusable, os_reason, short, too_large
from storyline.ingest.files import format_of, open_input
from storyline.model import RawDocument, Rejected

_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def read_jsonl(path: Path, file_id: str, limit: int) -> Iterator[RawDocument | Rejected]:
    """One RawDocument or Rejected per non-blank line; ``limit`` bounds each line."""
    source = str(path)
    records = 0
    try:
        with open_input(path, format_of(path)[1], None) as stream:
            if b"\0" in stream.read(SNIFF_BYTES):
                yield Rejected(source, BINARY)
                return
            stream.seek(0)
            for number, line in enumerate(_lines(stream, limit), 1):
                if line is not None and not line.strip():
                    continue
                records += 1
                where = f"{source}:{number}"
                if line is None:
                    yield Rejected(where, too_large(limit))
                else:
                    yield _record(line.rstrip(b"\r\n"), where, f"{file_id}:{number}")
    except Unusable as error:
        yield Rejected(source, str(error))
        return
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        yield Rejected(source, f"corrupt gzip data ({short(error)})")
        return
    except OSError as error:
        yield Rejected(source, os_reason(error))
        return
    if not records:
        yield Rejected(source, "empty")


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``; None for a line longer than ``limit`` (skipped unread)."""
    while line := stream.readline(min(limit + 1, sys.maxsize)):
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(65536)
            yield None
        else:
            yield line


def _record(line: bytes, where: str, default_id: str) -> RawDocument | Rejected:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Rejected(where, "malformed JSON: not UTF-8")
    except json.JSONDecodeError as error:
        message = error.msg if error.msg.endswith(" at") else f"{error.msg} at"
        return Rejected(where, f"malformed JSON: {message} column {error.colno}")
    except RecursionError:
        return Rejected(where, "malformed JSON: nested too deeply")
    except ValueError as error:  # what json.loads refuses beyond its grammar (integers over 4,300 digits)
        return Rejected(where, f"malformed JSON: {short(error, 120)}")
    if not isinstance(record, dict):
        return Rejected(where, f"not a JSON object ({_JSON_TYPES.get(type(record), 'a value')})")
    bodies = [(k, record[k]) for k in ("html", "text") if isinstance(record.get(k), str)]
    if not bodies:
        return Rejected(where, "no 'text' or 'html' field")
    filled = [(kind, body) for kind, body in bodies if body.strip()]
    if not filled:
        return Rejected(where, f"empty '{bodies[0][0]}' field")
    kind, body = filled[0]
    doc_id = _id(record.get("id"), default_id)
    return RawDocument(id=whole(doc_id), source=where, kind=kind, body=whole(body),
                       meta={key: whole(value) for key, value in _meta(record).items()})


def whole(text: str) -> str:
    """``text`` with each lone surrogate (a ``"\\ud800"`` escape JSON allows but Unicode does
    not) replaced by U+FFFD, as a browser shows it."""
    return _SURROGATE.sub("\ufffd", text)


def _id(value: Any, default: str) -> str:
    """The record's own ``id`` (a string or an integer), else ``<file id>:<line>``."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return default


def _meta(record: dict[str, Any]) -> dict[str, str]:
    meta = {
        key: record[key].strip()
        for key in ("title", "outlet", "author", "url")
        if isinstance(record.get(key), str) and record[key].strip()
    }
    published = _iso_date(record.get("published"))
    if published:
        meta["published"] = published
        meta["published_evidence"] = "JSONL field 'published'"
    return meta


def _iso_date(value: Any) -> str | None:
    """``2012-03-13`` or an ISO datetime -> ``"2012-03-13"``; anything else -> None."""
    if not isinstance(value, str):
        return None
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value.strip()).isoformat()[:10]
        except ValueError:
            continue
    return None
