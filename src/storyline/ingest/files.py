"""Plain files: ``.txt``, ``.html``/``.htm``/``.xhtml``, their ``.gz``, and unknown extensions."""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from pathlib import Path
from typing import IO

from storyline.ingest.decode import document
from storyline.ingest.errors import Unusable, os_reason, short, too_large
from storyline.model import RawDocument, Rejected

_FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_ARCHIVES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def format_of(path: Path) -> tuple[str, bool]:
    """``("warc"|"jsonl"|"html"|"text"|"unknown", gzipped)`` from the file name."""
    name = path.name.lower()
    if name.endswith(_ARCHIVES):
        return "warc", name.endswith(".gz")
    gzipped = name.endswith(".gz")
    inner = Path(name[:-3] if gzipped else name).suffix
    return _FORMATS.get(inner, "unknown"), gzipped


def open_input(path: Path, gzipped: bool, limit: int | None) -> IO[bytes]:
    """Open ``path`` for binary reading, decompressing ``.gz``.

    With ``limit``, a regular file larger than it is refused before reading.
    Raises :class:`Unusable` for a missing, unreadable or too large file.
    """
    try:
        info = os.stat(path)
        if limit is not None and stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise Unusable(too_large(limit, info.st_size))
        return gzip.open(path, "rb") if gzipped else open(path, "rb")
    except OSError as error:
        raise Unusable(os_reason(error)) from error


def read_file(
    path: Path,
    doc_id: str,
    limit: int,
    kind: str | None = None,
    meta: dict[str, str] | None = None,
) -> RawDocument | Rejected:
    """Read one plain file; without ``kind``, HTML extensions give html, else it is sniffed."""
    source = str(path)
    fmt, gzipped = format_of(path)
    try:
        with open_input(path, gzipped, limit) as stream:
            data = stream.read(limit + 1)
    except Unusable as error:
        return Rejected(source, str(error))
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        return Rejected(source, f"corrupt gzip data ({short(error)})")
    except OSError as error:
        return Rejected(source, os_reason(error))
    if kind is None and fmt == "html":
        kind = "html"
    return document(data, doc_id, source, limit, kind=kind, meta=meta)
