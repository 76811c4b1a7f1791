"""The ``read`` generator: every input, in order, as a RawDocument or a Rejected."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.ingest import t17
from storyline.ingest.config import IngestConfig
from storyline.ingest.decode import document
from storyline.ingest.errors import os_reason
from storyline.ingest.files import format_of, read_at_most, read_file
from storyline.ingest.jsonfile import read_json
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.paths import Planned, plan
from storyline.ingest.url import fetch
from storyline.ingest.warc import read_warc
from storyline.model import RawDocument, Rejected


def read(
    inputs: Iterable[str | os.PathLike[str]],
    config: IngestConfig = IngestConfig(),
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Read files, folders, globs, ``-`` (``stdin``, default ``sys.stdin.buffer``) and URLs.

    Yields, in a deterministic order, one :class:`RawDocument` per article and one
    :class:`Rejected` per input (or JSONL line, or WARC record) that cannot be used.
    Document ids are unique: a repeated id gets a ``~2``, ``~3`` suffix.

    .. code-block:: python

        for item in read(["articles/", "feed.jsonl", "https://example.com/a"]):
            print(item)
    """
    if isinstance(inputs, (str, bytes, os.PathLike)):
        raise TypeError("inputs must be a list of paths, globs, URLs or '-', not a single one")
    if not isinstance(config, IngestConfig):
        raise TypeError(f"config must be an IngestConfig, not {type(config).__name__}")
    taken: set[str] = set()
    for step in plan(inputs):
        for item in _read(step, config, stdin):
            yield _unique(item, taken) if isinstance(item, RawDocument) else item


def _read(
    step: Planned | Rejected, config: IngestConfig, stdin: BinaryIO | None
) -> Iterator[RawDocument | Rejected]:
    if isinstance(step, Rejected):
        yield step
    elif step.kind == "url":
        yield fetch(step.source, config.max_bytes, config.timeout, config.allow_hosts)
    elif step.kind == "stdin":
        yield _stdin(stdin, config.max_bytes)
    else:
        assert step.path is not None
        yield from _file(step.path, step.id, config.max_bytes, config.timeout)


def _file(path: Path, doc_id: str, limit: int, timeout: float) -> Iterator[RawDocument | Rejected]:
    meta = t17.article_meta(path)
    fmt, _ = format_of(path)
    if meta is not None:
        yield read_file(path, doc_id, limit, kind="text", meta=meta, timeout=timeout)
    elif fmt == "warc":
        yield from read_warc(path, doc_id, limit)
    elif fmt == "jsonl":
        yield from read_jsonl(path, doc_id, limit)
    elif fmt == "json":
        yield from read_json(path, doc_id, limit, timeout)
    else:
        yield read_file(path, doc_id, limit, timeout=timeout)


def _stdin(stream: BinaryIO | None, limit: int) -> RawDocument | Rejected:
    stream = stream if stream is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        return Rejected("stdin", "no standard input", code="unreadable")
    try:
        data = read_at_most(stream, limit)
    except OSError as error:
        return Rejected("stdin", os_reason(error), code="unreadable")
    return document(data, "stdin", "stdin", limit)


def _unique(doc: RawDocument, taken: set[str]) -> RawDocument:
    """``doc`` with an id not yet taken: ``id``, else ``id~2``, ``id~3``, ..."""
    new_id, n = doc.id, 1
    while new_id in taken:
        n += 1
        new_id = f"{doc.id}~{n}"
    taken.add(new_id)
    return doc if new_id == doc.id else dataclasses.replace(doc, id=new_id)
