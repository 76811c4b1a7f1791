"""Worker processes that die with the process that started them.

A ``multiprocessing`` pool's workers outlive their parent when it is killed (``kill -9``,
or ``kill -TERM``, which skips every ``finally``): they are reparented and wait for work
that never comes, each holding its copy of the model. Every worker of
:func:`start_pool` watches its parent in two ways:

* on Linux, the kernel sends it SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
  the parent is checked once more right after, in case it died before the request;
* on every platform, a daemon thread checks the parent's pid once a second and ends
  the worker when it changed.

Linux counts the *thread* that started a worker as its parent, so a pool should be
created in a thread that lives as long as the pool (storyline creates its pools in the
thread that annotates).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
import time
from typing import Any, Callable

__all__ = ["die_with_parent", "start_pool"]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0
_ORPHANED = 70  # the worker's exit status when its parent is gone


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


def die_with_parent(parent: int | None = None) -> None:
    """Make the calling process end when its parent does.

    ``parent``: the pid the parent should have; when the process already has another
    one, the parent died before it could be watched and the process ends now. None:
    whatever the parent is now.
    """
    if sys.platform.startswith("linux"):
        _ask_kernel_for_sigkill()
    if parent is None:
        parent = os.getppid()
    elif os.getppid() != parent:
        os._exit(_ORPHANED)
    threading.Thread(target=_watch, args=(parent,), name="storyline-parent-watch", daemon=True).start()


def _ask_kernel_for_sigkill() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(int(signal.SIGKILL)), ctypes.c_ulong(0), ctypes.c_ulong(0),
                   ctypes.c_ulong(0))
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the watch thread still works
        pass


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(_ORPHANED)
