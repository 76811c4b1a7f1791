"""The fifteen defects of issue #14, each reproduced with the real CLI beside one good article.

    python benchmarks/robustness/fifteen.py [--json results.json] [--only 1,2,13]

Each case runs ``storyline build GOOD BAD -o OUT`` (or what the case needs) in a fresh temporary
folder, bounded in time, and prints one row: the case, the exit code, the seconds, whether the
good article was built, the number of stderr lines and the first reason line. ``PYTHONPATH``
chooses which storyline is run (e.g. an export of an older commit), so the same script gives the
before and the after. Servers are on 127.0.0.1 only and stop by themselves.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GOOD = """Harbour crane collapses in Velmora
VELMORA, Tuesday 3 March 2026 - A harbour crane collapsed at the Velmora container port on Monday,
injuring two workers, the port authority said.

The authority said the crane had been inspected in January and that an inquiry would report by
the end of April. Dock workers stopped work on Tuesday morning.

"We will find out what failed," said Ilse Marrow, the port's director.
"""
CLI = "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()"


@dataclass
class Outcome:
    case: str
    what: str
    exit: int | None
    seconds: float
    good_built: bool
    stderr_lines: int
    first_reason: str
    extra: dict = field(default_factory=dict)


def storyline(args: list[str], cwd: Path, timeout: float, env: dict | None = None) -> tuple[int | None, str, str, float]:
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", CLI, *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env or os.environ.copy(), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "backslashreplace"), time.monotonic() - started


def good_built(out: Path) -> bool:
    for name in ("timeline.json", "index.json"):
        path = out / name
        if path.exists():
            return "Velmora" in path.read_text(encoding="utf-8", errors="replace")
    return False


def run_case(case: str, what: str, bad: list[str], work: Path, timeout: float = 120,
             options: tuple[str, ...] = (), good: bool = True) -> Outcome:
    out = work / "out"
    args = ["build", *([str(work / "good.txt")] if good else []), *bad, "-o", str(out), "--no-store", *options]
    code, _, err, seconds = storyline(args, work, timeout)
    lines = [line for line in err.splitlines() if line.strip()]
    reasons = [line for line in lines if not line.startswith(("read ", "duplicates ", "stories ", "done in"))]
    first = next((r for r in reasons if "good.txt" not in r), "")
    return Outcome(case, what, code, round(seconds, 1), good_built(out), len(lines), first[:160])


def varied_paragraph(size: int) -> str:
    """One line of ``size`` characters of sentences that do not repeat (a live blog with no breaks)."""
    rng = random.Random(7)
    words = "water levee river town council pump road bridge family school night rain crew boat".split()
    out, length, n = [], 0, 0
    while length < size:
        n += 1
        sentence = f"At {n % 24:02d}:{n % 60:02d} the {rng.choice(words)} crew number {n} reported " \
                   f"{rng.randint(2, 900)} {rng.choice(words)}s near the {rng.choice(words)}."
        out.append(sentence)
        length += len(sentence) + 1
    return " ".join(out)


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


class _Slow(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path.startswith("/ftp"):
            self.send_response(302)
            self.send_header("Location", f"ftp://127.0.0.1:{self.server.server_port + 1}/x")
            self.end_headers()
        elif self.path.startswith("/drip"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):  # one byte every 5 s for at most 200 s
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(5)
        else:
            body = GOOD.replace("Velmora", "Saltmere").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


def serve() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def supports(flag: str) -> bool:
    code, out, err, _ = storyline(["build", "--help"], Path.cwd(), 60)
    return flag in out


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        frontier += kids
    return found


def case_workers(work: Path) -> Outcome:
    """11: --jobs 2, kill -9 of the main process once its workers run; are they left alive?"""
    pile = work / "pile"
    for n in range(120):
        write(pile / f"{n:03d}.txt", GOOD.replace("crane", f"crane number {n}") * 8)
    proc = subprocess.Popen([sys.executable, "-c", CLI, "build", str(pile), "-o", str(work / "out"), "--no-store",
                             "--jobs", "2"], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    kids: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        kids = children(proc.pid)
        if len(kids) >= 2:
            break
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    alive = [k for k in kids if Path(f"/proc/{k}").exists()]
    for k in alive:
        os.kill(k, signal.SIGKILL)
    return Outcome("11", "--jobs 2 then kill -9 of the main process", proc.returncode, 0.0, False, 0,
                   f"workers seen {len(kids)}, alive 5 s after the kill {len(alive)}",
                   {"workers": len(kids), "orphans": len(alive)})


def cases(work_root: Path, only: set[str]) -> list[Outcome]:
    results: list[Outcome] = []
    server = serve()
    port = server.server_port
    allow = ("--allow-host", "127.0.0.1") if supports("--allow-host") else ()

    def fresh(name: str) -> Path:
        work = work_root / name
        work.mkdir()
        write(work / "good.txt", GOOD)
        return work

    def add(case, what, bad_of, **kw):
        if only and case not in only:
            return
        work = fresh(f"c{len(results)}")
        results.append(run_case(case, what, bad_of(work), work, **kw))

    record = {"text": GOOD.replace("Velmora", "Brannock")}
    add("1", "JSONL integer of 5,000 digits",
        lambda w: [write(w / "big.jsonl", json.dumps({**record, "n": 0})[:-2] + "1" * 5000 + "}\n")])
    add("2a", "JSONL text with a lone surrogate",
        lambda w: [write(w / "s.jsonl", json.dumps({"text": record["text"].replace("two", "two \ud800")}) + "\n")])
    if not only or "2b" in only:
        work = fresh(f"c{len(results)}")
        bad = os.fsdecode(os.fsencode(str(work)) + b"/caf\xe9.txt")
        with open(os.fsencode(bad), "wb") as f:
            f.write(GOOD.replace("Velmora", "Brannock").encode())
        results.append(run_case("2b", "file name not valid UTF-8 (Latin-1 café)", [bad], work))
    add("3a", "JSONL published 0001-01-01",
        lambda w: [write(w / "p.jsonl", json.dumps({**record, "published": "0001-01-01"}) + "\n")])
    add("3b", "JSONL published 9999-12-31, text says next Friday",
        lambda w: [write(w / "p.jsonl", json.dumps({"text": record["text"] + "\nTalks resume next Friday.",
                                                      "published": "9999-12-31"}) + "\n")])
    page = ('<li></li><article class="story">Leak alarm sounded at the tank farm, the operator told'
            '<iframe src=//evil>e tank was sealed by noon, and no one was hurt at the site.</article>')
    add("4", f"malformed page of {len(page)} bytes", lambda w: [write(w / "m.html", page)])
    add("5", "URL http://[::1", lambda w: ["http://[::1"])
    if not only or "6" in only:
        work = fresh(f"c{len(results)}")
        os.mkfifo(work / "f.txt")
        results.append(run_case("6a", "a FIFO given as input", [str(work / "f.txt")], work, timeout=30))
        work = fresh(f"c{len(results)}")
        write(work / "dir" / "a.txt", GOOD.replace("Velmora", "Brannock"))
        os.mkfifo(work / "dir" / "f.txt")
        outcome = run_case("6b", "a FIFO inside a folder", [str(work / "dir")], work, timeout=30)
        outcome.extra["fifo_named"] = "f.txt" in outcome.first_reason
        results.append(outcome)
    add("7", "one paragraph of 1,100,000 characters (model mode)",
        lambda w: [write(w / "long.txt", "Brannock levee breaks\n" + varied_paragraph(1_100_000) + "\n")],
        timeout=600)
    if not only or "8" in only:
        results.append(case_unreadable_folder(fresh(f"c{len(results)}")))
    add("9a", "--max-bytes 100000000000", lambda w: [write(w / "b.txt", record["text"])],
        options=("--max-bytes", "100000000000"))
    add("9b", "--max-bytes 9223372036854775806", lambda w: [write(w / "b.txt", record["text"])],
        options=("--max-bytes", "9223372036854775806"))
    add("10", "URL of a server sending one byte every 5 s (default timeout 20 s)",
        lambda w: [f"http://127.0.0.1:{port}/drip"], timeout=200, options=allow)
    if not only or "11" in only:
        results.append(case_workers(fresh(f"c{len(results)}")))
    add("12a", "URL on 127.0.0.1, no allowance", lambda w: [f"http://127.0.0.1:{port}/page"])
    add("12b", "redirect to ftp://127.0.0.1", lambda w: [f"http://127.0.0.1:{port}/ftp"], options=allow)
    add("13a", "redirect loop", lambda w: [f"http://127.0.0.1:{port}/loop"], options=allow)
    add("13b", "file name with a newline and fake summary lines",
        lambda w: [write(w / "x\nskipped evil.txt: fake\nread 99, usable 99.txt", b"\0\1\2")])
    add("13c", "file name with a terminal escape", lambda w: [write(w / "\x1b[2J\x1b[31mred.txt", b"\0\1")])
    add("13d", "WARC with a control character in a header",
        lambda w: [write(w / "c.warc", b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\x1b[31m\r\n"
                         b"Content-Length: 5\r\n\r\nHTTP/\r\n\r\n")])
    nested = "<html><body>" + "<div>" * 300 + "<p>" + GOOD.replace("Velmora", "Brannock").replace("\n", "</p><p>") \
        + "</p>" + "</div>" * 300 + "</body></html>"
    add("14", "300 nested <div>s around a normal article", lambda w: [write(w / "nested.html", nested)])
    server.shutdown()
    return results


def case_unreadable_folder(work: Path) -> Outcome:
    """8: a folder without execute permission in the tree, run as an unprivileged user."""
    write(work / "p" / "a.txt", GOOD.replace("Velmora", "Brannock"))
    (work / "p" / "bad").mkdir()
    os.chmod(work / "p" / "bad", 0o600)
    if os.geteuid() != 0:
        return run_case("8", "folder without execute permission", [str(work / "p")], work)
    for path in [work, *work.rglob("*")]:
        os.chown(path, 65534, 65534)
    os.chmod(work, 0o777)
    env = {**os.environ, "HOME": str(work)}
    started = time.monotonic()
    proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", CLI,
                           "build", str(work / "good.txt"), str(work / "p"), "-o", str(work / "out"), "--no-store"],
                          cwd=work, capture_output=True, env=env, timeout=120)
    err = proc.stderr.decode("utf-8", "replace").splitlines()
    first = next((line for line in err if "bad" in line), err[0] if err else "")
    return Outcome("8", "folder without execute permission (as uid 65534)", proc.returncode,
                   round(time.monotonic() - started, 1), good_built(work / "out"), len(err), first[:160])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    only = {c.strip() for c in args.only.split(",") if c.strip()}
    with tempfile.TemporaryDirectory(prefix="fifteen-") as tmp:
        os.chmod(tmp, 0o755)
        results = cases(Path(tmp), only)
    print(f"{'case':5} {'exit':>4} {'secs':>6} {'good':>5} {'lines':>5}  what / first reason")
    for r in results:
        print(f"{r.case:5} {str(r.exit):>4} {r.seconds:6.1f} {str(r.good_built):>5} {r.stderr_lines:5}  {r.what}")
        print(f"{'':30}{r.first_reason!r}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
