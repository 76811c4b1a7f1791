"""The distributed executor: tasks on a Dask distributed cluster.

Dask was chosen over Ray by measurement (``benchmarks/executors/README.md``): a fifth of the
install, a quarter of the idle memory, the same speed on the parse, and a task whose worker
is killed is run again elsewhere instead of failing the map.

- ``dask://HOST:PORT``: the scheduler of a running cluster (``dask scheduler`` and
  ``dask worker tcp://HOST:PORT --nthreads 1`` on each machine, with storyline and its model
  package installed in the same versions). The run only connects; it never stops the
  cluster.
- ``dask`` or ``dask:N``: a cluster of N worker processes (``--jobs`` without N) on
  127.0.0.1 only, started for the run and stopped after it.

Each worker runs one task at a time and keeps what a task loaded (the spaCy model, the quote
tagger) for the next ones, as a pool worker does. Results come back in the items' order, so a
stage does the same whatever ran it.
"""

from __future__ import annotations

import collections
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from storyline.errors import ConfigError

__all__ = ["Dask"]

T = TypeVar("T")
R = TypeVar("R")

# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns off glibc's dynamic
# mmap threshold: spaCy then page-faults ~50x as often. One malloc arena keeps the workers'
# memory as low without that cost (measured in benchmarks/executors).
_WORKER_ENVIRONMENT = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                       "distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX": 1}
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler or to start a local cluster


class Dask:
    """``Dask(address)`` connects to the scheduler at ``address`` (``tcp://HOST:PORT``);
    ``Dask(None, workers=N)`` starts a local cluster of N processes. Either happens at the
    first map; ``close()`` disconnects (and stops a cluster it started)."""

    def __init__(self, address: str | None, workers: int = 2) -> None:
        self.address = address
        self._local_workers = workers
        self._client: Any = None
        self._cluster: Any = None
        self._scratch: tempfile.TemporaryDirectory | None = None

    @property
    def workers(self) -> int:
        """How many workers the cluster has (those asked for, before it is reached)."""
        if self._client is None:
            return self._local_workers if self.address is None else 1
        return max(1, len(self._client.scheduler_info().get("workers", {})))

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` of the cluster (reached or started on first use), for a
        corpus stage that runs as a partitioned job on it (:mod:`storyline.dedup.partitioned`)."""
        return self._connect()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        if not items:  # nothing to do: no cluster started or reached for it (a warm run)
            return
        client = self._connect()
        pending = collections.deque(client.map(fn, items, pure=False))
        try:
            while pending:
                yield pending.popleft().result()  # dropped as soon as it is read
        finally:
            if pending:
                client.cancel(list(pending))

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            import dask
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("the dask executor needs Dask: pip install 'storyline[distributed]'") from None
        if self.address is None:
            with dask.config.set(_WORKER_ENVIRONMENT):
                self._scratch = tempfile.TemporaryDirectory(prefix="storyline-dask-")
                self._cluster = LocalCluster(n_workers=self._local_workers, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None,
                                             local_directory=self._scratch.name, silence_logs=50)
                self._client = Client(self._cluster, timeout=CONNECT_TIMEOUT)
        else:
            try:
                self._client = Client(self.address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as error:
                raise ConfigError(f"cannot reach the Dask scheduler at {self.address}: {error}") from None
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
