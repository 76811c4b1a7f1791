"""Load test of ``storyline serve`` while an update runs (see README.md).

    python benchmarks/serve/load.py --base /tmp/serve-bench/t17.sqlite [--seed STORE] \
        [--readers 50] [--duration 60] [--articles 200] [--out benchmarks/serve/results-load.json]

1. The base store (``--base``; made once, then reused): the Timeline17 dev folders
   (../shared/data/t17/*) as raw documents, told with ``storyline.update.refresh``. ``--seed``:
   a store whose cache is COPIED first to make that faster (it is only read).
2. A working copy of it, with one feed: a local site of ``--articles`` invented articles on
   127.0.0.1 (allowed with ``--allow-host 127.0.0.1``).
3. ``storyline serve`` (a subprocess) with N readers (asyncio, one keep-alive connection each:
   :mod:`client`) for D seconds on the
   story list, story pages, search and the API; a few seconds in, ``POST /api/update``.
4. Per route: requests, requests/s, p50/p95/p99 latency, errors. Consistency: every
   ``/api/stories/ID`` response's ``story.events`` equals the events it lists, and the
   ``/api/stories`` responses (the corpus: each story's id and counts, and the update its news
   are from) take at most one new state per update, and never go back: the corpus and the news
   written in several transactions would show states in between.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from client import Connection  # noqa: E402
from common import ROOT, NewsSite, copy_store, rows, serving  # noqa: E402

T17 = ROOT.parent / "shared" / "data" / "t17"
TOKEN = "load-test-token"
PHRASES = ["swine flu", "oil spill", "Gaddafi", "Mubarak", "earthquake", "Jackson", "bank", "harbour breakwater",
           "vaccine", "protesters", "flood defences"]


def prepare(base: Path, seed: Path | None) -> None:
    """Make the base store: every T17 dev folder's documents as raw documents, told."""
    from storyline.ingest import IngestConfig, read
    from storyline.model import RawDocument
    from storyline.store import Store
    from storyline.update import refresh

    base.parent.mkdir(parents=True, exist_ok=True)
    if seed is not None:  # its cache only: what it fetched, its feeds and its updates go
        copy_store(seed, base)
        with Store(base) as store, store.transaction() as db:
            for table in ("raw_documents", "fetched", "feeds", "updates", "story_news", "state"):
                db.execute(f"DELETE FROM {table}")
    started = time.monotonic()
    folders = sorted(str(p) for p in T17.iterdir() if p.is_dir())
    raws = [r for r in read(folders, IngestConfig()) if isinstance(r, RawDocument)]
    print(f"read {len(raws)} documents from {len(folders)} folders", file=sys.stderr)
    with Store(base) as store:
        with store.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO raw_documents (id, source, kind, body, meta, content_hash, added, update_id) "
                "VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', NULL)",
                [(r.id, r.source, r.kind, r.body, json.dumps(r.meta, ensure_ascii=False, sort_keys=True),
                  r.content_hash) for r in raws])
        pile, _ = refresh(store, progress=sys.stderr.isatty())
    print(f"base store: {len(pile.stories)} stories in {time.monotonic() - started:.0f} s", file=sys.stderr)


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {}
        self.phases: dict[tuple[str, str], list[float]] = {}
        self.errors: dict[str, list[str]] = {}
        self.inconsistent: list[str] = []
        self.states: list[tuple[float, tuple]] = []  # (time, corpus state) of each /api/stories response
        self.phase = "before"  # before, during, after the update
        self.stop = asyncio.Event()

    def add(self, route: str, phase: str, seconds: float, error: str | None = None) -> None:
        self.latency.setdefault(route, []).append(seconds)
        self.phases.setdefault((route, phase), []).append(seconds)
        if error:
            self.errors.setdefault(route, []).append(error)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def _state(data: dict) -> tuple:
    """The corpus an /api/stories response shows: each story's id and counts, and the latest
    update its news come from."""
    return tuple(sorted((s["id"], s["documents"], s["events"], s["quotes"], s["update_id"] or 0)
                        for s in data["stories"]))


async def _one(connection: Connection, stats: Stats, route: str, url: str) -> None:
    started, phase = time.perf_counter(), stats.phase
    try:
        status, body = await connection.get(url)
        seconds = time.perf_counter() - started
        if status != 200:
            stats.add(route, phase, seconds, f"HTTP {status} {url}")
            return
        stats.add(route, phase, seconds)
        if route == "api story":
            data = json.loads(body)
            if data["story"]["events"] != len(data["events"]):
                stats.inconsistent.append(f"{url}: story.events {data['story']['events']} != {len(data['events'])}")
        elif route == "api stories":
            stats.states.append((time.monotonic(), _state(json.loads(body))))
    except Exception as error:  # noqa: BLE001 - counted
        stats.add(route, phase, time.perf_counter() - started, f"{type(error).__name__}: {error} {url}")


async def _reader(base: str, stats: Stats, stories: list[str], rng: random.Random) -> None:
    from urllib.parse import quote

    connection = Connection(base)
    while not stats.stop.is_set():
        story = quote(rng.choice(stories), safe="")
        route, url = rng.choice([
            ("story list", "/"), ("story page", f"/stories/{story}"), ("story page", f"/stories/{story}"),
            ("api story", f"/api/stories/{story}"), ("api stories", "/api/stories"),
            ("search", f"/search?q={quote(rng.choice(PHRASES))}"),
            ("api search", f"/api/search?q={quote(rng.choice(PHRASES))}"),
            ("quotes page", f"/stories/{story}/quotes")])
        await _one(connection, stats, route, url)
    await connection.close()


async def _load(base: str, readers: int, duration: float, update_after: float, max_seconds: float,
                control: Path | str | None = None) -> dict:
    """Readers from the start until ``duration`` is over and the update has been done 5 s."""
    import httpx

    stats = Stats()
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        stories = [s["id"] for s in (await client.get("/api/stories")).json()["stories"]]
        started = time.monotonic()
        tasks = [asyncio.create_task(_reader(base, stats, stories, random.Random(n))) for n in range(readers)]
        await asyncio.sleep(update_after)
        update = {"requested_at_s": round(time.monotonic() - started, 1)}
        stats.phase = "during"
        if control == "none":  # readers only
            update = {"none": "no update (--no-update)"}
        elif control is not None:  # the negative control: a writer that changes the corpus piece by piece
            update = {"control": await asyncio.to_thread(split_writes, control)}
        else:
            update = {**update, **await _update(base, started, max_seconds)}
        stats.phase = "after"
        await asyncio.sleep(max(5.0, started + duration - time.monotonic()))
        stats.stop.set()
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
    return _report(stats, elapsed, update)


async def _update(base: str, started: float, max_seconds: float) -> dict:
    """POST /api/update and wait until it is done; what /api/updates said."""
    import httpx

    update = {}
    async with httpx.AsyncClient(base_url=base, timeout=30) as admin:  # not queued behind the readers
        answer = await admin.post("/api/update", headers={"Authorization": f"Bearer {TOKEN}"})
        update["answer"] = answer.status_code
        while time.monotonic() - started < max_seconds:
            await asyncio.sleep(0.5)
            info = (await admin.get("/api/updates")).json()
            if not info["running"] and info.get("last"):
                update.update(done_at_s=round(time.monotonic() - started, 1), last=info["last"])
                break
    return update


def split_writes(db: Path, stories: int = 20) -> str:
    """The negative control: per story, its counts and its events changed in two separate
    transactions (as a corpus written piece by piece would be); the checks must see it."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY position LIMIT ?", (stories,))]
        for sid in ids:
            conn.execute("UPDATE stories SET events = events - 1 WHERE id = ?", (sid,))
            time.sleep(0.25)
            conn.execute("DELETE FROM events WHERE story = ? AND position = "
                         "(SELECT MAX(position) FROM events WHERE story = ?)", (sid, sid))
            time.sleep(0.25)
    return f"{len(ids)} stories changed in {2 * len(ids)} transactions"


def _report(stats: Stats, elapsed: float, update: dict) -> dict:
    routes = {}
    for route, values in sorted(stats.latency.items()):
        routes[route] = {"requests": len(values), "per_s": round(len(values) / elapsed, 1),
                         "p50_ms": round(_pct(values, 50), 1), "p95_ms": round(_pct(values, 95), 1),
                         "p99_ms": round(_pct(values, 99), 1), "mean_ms": round(statistics.fmean(values) * 1000, 1),
                         "errors": len(stats.errors.get(route, []))}
        for phase in ("before", "during", "after"):
            part = stats.phases.get((route, phase), [])
            routes[route][f"p95_ms_{phase}"] = round(_pct(part, 95), 1) if part else None
    seen, order, back = [], [], 0
    for _, state in stats.states:
        if not seen or seen[-1] != state:
            if state in seen:
                back += 1
            seen.append(state)
            order.append(len(stories_of(state)))
    total = sum(len(v) for v in stats.latency.values())
    return {"seconds": round(elapsed, 1), "requests": total, "per_s": round(total / elapsed, 1), "routes": routes,
            "errors": sum(len(v) for v in stats.errors.values()),
            "error_samples": [e for v in stats.errors.values() for e in v[:3]],
            "story_pages_inconsistent": len(stats.inconsistent), "inconsistent_samples": stats.inconsistent[:5],
            "corpus_states_seen": len(seen), "stories_per_state": order, "states_gone_back_to": back,
            "list_samples": len(stats.states), "update": update,
            "consistent": len(seen) <= 2 and back == 0 and not stats.inconsistent}


def stories_of(state: tuple) -> list:
    return [s[0] for s in state]


def run(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="storyline-load-"))
    db = work / "store.sqlite"
    copy_store(args.base, db)
    from storyline.feeds import add_feed
    from storyline.store import Store

    with NewsSite(args.articles) as site:
        with Store(db) as store:
            add_feed(store, f"{site.base}/feed.xml", "rss")
        before = rows(db, "SELECT COUNT(*) FROM stories")[0][0], rows(db, "SELECT COUNT(*) FROM documents")[0][0]
        extra = ("--allow-host", "127.0.0.1", "--fetch-delay", "0", "--fetch-timeout", "20",
                 "--max-items", str(args.articles), *args.serve_option)
        with serving(db, TOKEN, extra=extra, log=work / "serve.log") as (base, _):
            result = asyncio.run(_load(base, args.readers, args.duration, args.update_after, args.max_seconds,
                                       "none" if args.no_update else db if args.control else None))
        after = rows(db, "SELECT COUNT(*) FROM stories")[0][0], rows(db, "SELECT COUNT(*) FROM documents")[0][0]
        raw = rows(db, "SELECT COUNT(*) FROM raw_documents WHERE update_id = (SELECT MAX(id) FROM updates)")[0][0]
    result.update(readers=args.readers, duration=args.duration, articles=args.articles, serve_options=args.serve_option,
                  stories_before=before[0], documents_before=before[1], stories_after=after[0],
                  documents_after=after[1], raw_added=raw, work=str(work) if args.keep else None)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the base store (made when missing, then reused)")
    parser.add_argument("--seed", type=Path, help="a store whose cache is copied to make the base store faster")
    parser.add_argument("--prepare-only", action="store_true")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--update-after", type=float, default=5.0)
    parser.add_argument("--max-seconds", type=float, default=900.0, help="the longest the update is waited for")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--control", action="store_true",
                        help="instead of the update, change the corpus in many transactions: the checks must fail")
    parser.add_argument("--keep", action="store_true", help="keep the working copy of the store (and serve.log)")
    parser.add_argument("--no-update", action="store_true", help="readers only (the latency without an update)")
    parser.add_argument("--serve-option", action="append", default=[], metavar="ARG",
                        help="an argument passed on to storyline serve (repeatable: --serve-option=--cache-mb --serve-option=0)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not args.base.exists():
        prepare(args.base, args.seed)
    if args.prepare_only:
        return
    result = run(args)
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
