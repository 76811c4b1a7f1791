"""Stored time expressions: their keys and their records.

A document's resolved time expressions depend on its text, on the sentences and
entities of its parse (the annotation cache key: the model's version, or the rules'),
on its publication date and the evidence for it (quoted in each expression's
evidence), and on the grammar's code. The key covers all of them, so a stored result
is reused only when resolving again would give the same one.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from storyline.model import Document, Timex, sha256

__all__ = ["annotate_version", "timex_key", "timex_records", "timexes_from_records"]

# Code outside this package that the grammar runs: the full-date and weekday patterns.
_ALSO_READ = (("storyline.clean", "dateline.py"),)


@functools.cache
def annotate_version() -> str:
    """A digest of the annotate package's code and the dateline module it uses."""
    folder = Path(str(resources.files(__package__)))
    files = [(p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*.py"))]
    files += [(f"{package}/{name}", Path(str(resources.files(package))) / name) for package, name in _ALSO_READ]
    return sha256(*(f"{name}\n{path.read_text(encoding='utf-8')}" for name, path in files))[:16]


def timex_key(annotation_key: str, doc: Document) -> str:
    """The key of ``doc``'s time expressions under parses of ``annotation_key``."""
    dated = json.dumps([doc.published, doc.published_evidence], ensure_ascii=False)
    return sha256("timexes", annotation_key, doc.text_hash, dated, annotate_version())


def timex_records(timexes: Iterable[Timex]) -> list[list[Any]]:
    """JSON-ready records of time expressions, in order."""
    return [[t.start, t.end, t.text, t.value, t.granularity, t.evidence, t.role] for t in timexes]


def timexes_from_records(records: list[list[Any]]) -> tuple[Timex, ...]:
    """The time expressions of :func:`timex_records`' records."""
    return tuple(Timex(*record) for record in records)
