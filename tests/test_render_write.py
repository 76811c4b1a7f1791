"""write() replaces the output folder as a whole: a reader (or a kill -9) never sees a mixed set,
and the files in it that are not outputs (the store, the user's) are never lost."""

from __future__ import annotations

import errno
import inspect
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyline.model import Document, Event, Evidence, Pile, Story
from storyline.render.contract import story_folder
from storyline.render import FORMATS, HTML_PAGES, MANIFEST, is_output, write
from storyline.render import folder as folder_mod
from storyline.render._common import anchors

STORE = bytes(random.Random(7).randrange(256) for _ in range(50_000))


# --------------------------------------------------------------------------- stories by hand


def make_story(sid: str, n_docs: int = 2) -> Story:
    docs, events = [], []
    for i in range(n_docs):
        sentence = f"Officials in {sid} announced measure {i} on Monday."
        doc = Document(id=f"{sid}-{i}.txt", source=f"in/{sid}-{i}.txt", text=f"{sid} news.\n\n{sentence}\n",
                       title=f"{sid} report {i}", outlet=f"Outlet {i}", published=f"2012-0{i % 9 + 1}-0{i % 9 + 1}")
        start = doc.text.index(sentence)
        docs.append(doc)
        events.append(Event(date=doc.published, summary=(sentence,),
                            evidence=(Evidence(doc.id, start, start + len(sentence), sentence),), sources=(doc.id,)))
    return Story(documents=docs, events=events, id=sid, label=f"{sid} story", keywords=(sid,))


def make_pile(ids: list[str]) -> Pile:
    parts = [make_story(i) for i in ids]
    return Pile(documents=[d for p in parts for d in p.documents], stories=parts)


SINGLE = make_story("solo")
PILE_A = make_pile(["alpha", "beta", "gamma"])
PILE_B = make_pile(["beta", "delta"])


# --------------------------------------------------------------------------- helpers


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root``: a file's bytes, a folder, a link's target."""
    got: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                got[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                got[rel] = "dir"
            else:
                got[rel] = path.read_bytes()
    return got


def add_user_files(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "storyline.sqlite").write_bytes(STORE)
    (out / "storyline.sqlite-wal").write_bytes(b"wal")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "mine" / "deep").mkdir(parents=True, exist_ok=True)
    (out / "mine" / "deep" / "x.txt").write_text("deep", encoding="utf-8")
    (out / "mine" / "empty").mkdir(exist_ok=True)
    (out / "link").unlink(missing_ok=True)
    (out / "link").symlink_to("notes.txt")


def expected(tmp: Path, story: Story, formats=("json", "md", "html")) -> dict[str, object]:
    """What OUT must hold after writing ``story``: a clean write plus the user's files."""
    clean = tmp / f"clean-{len(list(tmp.iterdir()))}"
    write(story, clean, formats)
    user = tmp / f"user-{len(list(tmp.iterdir()))}"
    add_user_files(user)
    return {**snapshot(user), **snapshot(clean)}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "site" / "out"
    add_user_files(path)
    return path


# --------------------------------------------------------------------------- the set


def test_write_holds_the_new_outputs_and_every_other_file(out, tmp_path):
    inode = os.stat(out / "storyline.sqlite").st_ino
    paths = write(PILE_A, out, FORMATS)
    assert snapshot(out) == expected(tmp_path, PILE_A, FORMATS)
    assert (out / "storyline.sqlite").read_bytes() == STORE
    assert os.stat(out / "storyline.sqlite").st_ino == inode, "the store is linked, not copied"
    assert all(p.is_file() and p.is_relative_to(out) for p in paths) and len(paths) == 3 + 3 * 4
    assert leftovers(out) == [], "no staging folder, old folder or lock file left"


@pytest.mark.parametrize("first, second", [(PILE_A, SINGLE), (SINGLE, PILE_A), (PILE_A, PILE_B), (PILE_B, PILE_A)])
def test_no_stale_outputs_between_layouts(out, tmp_path, first, second):
    write(first, out)
    (out / "beta" / "mine.txt").parent.mkdir(exist_ok=True)
    (out / "beta" / "mine.txt").write_text("kept", encoding="utf-8")  # a user file in a story folder
    write(second, out)
    want = expected(tmp_path, second)
    want.setdefault("beta", "dir")
    want["beta/mine.txt"] = b"kept"
    assert snapshot(out) == want
    assert leftovers(out) == []


def report_files(story: Story, folder: str = "") -> set[str]:
    """The files of one story's set: its timeline.* and the HTML report's other pages."""
    pages = {f"{folder}{name}" for name in ("timeline.json", "timeline.md", *HTML_PAGES)}
    return pages | {f"{folder}documents/{a}.html" for a in anchors(story).values()}


def test_first_write_creates_the_folder(tmp_path):
    out = tmp_path / "new" / "out"
    paths = write(PILE_A, out)
    main = {p.relative_to(out).as_posix() for p in paths}
    assert main == {"index.json", "index.md", "index.html"} | {f"{s}/timeline.{x}" for s in ("alpha", "beta", "gamma")
                                                                 for x in ("json", "md", "html")}
    files = {"index.json", "index.md", "index.html"}.union(*(report_files(s, f"{s.id}/") for s in PILE_A.stories))
    folders = {"alpha", "beta", "gamma", "alpha/documents", "beta/documents", "gamma/documents"}
    assert set(snapshot(out)) == files | folders | {MANIFEST}
    assert (out / MANIFEST).read_text(encoding="utf-8") == "".join(f"{f}\n" for f in sorted(files))
    assert leftovers(out) == []


@pytest.mark.parametrize("in_place", [False, True], ids=["switch", "in-place"])
def test_stale_document_pages_go_and_the_users_files_beside_them_stay(out, tmp_path, monkeypatch, in_place):
    if in_place:  # e.g. OUT is a mount point: the files are replaced one by one
        monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == out)
    fewer = make_story("solo", n_docs=1)
    write(make_story("solo", n_docs=3), out)
    pages = sorted(p.name for p in (out / "documents").iterdir())
    assert len(pages) == 3
    (out / "documents" / "mine.txt").write_text("kept", encoding="utf-8")  # a user's file among the pages
    (out / "documents" / "doc-mine.html").write_text("named like a page, not in the manifest", encoding="utf-8")
    write(fewer, out)
    want = {f"documents/{a}.html" for a in anchors(fewer).values()}
    assert {f"documents/{p.name}" for p in (out / "documents").iterdir()} == want | {"documents/mine.txt", "documents/doc-mine.html"}
    assert (out / "documents" / "mine.txt").read_text(encoding="utf-8") == "kept"
    # from one story to a pile: the single story's pages go, its documents folder with them
    (out / "documents" / "mine.txt").unlink()
    (out / "documents" / "doc-mine.html").unlink()
    write(PILE_B, out)
    assert not (out / "documents").exists() and not (out / "timeline.html").exists()
    assert snapshot(out) == expected(tmp_path, PILE_B)
    # a story that is gone takes its folder, pages and all
    write(make_pile(["beta"]), out)
    assert not (out / "delta").exists() and snapshot(out) == expected(tmp_path, make_pile(["beta"]))
    assert leftovers(out) == []


def test_a_tampered_manifest_removes_nothing_but_outputs(out, tmp_path):
    write(SINGLE, out)
    (out / "documents" / "notes.html").write_text("mine", encoding="utf-8")
    (out / "mine" / "documents").mkdir()
    (out / "mine" / "documents" / "doc-a.html").write_text("mine", encoding="utf-8")
    with (out / MANIFEST).open("a", encoding="utf-8") as f:
        f.write("documents/notes.html\nmine/documents/doc-a.html\nnotes.txt\n../out/notes.txt\n/etc/passwd\n")
    write(SINGLE, out)
    assert (out / "documents" / "notes.html").read_text(encoding="utf-8") == "mine"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    # named like a story's page, one folder deep: taken for an output of an earlier write
    assert not (out / "mine" / "documents" / "doc-a.html").exists()
    assert is_output("mine/documents/doc-a.html") and not is_output("a/b/documents/doc-a.html")
    assert not is_output("documents/notes.html") and not is_output("documents/doc-A.html")
    assert is_output("quotes.html") and is_output("s/figures.html") and not is_output("s/t/figures.html")


def test_a_file_in_the_way_of_a_story_folder_fails_before_anything_changes(out):
    write(SINGLE, out)
    (out / "alpha").write_text("a user file named like a story", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(FileExistsError):
        write(PILE_A, out)
    assert snapshot(out) == before and leftovers(out) == []


# --------------------------------------------------------------------------- what cannot be switched


def test_falls_back_to_writing_in_place(out, tmp_path, monkeypatch):
    write(PILE_A, out)
    want = expected(tmp_path, SINGLE)
    monkeypatch.setattr(folder_mod, "exchange", lambda a, b: (_ for _ in ()).throw(OSError(errno.EXDEV, "cross")))
    write(SINGLE, out)  # e.g. the folder is on another filesystem than its staging sibling
    assert snapshot(out) == want and leftovers(out) == []
    monkeypatch.undo()
    write(PILE_A, out)
    real_mkdir = os.mkdir

    def no_sibling(path, *args, **kwargs):  # as if the parent were not writable
        if Path(path).name.startswith(".out."):
            raise PermissionError(errno.EACCES, "denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", no_sibling)
    write(SINGLE, out)
    assert snapshot(out) == want and leftovers(out) == []
    monkeypatch.undo()
    write(PILE_A, out)
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == out)
    write(SINGLE, out)
    assert snapshot(out) == want and leftovers(out) == []


def test_copies_where_hard_links_fail_and_the_originals_come_back(out, tmp_path, monkeypatch):
    inode = os.stat(out / "storyline.sqlite").st_ino
    out.chmod(0o750)
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    write(PILE_A, out)
    assert snapshot(out) == expected(tmp_path, PILE_A) and leftovers(out) == []
    assert os.stat(out / "storyline.sqlite").st_ino == inode, "the store itself, not its copy, ends up in OUT"
    assert out.stat().st_mode & 0o777 == 0o750


def test_two_renames_where_the_exchange_is_missing(out, tmp_path, monkeypatch):
    monkeypatch.setattr(folder_mod, "exchange", lambda a, b: False)
    write(PILE_A, out)
    write(SINGLE, out)
    assert snapshot(out) == expected(tmp_path, SINGLE)
    assert leftovers(out) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_parent(out, tmp_path):
    write(PILE_A, out)
    want = expected(tmp_path, SINGLE)
    out.parent.chmod(0o555)
    try:
        write(SINGLE, out)
    finally:
        out.parent.chmod(0o755)
    assert snapshot(out) == want


def test_working_directory_inside_and_symlinked_folder(out, tmp_path, monkeypatch):
    want = expected(tmp_path, PILE_B)
    monkeypatch.chdir(out)
    paths = write(PILE_B, ".")  # cannot switch the folder this process stands in: written in place
    assert all(p.is_file() for p in paths) and snapshot(out) == want
    monkeypatch.chdir(tmp_path)
    (tmp_path / "alias").symlink_to(out)
    write(SINGLE, tmp_path / "alias")
    assert (tmp_path / "alias").is_symlink() and (out / "timeline.json").exists()
    assert not (out / "index.json").exists() and (out / "storyline.sqlite").read_bytes() == STORE
    assert leftovers(out) == [] and leftovers(tmp_path / "alias") == []


def test_concurrent_writes_serialize(out):
    errors: list[BaseException] = []

    def loop(story: Story) -> None:
        try:
            for _ in range(15):
                write(story, out)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=loop, args=(s,)) for s in (PILE_A, SINGLE, PILE_B)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert_consistent(out)
    assert leftovers(out) == []


# --------------------------------------------------------------------------- a crash at every step


COUNTED = ("mkdir", "link", "rename", "replace", "unlink", "rmdir", "chmod")


def run_killed_at(step: int, story: Story, out: Path, exchange_available: bool, meanwhile: bool) -> bool:
    """Write ``story`` in a forked child that dies (os._exit, no clean-up) before its
    ``step``-th filesystem change; True when the write finished first."""
    pid = os.fork()
    if pid:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0
    try:  # the child: never returns into pytest
        count = [0]

        def counted(fn):
            def wrapper(*args, **kwargs):
                count[0] += 1
                if count[0] == step:
                    os._exit(9)
                return fn(*args, **kwargs)
            return wrapper

        real_rename, real_exchange = os.rename, folder_mod.exchange
        for name in COUNTED:
            setattr(os, name, counted(getattr(os, name)))
        folder_mod._put = counted(folder_mod._put)

        def exchange(a, b):
            if meanwhile:  # another program writes into OUT just before the switch
                Path(b, "storyline.sqlite-journal").write_bytes(b"journal")
                Path(b, "notes.txt.tmp").write_text("newer", encoding="utf-8")
                real_rename(Path(b, "notes.txt.tmp"), Path(b, "notes.txt"))
            return real_exchange(a, b) if exchange_available else False

        folder_mod.exchange = counted(exchange)
        write(story, out)
        os._exit(0)
    finally:
        os._exit(1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("exchange_available", [True, False], ids=["exchange", "two-renames"])
@pytest.mark.parametrize("old, new", [(PILE_A, SINGLE), (SINGLE, PILE_A), (PILE_A, PILE_B), (None, PILE_B)],
                         ids=["pile-single", "single-pile", "pile-pile", "no-folder"])
def test_a_crash_at_every_step_leaves_old_or_new(tmp_path, old, new, exchange_available):
    out = tmp_path / "w" / "out"
    pristine = tmp_path / "pristine"
    if old is not None:
        add_user_files(pristine)
        write(old, pristine)
    before = snapshot(pristine) if old is not None else None
    after = expected(tmp_path, new) if old is not None else snapshot(_clean(tmp_path, new))
    step, finished = 0, False
    while not finished:
        step += 1
        assert step < 500
        shutil.rmtree(out.parent, ignore_errors=True)
        out.parent.mkdir()
        if old is not None:
            shutil.copytree(pristine, out, symlinks=True)
        finished = run_killed_at(step, new, out, exchange_available, meanwhile=False)
        edited = {}
        if out.exists():
            now = snapshot(out)
            assert now in (before, after), f"mixed set after a kill at step {step}"
            if old is not None:  # the user saves a file before the next write: that version stays
                (out / "notes.tmp").write_text("edited", encoding="utf-8")
                os.utime(out / "notes.tmp", ns=(time.time_ns() + 10**9,) * 2)
                os.replace(out / "notes.tmp", out / "notes.txt")
                edited = {"notes.txt": b"edited"}
        else:
            assert old is None or not exchange_available, f"OUT gone after a kill at step {step}"
            if old is not None:  # killed between the two renames: the old set is whole beside it
                [kept] = [p for p in out.parent.iterdir() if ".storyline-old." in p.name]
                assert snapshot(kept) == before
        write(new, out)  # the next write sorts the leftovers out
        assert snapshot(out) == {**after, **edited}, f"after a kill at step {step}"
        assert leftovers(out) == []
    assert step > 10


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("exchange_available", [True, False], ids=["exchange", "two-renames"])
def test_what_appears_during_the_switch_is_kept_even_after_a_crash(tmp_path, exchange_available):
    pristine = tmp_path / "pristine"
    add_user_files(pristine)
    write(PILE_A, pristine)
    want = {**expected(tmp_path, SINGLE), "storyline.sqlite-journal": b"journal", "notes.txt": b"newer"}
    out = tmp_path / "w" / "out"
    step, finished = 0, False
    while not finished:
        step += 1
        shutil.rmtree(out.parent, ignore_errors=True)
        out.parent.mkdir()
        shutil.copytree(pristine, out, symlinks=True)
        finished = run_killed_at(step, SINGLE, out, exchange_available, meanwhile=True)
        write(SINGLE, out)
        got = snapshot(out)
        if "storyline.sqlite-journal" in got:  # killed after the other program wrote
            assert got == want, f"after a kill at step {step}"
        assert leftovers(out) == []


def _clean(tmp: Path, story: Story) -> Path:
    path = tmp / "clean-only"
    write(story, path)
    return path


# --------------------------------------------------------------------------- real kill -9


def assert_consistent(out: Path) -> None:
    """One whole set: an index with every story folder it lists, or one timeline."""
    top = {p.name for p in out.iterdir()}
    assert (out / "storyline.sqlite").read_bytes() == STORE and (out / "notes.txt").read_text() == "mine"
    assert (out / "mine" / "deep" / "x.txt").read_text() == "deep"
    user = {"storyline.sqlite", "storyline.sqlite-wal", "notes.txt", "mine", "link", MANIFEST}
    listed = set((out / MANIFEST).read_text(encoding="utf-8").splitlines())
    single = {"timeline.json", "timeline.md", *HTML_PAGES, "documents"}
    if "index.json" in top:
        assert not top & single
        assert {"index.md", "index.html"} <= top
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        folders = set()
        for entry in index["stories"]:
            part = json.loads((out / entry["path"]).read_text(encoding="utf-8"))
            assert part["story"]["id"] == entry["id"]
            here = out / entry["path"]
            assert {p.name for p in here.parent.iterdir()} == single, "one story's whole set"
            assert len(list((here.parent / "documents").iterdir())) == len(part["documents"])
            folders.add(story_folder(entry["id"]))
        assert top - user - {"index.json", "index.md", "index.html"} == folders, "a story folder too many"
    else:
        assert top - user == single
        data = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
        assert len(list((out / "documents").iterdir())) == len(data["documents"])
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.is_symlink()}
    assert listed == {f for f in files if not f.startswith("mine/") and f.split("/")[0] not in user}


CHILD = f"""
import sys
from pathlib import Path
from storyline.model import Document, Event, Evidence, Pile, Story
from storyline.render import write
{inspect.getsource(make_story)}
{inspect.getsource(make_pile)}
stories = [make_pile([f"s{{i}}" for i in range(n, n + 25)]) for n in (0, 10)] + [make_story("one")]
print("ready", flush=True)
while True:
    for story in stories:
        write(story, Path(sys.argv[1]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_at_random_moments(out):
    write(make_pile([f"s{i}" for i in range(25)]), out)
    rng = random.Random(15)
    for _ in range(10):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(out)], stdout=subprocess.PIPE)
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert_consistent(out)
    write(SINGLE, out)
    assert_consistent(out)
    assert leftovers(out) == []
