"""The update runner of ``storyline serve``: one update at a time, in a child process
(spawned, at a lower CPU priority, ended with the server: by the kernel on Linux when the
server is killed), so the pages keep their core while it works (:class:`UpdateRunner`);
``--update-every`` runs it on a schedule (:class:`Scheduler`).

``storyline.update`` is imported in the child, when called."""

from __future__ import annotations

import atexit
import importlib
import logging
import multiprocessing
import multiprocessing.util  # before atexit.register below: its handler (waits for children) runs after ours
import os
import signal
import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.reasons import one_line
from storyline.utils.process import die_with_parent

__all__ = ["Scheduler", "Target", "UpdateRunner", "run_update_child"]

log = logging.getLogger("storyline.serve")
NICENESS = 10  # added to the update process's nice value: the readers come first
EXIT_WAIT = 10.0  # s an update process may take to exit once it has sent its outcome
Target = Callable[[Path, Any], dict]


def run_update_child(db: Path, feeds: Any) -> dict[str, Any]:
    """What an update process runs: ``storyline.update.run_update(db, feeds=feeds)`` (no
    ``feeds=`` when None), and the ``last`` dict of a completed run."""
    update = importlib.import_module("storyline.update")
    options = {} if feeds is None else {"feeds": feeds}
    return {"status": "ok", **_counts(update.run_update(db, **options))}


def _counts(report: object) -> dict[str, int | None]:
    """The update report's id and counts (a field may be a count or a list)."""
    out: dict[str, int | None] = {"id": getattr(report, "id", None)}
    for name in ("fetched", "added", "refused", "failed", "stories_changed"):
        value = getattr(report, name, None)
        out[name] = value if isinstance(value, int) or value is None else len(value)
    return out


class UpdateRunner:
    """Runs ``target(db, feeds)`` (by default :func:`run_update_child`) in a child process,
    never two at once; ``feeds``: the :class:`storyline.feeds.FeedsConfig` (allowed hosts,
    timeout, delay per host) of ``storyline serve``'s options (None: the defaults).

    The child is spawned (never forked: the server has threads), lowers its priority
    (``os.nice(10)``) and dies with the thread that started it, which waits for it.
    ``target``: a module-level function, pickled by name for the child; ``last``: the
    outcome of the latest update, ``{"status": "ok", "id": ..., counts...}`` or
    ``{"status": "refused" | "failed", "reason": one line}``."""

    def __init__(self, db: Path, feeds: Any = None, *, target: Target = run_update_child) -> None:
        self.db = db
        self.feeds = feeds
        self.target = target
        self._lock = threading.Lock()
        self.last: dict[str, Any] | None = None
        self.thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._lock.locked()

    def start(self) -> bool:
        """Start an update in the background (a thread waits for its process); False when one runs."""
        if not self._lock.acquire(blocking=False):
            return False
        self.thread = threading.Thread(target=self._run_locked, name="storyline-update", daemon=True)
        self.thread.start()
        return True

    def run_now(self) -> bool:
        """Run an update and wait for it in this thread (the scheduler's); False when one runs."""
        if not self._lock.acquire(blocking=False):
            return False
        self._run_locked()
        return True

    def _run_locked(self) -> None:
        try:
            self.last = _run_in_child(self.target, self.db, self.feeds)
        except Exception as error:  # noqa: BLE001 - the process could not start: reported, the server goes on
            log.exception("update failed")
            self.last = {"status": "failed", "reason": one_line(f"{type(error).__name__}: {error}")}
        finally:
            self._lock.release()


_CHILDREN: set[BaseProcess] = set()  # the update processes running now


def _run_in_child(target: Target, db: Path, feeds: Any) -> dict[str, Any]:
    """Start ``target(db, feeds)`` in a spawned process, wait for it, and return its outcome."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(target, db, feeds, os.getpid(), sender),
                              name="storyline-update")
    with receiver:
        try:
            process.start()
        finally:
            sender.close()  # the child holds the only sending end: its end is our EOF
        _CHILDREN.add(process)
        try:
            sent = _receive(receiver)
            process.join(EXIT_WAIT)
            if process.is_alive():  # it sent its outcome but does not exit
                process.kill()
                process.join()
        finally:
            _CHILDREN.discard(process)
    if sent is None:
        reason = f"the update process {_ended(process.exitcode)}"
        log.error("update failed: %s", reason)
        return {"status": "failed", "reason": reason}
    outcome, trace = sent
    if trace:
        log.error("update failed in its process:\n%s", trace.rstrip())
    return outcome


def _receive(receiver: Connection) -> tuple[dict[str, Any], str | None] | None:
    """What the child sent, or None when it ended without sending."""
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        return f"was killed by signal {name}"
    return f"ended with exit code {exitcode}"


def _child_main(target: Target, db: Path, feeds: Any, parent: int, sender: Connection) -> None:
    """In the update process: lower the priority, die with the server, run ``target`` and
    send ``(last, traceback or None)``."""
    if hasattr(os, "nice"):
        with suppress(OSError):
            os.nice(NICENESS)
    die_with_parent(parent)
    trace = None
    try:
        outcome = target(db, feeds)
    except ConfigError as error:  # UpdateRunning: another writer (cron) holds the store
        outcome = {"status": "refused", "reason": one_line(str(error))}
    except Exception as error:  # noqa: BLE001 - reported to the server, which goes on
        outcome = {"status": "failed", "reason": one_line(f"{type(error).__name__}: {error}")}
        trace = traceback.format_exc()
    with sender:
        sender.send((outcome, trace))


@atexit.register
def _end_children() -> None:
    """When the server exits, end a running update (as a thread's would end) rather than
    wait for it; the next update marks it interrupted."""
    for process in list(_CHILDREN):
        with suppress(Exception):
            process.terminate()
            process.join(5)


class Scheduler:
    """Calls ``runner.run_now()`` every ``seconds`` until stopped."""

    def __init__(self, runner: UpdateRunner, seconds: float) -> None:
        self.runner, self.seconds = runner, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="storyline-scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.wait(self.seconds):
            self.runner.run_now()
