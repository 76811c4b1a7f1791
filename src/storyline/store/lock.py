"""The store's writer lock: one process writes to a store at a time (a build, an update).

An ``flock`` on the store's file itself, held for the whole run (SQLite's own locks are
``fcntl`` record locks, which ``flock`` does not touch), so no lock file is left beside
it; readers never take it (SQLite gives each a consistent snapshot). A PostgreSQL store's
lock is a session advisory lock (``pg_try_advisory_lock``) held on a connection of its own."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.errors import ConfigError
from storyline.reasons import quoted
from storyline.store.dialect import is_url, location

__all__ = ["UpdateRunning", "writer_lock"]


class UpdateRunning(ConfigError):
    """Another process is writing to the store (an update or a build holds its lock)."""


@contextmanager
def writer_lock(db: str | Path, timeout: float = 0.0) -> Iterator[None]:
    """Hold the store's writer lock for the block (an empty file is created when the store is
    new: SQLite takes it as a new database); :class:`UpdateRunning` when another process
    holds it for longer than ``timeout`` seconds."""
    if is_url(db):
        from storyline.store import postgres

        with postgres.writer_lock(location(db), timeout, UpdateRunning):
            yield
        return
    path = Path(os.fspath(db))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")
    except OSError as error:
        raise ConfigError(f"cannot use the store {quoted(os.fspath(db))}: {error.strerror or error}") from None
    with handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UpdateRunning(f"the store {quoted(os.fspath(db))} is being updated by another process") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
