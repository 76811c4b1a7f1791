"""Throughput of ``storyline.dedup.group_duplicates`` on synthetic corpora of 10k-100k articles.

Each size runs in a fresh subprocess: it generates the corpus (synthetic.py, not
timed), builds :class:`storyline.model.Document` objects in memory, and times
``group_duplicates`` alone. Reported per size: wall time, articles per second, the
process's peak RSS (``ru_maxrss``, which includes the corpus itself: its RSS before
grouping is reported too), and pairwise precision/recall against the synthetic truth.
See README.md beside this file.

    .venv/bin/python benchmarks/dedup/bench.py                 # 10k 20k 50k 100k
    .venv/bin/python benchmarks/dedup/bench.py --sizes 10000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))


def _rss_now_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(n: int, seed: int) -> dict:
    from synthetic import generate, pair_scores

    from storyline.dedup import DedupConfig, group_duplicates
    from storyline.model import Document

    articles = generate(n, seed)
    docs = [Document(id=a.id, source=a.id, text=a.text, published=a.published) for a in articles]
    truth = {a.id: a.group for a in articles}
    del articles
    rss_before = _rss_now_mb()
    start = time.perf_counter()
    out, groups = group_duplicates(docs, DedupConfig())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    predicted = {d.id: d.duplicate_of or d.id for d in out}
    scores = pair_scores(predicted, truth)
    return {
        "articles": n, "seed": seed, "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 1),
        "rss_before_mb": round(rss_before, 1), "peak_rss_mb": round(peak, 1),
        "groups": len(groups), **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in scores.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 50_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return
    rows = []
    header = f"{'articles':>8} {'seconds':>8} {'art/s':>8} {'RSS before':>10} {'peak RSS':>9} {'precision':>9} {'recall':>7} {'pairs':>8}"
    print(header)
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--child", str(n), "--seed", str(args.seed)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{n:>8} failed: {done.stderr.strip().splitlines()[-1:]}")
            rows.append({"articles": n, "error": done.stderr[-2000:]})
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{n:>8} {row['seconds']:>8.1f} {row['articles_per_s']:>8.0f} {row['rss_before_mb']:>8.0f}MB "
              f"{row['peak_rss_mb']:>7.0f}MB {row['pair_precision']:>9.4f} {row['pair_recall']:>7.4f} {row['true_pairs']:>8}",
              flush=True)
    args.json.write_text(json.dumps({
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "rows": rows,
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
