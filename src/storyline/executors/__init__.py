"""Where the per-document work runs: one small interface, several places.

An :class:`Executor` maps a module-level function over items and gives the results back in
the items' order; stages hand it fixed batches, so what they find does not depend on where
it ran (``tests/test_executors.py`` builds the same pile with each and compares the files).

- :class:`Serial`: in the calling process (the default);
- :class:`Processes`: a local pool of worker processes that die with the run
  (:func:`storyline.executors.local.start_pool`); a worker loads a model the first time a
  task needs it (module-level caches), then keeps it for every later task;
- :class:`~storyline.executors.dask.Dask`: the workers of a Dask distributed cluster, one
  already running (``dask://HOST:PORT``) or one started on 127.0.0.1 for the run (``dask``).

:func:`executor_for` reads the ``--executor`` value: ``local``, ``processes``,
``processes:N``, ``dask``, ``dask:N`` or ``dask://HOST:PORT``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from storyline.errors import ConfigError
from storyline.executors.dask import Dask
from storyline.executors.local import Processes, Serial, start_pool

__all__ = ["Dask", "ExecutionConfig", "Executor", "Processes", "Serial", "executor_for", "start_pool"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """``map(fn, items)``: ``fn(item)`` for each item, results in the items' order (``fn`` a
    module-level function, items and results picklable); ``workers``: how many run at
    once; ``close()``: stop the workers (idle ones; a map in progress is abandoned)."""

    workers: int

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class ExecutionConfig:
    """``executor``: where the per-document work runs (``local``: this process, or with
    ``--jobs N`` a pool of N; ``processes`` or ``processes:N``: a local pool; ``dask`` or
    ``dask:N``: a Dask cluster on this machine; ``dask://HOST:PORT``: a running one)."""

    executor: str = field(default="local", metadata={"execution": True})

    def __post_init__(self) -> None:
        if not isinstance(self.executor, str):
            raise ConfigError(f"executor must be a str, not {self.executor!r} ({type(self.executor).__name__})")
        _parse(self.executor)


_SCHEDULER = re.compile(r"dask://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})")
_KINDS = "local, processes, processes:N, dask, dask:N or dask://HOST:PORT"


def _parse(spec: str) -> tuple[str, int | str | None]:
    """(kind, worker count or scheduler address) of an ``--executor`` value."""
    kind, _, rest = spec.partition(":")
    if kind == "local" and not rest:
        return "local", None
    if kind in ("processes", "dask") and (not rest or (rest.isdigit() and int(rest) >= 1)):
        return kind, int(rest) if rest else None
    scheduler = _SCHEDULER.fullmatch(spec)
    if scheduler and 0 < int(scheduler.group(2)) < 65536:
        return "scheduler", f"tcp://{scheduler.group(1)}:{scheduler.group(2)}"
    if kind == "ray":
        raise ConfigError(f"unknown executor {spec!r}: the distributed engine is Dask "
                          f"(benchmarks/executors says why); use {_KINDS}")
    raise ConfigError(f"unknown executor {spec!r}: use {_KINDS}")


def executor_for(spec: str, jobs: int = 1) -> Executor:
    """The executor ``spec`` names; ``jobs``: the workers of ``local`` (1: this process) and of
    ``processes`` and ``dask`` without a count."""
    kind, where = _parse(spec)
    if kind == "scheduler":
        return Dask(str(where))
    workers = where if isinstance(where, int) else max(1, jobs)
    if kind == "dask":
        return Dask(None, workers)
    if kind == "local" and workers == 1:
        return Serial()
    return Processes(workers)
