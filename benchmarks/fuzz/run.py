"""Fuzz storyline's ingest with hostile inputs of every kind; print a table by kind.

    python benchmarks/fuzz/run.py --n 100000 --seed 1 --jobs 2 --json results.json [--cli-share 0.02]
    python benchmarks/fuzz/run.py --replay jsonl_bigint:123456789     # one case, verbose

See benchmarks/fuzz/README.md for the kinds and the checks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fuzz_checks as checks  # noqa: E402
import fuzz_runner  # noqa: E402
from kinds import CaseSpec, Ctx, registry, schedule  # noqa: E402
from kinds_net import FuzzServer  # noqa: E402

COLUMNS = ["crash", "hang", "exit", "good", "reason", "silent", "accepted", "lost", "inject", "fuzzer"]
REPRO_PER_SIGNATURE = 3


def fuzz(n: int, seed: int, settings: fuzz_runner.Settings, cli_share: float = 0.02,
         only: list[str] | None = None, cases: list[CaseSpec] | None = None) -> dict:
    """Run ``n`` scheduled cases (or ``cases``); the report as a dict (see :func:`report`)."""
    kinds = registry()
    cases = cases if cases is not None else schedule(n, seed, cli_share, only)
    started = time.time()
    with FuzzServer() as server:
        settings.server = server.url
        outcome = fuzz_runner.run(cases, settings, kinds)
    missing = [c for c in cases if c.id not in outcome.results]
    for case in missing:  # should not happen: say so rather than hide it
        outcome.results[case.id] = {"id": case.id, "kind": case.kind, "mode": case.mode, "seed": case.seed,
                                    "problems": ["fuzzer: no result"], "time": 0.0}
    return report(cases, outcome, time.time() - started, seed)


def report(cases: list[CaseSpec], outcome: fuzz_runner.Outcome, seconds: float, seed: int) -> dict:
    by_kind: dict[str, Counter] = defaultdict(Counter)
    failures = []
    for case in cases:
        result = outcome.results[case.id]
        row = by_kind[case.kind]
        row["inputs"] += 1
        row["cli"] += case.mode == "cli"
        row["time"] += result.get("time", 0.0)
        codes = {checks.code(p) for p in result["problems"]}
        for code in codes:
            row[code if code in COLUMNS else "fuzzer"] += 1
        if result["problems"]:
            failures.append(result)
    totals = Counter()
    for row in by_kind.values():
        totals.update(row)
    return {"seed": seed, "inputs": len(cases), "seconds": round(seconds, 1), "tasks": outcome.tasks,
            "kills": outcome.kills, "batch_problems": outcome.batch_problems,
            "kinds": {k: dict(v) for k, v in sorted(by_kind.items())}, "totals": dict(totals),
            "failures": failures}


def table(rep: dict) -> str:
    head = ["kind", "inputs", "cli", *COLUMNS, "time s"]
    rows = [[kind, *(str(int(row.get(c, 0))) for c in ["inputs", "cli", *COLUMNS]), f"{row.get('time', 0):.1f}"]
            for kind, row in rep["kinds"].items()]
    totals = rep["totals"]
    rows.append(["TOTAL", *(str(int(totals.get(c, 0))) for c in ["inputs", "cli", *COLUMNS]),
                 f"{totals.get('time', 0):.1f}"])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in [head] + rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def signatures(rep: dict) -> list[tuple[str, str, int, list]]:
    """Distinct failures: (kind, problem without the case's details, count, example case ids)."""
    seen: dict[tuple[str, str], list] = defaultdict(list)
    for result in rep["failures"]:
        for problem in result["problems"]:
            seen[(result["kind"], _generic(problem))].append(result["id"])
    return sorted(((k, p, len(ids), ids[:3]) for (k, p), ids in seen.items()), key=lambda s: (-s[2], s[0]))


def _generic(problem: str) -> str:
    """A problem without the case's details (paths, numbers, texts), to group one defect."""
    import re

    head, _, rest = problem.partition(": ")
    if head == "crash":  # the exception type and where it was raised
        kind = rest.split(":", 1)[0]
        where = re.search(r" at (\S+:\d+ in \S+(?: via \S+:\d+ in \S+)?)", rest)
        phase = re.search(r"\((read|build)\)", rest)
        together = " (only with another input)" if "(with [" in rest else ""
        detail = where.group(1) if where else " ".join(rest.split()[1:6])
        return f"crash: {kind} at {detail}{' (' + phase.group(1) + ')' if phase else ''}{together}"
    if head == "reason":
        category = re.search(r"(character U\+[0-9A-F]+ \(\w+\)|empty|\d+ characters|not UTF-8|Traceback|Warning)",
                             rest)
        what = category.group(1) if category else rest[:40]
        what = re.sub(r"U\+[0-9A-F]+ \((\w+)\)", r"(\1)", what)
        return f"reason: {'stderr line ' if rest.startswith('stderr') else ''}{what}"
    if head == "hang":
        return "hang: " + rest.split(" still")[0]
    if head == "lost":
        reasons = re.findall(r"', '([^']*)'\)", rest)
        return "lost: " + re.sub(r"\d+", "N", reasons[0][:80] if reasons else rest[:80])
    text = re.sub(r"(?<![\w.])/\S+", "PATH", rest)
    return head + ": " + re.sub(r"\d+", "N", text)[:120]


def save_reproducers(rep: dict, folder: str, server_note: str = "") -> int:
    """For each distinct failure, the first few failing inputs re-made in ``folder/<kind>-<id>/``."""
    kinds = registry()
    by_id = {r["id"]: r for r in rep["failures"]}
    saved = 0
    for kind, _, _, ids in signatures(rep):
        for cid in ids[:REPRO_PER_SIGNATURE]:
            target = os.path.join(folder, f"{kind}-{cid}")
            if os.path.exists(target):
                continue
            result = by_id[cid]
            os.makedirs(os.path.join(target, f"c{cid}"))
            made = None
            try:
                made = kinds[kind].make(random.Random(result["seed"]), os.path.join(target, f"c{cid}"),
                                        Ctx(cid, result["mode"], "http://127.0.0.1:PORT"))
            except Exception as error:  # noqa: BLE001
                result["problems"].append(f"fuzzer: cannot re-make: {error!r}")
            inputs = [os.fsdecode(i) if isinstance(i, bytes) else i for i in (made.inputs if made else [])]
            with open(os.path.join(target, "case.json"), "w") as handle:
                json.dump({"kind": kind, "seed": result["seed"], "mode": result["mode"], "id": cid,
                           "problems": result["problems"], "inputs": inputs,
                           "replay": f"python benchmarks/fuzz/run.py --replay {kind}:{result['seed']}"
                                     + (":cli" if result["mode"] == "cli" else ""),
                           "note": server_note}, handle, indent=2, ensure_ascii=True)
            saved += 1
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="number of hostile inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes at a time")
    parser.add_argument("--json", help="write the report (table data and every failure) here")
    parser.add_argument("--cli-share", type=float, default=0.02, help="share of inputs run through the CLI")
    parser.add_argument("--entities-share", type=float, default=0.1, help="share of batches with the model")
    parser.add_argument("--batch", type=int, default=100, help="hostile inputs per library build")
    parser.add_argument("--slack", type=float, default=1.0, help="multiply every deadline")
    parser.add_argument("--kinds", help="comma-separated kinds to run (default: all)")
    parser.add_argument("--repro", default="fuzz-repro", help="folder for minimal reproducers ('' for none)")
    parser.add_argument("--replay", help="KIND:SEED[:cli] - run one case alone and print its result "
                                         "(light mode; with the model: --entities-share 1)")
    parser.add_argument("--list", action="store_true", help="list the kinds and exit")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    kinds = registry()
    if args.list:
        for name, k in sorted(kinds.items()):
            print(f"{name:18} {k.family:10} expect={k.expect:6} weight={k.weight:<3} {k.note}")
        return 0
    settings = fuzz_runner.Settings(batch=args.batch, jobs=args.jobs, entities_share=args.entities_share,
                                    slack=args.slack, log=print if args.verbose else None)
    cases = None
    if args.replay:
        name, seed, *mode = args.replay.split(":")
        cases = [CaseSpec(0, name, int(seed), mode[0] if mode else "lib")]
        if args.entities_share < 1:  # light mode unless --entities-share 1
            settings.entities_share = 0
    only = args.kinds.split(",") if args.kinds else None
    rep = fuzz(args.n, args.seed, settings, args.cli_share, only, cases)
    print(table(rep))
    print(f"\n{rep['inputs']} inputs in {rep['seconds']}s ({rep['tasks']} worker runs, {rep['kills']} killed)")
    for problem in rep["batch_problems"]:
        print(f"batch problem: {problem}")
    sigs = signatures(rep)
    if sigs:
        print("\ndistinct failures (kind, count, example case ids, problem):")
        for kind, problem, count, ids in sigs[:60]:
            print(f"  {kind:16} {count:5}  {ids}  {problem}")
    if args.replay:
        print(json.dumps(rep["failures"] or rep["kinds"], indent=2, ensure_ascii=True))
    if args.repro and rep["failures"] and not args.replay:
        saved = save_reproducers(rep, args.repro, "URL kinds need the fuzz server: use --replay")
        print(f"\n{saved} reproducers in {args.repro}/ (each: the input and case.json with a --replay command)")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(rep, handle, indent=1, ensure_ascii=True)
        print(f"wrote {args.json}")
    failed = sum(rep["totals"].get(c, 0) for c in COLUMNS)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
