"""Where a build spends its time, stage by stage: ``storyline build ARGS`` with every
registered stage's ``run`` and ``pipe`` wrapped to add up its wall time and the CPU time of
this process (work an executor's workers do shows in wall time only).

    .venv/bin/python benchmarks/executors/stages.py build ../shared/data/t17 -o /tmp/t17-stages \\
        --db /tmp/t17-stages.sqlite --executor local -q

Prints the totals and one line per stage, largest first, to standard error. Use it on a
fresh store for a cold build (a warm one spends its time in the caches, not in the stages).
"""

from __future__ import annotations

import atexit
import dataclasses
import resource
import sys
import time
from collections import defaultdict

from storyline import registry

WALL: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(name, run):
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu()
        try:
            return run(*args, **kwargs)
        finally:
            WALL[name] += time.perf_counter() - wall
            CPU[name] += _cpu() - cpu
    return timed


def _timed_pipe(name, pipe):
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu()
        try:
            for result in pipe(*args, **kwargs):
                WALL[name] += time.perf_counter() - wall
                CPU[name] += _cpu() - cpu
                yield result
                wall, cpu = time.perf_counter(), _cpu()
        finally:
            WALL[name] += time.perf_counter() - wall
            CPU[name] += _cpu() - cpu
    return timed


def _report(start: float) -> None:
    print(f"\ntotal: wall {time.perf_counter() - start:.1f} s, CPU of this process {_cpu():.1f} s, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", file=sys.stderr)
    for name in sorted(WALL, key=lambda n: -WALL[n]):
        print(f"  {name:20s} wall {WALL[name]:8.1f} s  CPU {CPU[name]:8.1f} s", file=sys.stderr)


def main() -> None:
    names = [s.name for s in registry.stages()]
    for i, stage in enumerate(registry.stages()):
        timed = dataclasses.replace(stage, run=_timed(stage.name, stage.run),
                                    pipe=_timed_pipe(stage.name, stage.pipe) if stage.pipe else None)
        registry.unregister(stage.name)  # and back in its place
        registry.register(timed, **({"after": names[i - 1]} if i else {"before": names[1]}))
    assert [s.name for s in registry.stages()] == names
    atexit.register(_report, time.perf_counter())
    from storyline.cli import main as cli

    sys.argv = ["storyline", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
