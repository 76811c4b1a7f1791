"""Render a :class:`~storyline.model.Story` as JSON, Markdown, HTML or tilse text.

>>> text = render(story, "html")
>>> paths = write(story, out_dir, formats=("json", "md", "html"))

Every format is a pure function of the story: the same story gives the same bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from storyline.model import Story, story_folder
from storyline.render.folder import replace_outputs
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

    Files are named by :data:`FILENAMES`. All formats are checked before anything is
    written. A pile of several stories (``story.stories``) is written as an index
    (:data:`INDEX_FILENAMES`; tilse has none) and one folder per story, named by its id,
    holding that story's files. The new set replaces the old one as a whole (see
    :mod:`storyline.render.folder`): outputs of an earlier write that this one does not
    rewrite are gone (see :data:`MANIFEST`), other files and folders are left alone.
    """
    if isinstance(formats, str):
        formats = (formats,)
    wanted = list(dict.fromkeys(_check(f) for f in formats))
    out = Path(out_dir)
    if not story.stories:
        outputs = [(FILENAMES[fmt], partial(encode, story, fmt)) for fmt in wanted]
    else:
        outputs = [(INDEX_FILENAMES[fmt], partial(_index, story, fmt)) for fmt in wanted if fmt in INDEX_FILENAMES]
        for part in story.stories:
            folder = story_folder(part.id)
            outputs += [(f"{folder}/{FILENAMES[fmt]}", partial(_part, part, fmt)) for fmt in wanted]
    replace_outputs(out, outputs, MANIFEST, _OUTPUT_NAMES)
    return [out / rel for rel, _ in outputs]


# lists what the last write put in its folder, so the next one knows what is stale
MANIFEST = ".storyline-outputs"
_OUTPUT_NAMES = frozenset(FILENAMES.values()) | frozenset(INDEX_FILENAMES.values())


def _index(story: Story, fmt: str) -> bytes:
    text = {"json": render_json, "md": render_index_markdown, "html": render_index_html}[fmt](story)
    return _utf8(text, fmt)


def _part(part: Story, fmt: str) -> bytes:
    return _utf8(render_html(part, back="../index.html") if fmt == "html" else render(part, fmt), fmt)


def _utf8(text: str, fmt: str) -> bytes:
    if fmt != "json":
        text = _SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8", "backslashreplace")


__all__ = ["FILENAMES", "FORMATS", "INDEX_FILENAMES", "MANIFEST", "encode", "render", "write"]
