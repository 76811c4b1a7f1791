"""Turn the inputs a user gave into an ordered plan: files with their ids, URLs, stdin.

Folders are walked recursively in sorted order, skipping hidden names and the
non-article parts of Timeline17 topic folders; globs are expanded and sorted; a file
reached twice is planned once, where it was first reached.
"""

from __future__ import annotations

import glob
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.ingest import t17
from storyline.ingest.errors import os_code, os_reason
from storyline.ingest.files import special_kind
from storyline.ingest.url import is_url
from storyline.model import Rejected

_GLOB = re.compile(r"[*?[]")


@dataclass(frozen=True)
class Planned:
    """One thing to read: ``kind`` is ``"file"``, ``"url"`` or ``"stdin"``."""

    kind: str
    source: str
    id: str
    path: Path | None = None


STDIN = Planned("stdin", "stdin", "stdin")


def plan(inputs: Iterable[str | os.PathLike[str]]) -> list[Planned | Rejected]:
    """Everything to read, in order, or why an input gave nothing to read."""
    steps: list[Path | Planned | Rejected] = []
    anchors: list[str] = []  # the parent folder of each input, for colliding names
    seen: dict[tuple[str, str], Path | Planned | Rejected] = {}

    def add(step: Path | Planned | Rejected, key: tuple[str, str], named: bool = False) -> None:
        if key not in seen:
            seen[key] = step
            steps.append(step)
            return
        first = seen[key]
        if named and isinstance(first, Path) and os.path.abspath(first) != os.path.abspath(step):
            # a file the user named that is one already read under another name (a link to it)
            steps.append(Rejected(str(step), f"the same file as {first} (read once)", code="duplicate-input"))

    for given in map(os.fspath, inputs):
        if given == "-" or is_url(given):
            step = STDIN if given == "-" else Planned("url", given, given)
            add(step, (step.kind, step.source))
            continue
        matches = _matches(given)
        if isinstance(matches, Rejected):
            add(matches, ("rejected", matches.source))
            continue
        for match in matches:
            anchors.append(os.path.dirname(os.path.abspath(match)))
            named = match == given and not os.path.isdir(match)
            for found in _files(match):
                if isinstance(found, Rejected):
                    add(found, ("rejected", found.source))
                else:
                    add(found, ("file", os.path.realpath(found)), named)
    return _with_ids(steps, anchors)


def _matches(given: str) -> list[str] | Rejected:
    """The paths an input names: itself if it exists, else what it matches as a glob."""
    if not given.strip():
        return Rejected(given, "empty path", code="not-found")
    if os.path.lexists(given):
        return [given]
    if not _GLOB.search(given):
        return Rejected(given, "no such file or directory", code="not-found")
    matches = sorted(glob.glob(given, recursive=True))
    return matches or Rejected(given, "matched no files", code="not-found")


def _files(path: str) -> Iterator[Path | Rejected]:
    """``path`` itself, or the files of a folder."""
    if not os.path.isdir(path):
        yield Path(path)
        return
    found = False
    for item in _walk(path):
        found = True
        yield item
    if not found:
        yield Rejected(path, "no files in folder (hidden files are skipped)", code="empty")


def _walk(folder: str) -> Iterator[Path | Rejected]:
    """Regular files under ``folder``, sorted by name at each level.

    Hidden names are skipped, symbolic links to folders are not followed, and only
    ``InputDocs`` is entered in a Timeline17 topic folder. A FIFO, socket or device, a
    dangling link and an entry that cannot be examined are each a Rejected saying so.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Rejected(folder, os_reason(error), code=os_code(error))
        return
    if t17.is_topic(folder):
        entries = [entry for entry in entries if entry.name == t17.INPUT_DOCS]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif entry.is_file():
                yield Path(entry.path)
            elif entry.is_symlink():
                if not entry.is_dir():  # a link to a folder is not followed
                    yield Rejected(entry.path, "a symbolic link to nothing (dangling or a loop)", code="not-found")
            else:
                yield Rejected(entry.path, f"not a regular file ({special_kind(entry.stat().st_mode)})", code="unreadable")
        except OSError as error:
            yield Rejected(entry.path, os_reason(error), code=os_code(error))


def _with_ids(
    steps: list[Path | Planned | Rejected], anchors: list[str]
) -> list[Planned | Rejected]:
    """Files get their name as id; names that collide get the path from the inputs' parent."""
    names = Counter(step.name for step in steps if isinstance(step, Path))
    base = os.path.commonpath(anchors) if anchors else ""

    def file_id(path: Path) -> str:
        if names[path.name] == 1:
            return path.name
        return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()

    return [
        Planned("file", str(step), file_id(step), step) if isinstance(step, Path) else step
        for step in steps
    ]
