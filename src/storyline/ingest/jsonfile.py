"""JSON files (``.json``, optionally ``.gz``): one article, or a list of articles.

news-please's file storage writes one article object per ``.json`` file, and
trafilatura's ``--json`` output is one object per page; a list of such objects is read
as one article each. The fields are those of :mod:`storyline.ingest.records`. A
``.json`` file holding one object a line (JSON Lines under another name) is read as
JSON Lines. The size limit (``--max-bytes``) applies to the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.decode import decode
from storyline.ingest.errors import Unusable, short, too_large
from storyline.ingest.files import read_data
from storyline.ingest.jsonl import error_position, line_record
from storyline.ingest.records import JSON_TYPES, article, has_body
from storyline.model import RawDocument, Rejected

NO_ARTICLE = "no article: expected an object or a list of objects with 'text', 'html' or 'maintext'"


def read_json(path: Path, file_id: str, limit: int, timeout: float = 20.0) -> Iterator[RawDocument | Rejected]:
    """The article of a ``.json`` file (id: the record's own, else the file's), or one per
    element of a list (``<file id>#<n>``, source ``<path>#<n>``, counting from 1)."""
    source = str(path)
    data = read_data(path, limit, timeout)
    if isinstance(data, Rejected):
        yield data
        return
    if len(data) > limit:
        yield Rejected(source, too_large(limit), code="too-large")
        return
    try:
        text = decode(data)
    except Unusable as error:
        yield Rejected(source, str(error), code=error.code)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and _one_object_a_line(text):
            yield from _lines(text, source, file_id)
        else:
            yield Rejected(source, f"malformed JSON: {error_position(error, lines=True)}", code="malformed")
        return
    except RecursionError:
        yield Rejected(source, "malformed JSON: nested too deeply", code="malformed")
        return
    except ValueError as error:  # beyond JSON's grammar: integers over 4,300 digits
        yield Rejected(source, f"malformed JSON: {short(error, 120)}", code="malformed")
        return
    yield from _articles(value, source, file_id)


def _articles(value: object, source: str, file_id: str) -> Iterator[RawDocument | Rejected]:
    if isinstance(value, dict):
        yield article(value, source, file_id, "JSON") if has_body(value) else Rejected(source, NO_ARTICLE, code="no-article")
    elif isinstance(value, list) and any(has_body(item) for item in value):
        for number, item in enumerate(value, 1):
            yield article(item, f"{source}#{number}", f"{file_id}#{number}", "JSON")
    elif isinstance(value, list):
        found = "an empty list" if not value else "a list without one"
        yield Rejected(source, f"{NO_ARTICLE} (found {found})", code="no-article")
    else:
        yield Rejected(source, f"{NO_ARTICLE} (found {JSON_TYPES.get(type(value), 'a value')})", code="no-article")


def _one_object_a_line(text: str) -> bool:
    """Does ``text`` start with a whole JSON object on its first line (JSON Lines)?"""
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _lines(text: str, source: str, file_id: str) -> Iterator[RawDocument | Rejected]:
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield line_record(line, f"{source}:{number}", f"{file_id}:{number}")
