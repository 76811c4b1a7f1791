"""Stand-ins for an update, run by :class:`storyline.serve.runner.UpdateRunner` in its child
process (spawned: the child imports this module by name from the tests directory, which is
on ``sys.path``; a monkeypatch of the parent would not reach it). Each works beside the
store ``db`` it is given: ``<db>.calls`` gets one JSON line per run (the child's pid and
nice value, the ``db`` and ``feeds`` it was given), ``<db>.release`` lets :func:`hold` end."""

from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import signal
import sys
import time
from pathlib import Path

from storyline.errors import ConfigError

HOLD_SECONDS = 30.0  # the longest hold() waits for its release


def calls_file(db: Path) -> Path:
    return Path(f"{db}.calls")


def release_file(db: Path) -> Path:
    return Path(f"{db}.release")


def calls(db: Path) -> list[dict]:
    """The runs recorded beside ``db`` so far."""
    path = calls_file(db)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def death_signal() -> int | None:
    """The signal the kernel sends this process when its parent dies (Linux; None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    value = ctypes.c_int(0)
    ctypes.CDLL(None).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
    return value.value


def record(db, feeds) -> dict:
    """Record this run and report an ok update whose id is its number."""
    seen = {"pid": os.getpid(), "nice": os.getpriority(os.PRIO_PROCESS, 0), "death_signal": death_signal(),
            "db": str(db),
            "db_type": type(db).__name__, "feeds": None if feeds is None else dataclasses.asdict(feeds)}
    with calls_file(db).open("a") as out:
        out.write(json.dumps(seen) + "\n")
    return {"status": "ok", "id": len(calls(db)), "fetched": 1, "added": 1, "refused": 0, "failed": 0,
            "stories_changed": 1}


def hold(db, feeds) -> dict:
    """:func:`record`, then wait (a long update) until ``<db>.release`` exists."""
    outcome = record(db, feeds)
    deadline = time.monotonic() + HOLD_SECONDS
    while not release_file(db).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.02)
    return outcome


def fail(db, feeds) -> dict:
    raise RuntimeError("disk <full>")


def refuse(db, feeds) -> dict:
    raise ConfigError("an update is running (pid 1)\nwait for it")


def die(db, feeds) -> dict:
    """The update process killed (the OOM killer, an operator's kill -9)."""
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(10)
    return {"status": "ok"}
