"""SQLite vs PostgreSQL store: build time and the three `storyline query` reads (README.md).

    python benchmarks/store/bench.py --work /tmp/store-bench --out benchmarks/store/results.json

Starts a throwaway PostgreSQL cluster with scripts/postgres.sh (or uses --pg-url, a server
where it may create databases), builds the three Timeline17 folders into SQLite to warm the
stage caches, then times builds into fresh stores of each kind whose cache table was filled
from the warm one (the annotate cache lives in the store: a fresh store is cold), and the
queries (median of --repeat runs, the whole command and the query alone).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
T17 = ROOT.parent / "shared" / "data" / "t17"
FOLDERS = ("LibyaWar_cnn", "LibyaWar_reuters", "EgyptianProtest_cnn")
QUERIES = {
    "stories": ["stories", "--limit", "5"],
    "quotes": ["quotes", "--speaker", "Gaddafi", "--limit", "6"],
    "documents": ["documents", "--match", "no-fly zone", "--limit", "5"],
}
STORYLINE = str(ROOT / ".venv" / "bin" / "storyline")


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def build(db: str, out: Path) -> float:
    return run([STORYLINE, "build", *(str(T17 / f) for f in FOLDERS), "-o", str(out), "--db", db, "-q"])


def seed(warm: Path, db: str) -> int:
    """Fill the fresh store ``db``'s cache table from the warm SQLite store."""
    from storyline.store import Store

    source = sqlite3.connect(f"file:{warm}?mode=ro", uri=True)
    count = 0
    with Store(db) as store:
        cursor = source.execute("SELECT stage, version, config, key, value FROM cache")
        while batch := cursor.fetchmany(2000):
            with store.transaction() as conn:
                conn.executemany("INSERT INTO cache (stage, version, config, key, value) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (stage, version, config, key) DO UPDATE SET value = excluded.value", batch)
            count += len(batch)
    source.close()
    return count


def fresh_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def query_times(db: str, repeat: int) -> dict:
    from storyline.store import Store
    from storyline.store.query import KINDS

    out = {}
    for name, args in QUERIES.items():
        whole = [run([STORYLINE, "query", db, *args]) for _ in range(repeat)]
        function, _ = KINDS[args[0]]
        options = {"limit": int(args[-1])}
        if name == "quotes":
            options["speaker"] = args[2]
        if name == "documents":
            options["match"] = args[2]
        with Store(db, readonly=True) as store:
            only = []
            for _ in range(repeat):
                start = time.perf_counter()
                rows = function(store, **options)
                only.append(time.perf_counter() - start)
        out[name] = {"command_s": round(statistics.median(whole), 4), "query_s": round(statistics.median(only), 5),
                     "rows": len(rows), "command_runs_s": [round(t, 4) for t in whole],
                     "query_runs_s": [round(t, 5) for t in only]}
    return out


def same_matches(stores: dict[str, str]) -> dict:
    """Whether every document matching the phrase (no limit: the best-first order of the top
    five differs, bm25 vs ts_rank) is the same in both stores."""
    from storyline.store import Store
    from storyline.store.query import documents

    found = {}
    for kind, db in stores.items():
        with Store(db, readonly=True) as store:
            found[kind] = {d["id"] for d in documents(store, match=QUERIES["documents"][2])}
    return {"documents": len(found["sqlite"]), "same": found["sqlite"] == found["postgresql"]}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote (a timeline.json, .md and .html per story, the index), by path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(db: str) -> dict[str, str]:
    return {name: subprocess.run([STORYLINE, "query", db, *args, "--json"], check=True, capture_output=True,
                                 text=True).stdout for name, args in QUERIES.items()}


def write_times(warm: Path, stores: dict[str, str], repeat: int) -> dict:
    """The store-write part alone: the pile (built from the warm store's cache) written into
    each fresh store, median of ``repeat`` writes (each replaces the last)."""
    from storyline.pipeline import build as build_pile
    from storyline.store import Store

    pile = build_pile([str(T17 / f) for f in FOLDERS], db=str(warm))
    out = {"documents": len(pile.documents), "stories": len(pile.stories)}
    for kind, db in stores.items():
        times = []
        with Store(db) as store:
            for _ in range(repeat):
                start = time.perf_counter()
                store.write_pile(pile)
                times.append(time.perf_counter() - start)
        out[kind] = {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/store-bench"))
    parser.add_argument("--pg-url", default=None, help="a server's URL (a database to connect to first)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold-pg", action="store_true", help="also time a cold build into PostgreSQL")
    parser.add_argument("--out", type=Path, default=None, help="results (the keys measured replace those there)")
    parser.add_argument("--only-write", action="store_true", help="measure only the store-write part")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cluster = None
    if args.pg_url is None:
        cluster = Path(f"/tmp/storyline-bench-pg-{os.getpid()}")
        args.pg_url = subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "start", str(cluster)], check=True,
                                     capture_output=True, text=True).stdout.strip()
    results: dict = json.loads(args.out.read_text()) if args.out and args.out.exists() else {}
    results.update({"machine": f"{platform.node()}: {os.cpu_count()} cores, shared with other work (medians)",
                    "folders": list(FOLDERS), "repeat": args.repeat})
    try:
        warm = args.work / "warm.sqlite"
        if args.only_write:
            stores = {"sqlite": str(args.work / "write.sqlite"), "postgresql": fresh_database(args.pg_url, "bench_write")}
            Path(stores["sqlite"]).unlink(missing_ok=True)
            results["write_pile"] = write_times(warm, stores, args.repeat)
            results["documents_match_same_set"] = same_matches(stores)
            return
        if not warm.exists():
            results["cold_build_sqlite_s"] = round(build(str(warm), args.work / "out-warm"), 1)
            print("cold SQLite build", results["cold_build_sqlite_s"], file=sys.stderr)
        if args.cold_pg:
            url = fresh_database(args.pg_url, "bench_cold")
            results["cold_build_postgresql_s"] = round(build(url, args.work / "out-cold-pg"), 1)
            print("cold PostgreSQL build", results["cold_build_postgresql_s"], file=sys.stderr)
        stores = {"sqlite": str(args.work / "fresh.sqlite"), "postgresql": fresh_database(args.pg_url, "bench")}
        Path(stores["sqlite"]).unlink(missing_ok=True)
        for kind, db in stores.items():
            start = time.perf_counter()
            rows = seed(warm, db)
            results.setdefault("seed", {})[kind] = {"cache_rows": rows, "s": round(time.perf_counter() - start, 1)}
            results.setdefault("warm_build_s", {})[kind] = round(build(db, args.work / f"out-{kind}"), 1)
            print(kind, "warm build", results["warm_build_s"][kind], file=sys.stderr)
        trees = {kind: tree(args.work / f"out-{kind}") for kind in stores}
        results["outputs_identical"] = {"files": len(trees["sqlite"]), "same": trees["sqlite"] == trees["postgresql"]}
        texts = {kind: outputs(db) for kind, db in stores.items()}
        results["query_output_identical"] = {name: texts["sqlite"][name] == texts["postgresql"][name]
                                             for name in QUERIES}
        results["documents_match_same_set"] = same_matches(stores)
        results["queries"] = {kind: query_times(db, args.repeat) for kind, db in stores.items()}
    finally:
        if cluster is not None:
            subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "stop", str(cluster)], check=False)
        text = json.dumps(results, indent=2)
        print(text)
        if args.out:
            args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
