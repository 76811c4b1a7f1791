"""Fault tests of the living engine (see README.md; fast versions: tests/test_update_faults.py).

    python benchmarks/serve/faults.py [--out benchmarks/serve/results-faults.json]

Each fault runs against a local site of invented articles on 127.0.0.1 (allowed) and says
what was reported, what the store held after, and what the next update did:

1. ``storyline serve`` killed (SIGKILL, its process group) while its update fetches;
2. an update process killed (SIGKILL) while it tells the stories (everything fetched);
3. a feed that answers garbage, beside a good one;
4. a feed that redirects to 127.0.0.2 (not allowed; 127.0.0.1 is);
5. a feed that answers 2 GB, with and without a Content-Length (the default 20 MB limit).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, NewsSite, env, rows, serving  # noqa: E402

TOKEN = "faults-token"
CORPUS = ("documents", "stories", "story_documents", "events", "evidence", "quotes", "entities", "claims",
          "story_news")
HWM = "(lambda: int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]))"
# VmHWM (the peak resident memory of this process image): ru_maxrss would carry the parent's over fork
MEASURED_CLI = [PYTHON, "-c", f"import atexit, sys; hwm = {HWM}; atexit.register(lambda: print('maxrss_kb', "
                "hwm(), file=sys.stderr)); "
                "from storyline.cli import main; sys.argv[0] = 'storyline'; main()"]
RUN_UPDATE = [PYTHON, "-c", "import sys; from storyline.feeds import FeedsConfig; from storyline.update import "
              "run_update; run_update(sys.argv[1], feeds=FeedsConfig(allow_hosts=('127.0.0.1',), per_host_delay=0))"]
FETCH_ONLY = [PYTHON, "-c", f"import sys; hwm = {HWM}; from storyline.feeds import FeedsConfig, add_feed, fetch_new; "
              "from storyline.store import Store; store = Store(sys.argv[1]); add_feed(store, sys.argv[2], 'rss'); "
              "before = hwm(); "
              "report = fetch_new(store, FeedsConfig(allow_hosts=('127.0.0.1',), per_host_delay=0)); "
              "print(before, hwm(), [r.code for r in report.refused])"]
ALLOWED = None  # FeedsConfig for in-process updates, made in main()


def corpus_digest(db: Path) -> str:
    digest = hashlib.sha256()
    for table in CORPUS:
        for row in rows(db, f"SELECT * FROM {table} ORDER BY 1, 2"):
            digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def count(db: Path, sql: str, params: tuple = ()) -> int:
    return rows(db, sql, params)[0][0]


def updates(db: Path) -> list[tuple]:
    return rows(db, "SELECT id, status, finished IS NOT NULL FROM updates ORDER BY id")


def new_store(work: Path, name: str, *feeds: tuple[str, str | None]) -> Path:
    from storyline.feeds import add_feed
    from storyline.store import Store

    db = work / f"{name}.sqlite"
    with Store(db) as store:
        for url, kind in feeds:
            add_feed(store, url, kind)
    return db


def wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


def kill_group(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def serve_killed_while_fetching(work: Path) -> dict:
    import httpx

    from storyline.update import run_update

    with NewsSite(20) as site:
        db = new_store(work, "kill-serve", (f"{site.base}/feed.xml", "rss"))
        run_update(db, feeds=ALLOWED)
        before, docs_before = corpus_digest(db), count(db, "SELECT COUNT(*) FROM documents")
        site.count = 60
        extra = ("--allow-host", "127.0.0.1", "--fetch-delay", "0.3")
        with serving(db, TOKEN, extra=extra, log=work / "kill-serve.log") as (base, process):
            httpx.post(base + "/api/update", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
            wait_for(lambda: count(db, "SELECT COUNT(*) FROM raw_documents WHERE update_id = 2") >= 10, 60,
                     "ten articles fetched")
            kill_group(process)
        kept = count(db, "SELECT COUNT(*) FROM raw_documents WHERE update_id = 2")
        after = {"raw documents of the killed update": kept, "corpus unchanged": corpus_digest(db) == before,
                 "documents": count(db, "SELECT COUNT(*) FROM documents"), "updates": updates(db)}
        with serving(db, TOKEN, extra=("--allow-host", "127.0.0.1", "--fetch-delay", "0")) as (base, _):
            httpx.post(base + "/api/update", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
            wait_for(lambda: not httpx.get(base + "/api/updates").json()["running"], 300, "the next update")
            last = httpx.get(base + "/api/updates").json()["last"]
        return {"fault": "storyline serve killed (SIGKILL) while its update fetched (10 of 40 new articles in)",
                "reported": f"update 2 left 'running' (no finish); {docs_before} documents served before",
                "stored_after": after, "next_update": {**last, "documents": count(db, "SELECT COUNT(*) FROM documents"),
                                                      "updates": updates(db)}}


def update_killed_while_telling(work: Path) -> dict:
    from storyline.update import run_update

    with NewsSite(20) as site:
        db = new_store(work, "kill-tell", (f"{site.base}/feed.xml", "rss"))
        run_update(db, feeds=ALLOWED)
        before = corpus_digest(db)
        site.count = 60
        process = subprocess.Popen([*RUN_UPDATE, str(db)], env=env(), start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: count(db, "SELECT COUNT(*) FROM raw_documents WHERE update_id = 2") >= 40, 120,
                 "every article fetched")
        delay = random.Random(7).uniform(0.5, 2.0)
        time.sleep(delay)
        finished = process.poll() is not None
        kill_group(process) if not finished else None
        kept = count(db, "SELECT COUNT(*) FROM raw_documents WHERE update_id = 2")
        after = {"killed after all was fetched, + s": round(delay, 2), "finished before the kill": finished,
                 "raw documents of the killed update": kept,
                 "corpus unchanged": corpus_digest(db) == before, "updates": updates(db)}
        report = run_update(db, feeds=ALLOWED)
        return {"fault": "an update process killed (SIGKILL) while it told the stories",
                "reported": "update 2 left 'running' (no finish)", "stored_after": after,
                "next_update": {"id": report.id, **report.counts(),
                                "documents": count(db, "SELECT COUNT(*) FROM documents"), "updates": updates(db)}}


def cli_update(db: Path, *args: str, timeout: float = 300) -> dict:
    started = time.monotonic()
    done = subprocess.run([*MEASURED_CLI, "update", "--db", str(db), "--allow-host", "127.0.0.1", *args], env=env(),
                          capture_output=True, text=True, timeout=timeout)
    rss = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("maxrss_kb")]
    return {"exit": done.returncode, "output": done.stdout.strip().splitlines(),
            "seconds": round(time.monotonic() - started, 1), "max_rss_mb": round(int(rss[0]) / 1024) if rss else None}


def fetch_alone(db: Path, url: str) -> dict:
    """The peak memory of ``fetch_new`` alone on ``url`` (a process of its own): before and after."""
    done = subprocess.run([*FETCH_ONLY, str(db), url], env=env(), capture_output=True, text=True, timeout=120)
    before, after, codes = done.stdout.split(" ", 2)
    return {"max_rss_mb_before_fetch": round(int(before) / 1024, 1),
            "max_rss_mb_after_fetch": round(int(after) / 1024, 1), "refused": codes.strip()}


def bad_feed(work: Path, name: str, path: str, fault: str) -> dict:
    with NewsSite(5) as site:
        db = new_store(work, name, (f"{site.base}{path}", "rss"), (f"{site.base}/feed.xml", "rss"))
        first = cli_update(db)
        stored = {"feeds": rows(db, "SELECT url, status, code, reason FROM feeds ORDER BY id"),
                  "raw documents": count(db, "SELECT COUNT(*) FROM raw_documents"),
                  "documents": count(db, "SELECT COUNT(*) FROM documents"), "updates": updates(db)}
        if path in ("/huge.xml", "/endless.xml"):
            stored["bytes the site sent"] = site.huge_sent
            stored["fetch alone"] = fetch_alone(work / f"{name}-fetch.sqlite", f"{site.base}{path}")
        second = cli_update(db)
        return {"fault": fault, "reported": first, "stored_after": stored, "next_update": second}


def _said(reported) -> str:
    if isinstance(reported, str):
        return reported
    lines = [line for line in reported["output"] if line.startswith(("skipped", "update"))]
    return "<br>".join(f"`{line}`" for line in lines) + f" (exit {reported['exit']}, peak {reported['max_rss_mb']} MB)"


def _stored(after: dict) -> str:
    parts = []
    for key, value in after.items():
        if key == "updates":
            value = ", ".join(f"#{i} {status}" + ("" if done else " (no finish)") for i, status, done in value)
        elif key == "feeds":
            value = "; ".join(f"{url.rsplit('/', 1)[1]}: {status}" + (f" `{code}`" if code else "")
                              for url, status, code, _ in value)
        elif key == "fetch alone":
            value = f"peak {value['max_rss_mb_before_fetch']} -> {value['max_rss_mb_after_fetch']} MB"
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def table(results: list[dict]) -> str:
    """The fault table (markdown) of faults.py's results."""
    rows_ = ["| fault | what was reported | what was stored after | next update |", "|---|---|---|---|"]
    for r in results:
        nxt = r["next_update"]
        nxt = _said(nxt) if "output" in nxt else _stored(nxt)
        rows_.append(f"| {r['fault']} | {_said(r['reported'])} | {_stored(r['stored_after'])} | {nxt} |")
    return "\n".join(rows_)


def main() -> None:
    global ALLOWED
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--table", type=Path, help="print the markdown table of a results file and stop")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text())["faults"]))
        return
    from storyline.feeds import FeedsConfig

    ALLOWED = FeedsConfig(allow_hosts=("127.0.0.1",), per_host_delay=0.0)
    work = Path(tempfile.mkdtemp(prefix="storyline-faults-"))
    results = [serve_killed_while_fetching(work), update_killed_while_telling(work),
               bad_feed(work, "garbage", "/garbage.xml", "a feed answering garbage, beside a good feed"),
               bad_feed(work, "redirect", "/to-private.xml", "a feed redirecting to 127.0.0.2 (127.0.0.1 allowed)"),
               bad_feed(work, "huge", "/huge.xml", "a feed answering 2 GB with its Content-Length"),
               bad_feed(work, "endless", "/endless.xml", "a feed answering 2 GB without a Content-Length")]
    text = json.dumps({"work": str(work), "faults": results}, indent=2, default=str)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
