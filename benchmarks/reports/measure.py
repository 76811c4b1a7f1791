"""Size and first render of each story page a build wrote, in headless Chromium.

Given built outputs (``storyline build ... -o OUT``: one story's ``timeline.html``, or a
pile's ``index.html`` and one folder per story) or story folders, report for each story
page: the size of ``timeline.html``, of all the story's HTML pages and of the whole
story folder, and its first-contentful-paint and load time in headless Chromium (the
median of ``--runs`` fresh loads, each in a new browser context, so nothing is cached).
The result is JSON, on standard output or in ``--json FILE``. See README.md beside this file.

    .venv/bin/python benchmarks/reports/measure.py seeds=out/seeds bp=out/bp --json results.json
    .venv/bin/python benchmarks/reports/measure.py out/bp --largest 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 120_000  # a 17 MB page takes seconds; nothing should take minutes
SKIPPED = (".storyline-outputs",)  # the manifest; the store (storyline.sqlite*) is left out by name too


def story_folders(out: Path) -> list[Path]:
    """The story folders of a built output: OUT itself for one story, else each folder
    beside index.html that holds a timeline.html."""
    if (out / "timeline.html").is_file():
        return [out]
    if (out / "index.html").is_file():
        return sorted(p for p in out.iterdir() if p.is_dir() and (p / "timeline.html").is_file())
    raise SystemExit(f"measure: {out}: no timeline.html or index.html here")


def folder_bytes(folder: Path, nested_stories: bool) -> tuple[int, int, int]:
    """Bytes of every file of the story (the store and the manifest left out), bytes of its
    HTML pages, number of files. ``nested_stories``: OUT of a single story may hold other
    folders of the user's; only what a build writes is counted."""
    total = html = files = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name in SKIPPED or path.name.startswith("storyline.sqlite"):
            continue
        rel = path.relative_to(folder)
        if nested_stories and len(rel.parts) > 1 and rel.parts[0] != "documents":
            continue
        size = path.stat().st_size
        total, files = total + size, files + 1
        if path.suffix == ".html":
            html += size
    return total, html, files


def wait_for(page, expression: str, timeout_ms: int = TIMEOUT_MS) -> object:
    """Poll ``expression`` until it is true. Not ``page.wait_for_function``: its polling
    evaluates a string, which the report's Content-Security-Policy (no 'unsafe-eval') refuses."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not (value := page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(20)
    return value


def measure_page(browser, page_path: Path, runs: int) -> dict:
    fcp, load, dcl = [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=TIMEOUT_MS)
            wait_for(page, "performance.getEntriesByType('paint').length > 0"
                           " && performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
            got = page.evaluate("""() => {
                const paint = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
                const nav = performance.getEntriesByType('navigation')[0];
                return {fcp: paint ? paint.startTime : null, load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd};
            }""")
        finally:
            context.close()
        fcp.append(got["fcp"])
        load.append(got["load"])
        dcl.append(got["dcl"])
    return {"fcp_ms": _median(fcp), "load_ms": _median(load), "dom_content_loaded_ms": _median(dcl),
            "fcp_ms_runs": [round(x, 1) if x is not None else None for x in fcp],
            "load_ms_runs": [round(x, 1) for x in load]}


def _median(values: list) -> float | None:
    found = [v for v in values if v is not None]
    return round(statistics.median(found), 1) if found else None


def chromium_version(path: str) -> str:
    try:
        return subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outputs", nargs="+", metavar="[NAME=]OUT", help="a built output or a story folder")
    parser.add_argument("--runs", type=int, default=3, help="loads per page; the median is reported (default 3)")
    parser.add_argument("--largest", type=int, default=0, help="only the N largest story folders of each output")
    parser.add_argument("--json", type=Path, help="write the results here (default: standard output)")
    parser.add_argument("--note", default="", help="a free note saved with the results (what was built, how)")
    parser.add_argument("--also", nargs="*", default=[], metavar="PAGE",
                        help="other pages of each story folder to load too (quotes.html, figures.html, ...)")
    args = parser.parse_args(argv)

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("measure: chromium not found on PATH")
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        try:
            for item in args.outputs:
                name, _, where = item.rpartition("=")
                out = Path(where)
                folders = story_folders(out)
                sized = [(f, *folder_bytes(f, nested_stories=f == out)) for f in folders]
                sized.sort(key=lambda row: (-row[1], row[0].name))
                if args.largest:
                    sized = sized[: args.largest]
                for folder, total, html, files in sized:
                    page = folder / "timeline.html"
                    row = {"output": name or out.name, "story": folder.name if folder != out else None,
                           "timeline_html_bytes": page.stat().st_size, "html_pages_bytes": html,
                           "folder_bytes": total, "files": files, **measure_page(browser, page, args.runs)}
                    print(f"{row['output']}/{row['story'] or '.'}: timeline.html {row['timeline_html_bytes']:,} B, "
                          f"folder {total:,} B, FCP {row['fcp_ms']} ms, load {row['load_ms']} ms", file=sys.stderr)
                    results.append(row)
                    for other in args.also:
                        if (folder / other).is_file():
                            extra = {"output": row["output"], "story": row["story"], "page": other,
                                     "bytes": (folder / other).stat().st_size,
                                     **measure_page(browser, folder / other, args.runs)}
                            print(f"  {other}: {extra['bytes']:,} B, FCP {extra['fcp_ms']} ms, "
                                  f"load {extra['load_ms']} ms", file=sys.stderr)
                            row.setdefault("other_pages", []).append(extra)
        finally:
            browser.close()
    report = {"chromium": chromium_version(chromium), "python": platform.python_version(),
              "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cpu(s) available",
              "runs": args.runs, "note": args.note, "pages": results}
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
