"""Settings of the ingest stage."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class IngestConfig:
    """How inputs are read.

    ``max_bytes`` is the largest single document accepted: a file (its size on disk
    and, for ``.gz``, its decompressed size), a JSONL line, a WARC record, a download
    or standard input. JSONL and WARC files themselves are streamed, so only their
    records are limited. ``timeout`` is how many seconds a URL may take to answer.
    """

    max_bytes: int = 20_000_000
    timeout: float = 20.0

    def __post_init__(self) -> None:
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int):
            raise ValueError(f"max_bytes must be a whole number of bytes, not {self.max_bytes!r}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be at least 1, not {self.max_bytes}")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)):
            raise ValueError(f"timeout must be a number of seconds, not {self.timeout!r}")
        if not 0 < self.timeout < math.inf:
            raise ValueError(
                f"timeout must be a positive, finite number of seconds, not {self.timeout}"
            )
