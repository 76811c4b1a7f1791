"""Replace the outputs in a folder as a whole, so a reader sees the old set or the new one.

The new set is written to a hidden sibling of OUT (``.OUT.storyline-new.<pid>.<inode of
OUT>``), every other entry of OUT (the store, the user's files and folders) is hard-linked
there (copied where links fail), then the two folders are swapped in one step:
``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, between which OUT is
briefly absent. What appeared in the old folder meanwhile is moved into the new one, and
the old folder, emptied, is removed. A write killed at any moment leaves OUT whole, old or
new, beside a leftover the next write sorts out (:func:`recover`); the inode in its name
says which side it is on, since after the swap the leftover *is* the old OUT.

Where OUT cannot be switched (parent not writable, OUT a mount point or holding one, this
process's working directory inside it, a file neither linkable nor copyable) its files are
replaced one by one instead. Writes to one OUT are serialized by a lock file beside it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

Output = tuple[str, Callable[[], bytes]]  # a path relative to OUT ("a/timeline.json"), its bytes
IsOutput = Callable[[str], bool]  # is this path relative to OUT named like an output?

_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


class CannotSwitch(Exception):
    """OUT cannot be switched as a whole; write its files in place instead."""


def replace_outputs(out: Path, outputs: Sequence[Output], manifest: str, names: IsOutput) -> None:
    """Make ``out`` hold ``outputs`` and a manifest listing them, plus every entry that is
    not an output of an earlier write (listed in its manifest and named like an output:
    ``names(path)`` is true for its path relative to ``out``)."""
    real = Path(os.path.realpath(out))
    with _locked(real):
        recover(real, manifest, names)
        try:
            if _switch(real, outputs, manifest, names):
                return
        except CannotSwitch:
            pass
        _write_in_place(real, outputs, manifest, names)


# --------------------------------------------------------------------------- the switch


def _switch(out: Path, outputs: Sequence[Output], manifest: str, names: IsOutput) -> bool:
    try:
        st: os.stat_result | None = os.lstat(out)
    except FileNotFoundError:
        st = None
    if st is not None and (not stat.S_ISDIR(st.st_mode) or os.path.ismount(out)):
        return False
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = ""
    if cwd == str(out) or cwd.startswith(str(out).rstrip(os.sep) + os.sep):
        return False  # switching would leave this process in the old, removed folder
    stage = out.parent / f".{out.name}.storyline-new.{os.getpid()}.{st.st_ino if st else 0}"
    try:
        os.mkdir(stage)
    except OSError:
        return False  # parent not writable, name too long, ...
    now = {rel for rel, _ in outputs}
    try:
        _put(stage / manifest, "".join(f"{rel}\n" for rel in sorted(now)).encode("utf-8"))  # first: says
        for rel, make in outputs:  # what a leftover holds of ours
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            _put(stage / rel, make())
        if st is None:
            _step(os.rename, stage, out)
            return True
        _mirror(out, stage, listed(out, manifest, names) | now | {manifest}, st.st_dev)
        _same_owner(st, stage)
        old = stage
        if not _step(exchange, stage, out):
            old = out.parent / f".{out.name}.storyline-old.{os.getpid()}.{st.st_ino}"
            _step(os.rename, out, old)
            try:
                os.rename(stage, out)  # OUT is absent from the first rename to this one
            except OSError:
                os.rename(old, out)
                raise CannotSwitch from None
    except BaseException:
        recover(out, manifest, names)  # the staging folder, or the old one if already switched
        raise
    drain(old, out, manifest, _skip(old, out, manifest, names), prefer="src")  # src: newer than its links
    return True


def _step(op: Callable[[Path, Path], object], a: Path, b: Path) -> object:
    try:
        return op(a, b)
    except OSError as exc:
        raise CannotSwitch(exc) from exc


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where the system cannot."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    err = ctypes.get_errno()
    if err in _NO_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc < 2.28, ...
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def _mirror(src: Path, dst: Path, skip: set[str], dev: int, rel: str = "") -> int:
    """Hard-link (or copy) into ``dst`` every entry of ``src`` but the ``skip`` files,
    recreating folders; return how many entries were brought."""
    if not os.access(src, os.W_OK | os.X_OK):
        raise CannotSwitch(f"{src} is not writable")  # its old copy could not be emptied
    brought = 0
    with os.scandir(src) as it:
        entries = list(it)
    for entry in entries:
        path, target, st = Path(entry.path), dst / entry.name, entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            if st.st_dev != dev or os.path.ismount(path):
                raise CannotSwitch(f"{path} is a mount point")
            made = not os.path.lexists(target)
            if made:
                os.mkdir(target)
            elif not target.is_dir() or target.is_symlink():
                raise FileExistsError(errno.EEXIST, "an output is in the way of this folder", str(path))
            inside = _mirror(path, target, skip, dev, f"{rel}{entry.name}/")
            if made and not inside and os.listdir(path):
                os.rmdir(target)  # it held only outputs of an earlier write
                continue
            if made:
                _same_owner(st, target)
            brought += 1
        elif f"{rel}{entry.name}" in skip:
            continue
        elif os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "a story folder is in the way of this file", str(path))
        else:
            try:
                os.link(path, target, follow_symlinks=False)
            except OSError:
                try:
                    shutil.copy2(path, target, follow_symlinks=False)
                except OSError as exc:
                    raise CannotSwitch(exc) from exc
            brought += 1
    return brought


def _same_owner(st: os.stat_result, path: Path) -> None:
    os.chmod(path, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.stat(path).st_uid, os.stat(path).st_gid):
        with suppress(OSError):
            os.chown(path, st.st_uid, st.st_gid)


# --------------------------------------------------------------------------- leftovers


def recover(out: Path, manifest: str, names: IsOutput) -> None:
    """Sort out the hidden siblings a killed write left next to ``out``."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.storyline-(new|old)\.\d+\.(\d+)")
    try:
        with os.scandir(out.parent) as it:
            found = sorted((m[1] == "new", m[0], int(m[2])) for e in it if (m := pattern.fullmatch(e.name)))
    except OSError:
        return
    for is_new, name, inode in found:  # the old folders first
        left = out.parent / name
        try:
            ours = not is_new or os.lstat(left).st_ino == inode  # after the swap: the old OUT
            if ours and not os.path.lexists(out):
                os.rename(left, out)  # killed between the two renames: the old set comes back
                continue
        except OSError:
            continue
        drain(left, out, manifest, _skip(left, out, manifest, names), prefer="newer" if ours else "dst")


def drain(src: Path, dst: Path, manifest: str, skip: set[str], prefer: str, rel: str = "") -> None:
    """Empty the folder ``src`` into ``dst``: what ``dst`` lacks moves over, the ``skip``
    files and links to what ``dst`` holds are dropped; of two different files of one name
    the ``prefer``red one stays ("src", "dst" or the "newer"). An entry that cannot be
    placed (a file where ``dst`` has a folder) stays in ``src``, which is then removed if empty."""
    try:
        with os.scandir(src) as it:
            entries = sorted(it, key=lambda e: f"{rel}{e.name}" == manifest)
    except OSError:
        return
    for entry in entries:
        here, there, mine = Path(entry.path), dst / entry.name, f"{rel}{entry.name}"
        try:
            if mine == manifest and len(os.listdir(src)) > 1:
                continue  # it says which files are outputs: kept while any is left
            st = entry.stat(follow_symlinks=False)
            is_dir = stat.S_ISDIR(st.st_mode)
            if not is_dir and mine in skip:
                os.unlink(here)
                continue
            try:
                theirs: os.stat_result | None = os.lstat(there)
            except (FileNotFoundError, NotADirectoryError):  # or a file where dst's folder would be
                theirs = None
            if is_dir and (theirs is not None or any(s.startswith(mine + "/") for s in skip)):
                os.chmod(here, stat.S_IMODE(st.st_mode) | stat.S_IRWXU)
                drain(here, there, manifest, skip, prefer, mine + "/")  # what cannot be placed stays
            elif theirs is None:
                if not os.path.isdir(dst):  # a story folder that holds a user's file
                    os.mkdir(dst)
                    _same_owner(os.stat(src), dst)
                os.rename(here, there)
            elif not is_dir and not stat.S_ISDIR(theirs.st_mode):
                newer = st.st_mtime_ns > theirs.st_mtime_ns
                if not os.path.samestat(st, theirs) and (prefer == "src" or prefer == "newer" and newer):
                    os.replace(here, there)
                else:
                    os.unlink(here)
        except OSError:
            pass  # left where it is
    with suppress(OSError):
        os.rmdir(src)


def _skip(left: Path, out: Path, manifest: str, names: IsOutput) -> set[str]:
    """What a leftover holds that is nobody's to keep: outputs of either side, the manifest."""
    return listed(left, manifest, names) | listed(out, manifest, names) | {manifest}


def listed(folder: Path, manifest: str, names: IsOutput) -> set[str]:
    """The outputs ``folder``'s manifest lists: relative paths that ``names`` says are
    named like an output (never absolute, never with ``..``)."""
    try:
        lines = (folder / manifest).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    paths = (PurePosixPath(line) for line in lines if line.strip())
    return {p.as_posix() for p in paths
            if not p.is_absolute() and ".." not in p.parts and names(p.as_posix())}


# --------------------------------------------------------------------------- in place


def _write_in_place(out: Path, outputs: Sequence[Output], manifest: str, names: IsOutput) -> None:
    """The files one by one, each replaced atomically; then the stale outputs go, and the
    folders they leave empty."""
    for rel, make in outputs:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        _put(out / rel, make(), atomic=True)
    now = {rel for rel, _ in outputs}
    for rel in sorted(listed(out, manifest, names) - now):
        (out / rel).unlink(missing_ok=True)
        for parent in PurePosixPath(rel).parents[:-1]:  # "a/documents", then "a"
            try:
                (out / parent).rmdir()  # only when empty
            except OSError:
                break
    _put(out / manifest, "".join(f"{rel}\n" for rel in sorted(now)).encode("utf-8"), atomic=True)


def _put(path: Path, data: bytes, atomic: bool = False) -> None:
    if not atomic:
        path.write_bytes(data)
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``.OUT.storyline-lock`` beside ``out``, removed after (on
    ``out`` itself where the parent is not writable; none where neither opens or locks)."""
    lock, fd, owned = out.parent / f".{out.name}.storyline-lock", -1, False
    while fcntl is not None and fd < 0:
        try:
            fd, owned = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644), True
        except OSError:
            with suppress(OSError):
                fd = os.open(out, os.O_RDONLY | os.O_CLOEXEC)
            if fd < 0:
                break
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if owned and not os.path.samestat(os.fstat(fd), os.stat(lock)):
                raise FileNotFoundError(lock)
        except OSError as exc:
            os.close(fd)
            fd = -1
            if not isinstance(exc, FileNotFoundError):  # no locks here (some network filesystems)
                owned = False
                break  # else the write before removed that lock file: take a new one
    try:
        yield
    finally:
        if owned:
            with suppress(OSError):
                os.unlink(lock)
        if fd >= 0:
            os.close(fd)
