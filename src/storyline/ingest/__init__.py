"""Ingest: read files, folders, globs, JSON and JSONL feeds, WARC archives, stdin and URLs.

``read(inputs, config)`` yields :class:`~storyline.model.RawDocument` for each article
and :class:`~storyline.model.Rejected` (with a one-line reason) for each input that
cannot be used; it never raises for a user's mistake. See ``docs/inputs.md``.
"""

from storyline.ingest.config import IngestConfig
from storyline.ingest.reader import read

__all__ = ["IngestConfig", "read"]
