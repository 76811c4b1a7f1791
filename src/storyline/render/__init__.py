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

from storyline.model import Story
from storyline.render.html import render_html
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
    before anything is written.
    """
    if isinstance(formats, str):
        formats = (formats,)
    wanted = list(dict.fromkeys(_check(f) for f in formats))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in wanted:
        data = encode(story, fmt)
        path = out / FILENAMES[fmt]
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        paths.append(path)
    return paths


__all__ = ["FILENAMES", "FORMATS", "encode", "render", "write"]
