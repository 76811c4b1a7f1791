"""Render a :class:`~storyline.model.Story` as JSON, Markdown, HTML or tilse text.

>>> text = render(story, "html")
>>> paths = write(story, out_dir, formats=("json", "md", "html"))

Every format is a pure function of the story: the same story gives the same bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from storyline.model import Story, story_folder
from storyline.render.html import render_html
from storyline.render.index import render_index_html, render_index_markdown
from storyline.render.json_ import render_json
from storyline.render.markdown import render_markdown
from storyline.render.tilse import render_tilse

FORMATS = ("json", "md", "html", "tilse")

FILENAMES = {
    "json": "timeline.json",
    "md": "timeline.md",
    "html": "timeline.html",
    "tilse": "timeline.tilse.txt",
}

# a pile of several stories: the index, then one folder per story
INDEX_FILENAMES = {"json": "index.json", "md": "index.md", "html": "index.html"}

_RENDERERS: dict[str, Callable[[Story], str]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
    "tilse": render_tilse,
}

_SURROGATE = re.compile("[\ud800-\udfff]")


def _check(fmt: object) -> str:
    if not isinstance(fmt, str) or fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return fmt


def render(story: Story, fmt: str) -> str:
    """The story in one of :data:`FORMATS`; ``ValueError`` for any other format."""
    text = _RENDERERS[_check(fmt)](story)
    # a lone surrogate (undecodable input byte) cannot be written as UTF-8: the JSON keeps
    # it as a "\udcxx" escape (see encode), the text formats show U+FFFD instead
    return text if fmt == "json" else _SURROGATE.sub("\ufffd", text)


def encode(story: Story, fmt: str) -> bytes:
    """The UTF-8 bytes :func:`write` puts in the file for ``fmt``."""
    return render(story, fmt).encode("utf-8", "backslashreplace")


def write(
    story: Story, out_dir: str | os.PathLike[str], formats: Iterable[str] = ("json", "md", "html")
) -> list[Path]:
    """Write the story to ``out_dir`` (created if needed) in each format; return the paths.

    Files are named by :data:`FILENAMES` and replaced atomically. All formats are checked
    before anything is written. Outputs of an earlier write to the same folder that this
    one does not rewrite are removed (see :data:`MANIFEST`); other files are left alone. A pile of several stories (``story.stories``) is written
    as an index (:data:`INDEX_FILENAMES`; tilse has none) and one folder per story,
    named by its id, holding that story's files.
    """
    if isinstance(formats, str):
        formats = (formats,)
    wanted = list(dict.fromkeys(_check(f) for f in formats))
    out = Path(out_dir)
    if not story.stories:
        paths = [_put(out / FILENAMES[fmt], encode(story, fmt)) for fmt in wanted]
    else:
        index = {"json": lambda s: render(s, "json"), "md": render_index_markdown, "html": render_index_html}
        paths = [
            _put(out / INDEX_FILENAMES[fmt], _utf8(index[fmt](story), fmt)) for fmt in wanted if fmt in INDEX_FILENAMES
        ]
        for part in story.stories:
            folder = out / story_folder(part.id)
            for fmt in wanted:
                text = render_html(part, back="../index.html") if fmt == "html" else render(part, fmt)
                paths.append(_put(folder / FILENAMES[fmt], _utf8(text, fmt)))
    _forget_stale(out, paths)
    return paths


MANIFEST = ".storyline-outputs"
_OUTPUT_NAMES = frozenset(FILENAMES.values()) | frozenset(INDEX_FILENAMES.values())


def _forget_stale(out: Path, paths: list[Path]) -> None:
    """Remove the outputs an earlier write left in ``out`` that this one did not write
    (a single story's ``timeline.*`` after a pile's index, a story folder that is gone),
    so the folder never shows two results. Only files listed in ``out``'s manifest and
    named like an output are removed, then their folders if left empty; the manifest
    then lists this write's files."""
    manifest = out / MANIFEST
    now = {p.relative_to(out).as_posix() for p in paths}
    try:
        before = manifest.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        before = []
    for name in sorted(set(before) - now):
        path = Path(name)
        if path.is_absolute() or ".." in path.parts or path.name not in _OUTPUT_NAMES or len(path.parts) > 2:
            continue
        (out / path).unlink(missing_ok=True)
        if len(path.parts) == 2:
            try:
                (out / path.parent).rmdir()  # only when empty
            except OSError:
                pass
    _put(manifest, "".join(f"{name}\n" for name in sorted(now)).encode("utf-8"))


def _utf8(text: str, fmt: str) -> bytes:
    if fmt != "json":
        text = _SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8", "backslashreplace")


def _put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


__all__ = ["FILENAMES", "FORMATS", "INDEX_FILENAMES", "MANIFEST", "encode", "render", "write"]
