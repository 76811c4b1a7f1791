"""The corpus stages (dedup, stories) on a local Dask cluster at 10k / 100k / 1M articles.

Synthetic articles (benchmarks/dedup/synthetic.py, ``generate_partition``: made-up words,
stories with dates, planted wire copies and reprints) are generated *on the workers*,
one task per partition, from a seed; the coordinating process never holds them. Each
size runs in a fresh subprocess with its own cluster (2 worker processes of 1 thread).
Measured: wall time of each phase, peak RSS of the coordinating process (client and
scheduler) and of each worker (sampled every 0.2 s with psutil), the result counts.
Results go to files under a temporary folder; only counts come back.

    .venv/bin/python benchmarks/corpus_scale/bench.py --sizes 10000 100000
    nice -n 10 .venv/bin/python benchmarks/corpus_scale/bench.py --sizes 1000000 --merge
    .venv/bin/python benchmarks/corpus_scale/bench.py --table      # README table from results.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "dedup"))

PER_DAY = 1000  # articles a day: the corpus spans size / PER_DAY days
STORY_SIZE = 200  # originals per story


def make_documents(part: int, size: int, total: int, seed: int) -> list:
    """One partition's articles as Documents (on a worker)."""
    import synthetic

    from storyline.model import Document

    days = max(1, total // PER_DAY)
    return [Document(id=a.id, source=a.id, text=a.text, published=a.published, title=title)
            for a, title in synthetic.generate_partition(part, size, total, seed, days=days, story_size=STORY_SIZE)]


def merge_count(folder: str) -> dict:
    """The final pass over every stream story (on a worker): the number of stories."""
    import pickle

    from storyline.stories import StoryConfig
    from storyline.stories.merge import merge_stories
    from storyline.stories.ordered import _records

    clusters = [c for _, c in sorted(_records(os.path.join(folder, "retired.pkl")), key=lambda nc: nc[0])]
    started = time.perf_counter()
    groups = merge_stories(clusters, StoryConfig())
    return {"stories": len(groups), "merge_s": time.perf_counter() - started, "stream_stories": len(clusters)}


def score_groups(path: str, total: int, seed: int) -> dict:
    """Pairwise precision and recall of the groups against the planted copies (on a worker)."""
    import synthetic

    predicted: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            group = json.loads(line)
            predicted.update(dict.fromkeys(group["members"], group["canonical"]))
    truth: dict[str, str] = {}
    for k in range(9, total, 10):
        source = f"a{synthetic.reprint_source(seed, k, total):08d}"
        truth[f"a{k:08d}"] = truth[source] = source
    items = set(predicted) | set(truth)
    scores = synthetic.pair_scores({i: predicted.get(i, i) for i in items}, {i: truth.get(i, i) for i in items})
    return {k: round(v, 5) if isinstance(v, float) else v for k, v in scores.items()}


class Sampler(threading.Thread):
    """Peak RSS of this process and of the given worker processes."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        import psutil

        self.procs = {"coordinator": psutil.Process()} | {f"worker{i}": psutil.Process(p) for i, p in enumerate(pids)}
        self.peak = dict.fromkeys(self.procs, 0)
        self.cpu: dict[str, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.sample()

    def sample(self) -> None:
        for name, proc in self.procs.items():
            try:
                self.peak[name] = max(self.peak[name], proc.memory_info().rss)
            except Exception:  # a worker restarted by its nanny: keep what was seen
                pass

    def reset(self) -> dict[str, float]:
        """Peak RSS (MB) of each process since the last reset; CPU seconds spent since then
        by the coordinator and by the workers together."""
        self.sample()
        out = {k: round(v / 2**20) for k, v in self.peak.items()}
        self.peak = dict.fromkeys(self.procs, 0)
        cpu = {}
        for name, proc in self.procs.items():
            try:
                times = proc.cpu_times()
                cpu[name] = times.user + times.system
            except Exception:
                cpu[name] = self.cpu.get(name, 0.0)
        spent = {k: cpu[k] - self.cpu.get(k, 0.0) for k in cpu}
        self.cpu = cpu
        out["cpu_s"] = {"coordinator": round(spent["coordinator"], 1),
                        "workers": round(sum(v for k, v in spent.items() if k != "coordinator"), 1)}
        return out


def run_size(total: int, partitions: int, seed: int, merge: bool, stages: tuple[str, ...]) -> dict:
    import dask
    import distributed

    folder = tempfile.mkdtemp(prefix="corpus_scale-")
    dask.config.set({"distributed.nanny.pre-spawn-environ": {"MALLOC_ARENA_MAX": 1}})
    out: dict = {"articles": total, "partitions": partitions, "days": max(1, total // PER_DAY), "seed": seed}
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, memory_limit=0) as cluster, \
                distributed.Client(cluster) as client:
            client.run(sys.path.insert, 0, str(HERE.parent / "dedup"))
            pids = list(client.run(os.getpid).values())
            sampler = Sampler(pids)
            sampler.start()
            out["rss_idle_mb"] = sampler.reset()
            size = -(-total // partitions)
            started = time.perf_counter()
            parts = [client.submit(make_documents, p, size, total, seed, pure=False) for p in range(partitions)]
            distributed.wait(parts)
            out["generate_s"] = time.perf_counter() - started
            out["rss_generate_mb"] = sampler.reset()
            if "dedup" in stages:
                _dedup(client, parts, folder, total, seed, sampler, out)
            if "stories" in stages:
                _stories(client, parts, folder, merge, sampler, out)
            del parts
            out["restarted_workers"] = sorted(set(client.run(os.getpid).values()) - set(pids)) != []
            sampler.stop.set()
        out["disk_mb"] = round(sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) / 2**20)
        out["coordinator_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _dedup(client, parts, folder, total, seed, sampler, out) -> None:
    from storyline.dedup.partitioned import group_duplicates_partitioned

    started = time.perf_counter()
    out["duplicate_groups"] = group_duplicates_partitioned(client, parts, out=os.path.join(folder, "groups.jsonl"))
    out["dedup_s"] = time.perf_counter() - started
    out["rss_dedup_mb"] = sampler.reset()
    out["dedup_scores"] = client.submit(score_groups, os.path.join(folder, "groups.jsonl"), total, seed,
                                        pure=False).result()


def _stories(client, parts, folder, merge, sampler, out) -> None:
    from storyline.stories.ordered import cluster_stories_ordered

    started = time.perf_counter()
    counts = cluster_stories_ordered(client, parts, os.path.join(folder, "stories"), keep_state=False)
    out["stream_s"] = time.perf_counter() - started
    out["rss_stream_mb"] = sampler.reset()
    out |= {k: counts[k] for k in ("stream_stories", "peak_active", "terms_s", "pass_s")}
    if merge:
        out |= client.submit(merge_count, os.path.join(folder, "stories"), pure=False).result()
        out["rss_merge_mb"] = sampler.reset()


def exponents(results: list[dict], key: str) -> list[float]:
    """log-log slopes of ``key`` between consecutive sizes."""
    rows = sorted((r for r in results if r.get(key)), key=lambda r: r["articles"])
    return [round(math.log(b[key] / a[key]) / math.log(b["articles"] / a["articles"]), 2) for a, b in zip(rows, rows[1:])]


def _cell(r: dict, key: str, fmt: str = "{:,.0f}") -> str:
    return fmt.format(r[key]) if r.get(key) is not None else "-"


def _peaks(r: dict, key: str) -> str:
    return ", ".join(str(v) for k, v in r[key].items() if k.startswith("worker")) if key in r else "-"


def table(results: list[dict]) -> str:
    lines = ["| articles | days | generate s | dedup s | groups | pair P / R | terms s | single pass s | stream stories "
             "(most active at once) | merge s | stories | coordinator peak MB | workers peak MB, dedup | "
             "workers peak MB, stories |", "|" + "---:|" * 14]
    for r in sorted(results, key=lambda r: r["articles"]):
        coord = max(v["coordinator"] for k, v in r.items() if k.startswith("rss_") and k != "rss_idle_mb")
        scores = r.get("dedup_scores")
        pr = f"{scores['pair_precision']:.4f} / {scores['pair_recall']:.4f}" if scores else "-"
        active = f"{r['stream_stories']:,} ({r['peak_active']:,})" if "stream_stories" in r else "-"
        lines.append(" | ".join([
            f"| {r['articles']:,}", str(r["days"]), _cell(r, "generate_s"), _cell(r, "dedup_s"),
            _cell(r, "duplicate_groups"), pr, _cell(r, "terms_s"), _cell(r, "pass_s"), active,
            _cell(r, "merge_s", "{:,.1f}"), _cell(r, "stories"), str(coord), _peaks(r, "rss_dedup_mb"),
            _peaks(r, "rss_stream_mb")]) + " |")
    for key in ("generate_s", "dedup_s", "terms_s", "pass_s"):
        lines.append(f"\nGrowth exponent of {key} (log-log slope between consecutive sizes): {exponents(results, key)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--merge", action="store_true", help="also run the final pass over the stream's stories")
    parser.add_argument("--stages", default="dedup,stories", help="comma-separated: dedup, stories")
    parser.add_argument("--json", default=str(HERE / "results.json"))
    parser.add_argument("--table", action="store_true", help="print the table of --json and exit")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size here, print JSON
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(Path(args.json).read_text())["runs"]))
        return
    if args.one:
        partitions = min(32, max(2, args.one // 25_000))
        print(json.dumps(run_size(args.one, partitions, args.seed, args.merge, tuple(args.stages.split(",")))))
        return
    path = Path(args.json)
    runs = json.loads(path.read_text())["runs"] if path.exists() else []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), "--stages", args.stages]
        cmd += ["--merge"] if args.merge else []
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(result), flush=True)
        old = [r for r in runs if r["articles"] == n]
        runs = [r for r in runs if r["articles"] != n] + [(old[0] if old else {}) | result]
        path.write_text(json.dumps({"machine": f"{os.cpu_count()} cores", "per_day": PER_DAY,
                                    "story_size": STORY_SIZE, "runs": sorted(runs, key=lambda r: r["articles"])},
                                   indent=1) + "\n")
    print(table(runs))


if __name__ == "__main__":
    main()
