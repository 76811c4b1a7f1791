"""Dask distributed or Ray for storyline's distributed executor: measured, not guessed.

Runs each engine (and the two baselines: in-process, a ``multiprocessing`` pool of 2) in a
fresh child process, interleaved, twice, and keeps the better of each number. "dask" is
Dask with the malloc settings storyline would give its workers, "dask-trim" Dask as it
ships (see run_dask); Ray runs with usage stats off and its node held on loopback.

* cluster start / shutdown time, resident memory (VmRSS) of every cluster process idle and
  with the model loaded, the listening sockets of the cluster;
* 2,000 tiny tasks (``x + 1``) submitted as a map: tasks/s;
* the spaCy parse of a corpus (default Timeline17 H1N1_bbc, 122 files) in batches of 16
  documents, each worker loading the model once (module-level cache), results in input
  order, compared with the in-process parse; cold (models loaded on the way) and warm;
* one worker process SIGKILLed mid-map: does the map finish, and with the same results;
* the engine once more in a network namespace with nothing but loopback (``unshare -n``,
  needs root), and once with its defaults, to see what it listens on.

Install size is the engine's dependency closure less what storyline already installs.

    .venv/bin/python benchmarks/executors/choose.py            # ~30 min, writes results.json
    .venv/bin/python benchmarks/executors/choose.py --repeats 1 --limit 32 --no-netns  # a quick check
    .venv/bin/python benchmarks/executors/choose.py --table benchmarks/executors/results.json

Needs ``dask[distributed]==2026.8.0`` and ``ray==2.60.0`` in the venv (see README.md); all
traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_DOCS = REPO.parent / "shared" / "data" / "t17" / "H1N1_bbc" / "InputDocs"
BATCH = 16
TINY = 2000
ENGINES = ("inprocess", "multiprocessing", "dask", "ray", "dask-trim")

# no telemetry, no dashboards, nothing but loopback
QUIET_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_USAGE_STATS_PROMPT_ENABLED": "0",
    "RAY_DEDUP_LOGS": "0",
    "DASK_DISTRIBUTED__DIAGNOSTICS_LINK": "",
    "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__GIL__ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "OMP_NUM_THREADS": "1",
    # Ray swaps 127.0.0.1 for the machine's routable address and its gRPC servers then
    # listen on every interface; this (named for Windows/macOS) keeps the node on loopback
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
}


# --- work that runs in the workers (imported as module "choose" there) --------------------

_MODEL = None


def inc(x: int) -> int:
    return x + 1


def pid(_: object = None) -> int:
    return os.getpid()


def malloc_env() -> dict:
    return {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_ARENA_MAX")}


def as_tuples(parse) -> tuple:
    """A Parse as plain, small tuples: what a worker sends back."""
    return (
        tuple((s.start, s.end) for s in parse.sentences),
        tuple((e.start, e.end, e.label, e.text) for e in parse.entities),
        tuple(parse.dates),
        tuple(parse.roles),
    )


def parse_docs(texts: list[str]) -> tuple[int, list[tuple]]:
    """The parse of one batch of documents, by this process's model (loaded once)."""
    global _MODEL
    from storyline.annotate.parse import load_model, parse_texts

    if _MODEL is None:
        _MODEL = load_model()
    return os.getpid(), [as_tuples(p) for p in parse_texts(_MODEL, texts)]


# --- helpers ---------------------------------------------------------------------------------


def rss_mb(p: int) -> float | None:
    try:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def processes(root: int | None = None) -> list[dict]:
    """Every descendant of this process: pid, a short name, RSS MB."""
    import psutil

    out = []
    for p in psutil.Process(root or os.getpid()).children(recursive=True):
        try:
            cmd = " ".join(p.cmdline())
            name = p.name()
        except psutil.Error:
            continue
        if "ray::" in cmd or name.startswith("ray::"):
            short = cmd.split()[0] if cmd else name
        elif "gcs_server" in cmd:
            short = "gcs_server"
        elif "/raylet" in cmd:
            short = "raylet"
        elif "dashboard.py" in cmd:
            short = "ray dashboard.py (head)"
        elif "log_monitor" in cmd:
            short = "ray log_monitor"
        elif "monitor.py" in cmd or "autoscaler" in cmd:
            short = "ray monitor (autoscaler)"
        elif "resource_tracker" in cmd:
            short = "multiprocessing resource_tracker"
        elif "multiprocessing.spawn" in cmd or "multiprocessing.forkserver" in cmd:
            short = "python worker (spawned)"
        else:
            short = name
        out.append({"pid": p.pid, "name": short, "rss_mb": rss_mb(p.pid)})
    return out


def listening(procs: list[dict]) -> list[str]:
    """What the given processes listen on (TCP and UDP): "name ip:port"."""
    import psutil

    found = set()
    for p in procs:
        try:
            for c in psutil.Process(p["pid"]).net_connections(kind="inet"):
                if c.status == psutil.CONN_LISTEN or (c.type == 2 and not c.raddr):
                    kind = "tcp" if c.type == 1 else "udp"
                    found.add(f"{p['name']} {kind} {c.laddr.ip}:{c.laddr.port}")
        except psutil.Error:
            continue
    return sorted(found)


def non_loopback(entries: list[str]) -> list[str]:
    """The entries not bound to loopback (0.0.0.0 and :: are every interface)."""
    return [e for e in entries if not e.split()[-1].startswith(("127.", "::1:", "::ffff:127."))]


def cpu_s() -> float:
    """CPU seconds used so far by this process and every live descendant (the cluster)."""
    import psutil

    total = 0.0
    for p in [psutil.Process()] + psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total


def digest(results: list[tuple]) -> str:
    return hashlib.sha256(json.dumps(results, ensure_ascii=False).encode()).hexdigest()[:16]


def read_docs(folder: Path, limit: int | None) -> list[str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if limit:
        files = files[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def batches(texts: list[str]) -> list[list[str]]:
    return [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]


def parse_twice(parse_map, out: dict, smoke: bool) -> bool:
    """The map cold (each worker loads the model) then warm, timed and digested; False after
    the cold one in a smoke run."""
    out["parse_cold_s"], parsed = timed(parse_map, cpu=out, key="parse_cold_cpu_s")
    out["parse_cold_digest"] = digest(parsed)
    if smoke:
        return False
    out["parse_warm_s"], warm = timed(parse_map, cpu=out, key="parse_warm_cpu_s")
    out["parse_warm_digest"] = digest(warm)
    out["processes_loaded"] = processes()
    return True


def timed(fn, *args, cpu: dict | None = None, key: str = ""):
    """Wall seconds of fn(*args) and its value; with ``cpu``, the CPU seconds the driver
    and the cluster spent meanwhile go to ``cpu[key]``."""
    c = cpu_s()
    t = time.perf_counter()
    value = fn(*args)
    wall = time.perf_counter() - t
    if cpu is not None:
        cpu[key] = round(cpu_s() - c, 2)
    return wall, value


def map_outcome(log: dict, gather, pids: bool = True) -> None:
    """Run ``gather()`` (a map during which a worker is killed) and record in ``log`` whether
    it finished (the digest of what was parsed, and with ``pids`` which worker processes
    answered) or the error it raised, and its wall time."""
    t = time.perf_counter()
    try:
        results = gather()
        log["outcome"] = "finished"
        log["digest"] = digest([r for _, rs in results for r in rs])
        if pids:
            log["pids_that_answered"] = sorted({p for p, _ in results})
    except Exception as exc:  # noqa: BLE001 - the outcome is what is measured
        log["outcome"] = "raised"
        log["error"] = f"{type(exc).__name__}: {exc}"[:500]
    log["wall_s"] = time.perf_counter() - t


def kill_later(first_done: threading.Event, victim: int, log: dict) -> threading.Thread:
    """SIGKILL ``victim`` once the map has its first result."""

    def run():
        first_done.wait(300)
        log["killed_pid"] = victim
        log["killed_rss_mb"] = rss_mb(victim)
        try:
            os.kill(victim, signal.SIGKILL)
            log["killed_at"] = time.perf_counter()
        except ProcessLookupError:
            log["kill_error"] = "no such process"

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th


# --- one engine in this process ---------------------------------------------------------


def run_inprocess(texts, out, smoke, probe=None):
    from storyline.annotate.parse import load_model, parse_texts

    c0 = cpu_s()
    t0 = time.perf_counter()
    nlp = load_model()
    out["model_load_s"] = time.perf_counter() - t0
    parsed = [as_tuples(p) for p in parse_texts(nlp, texts)]
    out["parse_cold_s"] = time.perf_counter() - t0
    out["parse_cold_cpu_s"] = round(cpu_s() - c0, 2)
    out["parse_cold_digest"] = digest(parsed)
    out["parse_warm_s"], warm = timed(lambda: [as_tuples(p) for p in parse_texts(nlp, texts)], cpu=out, key="parse_warm_cpu_s")
    out["parse_warm_digest"] = digest(warm)
    out["driver_rss_loaded_mb"] = rss_mb(os.getpid())
    out["n_docs"] = len(texts)
    out["n_sentences"] = sum(len(r[0]) for r in parsed)
    out["n_entities"] = sum(len(r[1]) for r in parsed)


def run_multiprocessing(texts, out, smoke, probe=None):
    from storyline.annotate.parse import parse_texts, start_parse_pool

    c0 = cpu_s()
    t0 = time.perf_counter()
    pool = start_parse_pool(2)
    out["start_s"] = time.perf_counter() - t0
    try:
        parsed = [as_tuples(p) for p in parse_texts(None, texts, pool=pool)]
        out["parse_cold_s"] = time.perf_counter() - t0
        out["parse_cold_cpu_s"] = round(cpu_s() - c0, 2)
        out["parse_cold_digest"] = digest(parsed)
        out["parse_warm_s"], warm = timed(lambda: [as_tuples(p) for p in parse_texts(None, texts, pool=pool)], cpu=out, key="parse_warm_cpu_s")
        out["parse_warm_digest"] = digest(warm)
        out["processes_loaded"] = processes()
    finally:
        t = time.perf_counter()
        pool.terminate()
        pool.join()
        out["shutdown_s"] = time.perf_counter() - t


def run_dask(texts, out, smoke, probe=None, trim=False):
    import dask
    from dask.distributed import Client, LocalCluster, as_completed

    if not trim:
        # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns off
        # glibc's dynamic mmap threshold: spaCy then page-faults ~50x as often (~8 s more
        # system CPU on H1N1_bbc). Without it, the task thread's own malloc arena keeps its
        # freed memory (workers grow to 500-680 MB); one arena (MALLOC_ARENA_MAX=1) keeps
        # them at ~240 MB with no page-fault storm. "dask-trim" measures Dask's defaults.
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                         "distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX": 1})
    scratch = tempfile.mkdtemp(prefix="dask-bench-")
    t0 = time.perf_counter()
    where = {} if probe == "defaults" else {"host": "127.0.0.1", "dashboard_address": None}
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, local_directory=scratch, **where)
    client = Client(cluster)
    client.wait_for_workers(2)
    workers = client.run(pid)  # one call on every worker: the cluster is up and working
    out["start_s"] = time.perf_counter() - t0
    try:
        time.sleep(2)
        worker_pids = sorted(workers.values())
        out["worker_malloc_env"] = sorted(set(map(str, client.run(malloc_env).values())))
        out["worker_pids"] = worker_pids
        out["processes_idle"] = processes()
        out["driver_rss_mb"] = rss_mb(os.getpid())
        out["listening"] = listening([{"pid": os.getpid(), "name": "driver"}] + out["processes_idle"])

        n = 200 if smoke else TINY
        t = time.perf_counter()
        got = client.gather(client.map(inc, range(n), pure=False))
        dt = time.perf_counter() - t
        assert got == [i + 1 for i in range(n)]
        out["tiny_tasks_per_s"] = n / dt
        if probe:
            return

        work = batches(texts)

        def parse_map():
            futures = client.map(parse_docs, work, pure=False)
            return [r for _, rs in client.gather(futures) for r in rs]

        if not parse_twice(parse_map, out, smoke):
            return

        # one worker SIGKILLed once the map has its first result
        kill: dict = {}
        first = threading.Event()
        victim = sorted(client.run(pid).values())[0]
        kill_later(first, victim, kill)

        def gather_dask():
            futures = client.map(parse_docs, work, pure=False)
            for _ in as_completed(futures):
                first.set()
            return client.gather(futures)

        map_outcome(kill, gather_dask)
        time.sleep(1)
        kill["workers_after"] = sorted(client.run(pid).values()) if kill["outcome"] == "finished" else None
        out["kill"] = kill
    finally:
        t = time.perf_counter()
        client.close()
        cluster.close()
        out["shutdown_s"] = time.perf_counter() - t
        shutil.rmtree(scratch, ignore_errors=True)


def run_ray(texts, out, smoke, probe=None):
    import ray

    t0 = time.perf_counter()
    where = {} if probe == "defaults" else {"_node_ip_address": "127.0.0.1"}
    scratch = tempfile.mkdtemp(prefix="ray-bench-")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             _temp_dir=scratch, **where)
    rinc = ray.remote(inc)
    ray.get(rinc.remote(0))  # one task done: the cluster is up and working
    out["start_s"] = time.perf_counter() - t0
    try:
        time.sleep(2)
        out["processes_idle"] = processes()
        out["worker_pids"] = sorted(p["pid"] for p in out["processes_idle"] if p["name"] == "ray::IDLE")
        out["driver_rss_mb"] = rss_mb(os.getpid())
        out["listening"] = listening([{"pid": os.getpid(), "name": "driver"}] + out["processes_idle"])

        n = 200 if smoke else TINY
        t = time.perf_counter()
        got = ray.get([rinc.remote(i) for i in range(n)])
        dt = time.perf_counter() - t
        assert got == [i + 1 for i in range(n)]
        out["tiny_tasks_per_s"] = n / dt
        if probe:
            return

        rparse = ray.remote(parse_docs)  # tasks: max_retries=3 on a worker's death (Ray's default)
        work = batches(texts)

        def parse_map():
            return [r for _, rs in ray.get([rparse.remote(b) for b in work]) for r in rs]

        if not parse_twice(parse_map, out, smoke):
            return

        # tasks: one worker SIGKILLed once the map has its first result
        busy = sorted(p["pid"] for p in out["processes_loaded"] if p["name"].startswith("ray::parse_docs") or p["name"] == "ray::IDLE")
        kill: dict = {"workers_before": busy}
        first = threading.Event()
        refs = [rparse.remote(b) for b in work]
        # a worker that holds the model and is running a task of this map
        time.sleep(0.5)
        running = sorted(p["pid"] for p in processes() if p["name"].startswith("ray::parse_docs"))
        kill_later(first, (running or busy)[0], kill)

        def gather_ray(refs):
            ray.wait(refs, num_returns=1)
            first.set()
            return ray.get(refs)

        map_outcome(kill, lambda: gather_ray(refs))
        out["kill"] = kill

        # the same with one actor per worker (Ray's default max_restarts=0)
        Actor = ray.remote(num_cpus=1)(ParseActor)
        actors = [Actor.remote() for _ in range(2)]
        apids = ray.get([a.pid.remote() for a in actors])
        ray.get([a.parse.remote(work[0]) for a in actors])  # models loaded
        akill: dict = {}
        first = threading.Event()
        kill_later(first, apids[0], akill)
        map_outcome(akill, lambda: gather_ray([actors[i % 2].parse.remote(b) for i, b in enumerate(work)]), pids=False)
        out["kill_actor"] = akill
        for a in actors:
            ray.kill(a)
    finally:
        t = time.perf_counter()
        ray.shutdown()
        out["shutdown_s"] = time.perf_counter() - t
        shutil.rmtree(scratch, ignore_errors=True)


class ParseActor:
    def pid(self) -> int:
        return os.getpid()

    def parse(self, texts):
        return parse_docs(texts)


def run_dask_trim(texts, out, smoke, probe=None):
    run_dask(texts, out, smoke, probe, trim=True)


RUNNERS = {"inprocess": run_inprocess, "multiprocessing": run_multiprocessing, "dask": run_dask, "ray": run_ray,
           "dask-trim": run_dask_trim}


def child(engine: str, docs: Path, limit: int | None, smoke: bool, probe: str | None = None) -> dict:
    texts = read_docs(docs, limit)
    if smoke:
        texts = texts[:BATCH * 2]
    out: dict = {"engine": engine, "smoke": smoke, "probe": probe, "driver_rss_start_mb": rss_mb(os.getpid()),
                 "loadavg_start": os.getloadavg()}
    try:
        RUNNERS[engine](texts, out, smoke, probe)
        out["ok"] = True
        out["loadavg_end"] = os.getloadavg()
    except Exception as exc:  # noqa: BLE001
        out["ok"] = False
        out["error"] = f"{type(exc).__name__}: {exc}"[:1000]
    return out


# --- the driver ---------------------------------------------------------------------------


def closure(root: str, extras: tuple[str, ...] = ()) -> set[str]:
    """Names of the installed distributions ``root[extras]`` needs, itself included."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = [(root, extras)]
    while todo:
        name, ex = todo.pop()
        key = canonicalize_name(name)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        if key in seen and not ex:
            continue
        seen.add(key)
        for spec in dist.requires or []:
            req = Requirement(spec)
            envs = [{"extra": e} for e in ex] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                if canonicalize_name(req.name) not in seen or req.extras:
                    todo.append((req.name, tuple(req.extras)))
    return seen


def dist_mb(name: str) -> float:
    from importlib.metadata import distribution

    total = 0
    for f in distribution(name).files or []:
        p = f.locate()
        if p.is_file():
            total += p.stat().st_size
    return total / 2**20


def install_sizes() -> dict:
    from importlib.metadata import distribution

    base = closure("storyline", ("test", "pandas", "train"))
    out = {}
    for engine, root, extras in (("dask", "dask", ("distributed",)), ("ray", "ray", ())):
        deps = closure(root, extras)
        new = sorted(deps - base)
        out[engine] = {
            "version": distribution(root).version,
            "new_packages": {n: round(dist_mb(n), 1) for n in new},
            "new_mb": round(sum(dist_mb(n) for n in new), 1),
            "closure_mb": round(sum(dist_mb(n) for n in deps), 1),
        }
    return out


def spawn(engine: str, args, netns: bool = False, probe: str | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, "--docs", str(args.docs)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if probe:
        cmd += ["--smoke", "--probe", probe]
    if netns:
        cmd += ["--smoke"]
        inner = " ".join(f"'{c}'" for c in cmd)
        cmd = ["unshare", "-n", "sh", "-c", f"ip link set lo up && exec {inner}"]
    env = dict(os.environ, **QUIET_ENV)
    if probe == "defaults":
        env.pop("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), str(REPO / "src"), env.get("PYTHONPATH")]))
    log = Path(tempfile.gettempdir()) / f"executors-{engine}{'-netns' if netns else ''}{'-' + probe if probe else ''}.log"
    t = time.perf_counter()
    with open(log, "w") as err:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, timeout=1800)
    wall = time.perf_counter() - t
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result = {"engine": engine, "ok": False, "error": f"exit {proc.returncode}, no result; see {log}"}
    result["process_wall_s"] = round(wall, 1)
    result["stderr_log"] = str(log)
    if not result.get("ok"):
        result["stderr_tail"] = log.read_text(errors="replace")[-1500:]
    return result


def best(runs: list[dict], key: str, high: bool = False):
    values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
    if not values:
        return None
    return max(values) if high else min(values)


def summarize(engine: str, runs: list[dict], sizes: dict) -> dict:
    row: dict = {"engine": engine, "runs_ok": sum(bool(r.get("ok")) for r in runs)}
    for key in ("start_s", "shutdown_s", "parse_cold_s", "parse_warm_s", "model_load_s", "parse_cold_cpu_s", "parse_warm_cpu_s"):
        v = best(runs, key)
        row[key] = None if v is None else round(v, 2)
    v = best(runs, "tiny_tasks_per_s", high=True)
    row["tiny_tasks_per_s"] = None if v is None else round(v)
    if engine in sizes:
        row["install_new_mb"] = sizes[engine]["new_mb"]
    # memory: the better (smaller) run's figures
    for phase in ("processes_idle", "processes_loaded"):
        per = [r[phase] for r in runs if r.get(phase)]
        if per:
            row[phase] = min(per, key=lambda ps: sum(p["rss_mb"] or 0 for p in ps))
    pids = [set(r.get("worker_pids") or []) for r in runs]
    idle = [
        [p["rss_mb"] for p in r["processes_idle"] if p["pid"] in w]
        for r, w in zip(runs, pids)
        if r.get("processes_idle")
    ]
    idle = [x for x in idle if x]
    if idle:
        row["idle_worker_rss_mb"] = min(round(sum(x) / len(x), 1) for x in idle)
        row["idle_cluster_rss_mb"] = min(round(sum(p["rss_mb"] or 0 for p in r["processes_idle"]), 1) for r in runs if r.get("processes_idle"))
    row["listening"] = sorted({" ".join(a.split()[:-1]) + " " + a.split()[-1].rsplit(":", 1)[0] + ":*"
                               for r in runs for a in r.get("listening", [])})
    row["listening_non_loopback"] = non_loopback(row["listening"])
    row["kills"] = [r["kill"] for r in runs if "kill" in r]
    row["kills_actor"] = [r["kill_actor"] for r in runs if "kill_actor" in r]
    return row


def table(doc: dict) -> str:
    """The README's table, from a results file."""
    s, runs = doc["summary"], doc["runs"]
    ref = (s.get("inprocess") or {}).get("digests", [None])[0]
    rows = [
        "| engine | install MB | start s | idle RSS per worker MB (whole cluster) | tiny tasks/s "
        "| H1N1_bbc parse wall s, cold / warm (vs in-process, vs multiprocessing; warm) "
        "| identical results | worker SIGKILLed mid-map |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in ("inprocess", "multiprocessing", "dask", "dask-trim", "ray"):
        if e not in s:
            continue
        r = s[e]
        size = doc["install"].get(e.split("-")[0], {}).get("new_mb", 0)
        idle = f'{r["idle_worker_rss_mb"]} ({r["idle_cluster_rss_mb"]})' if r.get("idle_worker_rss_mb") else "-"
        kills = r.get("kills") or []
        kill = "-"
        if kills:
            done = [k for k in kills if k["outcome"] == "finished"]
            kill = f'finished {len(done)}/{len(kills)}, lost task re-run'
            if done and all(k.get("digest") == ref for k in done):
                kill += ", same results"
            kill += f', {min(k["wall_s"] for k in kills):.1f} s'
            raised = [k for k in kills if k["outcome"] != "finished"]
            if raised:
                kill += f'; raised: {raised[0].get("error", "").splitlines()[0]}'
        if r.get("kills_actor"):
            ka = r["kills_actor"][0]
            kill += f'; with actors: {ka.get("error", ka["outcome"]).splitlines()[0]}'
        ratio = "(" + ", ".join("-" if r.get(k) is None else f"{r[k]}x" for k in
                                ("parse_warm_vs_inprocess", "parse_warm_vs_multiprocessing")) + ")"
        rows.append(
            f'| {e} | {size} | {r.get("start_s") if r.get("start_s") is not None else "-"} | {idle} '
            f'| {r.get("tiny_tasks_per_s") or "-"} | {r["parse_cold_s"]} / {r["parse_warm_s"]} {ratio} '
            f'| {"yes" if r["identical_to_inprocess"] else "NO"} | {kill} |'
        )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of text files (read recursively)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--no-netns", action="store_true", help="skip the loopback-only network namespace check")
    ap.add_argument("-o", "--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--table", type=Path, metavar="RESULTS", help="print the markdown table of a results file and exit")
    ap.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    ap.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--probe", choices=("defaults",), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.table:
        print(table(json.loads(args.table.read_text())))
        return
    if args.child:
        print(json.dumps(child(args.child, args.docs, args.limit, args.smoke, args.probe)))
        return

    engines = [e for e in args.engines.split(",") if e]
    sizes = install_sizes()
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    for rep in range(args.repeats):
        order = engines if rep % 2 == 0 else engines[::-1]  # interleaved, order reversed each round
        for engine in order:
            print(f"[{rep + 1}/{args.repeats}] {engine} ...", file=sys.stderr, flush=True)
            r = spawn(engine, args)
            r["round"] = rep + 1
            runs[engine].append(r)
            print(f"    ok={r.get('ok')} start={r.get('start_s')} tiny/s={r.get('tiny_tasks_per_s')} "
                  f"cold={r.get('parse_cold_s')} warm={r.get('parse_warm_s')} warm_cpu={r.get('parse_warm_cpu_s')} "
                  f"load={r.get('loadavg_start')} kill={r.get('kill', {}).get('outcome')} "
                  f"{r.get('error', '')}", file=sys.stderr, flush=True)
    netns = {}
    if not args.no_netns:
        for engine in [e for e in engines if e in ("dask", "ray")]:
            print(f"[netns] {engine} ...", file=sys.stderr, flush=True)
            r = spawn(engine, args, netns=True)
            netns[engine] = {k: r.get(k) for k in ("ok", "error", "start_s", "tiny_tasks_per_s", "parse_cold_digest",
                                                     "listening", "stderr_tail")}
            print(f"    ok={r.get('ok')} {r.get('error', '')}", file=sys.stderr, flush=True)
    defaults = {}
    for engine in [e for e in engines if e in ("dask", "ray")]:
        # what the engine listens on when started with its defaults (on the host's network)
        print(f"[defaults] {engine} ...", file=sys.stderr, flush=True)
        r = spawn(engine, args, probe="defaults")
        defaults[engine] = {k: r.get(k) for k in ("ok", "error", "listening", "stderr_tail")}
        defaults[engine]["listening_non_loopback"] = non_loopback(r.get("listening") or [])

    reference = next((r.get("parse_cold_digest") for r in runs.get("inprocess", []) if r.get("ok")), None)
    summary = {e: summarize(e, rs, sizes) for e, rs in runs.items()}
    for e, rs in runs.items():
        ds = {d for r in rs for d in (r.get("parse_cold_digest"), r.get("parse_warm_digest"),
                                       r.get("kill", {}).get("digest")) if d}
        summary[e]["digests"] = sorted(ds)
        summary[e]["identical_to_inprocess"] = bool(reference) and ds == {reference}
    for e, n in netns.items():
        summary[e]["loopback_only_netns"] = n
    for e, n in defaults.items():
        summary[e]["listening_with_defaults"] = n
    ref_cold = summary.get("inprocess", {}).get("parse_cold_s")
    ref_warm = summary.get("inprocess", {}).get("parse_warm_s")
    mp_cold = summary.get("multiprocessing", {}).get("parse_cold_s")
    mp_warm = summary.get("multiprocessing", {}).get("parse_warm_s")
    for row in summary.values():
        for phase, ref, mp in (("cold", ref_cold, mp_cold), ("warm", ref_warm, mp_warm)):
            v = row.get(f"parse_{phase}_s")
            if v and ref:
                row[f"parse_{phase}_vs_inprocess"] = round(v / ref, 2)
            if v and mp:
                row[f"parse_{phase}_vs_multiprocessing"] = round(v / mp, 2)
    doc = {
        "command": " ".join([".venv/bin/python", "benchmarks/executors/choose.py"] + sys.argv[1:]),
        "docs": str(args.docs),
        "n_docs": next((r.get("n_docs") for r in runs.get("inprocess", []) if r.get("n_docs")), None),
        "batch": BATCH,
        "tiny_tasks": TINY,
        "cores": os.cpu_count(),
        "loadavg_at_end": os.getloadavg(),
        "install": sizes,
        "summary": summary,
        "runs": runs,
    }
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({e: {k: v for k, v in s.items() if k not in ("processes_idle", "processes_loaded", "kills", "kills_actor", "loopback_only_netns", "listening_with_defaults")}
                      for e, s in summary.items()}, indent=1))
    print(table(doc))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    # Run as a script, the worker-side functions must still be importable by name in the
    # workers (module "choose", on PYTHONPATH), not pickled by value from __main__.
    sys.path.insert(0, str(HERE))
    import choose

    choose.main()
