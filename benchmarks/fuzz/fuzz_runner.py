"""Run cases in worker subprocesses, ``jobs`` at a time, with deadlines and bisection.

A task is a list of cases for one worker (a batch of library cases, or one CLI case).
Each worker runs in its own session (process group); the runner polls its progress
file and kills the whole group with SIGKILL when a step overruns its limit. Then:

* the step was the prepass of one input: that input hangs; the rest is run again;
* the step was a build of several inputs: each half is run again as its own task
  (and the cases outside the step as another), so a hang is bisected to one input;
* the worker died without a result (a signal, out of memory): same as a hang, as "crash".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field

from kinds import CaseSpec

HERE = os.path.dirname(os.path.abspath(__file__))
STARTUP = 90.0  # seconds a worker may take before its first progress line (imports)
POLL = 0.05


@dataclass
class Settings:
    batch: int = 100
    jobs: int = 2
    entities_share: float = 0.1  # share of library batches built with the real model
    db_share: float = 0.3  # share of library batches over an SQLite file (built twice)
    slack: float = 1.0  # multiply every deadline (a slow or busy machine)
    mem_gb: float = 6.0
    server: str | None = None
    python: str = sys.executable
    tmp: str | None = None
    log: object = None  # a callable taking a line, for progress


@dataclass
class Task:
    cases: list  # of CaseSpec
    mode: str = "lib"
    entities: bool = False
    db: bool = False
    number: int = 0
    tries: int = 0


@dataclass
class Running:
    task: Task
    proc: subprocess.Popen
    folder: str
    started: float
    stderr: object


@dataclass
class Outcome:
    results: dict = field(default_factory=dict)  # case id -> result dict
    batch_problems: list = field(default_factory=list)
    tasks: int = 0
    kills: int = 0


def plan(cases: list[CaseSpec], settings: Settings, kinds: dict) -> list[Task]:
    """Batches of library cases (solo kinds alone) and one task per CLI case."""
    tasks: list[Task] = []
    batch: list[CaseSpec] = []
    every = round(1 / settings.entities_share) if settings.entities_share > 0 else 0
    every_db = round(1 / settings.db_share) if settings.db_share > 0 else 0

    def flush(group: list[CaseSpec], mode: str = "lib") -> None:
        n = len(tasks)
        tasks.append(Task(group, mode, entities=bool(every) and n % every == every - 1,
                          db=mode == "lib" and bool(every_db) and n % every_db == 1 % every_db, number=n))

    for case in cases:
        if case.mode == "cli":
            flush([case], "cli")
        elif kinds[case.kind].solo:
            flush([case])
        else:
            batch.append(case)
            if len(batch) >= settings.batch:
                flush(batch)
                batch = []
    if batch:
        flush(batch)
    return tasks


def run(cases: list[CaseSpec], settings: Settings, kinds: dict) -> Outcome:
    """Every case through a worker; the result of each, keyed by case id."""
    root = tempfile.mkdtemp(prefix="fuzz-", dir=settings.tmp)
    queue = plan(cases, settings, kinds)
    outcome = Outcome()
    running: list[Running] = []
    counter = len(queue)
    try:
        while queue or running:
            while queue and len(running) < settings.jobs:
                running.append(_start(queue.pop(0), root, settings, counter))
                counter += 1
            time.sleep(POLL)
            for item in list(running):
                done, requeue = _check(item, settings, outcome)
                if done:
                    running.remove(item)
                    _remove(item.folder)
                    outcome.tasks += 1
                    queue[:0] = requeue
                    if settings.log:
                        settings.log(f"task {item.task.number} ({len(item.task.cases)} cases, {item.task.mode}) "
                                     f"done in {time.time() - item.started:.1f}s; {len(queue)} queued")
    finally:
        for item in running:
            _kill(item.proc)
        _remove(root)
    return outcome


def _start(task: Task, root: str, settings: Settings, number: int) -> Running:
    folder = os.path.join(root, f"t{number}")
    os.makedirs(folder)
    spec = {"batch_dir": os.path.join(folder, "b"), "cases": [asdict(c) for c in task.cases], "mode": task.mode,
            "entities": task.entities, "db": task.db, "server": settings.server, "mem_gb": settings.mem_gb,
            "progress": os.path.join(folder, "progress.jsonl"), "result": os.path.join(folder, "result.json")}
    os.makedirs(spec["batch_dir"])
    with open(os.path.join(folder, "task.json"), "w") as handle:
        json.dump(spec, handle)
    stderr = open(os.path.join(folder, "stderr.txt"), "wb")
    proc = subprocess.Popen([settings.python, os.path.join(HERE, "fuzz_worker.py"), os.path.join(folder, "task.json")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                            start_new_session=True, cwd=folder)
    return Running(task, proc, folder, time.time(), stderr)


def _last_step(folder: str) -> dict | None:
    try:
        with open(os.path.join(folder, "progress.jsonl"), "rb") as handle:
            lines = handle.read().splitlines()
        return json.loads(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


def _check(item: Running, settings: Settings, outcome: Outcome) -> tuple[bool, list[Task]]:
    """Is the task over? Then what must run again."""
    step = _last_step(item.folder)
    now = time.time()
    code = item.proc.poll()
    if code is None:
        if step is None:
            overdue = now - item.started > STARTUP * settings.slack
        else:
            overdue = now - step["t"] > step["limit"] * settings.slack
        if not overdue:
            return False, []
        _kill(item.proc)
        outcome.kills += 1
        return True, _after_failure(item, step, "hang", now, outcome)
    _kill(item.proc)  # the group: anything the worker left behind
    item.stderr.close()
    result_path = os.path.join(item.folder, "result.json")
    if os.path.exists(result_path):
        with open(result_path) as handle:
            result = json.load(handle)
        for case in result["cases"]:
            outcome.results[case["id"]] = case
        if result.get("batch_problem"):
            outcome.batch_problems.append(result["batch_problem"])
        return True, []
    tail = _tail(os.path.join(item.folder, "stderr.txt"))
    return True, _after_failure(item, step, f"crash: worker died (exit {code}): {tail}", now, outcome)


def _after_failure(item: Running, step: dict | None, problem: str, now: float, outcome: Outcome) -> list[Task]:
    task = item.task
    by_id = {c.id: c for c in task.cases}
    if step is None or step["phase"] in ("materialize", "done") or not step["cases"]:
        suspects = list(by_id)
    else:
        suspects = [i for i in step["cases"] if i in by_id]
    if problem == "hang" and step is not None:
        problem = f"hang: {step['phase']} still running after {now - step['t']:.0f}s (limit {step['limit']:.0f}s)"
    if len(suspects) == 1:
        case = by_id[suspects[0]]
        outcome.results[case.id] = {"id": case.id, "kind": case.kind, "mode": case.mode, "seed": case.seed,
                                    "problems": [problem], "time": now - (step or {}).get("t", item.started),
                                    "docs": 0, "rejected": 0, "reasons": []}
        rest = [c for c in task.cases if c.id != case.id]
        return [_again(task, rest)] if rest else []
    half = len(suspects) // 2
    groups = [suspects[:half], suspects[half:], [i for i in by_id if i not in suspects]]
    return [_again(task, [by_id[i] for i in group]) for group in groups if group]


def _again(task: Task, cases: list) -> Task:
    return Task(cases, task.mode, task.entities, task.db, task.number, task.tries + 1)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _tail(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            lines = handle.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(lines[-2:])[:300]


def unlock(path: str) -> None:
    """Make the chmod-000 files and folders under ``path`` usable again (links left alone)."""
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            target = os.path.join(root, name)
            if not os.path.islink(target):
                try:
                    os.chmod(target, 0o700)
                except OSError:
                    pass


def _remove(path: str) -> None:
    """rmtree that first makes chmod-000 folders removable."""
    unlock(path)
    shutil.rmtree(path, ignore_errors=True)
