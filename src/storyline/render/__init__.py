"""Render a :class:`~storyline.model.Story` or a :class:`~storyline.model.Pile` as JSON,
Markdown, HTML or tilse text, and write it with the exports (TimelineJS3 JSON, CSV tables;
:mod:`storyline.export`).

>>> text = render(pile.story, "html")
>>> paths = write(pile, out_dir, formats=("json", "md", "html"))

Every format is a pure function of what it is given: the same story gives the same bytes.
A pile of one story is written as that story with the pile's skipped inputs and counts
(:func:`storyline.render.contract.written`); a pile of several as an index and one folder
per story.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePosixPath

from storyline.model import Pile, Story
from storyline.render._common import COMPANION_PAGES, DOCUMENTS_DIR, anchors, document_page
from storyline.render.contract import story_folder, written
from storyline.render.folder import replace_outputs
from storyline.render.html import html_pages, render_html
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

# exports of the whole output, a pile's stories together (a ``story`` column, a TimelineJS
# ``group`` each): written once, at the top of the output folder
EXPORT_FILENAMES = {
    "timelinejs": ("timelinejs.json",),
    "csv": ("events.csv", "quotes.csv", "claims.csv", "documents.csv"),
}

EXPORTS = tuple(EXPORT_FILENAMES)

# a pile of several stories: the index, then one folder per story
INDEX_FILENAMES = {"json": "index.json", "md": "index.md", "html": "index.html"}

_RENDERERS: dict[str, Callable[[Story], str]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
    "tilse": render_tilse,
}

_SURROGATE = re.compile("[\ud800-\udfff]")


def _check(fmt: object, known: tuple[str, ...] = FORMATS) -> str:
    if not isinstance(fmt, str) or fmt not in known:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(known)}")
    return fmt


def render(story: Story | Pile, fmt: str) -> str:
    """The story in one of :data:`FORMATS`; ``ValueError`` for any other format (the
    exports are made by :mod:`storyline.export` and written by :func:`write`). A pile of
    several stories gives its index (json, md, html; tilse has none)."""
    subject = written(story) if isinstance(story, Pile) else story
    if isinstance(subject, Pile):
        if _check(fmt) not in INDEX_FILENAMES:
            raise ValueError(f"a pile of several stories has no {fmt} index: render each story")
        return _index_text(subject, fmt)
    text = _RENDERERS[_check(fmt)](subject)
    # a lone surrogate (undecodable input byte) cannot be written as UTF-8: the JSON keeps
    # it as a "\udcxx" escape (see encode), the text formats show U+FFFD instead
    return text if fmt == "json" else _SURROGATE.sub("\ufffd", text)


def encode(story: Story | Pile, fmt: str) -> bytes:
    """The UTF-8 bytes :func:`write` puts in the file for ``fmt``."""
    return render(story, fmt).encode("utf-8", "backslashreplace")


def write(
    story: Story | Pile, out_dir: str | os.PathLike[str], formats: Iterable[str] = ("json", "md", "html")
) -> list[Path]:
    """Write the story to ``out_dir`` (created if needed) in each format; return the paths
    of the main files (``timeline.*``, or ``index.*`` and each story's ``timeline.*``).

    Files are named by :data:`FILENAMES`. The HTML report is ``timeline.html`` and the
    pages beside it (:data:`HTML_PAGES` and ``documents/<anchor>.html``, one per document;
    see :mod:`storyline.render.html`). All formats are checked before anything is
    written. A pile of several stories (``pile.stories``) is written as an index
    (:data:`INDEX_FILENAMES`; tilse has none) and one folder per story, named by its id,
    holding that story's files. The new set replaces the old one as a whole (see
    :mod:`storyline.render.folder`): outputs of an earlier write that this one does not
    rewrite are gone (see :data:`MANIFEST`), other files and folders are left alone.
    """
    if isinstance(formats, str):
        formats = (formats,)
    subject = written(story) if isinstance(story, Pile) else story
    pile = subject if isinstance(subject, Pile) else None
    wanted = list(dict.fromkeys(_check(f, FORMATS + EXPORTS) for f in formats))
    out = Path(out_dir)
    pages = _Pages()
    main: list[str] = []
    outputs: list[tuple[str, Callable[[], bytes]]] = []
    parts = [(f"{story_folder(p.id)}/", p) for p in pile.stories] if pile else [("", subject)]
    if pile:
        outputs = [(INDEX_FILENAMES[fmt], partial(_index, pile, fmt)) for fmt in wanted if fmt in INDEX_FILENAMES]
        main = [rel for rel, _ in outputs]
    for fmt in wanted:
        made: dict[str, bytes] = {}  # an export's files are made together, once
        for name in EXPORT_FILENAMES.get(fmt, ()):
            main.append(name)
            outputs.append((name, partial(_export, subject, fmt, name, made)))
    for folder, part in parts:
        back = "../index.html" if pile else None
        for fmt in wanted:
            if fmt in EXPORT_FILENAMES:
                continue
            main.append(f"{folder}{FILENAMES[fmt]}")
            if fmt != "html":
                outputs.append((main[-1], partial(_part, part, fmt)))
                continue
            for rel in pages.names(part):
                outputs.append((f"{folder}{rel}", partial(pages.get, part, back, rel)))
    replace_outputs(out, outputs, MANIFEST, is_output)
    return [out / rel for rel in main]


# lists what the last write put in its folder, so the next one knows what is stale
MANIFEST = ".storyline-outputs"
HTML_PAGES = ("timeline.html", *COMPANION_PAGES)
_OUTPUT_NAMES = (frozenset(FILENAMES.values()) | frozenset(INDEX_FILENAMES.values()) | frozenset(HTML_PAGES)
                 | frozenset(name for names in EXPORT_FILENAMES.values() for name in names))
_DOCUMENT_PAGE = re.compile(r"doc-[a-z0-9-]+\.html")


def is_output(rel: str) -> bool:
    """True when ``rel`` (relative to the output folder, ``/``-separated) is named like
    an output of :func:`write`: a report file at the top or in a story folder, or a
    document page in their ``documents/`` folder. The manifest is trusted only for these."""
    path = PurePosixPath(rel)
    parts = path.parts
    if path.is_absolute() or not parts or any(p in ("", ".", "..") for p in parts):
        return False
    if len(parts) >= 2 and parts[-2] == DOCUMENTS_DIR and _DOCUMENT_PAGE.fullmatch(parts[-1]):
        return len(parts) <= 3
    return parts[-1] in _OUTPUT_NAMES and len(parts) <= 2


class _Pages:
    """A story's HTML pages, rendered once when the first is asked for; one story held at
    a time (the outputs are made in order)."""

    def __init__(self) -> None:
        self.story: Story | None = None
        self.pages: dict[str, bytes] = {}

    def _load(self, story: Story, back: str | None) -> dict[str, bytes]:
        if self.story is not story:
            self.story = story
            self.pages = {rel: _utf8(text, "html") for rel, text in html_pages(story, back)}
        return self.pages

    @staticmethod
    def names(story: Story) -> list[str]:
        """The pages :func:`html_pages` makes for ``story``, in its order."""
        return [*HTML_PAGES, *(document_page(a) for a in dict.fromkeys(anchors(story).values()))]

    def get(self, story: Story, back: str | None, rel: str) -> bytes:
        return self._load(story, back)[rel]


def _index_text(pile: Pile, fmt: str) -> str:
    return {"json": render_json, "md": render_index_markdown, "html": render_index_html}[fmt](pile)


def _index(pile: Pile, fmt: str) -> bytes:
    return _utf8(_index_text(pile, fmt), fmt)


def _export(story: Story | Pile, fmt: str, name: str, made: dict[str, bytes]) -> bytes:
    if not made:
        from storyline.export import render_csv, render_timelinejs

        texts = ({EXPORT_FILENAMES[fmt][0]: render_timelinejs(story)} if fmt == "timelinejs" else render_csv(story))
        made.update((n, _utf8(text, fmt)) for n, text in texts.items())
    return made[name]


def _part(part: Story, fmt: str) -> bytes:
    return _utf8(render(part, fmt), fmt)


def _utf8(text: str, fmt: str) -> bytes:
    if fmt != "json":
        text = _SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8", "backslashreplace")


__all__ = ["EXPORTS", "EXPORT_FILENAMES", "FILENAMES", "FORMATS", "HTML_PAGES", "INDEX_FILENAMES", "MANIFEST", "encode", "html_pages", "is_output",
           "render", "write"]
