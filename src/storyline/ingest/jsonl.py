"""JSON Lines feeds (``.jsonl``, ``.ndjson``, optionally ``.gz``): one article per line.

Each line is an object with ``text`` and/or ``html`` (``html`` wins when both are
given) and optional ``id``, ``url``, ``image``, ``title``, ``outlet``, ``author`` and
``published``; news-please's and trafilatura's fields are understood too (see
:mod:`storyline.ingest.records`).
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storyline.ingest.decode import BINARY, SNIFF_BYTES
from storyline.ingest.errors import Unusable, os_code, os_reason, short, too_large
from storyline.ingest.files import format_of, open_input
from storyline.ingest.records import article
from storyline.model import RawDocument, Rejected


def read_jsonl(path: Path, file_id: str, limit: int) -> Iterator[RawDocument | Rejected]:
    """One RawDocument or Rejected per non-blank line; ``limit`` bounds each line."""
    source = str(path)
    records = 0
    try:
        with open_input(path, format_of(path)[1], None) as stream:
            if b"\0" in stream.read(SNIFF_BYTES):
                yield Rejected(source, BINARY, code="not-text")
                return
            stream.seek(0)
            for number, line in enumerate(_lines(stream, limit), 1):
                if line is not None and not line.strip():
                    continue
                records += 1
                where = f"{source}:{number}"
                if line is None:
                    yield Rejected(where, too_large(limit), code="too-large")
                else:
                    yield _record(line.rstrip(b"\r\n"), where, f"{file_id}:{number}")
    except Unusable as error:
        yield Rejected(source, str(error), code=error.code)
        return
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        yield Rejected(source, f"corrupt gzip data ({short(error)})", code="not-text")
        return
    except OSError as error:
        yield Rejected(source, os_reason(error), code=os_code(error))
        return
    if not records:
        yield Rejected(source, "empty", code="empty")


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
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Rejected(where, "malformed JSON: not UTF-8", code="malformed")
    return line_record(text, where, default_id)


def line_record(line: str, where: str, default_id: str) -> RawDocument | Rejected:
    """The article on one JSON Lines line, or why there is none."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejected(where, f"malformed JSON: {error_position(error)}", code="malformed")
    except RecursionError:
        return Rejected(where, "malformed JSON: nested too deeply", code="malformed")
    except ValueError as error:  # what json.loads refuses beyond its grammar (integers over 4,300 digits)
        return Rejected(where, f"malformed JSON: {short(error, 120)}", code="malformed")
    return article(record, where, default_id, "JSONL")


def error_position(error: json.JSONDecodeError, lines: bool = False) -> str:
    """``"Expecting value at column 7"`` (``lines``: ``"… at line 3 column 7"``)."""
    message = error.msg if error.msg.endswith(" at") else f"{error.msg} at"
    return f"{message} line {error.lineno} column {error.colno}" if lines else f"{message} column {error.colno}"
