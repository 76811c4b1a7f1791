"""The article body of an HTML page, one paragraph a line.

trafilatura finds the main content. Its XML tree, not its plain text, is read so that
each kind of block is laid out on purpose: paragraphs, quotes and headings are lines;
list items are lines without a bullet (the extractor already judged the list part of
the article, and a bullet would make line cleaning take it for a menu); a table row is a
line of cells, while a layout table's cells keep their paragraphs; headings before the
first paragraph are the headline and standfirst, not body text.

A second, independent opinion comes from readability (the fork bundled with
trafilatura), and settles trafilatura's two usual misses:

* **a split article**: when the two found different, non-overlapping parts of the page
  (an article cut into several containers), both parts are kept, in page order;
* **furniture at the edges**: when readability's text lies within trafilatura's, what
  trafilatura adds before readability's first or after its last paragraph (related
  links, newsletter boxes, "about the company" blurbs, a standfirst) is kept only if
  trafilatura's precision mode keeps it too: two of three opinions.

When trafilatura finds little (under ``SHORT_BODY_CHARS``), its own fallbacks are tried,
and when it finds nothing at all, its whole-page baseline.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Callable

import lxml.html
import trafilatura
from lxml.etree import _Element

from storyline.model import RemovedLine
from storyline.utils.shingles import ngrams, words

# trafilatura logs every page it finds hard; the run summary reports instead.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

try:  # trafilatura's own fork of readability-lxml (not part of its documented API)
    from trafilatura.readability_lxml import Document as _Readability
except ImportError:  # pragma: no cover - the check falls back to trafilatura alone
    _Readability = None

__all__ = ["ArticleBody", "body_lines", "extract_article", "html_lines", "reconcile", "split_headings"]

HEADING_REASON = "headline or standfirst (heading before the article's first paragraph)"
EDGE_REASON = "edge of the extraction kept by trafilatura alone (readability and precision mode left it out)"

# Below this many characters an extraction is taken as a miss and fallbacks are tried.
SHORT_BODY_CHARS = 250
# Two extractions "found different parts" when each shares less than this with the other.
DISJOINT_SHARE = 0.15
# ... and readability's part counts when it has at least this many words.
SPLIT_PART_WORDS = 100
# Readability's text "lies within" trafilatura's when this share of it is found there.
WITHIN_SHARE = 0.8

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_BLOCKS = ("p", "head", "list", "item", "quote", "table")
_HTML_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section table tr ul".split()
)


@dataclass
class ArticleBody:
    """What extraction found: the body (a paragraph a line), headline, site name, lead
    image, and how.

    ``removed`` holds the lines of trafilatura's extraction left out here, with the reason.
    """

    text: str = ""
    title: str | None = None
    sitename: str | None = None
    author: str | None = None
    image: str | None = None  # as the page's metadata gives it (og:image…): maybe relative
    method: str = "none"
    removed: list[RemovedLine] = field(default_factory=list)


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# --- trafilatura's XML tree as lines -------------------------------------------------


@dataclass(frozen=True)
class _Line:
    text: str
    heading: bool = False


def _text_lines(element: _Element) -> list[_Line]:
    """The text of ``element`` cut at its line breaks and around blocks nested in it."""
    lines: list[_Line] = []
    run: list[str] = [element.text or ""]

    def close_run() -> None:
        text = "".join(run)
        run.clear()
        lines.extend(_Line(part, element.tag == "head") for part in map(_squash, text.split("\n")) if part)

    for child in element:
        if child.tag == "lb":
            run.append("\n")
        elif child.tag in _BLOCKS:
            close_run()
            lines.extend(_block_lines(child))
        else:
            run.append("\n".join(line.text for line in _text_lines(child)))
        run.append(child.tail or "")
    close_run()
    return lines


def _list_lines(element: _Element) -> list[_Line]:
    """One line per item (nested lists included), without bullets."""
    return [line for item in element.iterchildren("item") for line in _text_lines(item)]


def _table_lines(element: _Element) -> list[_Line]:
    """One line per row, its cells side by side; a layout table's cells keep their blocks."""
    lines: list[_Line] = []
    for row in element.iter("row"):
        cells = list(row.iterchildren("cell"))
        if any(child.tag in _BLOCKS for cell in cells for child in cell):
            lines += [line for cell in cells for line in _text_lines(cell)]
            continue
        text = " ".join(t for t in (_squash(" ".join(cell.itertext())) for cell in cells) if t)
        if text:
            lines.append(_Line(text))
    return lines


def _block_lines(element: _Element) -> list[_Line]:
    if element.tag == "list":
        return _list_lines(element)
    if element.tag == "table":
        return _table_lines(element)
    return _text_lines(element)


def split_headings(body: _Element) -> tuple[list[str], list[str]]:
    """trafilatura's ``<body>`` as (headings before the first paragraph, the lines after)."""
    lines = _text_lines(body)
    start = next((n for n, line in enumerate(lines) if not line.heading), len(lines))
    return [line.text for line in lines[:start]], [line.text for line in lines[start:]]


def body_lines(body: _Element) -> list[str]:
    """The lines of trafilatura's ``<body>``, leading headings (headline, standfirst) left out."""
    return split_headings(body)[1]


# --- readability's HTML as lines ------------------------------------------------------


def html_lines(element: lxml.html.HtmlElement) -> list[str]:
    """The visible text of an HTML element, a line per block element."""
    lines: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        text = _squash("".join(run))
        run.clear()
        if text:
            lines.append(text)

    def walk(node: lxml.html.HtmlElement) -> None:
        if isinstance(node.tag, str):
            block = node.tag in _HTML_BLOCKS
            if block:
                close_run()
            if node.tag in ("td", "th"):
                run.append(" ")
            run.append(node.text or "")
            for child in node:
                walk(child)
            if block:
                close_run()
        run.append(node.tail or "")

    walk(element)
    close_run()
    return lines


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """The page as an HTML tree (trafilatura's loader copes with encoding declarations)."""
    tree = trafilatura.load_html(html)
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


def _readability_lines(html: str) -> list[str]:
    tree = _parse(html) if _Readability is not None else None
    if tree is None:
        return []
    try:
        return html_lines(lxml.html.fromstring(_Readability(tree, min_text_length=25).summary()))
    except Exception:  # noqa: BLE001 - a second opinion that fails is no opinion, not a crash
        return []


# --- comparing two extractions -------------------------------------------------------


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Word 4-grams of ``text`` (the whole text when it is shorter)."""
    found = words(text.lower())
    return set(ngrams(found, 4, short=True)) if found else set()


def _found_in(line: str, shingles: set[tuple[str, ...]]) -> bool:
    """Most of ``line`` is in the text whose shingles are given."""
    own = _shingles(line)
    return bool(own) and len(own & shingles) * 2 >= len(own)


def _page_position(page_text: str, lines: list[str]) -> int:
    """Where the first of ``lines`` starts in the page's text (end of page if not found)."""
    found = page_text.find(_squash(lines[0])[:60]) if lines else -1
    return found if found >= 0 else len(page_text)


def _page_text(html: str) -> str:
    tree = _parse(html)
    return _squash(tree.text_content()) if tree is not None else ""


def reconcile(
    ours: list[str],
    theirs: list[str],
    precise: Callable[[], list[str]],
    page_text: Callable[[], str] = str,
) -> tuple[list[str], str]:
    """Settle trafilatura's lines (``ours``) against readability's (``theirs``).

    ``precise`` gives trafilatura's precision-mode lines, asked for only when edges are in
    doubt; ``page_text`` gives the page's visible text, which orders the two parts of a split
    article.
    Returns the lines kept and how they were decided.
    """
    mine, other = _shingles("\n".join(ours)), _shingles("\n".join(theirs))
    if not mine or not other:
        return ours, "trafilatura"
    shared = len(mine & other)
    if (
        shared < DISJOINT_SHARE * len(mine)
        and shared < DISJOINT_SHARE * len(other)
        and len(_WORD.findall("\n".join(theirs))) >= SPLIT_PART_WORDS
    ):
        page = page_text()
        first, second = sorted((ours, theirs), key=lambda part: _page_position(page, part))
        return first + second, "trafilatura + readability (split article)"
    if shared < WITHIN_SHARE * len(other):
        return ours, "trafilatura"
    agreed = [_found_in(line, other) for line in ours]
    if not any(agreed):  # the shared words straddle lines: no line of ours is confirmed
        return ours, "trafilatura"
    start = agreed.index(True)
    end = len(agreed) - 1 - agreed[::-1].index(True)
    if start == 0 and end == len(ours) - 1:
        return ours, "trafilatura"
    kept_by_precision = _shingles("\n".join(precise()))
    kept = [line for n, line in enumerate(ours) if start <= n <= end or _found_in(line, kept_by_precision)]
    return kept, ("trafilatura, edges checked" if len(kept) == len(ours) else "trafilatura, edge furniture dropped")


def _precision_lines(html: str, url: str | None) -> list[str]:
    document = _extract(html, url, fast=True, favor_precision=True)
    return body_lines(document.body) if document is not None else []


# --- extraction -------------------------------------------------------------------------


def _extract(html: str, url: str | None, **options) -> trafilatura.settings.Document | None:
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            **options,
        )
    except (ValueError, TypeError, AttributeError):
        return None


def extract_article(html: str, url: str | None = None) -> ArticleBody:
    """The article in ``html``, a paragraph a line, with the headline and site name."""
    found = ArticleBody()
    document = _extract(html, url, fast=True)
    lines: list[str] = []
    if document is not None:
        found.title = _squash(document.title or "") or None
        found.sitename = _squash(document.sitename or "") or None
        found.author = _squash(document.author or "") or None
        found.image = (document.image or "").strip() or None
        headings, lines = split_headings(document.body)
        found.removed += [RemovedLine(line, HEADING_REASON) for line in headings]
    if lines:
        extracted = lines
        lines, found.method = reconcile(
            lines, _readability_lines(html), lambda: _precision_lines(html, url), lambda: _page_text(html)
        )
        kept = set(lines)
        found.removed += [RemovedLine(line, EDGE_REASON) for line in extracted if line not in kept]
    found.text = "\n".join(lines)
    if len(found.text) >= SHORT_BODY_CHARS:
        return found
    rescue = _extract(html, url, fast=False)
    if rescue is not None:
        text = "\n".join(body_lines(rescue.body))
        if len(text) > len(found.text):
            found.text, found.method = text, "trafilatura with its fallbacks"
        found.title = found.title or _squash(rescue.title or "") or None
    if not found.text:
        _, text, _ = trafilatura.baseline(html)
        found.text, found.method = text, "trafilatura baseline (whole page)" if text else "none"
    return found
