"""The executors on this machine: :class:`Serial` (the calling process) and
:class:`Processes` (a pool of worker processes that end when the calling process ends,
however it ends: :func:`storyline.utils.process.die_with_parent`).

A pool should be created in a thread that lives as long as the pool: Linux ends a worker when
the *thread* that started it ends (storyline maps from the thread that runs the pipeline).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from storyline.utils.process import die_with_parent

__all__ = ["Processes", "Serial", "start_pool"]

T = TypeVar("T")
R = TypeVar("R")


def start_pool(processes: int, setup: Callable[..., Any] | None = None, args: tuple = (),
               context: str | None = None) -> multiprocessing.pool.Pool:
    """A pool of ``processes`` workers, each running ``setup(*args)`` once when it starts,
    that end when the calling process ends, however it ends.

    ``context``: None for the platform's start method, or "fork", "spawn", "forkserver".
    A forkserver's workers are the server's children, not the caller's: they watch the
    server, which exits when its last client does.
    """
    ctx = multiprocessing.get_context(context)
    parent = None if ctx.get_start_method() == "forkserver" else os.getpid()
    return ctx.Pool(processes, initializer=_start_worker, initargs=(parent, setup, args))


def _start_worker(parent: int | None, setup: Callable[..., Any] | None, args: tuple) -> None:
    die_with_parent(parent)
    if setup is not None:
        setup(*args)


class Serial:
    """Runs every task in the calling process, one after the other."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(fn, items)

    def close(self) -> None:
        pass


class Processes:
    """``workers`` local processes, started at the first map and kept for the next ones."""

    def __init__(self, workers: int, context: str | None = None) -> None:
        self.workers = workers
        self.context = context
        self._pool: multiprocessing.pool.Pool | None = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        if not items:  # nothing to do: no pool started for it (a warm run)
            return iter(())
        if self._pool is None:
            self._pool = start_pool(self.workers, context=self.context)
        return self._pool.imap(fn, items)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
