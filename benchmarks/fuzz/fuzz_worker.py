"""One fuzz task in its own process: ``python fuzz_worker.py TASK.json``.

Library task: materialize the cases, read each alone (the *prepass*: a hang is then
pinned to its input), build the good article with all the others, write the outputs,
judge every case; when the build fails (raises, or loses the good article) bisect in
process down to the input responsible, set it aside and build the rest again.
CLI task: one case through ``storyline build GOOD BAD -o OUT`` as a subprocess.

Before each step the worker appends ``{"phase", "cases", "t", "limit"}`` to the
progress file; the parent kills the process group when a step overruns its limit.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import resource
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fuzz_checks as checks  # noqa: E402
from kinds import GOOD_ARTICLE, Ctx, Made, registry  # noqa: E402

BUILD_BASE = 15.0  # seconds any build may take, on top of its inputs' costs
PREPASS_BASE = 5.0
MODEL_LOAD = 15.0


class Worker:
    def __init__(self, task: dict) -> None:
        self.task = task
        self.dir = task["batch_dir"]
        self.kinds = registry()
        self.progress = open(task["progress"], "a", buffering=1)
        self.results: dict[int, dict] = {}
        self.made: dict[int, Made] = {}
        self.good = os.path.join(self.dir, "good.txt")
        self.batch_problem: str | None = None

    def stamp(self, phase: str, cases: list[int], limit: float) -> None:
        self.progress.write(json.dumps({"phase": phase, "cases": cases, "t": time.time(), "limit": limit}) + "\n")

    def cost(self, ids) -> float:
        factor = 3.0 if self.task.get("entities") else 1.0
        return sum(self.kinds[self.results[i]["kind"]].cost for i in ids) * factor

    # -- materialize ---------------------------------------------------------------
    def materialize(self) -> None:
        with open(self.good, "w", encoding="utf-8") as handle:
            handle.write(GOOD_ARTICLE)
        for case in self.task["cases"]:
            cid = case["id"]
            self.results[cid] = {"id": cid, "kind": case["kind"], "mode": case["mode"], "seed": case["seed"],
                                 "problems": [], "time": 0.0, "docs": 0, "rejected": 0, "reasons": []}
            folder = checks.case_prefix(self.dir, cid)
            os.makedirs(folder)
            ctx = Ctx(cid, case["mode"], self.task.get("server"))
            try:
                self.made[cid] = self.kinds[case["kind"]].make(random.Random(case["seed"]), folder, ctx)
            except Exception as error:  # noqa: BLE001 - a fuzzer bug, reported as such
                self.results[cid]["problems"].append(f"fuzzer: cannot make input: {error!r}")
            else:
                self.results[cid]["expect"] = self.made[cid].expect

    def options(self, ids) -> dict:
        from storyline.ingest import IngestConfig

        opts = {"entities": bool(self.task.get("entities"))}
        names = {f.name for f in dataclasses.fields(IngestConfig)}
        if "allow_hosts" in names:
            opts["allow_hosts"] = ("127.0.0.1",)
        if self.task["mode"] == "lib":
            opts["timeout"] = 1.0
        for i in ids:
            opts.update(self.made[i].options)
        return opts

    def inputs(self, ids) -> list:
        return [given for i in ids for given in self.made[i].inputs]

    # -- library -------------------------------------------------------------------
    def prepass(self, ids) -> list[int]:
        """Read each input alone; an input whose reading raises is judged here and left out."""
        from storyline.ingest import IngestConfig, read

        fields = {f.name for f in dataclasses.fields(IngestConfig)}
        kept = []
        for i in ids:
            opts = {k: v for k, v in self.options([i]).items() if k in fields}
            self.stamp("prepass", [i], PREPASS_BASE + self.kinds[self.results[i]["kind"]].cost)
            started = time.perf_counter()
            try:
                list(read(self.inputs([i]), IngestConfig(**opts)))
            except BaseException as error:  # noqa: BLE001 - anything a read raises is a finding
                self.results[i]["problems"].append(crash(error, "read"))
            else:
                kept.append(i)
            self.results[i]["time"] += time.perf_counter() - started
        return kept

    def build(self, ids, out: str | None = None):
        """``(story, None)`` or ``(None, problem)`` for a build of the good article and ``ids``."""
        import storyline
        from storyline.render import write

        limit = BUILD_BASE + self.cost(ids) + (MODEL_LOAD if self.task.get("entities") else 0)
        self.stamp("build", list(ids), limit)
        db = os.path.join(self.dir, "store.sqlite") if self.task.get("db") else None
        try:
            story = storyline.build([self.good, *self.inputs(ids)], db=db, progress=False, **self.options(ids))
            if db:  # a second run over the same store must give the same documents
                again = storyline.build([self.good, *self.inputs(ids)], db=db, progress=False, **self.options(ids))
                if sorted(d.source for d in again.documents) != sorted(d.source for d in story.documents):
                    return None, "good: a re-run over the store gave other documents"
            if not any(d.source == self.good for d in story.documents):
                why = [r.reason for r in story.rejected if r.source == self.good]
                return None, f"good: the good article was not built {why[:1]!r}"
            if out is not None:
                write(story, out)
        except BaseException as error:  # noqa: BLE001
            if isinstance(error, KeyboardInterrupt):
                raise
            return None, crash(error, "build")
        finally:
            if db and os.path.exists(db):
                os.remove(db)
        return story, None

    def culprit(self, ids: list[int], problem: str) -> tuple[list[int], str]:
        """Bisect a failing set down to one input (or the smallest failing pair/set)."""
        ids = list(ids)
        while len(ids) > 1:
            half = len(ids) // 2
            for part in (ids[:half], ids[half:]):
                story, found = self.build(part)
                if found:
                    ids, problem = part, found
                    break
            else:  # both halves pass: it takes inputs from both; keep only those needed
                for i in list(ids):
                    rest = [j for j in ids if j != i]
                    found = self.build(rest)[1] if len(ids) > 1 else None
                    if found:
                        ids, problem = rest, found
                return ids, problem
        return ids, problem

    def run_lib(self) -> None:
        ids = [i for i in self.made if not self.results[i]["problems"]]
        ids = self.prepass(ids)
        out = os.path.join(self.dir, "out")
        while True:
            started = time.perf_counter()
            story, problem = self.build(ids, out)
            if problem is None:
                break
            if not ids:  # the good article alone fails: nothing to blame, say so
                self.batch_problem = problem
                return
            bad, problem = self.culprit(ids, problem)
            for i in bad:
                self.results[i]["problems"].append(problem + (f" (with {bad})" if len(bad) > 1 else ""))
            ids = [i for i in ids if i not in bad]
        share = (time.perf_counter() - started) / max(1, len(ids))
        self.judge_story(story, ids, share, out)

    def judge_story(self, story, ids, share: float, out: str) -> None:
        prefixes = {checks.case_prefix(self.dir, i): i for i in ids}
        names: dict[str, list[int]] = {}
        for i in ids:
            for name in self.made[i].names:
                names.setdefault(name, []).append(i)
        docs = {i: [] for i in ids}
        rejected = {i: [] for i in ids}
        for doc in story.documents:
            for i in checks.owner(doc.source, prefixes, names):
                docs.setdefault(i, []).append(doc.source)
        for item in story.rejected:
            for i in checks.owner(item.source, prefixes, names):
                rejected.setdefault(i, []).append((item.source, item.reason))
        html = read_html(out)
        # a file reached twice (a link to /dev/zero beside /dev/zero) is read once, where it
        # is first reached (docs/inputs.md): the later input may rightly give nothing
        seen, again = {os.path.realpath(self.good)}, set()
        for i in ids:
            for given in self.made[i].inputs:
                if isinstance(given, str) and given != "-" and "://" not in given and os.path.lexists(given):
                    real = os.path.realpath(given)
                    if real in seen and not os.path.isdir(real):
                        again.add(i)
                    seen.add(real)
        for i in ids:
            case = {"expect": self.made[i].expect, "silent_ok": self.made[i].silent_ok or i in again}
            result = self.results[i]
            result["problems"] += checks.judge(case, docs.get(i, []), rejected.get(i, []))
            result["problems"] += [f"inject: {p!r} raw in the HTML output"
                                   for p in checks.injected(html, self.made[i].payloads)]
            result["time"] += share
            result["docs"], result["rejected"] = len(docs.get(i, [])), len(rejected.get(i, []))
            result["reasons"] = sorted({r for _, r in rejected.get(i, [])})[:3]

    # -- CLI -----------------------------------------------------------------------
    def run_cli(self) -> None:
        (cid,) = self.made or (None,)
        if cid is None:
            return
        made = self.made[cid]
        out = os.path.join(self.dir, "out")
        exe = os.path.join(os.path.dirname(sys.executable), "storyline")
        cmd = [exe, "build", self.good, *made.inputs, "-o", out, *made.cli_args]
        if not self.task.get("entities"):
            cmd.append("--no-entities")
        from storyline.cli import build as command

        flags = {opt for param in command.params for opt in getattr(param, "opts", [])}
        if "--allow-host" in flags:
            cmd += ["--allow-host", "127.0.0.1"]
        kind = self.kinds[self.results[cid]["kind"]]
        limit = 30.0 + max(kind.cost, 25.0 if kind.family == "url" else 0.0) * (3 if self.task.get("entities") else 1)
        self.stamp("cli", [cid], limit)
        started = time.perf_counter()
        proc = subprocess.run(cmd, input=made.stdin or b"", capture_output=True, cwd=self.dir)
        result = self.results[cid]
        result["time"] += time.perf_counter() - started
        result["exit"] = proc.returncode
        if proc.returncode != 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            result["problems"].append(f"exit: exit code {proc.returncode}: {tail[0][:300]!r}")
            if proc.returncode not in (0, 2):
                result["problems"].append(f"crash: CLI exit {proc.returncode}: {tail[0][:300]!r}")
        result["problems"] += checks.stderr_problems(proc.stderr)
        pile = read_json(out)
        sources = [d.get("source", "") for d in pile.get("documents", [])]
        if proc.returncode == 0 and self.good not in sources:
            result["problems"].append("good: the good article is not in timeline.json/index.json")
        prefixes = {checks.case_prefix(self.dir, cid): cid}
        names = {name: [cid] for name in made.names}
        docs = [s for s in sources if checks.owner(s, prefixes, names)]
        tokens = cli_tokens(self.dir, cid, made)
        skipped = [(line, "") for line in proc.stderr.decode("utf-8", "replace").splitlines()
                   if line.startswith("skipped ") and any(t in line for t in tokens)]
        case = {"expect": made.expect, "silent_ok": made.silent_ok}
        if proc.returncode == 0:
            result["problems"] += checks.judge(case, docs, skipped, reasons=False)
        result["problems"] += [f"inject: {p!r} raw in the HTML output"
                               for p in checks.injected(read_html(out), made.payloads)]
        result["docs"], result["rejected"] = len(docs), len(skipped)
        result["reasons"] = [line[:200] for line, _ in skipped[:3]]


def cli_tokens(batch_dir: str, cid: int, made: Made) -> list[str]:
    """Strings a stderr line naming this case contains, whatever escaping the CLI applies."""
    import re

    tokens = [f"{os.sep}c{cid}{os.sep}"]
    for name in made.names:
        runs = re.findall(r"[A-Za-z0-9:/._\[\]-]+", name)
        if runs:
            tokens.append(max(runs, key=len))
    return tokens


def crash(error: BaseException, where: str) -> str:
    """``crash: ValueError: ... at file.py:12 in fn`` (the traceback's last frame)."""
    frames = traceback.extract_tb(error.__traceback__)

    def place(frame) -> str:
        name = frame.filename.split("site-packages/")[-1].split("/src/")[-1]
        name = name.split("/lib/python3.")[-1].split("/", 1)[-1] if "/lib/python3." in name else name
        return f"{name}:{frame.lineno} in {frame.name}"

    ours = [f for f in frames if "/storyline/" in f.filename]
    at = f" at {place(frames[-1])}" if frames else ""
    if ours and ours[-1] is not frames[-1]:
        at += f" via {place(ours[-1])}"
    message = " ".join(str(error).split())[:300]
    return f"crash: {type(error).__name__}: {message}{at} ({where})"


def read_html(out: str) -> str:
    parts = []
    for root, _, files in os.walk(out):
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as handle:
                    parts.append(handle.read())
    return "\n".join(parts)


def read_json(out: str) -> dict:
    for name in ("timeline.json", "index.json"):
        try:
            with open(os.path.join(out, name), encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            continue
    return {}


def main(path: str) -> None:
    with open(path) as handle:
        task = json.load(handle)
    gigabytes = task.get("mem_gb", 6)
    if gigabytes:
        limit = int(gigabytes * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    worker = Worker(task)
    worker.stamp("materialize", [c["id"] for c in task["cases"]], 60.0 + 10 * len(task["cases"]))
    worker.materialize()
    if task["mode"] == "cli":
        worker.run_cli()
    else:
        worker.run_lib()
    worker.stamp("done", [], 30.0)
    with open(task["result"] + ".tmp", "w") as handle:
        json.dump({"cases": list(worker.results.values()), "batch_problem": worker.batch_problem}, handle)
    os.replace(task["result"] + ".tmp", task["result"])


if __name__ == "__main__":
    main(sys.argv[1])
