"""Add up fuzz runs made in parts (``run.py --json``) into one table by kind.

    python benchmarks/fuzz/merge.py part1.json part2.json ...

A long run is safer in parts of different seeds: each part's report is complete when it
ends, so a part that is stopped loses only itself. Prints the table of all parts, the
seconds and worker runs in all, and the distinct failures.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import COLUMNS, signatures, table  # noqa: E402


def merge(reports: list[dict]) -> dict:
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    totals: dict[str, float] = defaultdict(float)
    for rep in reports:
        for kind, row in rep["kinds"].items():
            for key, value in row.items():
                kinds[kind][key] += value
        for key, value in rep["totals"].items():
            totals[key] += value
    return {
        "seeds": [rep["seed"] for rep in reports],
        "inputs": sum(rep["inputs"] for rep in reports),
        "seconds": round(sum(rep["seconds"] for rep in reports), 1),
        "tasks": sum(rep["tasks"] for rep in reports),
        "kills": sum(rep["kills"] for rep in reports),
        "kinds": {k: dict(v) for k, v in sorted(kinds.items())},
        "totals": dict(totals),
        "failures": [f for rep in reports for f in rep["failures"]],
    }


def main() -> None:
    reports = [json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:]]
    if not reports:
        sys.exit(__doc__)
    rep = merge(reports)
    print(table(rep))
    print(f"\n{rep['inputs']} inputs in {rep['seconds']}s over {len(reports)} parts (seeds "
          f"{', '.join(map(str, rep['seeds']))}; {rep['tasks']} worker runs, {rep['kills']} killed)")
    failing = {c: int(rep["totals"].get(c, 0)) for c in COLUMNS}
    print("failures by check: " + ", ".join(f"{c} {n}" for c, n in failing.items()))
    for kind, problem, count, ids in signatures(rep):
        print(f"  {kind:20} {count}  {ids}  {problem}")


if __name__ == "__main__":
    main()
