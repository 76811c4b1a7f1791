"""The whole product on a whole corpus, per executor: `storyline build` of the dev Timeline17
folders (every stage: the model, entities, quotes with reported speech, claims), cold (a fresh
store) then warm (the same store, a fresh output folder), with the wall time, the CPU time of
the whole process tree and the peak memory of each process, sampled from /proc.

    .venv/bin/python benchmarks/executors/build.py --data ../shared/data/t17 \\
        --executor processes:2 --executor dask:2 --out /tmp/t17-build --json benchmarks/executors/results-build.json

``local`` runs with --jobs 1 (everything in the storyline process); the others with --jobs
(2): ``processes:2`` is storyline's own pool, ``dask:2`` a Dask cluster of 2 workers on
127.0.0.1 started by the run. Each executor's output folders are compared file by file (the stores left out): the same
files, byte for byte, is the identity check at corpus scale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


def _role(proc: psutil.Process, main: int) -> str:
    """"main" (the storyline process) or "child" (a pool worker, a Dask nanny or worker, a
    resource tracker): the peaks say which is which by size."""
    return "main" if proc.pid == main else "child"


class Sampler(threading.Thread):
    """Peak RSS of every process in the tree of ``pid``, and the tree's CPU seconds as last
    read (it sees processes that are not waited for, such as a cluster's workers)."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                role, best = self.peak.get(proc.pid, (_role(proc, self.pid), 0))
                self.peak[proc.pid] = (role, max(best, rss))
                self.cpu[proc.pid] = times.user + times.system
            self.stop.wait(self.every)


def build(inputs: list[str], out: Path, db: Path, executor: str, jobs: int) -> dict:
    if out.exists():
        shutil.rmtree(out)
    command = [str(ROOT / ".venv" / "bin" / "storyline"), "build", *inputs, "-o", str(out), "--db", str(db),
               "-q", "--jobs", str(jobs), "--executor", executor]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    with open(out.with_suffix(".log"), "w") as log:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        sampler = Sampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # CPU of the process and of every child it waited for
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    err = out.with_suffix(".log").read_text()
    peaks: dict[str, list[int]] = {}
    for role, rss in sampler.peak.values():
        peaks.setdefault(role, []).append(round(rss / 2**20))
    return {"executor": executor, "exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 1),
            "cpu_s": round(max(usage.ru_utime + usage.ru_stime, sum(sampler.cpu.values())), 1),
            "peak_mb": {role: sorted(v, reverse=True) for role, v in sorted(peaks.items())},
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # others' work on the machine
            "stderr_tail": err.strip().splitlines()[-3:]}


def _jobs(executor: str, jobs: int) -> int:
    """``local`` is this process alone (--jobs 1); the others get ``jobs`` workers."""
    return 1 if executor == "local" else jobs


def digest(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".sqlite" not in p.name}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "t17"))
    parser.add_argument("--executor", action="append", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/t17-build"))
    parser.add_argument("--warm-only", action="store_true", help="keep each executor's store (it must exist)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    runs, digests = [], {}
    for executor in args.executor:
        name = executor.replace(":", "-").replace("/", "")
        db = args.out / f"{name}.sqlite"
        if not args.warm_only:
            for stale in args.out.glob(f"{name}.sqlite*"):
                stale.unlink()
            cold = build([args.data], args.out / f"{name}-cold", db, executor, _jobs(executor, args.jobs))
            runs.append({**cold, "run": "cold"})
            print(json.dumps(runs[-1]), flush=True)
        warm = build([args.data], args.out / f"{name}-warm", db, executor, _jobs(executor, args.jobs))
        runs.append({**warm, "run": "warm"})
        print(json.dumps(runs[-1]), flush=True)
        digests[executor] = digest(args.out / f"{name}-warm")
    first = next(iter(digests.values()))
    identical = {e: d == first for e, d in digests.items()}
    differing = sorted({k for d in digests.values() for k in d if any(x.get(k) != first.get(k) for x in digests.values())})
    result = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}, "data": args.data,
              "jobs": args.jobs, "runs": runs, "files": len(first), "identical": identical, "differing": differing[:20]}
    print(json.dumps({"files": len(first), "identical": identical, "differing": differing[:20]}))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
