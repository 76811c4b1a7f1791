"""Settings of the ingest stage."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from storyline.ingest.guard import host_key


@dataclass(frozen=True)
class IngestConfig:
    """How inputs are read.

    ``max_bytes`` is the largest single document accepted: a file (its size on disk
    and, for ``.gz``, its decompressed size), a JSONL line, a WARC record, a download
    or standard input. JSONL and WARC files themselves are streamed, so only their
    records are limited. ``timeout`` is how many seconds a URL download may take in
    all: connecting, headers and body, redirects included; and how long a FIFO given as
    an input (``<(command)``) may take to be written.

    ``allow_hosts`` are hosts (names or IP literals, any case) that URLs may reach even
    though they are loopback, private or otherwise non-public addresses, which are
    refused by default. Allowance is by host as written in the URL, on any port:
    ``("127.0.0.1",)`` allows ``http://127.0.0.1:8000/`` but not ``http://localhost/``.
    A list is accepted and kept as a tuple of normalised hosts (lower case, IP
    literals in standard form, no brackets).
    """

    max_bytes: int = field(default=20_000_000, metadata={"range": (1, None)})
    timeout: float = field(default=20.0, metadata={"above": 0})
    allow_hosts: tuple[str, ...] = ()

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
        object.__setattr__(self, "allow_hosts", _hosts(self.allow_hosts))


def _hosts(given: object) -> tuple[str, ...]:
    """``allow_hosts`` validated and normalised; ValueError says what is wrong."""
    if isinstance(given, (str, bytes)) or not isinstance(given, (list, tuple)):
        raise ValueError(f"allow_hosts must be a list or tuple of host names, not {given!r}")
    hosts: list[str] = []
    for host in given:
        try:
            key = host_key(host)
        except ValueError:
            raise ValueError(
                f"allow_hosts must hold host names or IP addresses (no port), not {host!r}"
            ) from None
        if key not in hosts:
            hosts.append(key)
    return tuple(hosts)
