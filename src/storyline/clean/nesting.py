"""Pages nested deeper than the HTML parser goes.

libxml2 (under lxml, trafilatura and readability) stops building the tree at 256 levels of
nesting and silently drops everything below, so an article wrapped in 254 ``<div>``\\ s comes
out empty. :func:`shallow` gives such a page back with its wrapper chains collapsed, so that
every extractor sees the whole article; a page that even the parser's huge mode (2,048 levels)
cannot hold is reported as too deeply nested instead of as "no article text".
"""

from __future__ import annotations

import lxml.html

PARSER_DEPTH = 256  # libxml2's default limit
KEEP_DEPTH = 180  # what a flattened page may nest at most, well under the limit
HUGE_DEPTH = 2048  # libxml2's limit in huge mode

# elements that carry structure extractors read: never unwrapped
_STRUCTURE = frozenset(
    "html head body title meta link article main p br h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "table thead tbody tfoot tr td th caption blockquote pre figure figcaption time".split()
)
# kept even below KEEP_DEPTH while possible: they cannot nest in themselves
_PARAGRAPHS = frozenset("p br h1 h2 h3 h4 h5 h6".split())


class TooDeep(Exception):
    """The page nests deeper than the parser can go even in huge mode."""


def shallow(html: str) -> str:
    """``html`` itself when the parser holds all of it, else the page re-serialised with
    wrapper chains collapsed to at most :data:`KEEP_DEPTH` levels. Raises :class:`TooDeep`."""
    if html.count("<") < PARSER_DEPTH or not _too_deep_for_parser(html):
        return html
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return html
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise TooDeep(f"HTML nested more than {HUGE_DEPTH:,} levels deep")
    _flatten(tree)
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def _too_deep_for_parser(html: str) -> bool:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return False
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _depths(root: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, int]]:
    """Every element with its depth, parents before children (no recursion)."""
    out, stack = [], [(root, 0)]
    while stack:
        element, depth = stack.pop()
        out.append((element, depth))
        stack.extend((child, depth + 1) for child in reversed(element) if isinstance(child.tag, str))
    return out


def _flatten(root: lxml.html.HtmlElement) -> None:
    """First unwrap elements that only wrap one element (no text of their own), then, if the
    page still nests too deep, every element below :data:`KEEP_DEPTH` but paragraphs and
    headings, then those too; an unwrapped element's text and children stay where it was."""
    for element, _ in _depths(root):
        if _is_wrapper(element) and not (element.text or "").strip() and len(element) == 1:
            element.drop_tag()
    for keep in (_PARAGRAPHS, frozenset()):
        deep = [element for element, depth in _depths(root) if depth > KEEP_DEPTH and element.tag not in keep]
        for element in deep:
            element.drop_tag()


def _is_wrapper(element: lxml.html.HtmlElement) -> bool:
    return isinstance(element.tag, str) and element.tag not in _STRUCTURE and element.getparent() is not None
