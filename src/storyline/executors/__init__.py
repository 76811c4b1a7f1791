"""Where the per-document work runs: one small interface, several places.

An :class:`Executor` maps a module-level function over items and gives the results back in
the items' order; stages hand it fixed batches, so what they find does not depend on where
it ran (``tests/test_executors.py`` builds the same pile with each and compares the files).

- :class:`Serial`: in the calling process (the default);
- :class:`Processes`: a local pool of worker processes that die with the run
  (:func:`storyline.executors.local.start_pool`); a worker loads a model the first time a
  task needs it (module-level caches), then keeps it for every later task.

:func:`executor_for` reads the ``--executor`` value: ``local``, ``processes`` or
``processes:N``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from storyline.errors import ConfigError
from storyline.executors.local import Processes, Serial, start_pool

__all__ = ["ExecutionConfig", "Executor", "Processes", "Serial", "executor_for", "start_pool"]

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
    ``--jobs N`` a pool of N; ``processes`` or ``processes:N``: a local pool)."""

    executor: str = field(default="local", metadata={"execution": True})

    def __post_init__(self) -> None:
        if not isinstance(self.executor, str):
            raise ConfigError(f"executor must be a str, not {self.executor!r} ({type(self.executor).__name__})")
        _parse(self.executor)


def _parse(spec: str) -> tuple[str, int | None]:
    kind, _, count = spec.partition(":")
    if kind == "local" and not count:
        return "local", None
    if kind == "processes" and (not count or (count.isdigit() and int(count) >= 1)):
        return "processes", int(count) if count else None
    raise ConfigError(f"unknown executor {spec!r}: use local, processes or processes:N")


def executor_for(spec: str, jobs: int = 1) -> Executor:
    """The executor ``spec`` names; ``jobs``: the workers of ``local`` (1: this process) and of
    ``processes`` without a count."""
    kind, count = _parse(spec)
    workers = count or max(1, jobs)
    if kind == "local" and workers == 1:
        return Serial()
    return Processes(workers)
