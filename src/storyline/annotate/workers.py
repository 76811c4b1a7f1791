"""Worker processes that die with the process that started them.

A ``multiprocessing`` pool's workers outlive their parent when it is killed: they are
reparented and wait for work that never comes, each holding its copy of the model. Every
worker of :func:`start_pool` calls :func:`storyline.utils.process.die_with_parent` first.
A pool should be created in a thread that lives as long as the pool (storyline creates its
pools in the thread that annotates).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from typing import Any, Callable

from storyline.utils.process import die_with_parent

__all__ = ["die_with_parent", "start_pool"]


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
