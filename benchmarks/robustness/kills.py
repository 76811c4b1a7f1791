"""Kill -9 at random moments of a 300-file build, and during output writing (issue #14).

    python benchmarks/robustness/kills.py [--files 300] [--kills 10] [--jobs 2] [--seed 1] [--json kills.json]

Makes an invented pile of three stories, builds it once cleanly (the reference), then runs the
same build on one store and one output folder again and again, each killed with SIGKILL: the
first half at a random moment of the run, the second half just after the output folder starts
to change. The output folder starts with a one-story timeline of another pile, so a half
switched folder would show ``timeline.*`` beside ``index.*``. After each kill it checks: no
process of the build left alive (workers included), the store passes SQLite's integrity check,
and the output folder is one whole set (the old one or the new one). At the end a run to
completion on the killed store must give outputs byte-identical to the clean run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()"
STORIES = {
    "crane": ("Velmora", "Ilse Marrow", ["harbour", "crane", "container", "dock", "cargo", "welder", "jib",
                                         "shipping", "berth", "stevedore", "gantry", "quay"]),
    "flood": ("Brannock", "Owen Trask", ["river", "levee", "sandbag", "rainfall", "evacuation", "pump",
                                         "meadow", "reservoir", "dam", "shelter", "drainage", "tributary"]),
    "strike": ("Saltmere", "Petra Vosk", ["rail", "union", "ballot", "wages", "picket", "timetable",
                                          "signalling", "commuter", "depot", "conductor", "fares", "walkout"]),
}
VERBS = ("said", "confirmed", "told reporters", "announced", "warned")


def article(rng: random.Random, topic: str, n: int) -> str:
    """An invented article about ``topic``, dated by its dateline, varied by ``rng``."""
    place, person, words = STORIES[topic]
    day = dt.date(2026, 3, 2) + dt.timedelta(days=n % 40)
    lines = [f"{words[0].title()} {words[1]} report {n} from {place}",
             f"{day.strftime('%A')}, {day.day} {day.strftime('%B %Y')}"]
    for k in range(rng.randint(4, 9)):
        picked = " ".join(rng.choice(words) for _ in range(rng.randint(6, 12)))
        lines.append(f"{person} {rng.choice(VERBS)} on {day.strftime('%A')} that {picked} in {place} "
                     f"needed {rng.randint(2, 4000)} more {rng.choice(words)} {rng.choice(words)}s.")
    lines.append(f'"We will report on the {rng.choice(words)} again next week," said {person}.')
    return "\n\n".join(lines) + "\n"


def make_pile(folder: Path, files: int, seed: int) -> None:
    rng = random.Random(seed)
    topics = sorted(STORIES)
    for n in range(files):
        (folder / f"{n:03d}.txt").write_text(article(rng, topics[n % 3], n), encoding="utf-8")


def start(pile: Path, out: Path, db: Path, jobs: int) -> subprocess.Popen:
    args = [sys.executable, "-c", CLI, "build", str(pile), "-o", str(out), "--db", str(db), "-q"]
    if jobs > 1:
        args += ["--jobs", str(jobs)]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found.update(kids)
        frontier += kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the output folder but the store, by relative path."""
    if not out.exists():
        return {}
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith("storyline.sqlite")}


def whole_set(out: Path) -> str | None:
    """None when ``out`` holds one whole output set (or none), else what is wrong."""
    names = {p.name for p in out.iterdir()} if out.exists() else set()
    if "index.json" in names:
        if names & {"timeline.json", "timeline.md", "timeline.html"}:
            return "index.* beside timeline.*"
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        for story in index.get("stories", []):
            folder = (out / story["path"]).parent
            for name in ("timeline.json", "timeline.md", "timeline.html"):
                if not (folder / name).exists():
                    return f"index lists {story['path']} but {folder.name}/{name} is missing"
    elif names & {"timeline.json", "timeline.md", "timeline.html"}:
        missing = {"timeline.json", "timeline.md", "timeline.html"} - names
        if missing:
            return f"a single timeline without {', '.join(sorted(missing))}"
    return None


def integrity(db: Path) -> str:
    if not db.exists():
        return "no store yet"
    with sqlite3.connect(db) as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0]


def changed(out: Path, before: dict[str, float]) -> bool:
    """Has anything in the output folder or beside it appeared, gone or been rewritten?"""
    try:
        return mtimes(out) != before
    except FileNotFoundError:  # caught in the middle of a switch
        return True


def mtimes(out: Path) -> dict[str, float]:
    now = {p.name: p.stat().st_mtime for p in out.parent.iterdir()}
    now.update({"out/" + p.name: p.stat().st_mtime for p in out.iterdir()} if out.exists() else {})
    return now


def killed_run(pile: Path, out: Path, db: Path, jobs: int, rng: random.Random, during_write: bool,
               cold: float) -> dict:
    """One build killed with SIGKILL: at a random moment, or just after the output starts to change."""
    before = mtimes(out)
    proc = start(pile, out, db, jobs)
    seen: set[int] = set()
    moment = rng.uniform(0.5, cold * 0.9)
    t0 = time.monotonic()
    while proc.poll() is None:
        seen |= descendants(proc.pid)
        if during_write and changed(out, before):
            time.sleep(rng.uniform(0, 0.12))
            break
        if not during_write and time.monotonic() - t0 >= moment:
            break
        time.sleep(0.01)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at = time.monotonic() - t0
    time.sleep(3)
    orphans = sorted(p for p in seen if alive(p))
    for p in orphans:
        os.kill(p, signal.SIGKILL)
    return {"when": "output writing" if during_write else "random", "at_s": round(at, 2),
            "finished_first": finished, "workers_seen": len(seen), "orphans": len(orphans),
            "store": integrity(db), "output": whole_set(out) or "one whole set"}


def complete(pile: Path, out: Path, db: Path, jobs: int, expected: dict[str, bytes]) -> list[str]:
    """Run the build to its end on the killed store; the output files that differ from the clean run."""
    proc = start(pile, out, db, jobs)
    proc.wait()
    got = snapshot(out)
    return sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k) and k != ".storyline-outputs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kills-") as tmp:
        work = Path(tmp)
        pile, other = work / "pile", work / "other"
        pile.mkdir()
        other.mkdir()
        make_pile(pile, args.files, args.seed)
        make_pile(other, 6, args.seed + 1)
        started = time.monotonic()
        reference = start(pile, work / "ref", work / "ref.sqlite", args.jobs)
        reference.wait()
        cold = time.monotonic() - started
        if reference.returncode != 0:
            sys.exit(f"reference build failed: {reference.stderr.read().decode()[-2000:]}")
        expected = snapshot(work / "ref")
        old = work / "old-out"  # a one-story timeline of another pile: what each kill's folder starts with
        subprocess.run([sys.executable, "-c", CLI, "build", str(other), "-o", str(old), "--no-store", "-q",
                        "--story", "one"], check=True, stdout=subprocess.DEVNULL)
        print(f"reference: {args.files} files, cold build {cold:.1f} s, {len(expected)} output files")
        warm = work / "warm.sqlite"
        shutil.copy(work / "ref.sqlite", warm)
        for k in range(args.kills):
            during_write = k >= args.kills // 2
            runs = work / f"run{k}"
            runs.mkdir()
            out = runs / "out"
            shutil.copytree(old, out)
            # random moments: a cold build on a new store; output writing: a warm store, so writing is most of it
            db = warm if during_write else runs / "store.sqlite"
            row = {"kill": k + 1, **killed_run(pile, out, db, args.jobs, rng, during_write, cold)}
            differs = complete(pile, out, db, args.jobs, expected)
            row["rerun_identical_to_clean"] = not differs
            row["differing_files"] = differs[:5]
            rows.append(row)
            print(row)
            shutil.rmtree(runs, ignore_errors=True)
        summary = {"files": args.files, "kills": args.kills, "cold_build_s": round(cold, 1),
                   "killed_before_the_end": sum(not r["finished_first"] for r in rows),
                   "orphans": sum(r["orphans"] for r in rows),
                   "store_not_ok": sum(r["store"] not in ("ok", "no store yet") for r in rows),
                   "mixed_outputs": sum(r["output"] != "one whole set" for r in rows),
                   "reruns_not_identical": sum(not r["rerun_identical_to_clean"] for r in rows)}
        print(json.dumps(summary, indent=1))
        if args.json:
            args.json.write_text(json.dumps({"summary": summary, "kills": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
