"""Plain files: ``.txt``, ``.html``/``.htm``/``.xhtml``, their ``.gz``, and unknown extensions;
how every file is opened and read within the size limit."""

from __future__ import annotations

import gzip
import os
import select
import stat
import time
import zlib
from pathlib import Path
from typing import IO, Callable

from storyline.ingest.decode import document
from storyline.ingest.errors import Unusable, os_code, os_reason, short, too_large
from storyline.model import RawDocument, Rejected

_FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_ARCHIVES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def format_of(path: Path) -> tuple[str, bool]:
    """``("warc"|"jsonl"|"json"|"html"|"text"|"unknown", gzipped)`` from the file name."""
    name = path.name.lower()
    if name.endswith(_ARCHIVES):
        return "warc", name.endswith(".gz")
    gzipped = name.endswith(".gz")
    inner = Path(name[:-3] if gzipped else name).suffix
    return _FORMATS.get(inner, "unknown"), gzipped


CHUNK = 1 << 20  # bytes read at a time: memory follows the data, never the limit


def open_input(path: Path, gzipped: bool, limit: int | None) -> IO[bytes]:
    """Open ``path`` for binary reading, decompressing ``.gz``.

    With ``limit``, a regular file larger than it is refused before reading. Only regular
    files and character devices are opened (a FIFO or a socket would wait for a writer
    forever; a FIFO given by name is read by :func:`read_file` with a deadline instead).
    Raises :class:`Unusable` for a missing, unreadable, special or too large file.
    """
    try:
        info = os.stat(path)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            raise Unusable(f"not a regular file ({special_kind(info.st_mode)})", "unreadable")
        if limit is not None and stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise Unusable(too_large(limit, info.st_size), "too-large")
        return gzip.open(path, "rb") if gzipped else open(path, "rb")
    except OSError as error:
        raise Unusable(os_reason(error), os_code(error)) from error


def special_kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is: ``"a FIFO"``, ``"a socket"``..."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a special file"


def read_at_most(stream: IO[bytes], limit: int, before_each: Callable[[], object] | None = None) -> bytes:
    """Up to ``limit + 1`` bytes of ``stream`` (one more than allowed says "too large"), read
    in chunks, so that a huge ``limit`` costs no memory the data does not need;
    ``before_each`` is called before each chunk (a download checks its deadline there)."""
    parts, size = [], 0
    while size <= limit:
        if before_each is not None:
            before_each()
        part = stream.read(min(CHUNK, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def read_pipe(path: Path, limit: int, timeout: float) -> bytes:
    """A FIFO's bytes (``storyline build <(command)``), up to ``limit + 1``, within ``timeout``
    seconds in all; raises :class:`Unusable` when no writer sends anything in time."""
    deadline = time.monotonic() + timeout
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise Unusable(os_reason(error), os_code(error)) from error
    parts, size = [], 0
    try:
        while size <= limit:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                what = "still written to" if size else "with nothing written to it"
                raise Unusable(f"a FIFO {what} after {timeout:g} s", "unreadable")
            try:
                part = os.read(fd, min(CHUNK, limit + 1 - size))
            except BlockingIOError:
                continue
            if part:
                parts.append(part)
                size += len(part)
            elif size:
                break  # the writer is done
            else:
                time.sleep(0.05)  # no writer has opened it yet: end of file until one does
    finally:
        os.close(fd)
    return b"".join(parts)


def read_file(
    path: Path,
    doc_id: str,
    limit: int,
    kind: str | None = None,
    meta: dict[str, str] | None = None,
    timeout: float = 20.0,
) -> RawDocument | Rejected:
    """Read one plain file; without ``kind``, HTML extensions give html, else it is sniffed."""
    data = read_data(path, limit, timeout)
    if isinstance(data, Rejected):
        return data
    if kind is None and format_of(path)[0] == "html":
        kind = "html"
    return document(data, doc_id, str(path), limit, kind=kind, meta=meta)


def read_data(path: Path, limit: int, timeout: float = 20.0) -> bytes | Rejected:
    """Up to ``limit + 1`` bytes of a file (decompressed for ``.gz``; a FIFO within
    ``timeout``), or why it cannot be read."""
    source = str(path)
    gzipped = format_of(path)[1]
    try:
        if stat.S_ISFIFO(os.stat(path).st_mode) and not gzipped:
            return read_pipe(path, limit, timeout)
        with open_input(path, gzipped, limit) as stream:
            return read_at_most(stream, limit)
    except Unusable as error:
        return Rejected(source, str(error), code=error.code)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        return Rejected(source, f"corrupt gzip data ({short(error)})", code="not-text")
    except OSError as error:
        return Rejected(source, os_reason(error), code=os_code(error))
