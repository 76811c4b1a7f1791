"""A process that ends with the process that started it.

A child process outlives its parent when the parent is killed (``kill -9``, or ``kill -TERM``,
which skips every ``finally``): it is reparented and goes on, holding whatever it holds.
:func:`die_with_parent`, called in the child, watches the parent in two ways:

* on Linux, the kernel sends the child SIGKILL when the parent dies
  (``prctl(PR_SET_PDEATHSIG)``); the parent is checked once more right after, in case it died
  before the request;
* on every platform, a daemon thread checks the parent's pid once a second and ends the child
  when it changed.

Linux counts the *thread* that started a child as its parent: start the child in a thread that
lives as long as the child (storyline creates its pools in the thread that annotates, and the
server waits for its update process in the thread that started it).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0
_ORPHANED = 70  # the child's exit status when its parent is gone


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
