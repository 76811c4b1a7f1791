"""The paragraphs of a text, as ``(start, end)`` character spans, blank ones skipped.

Two readings of "paragraph", each named for what it is:

* :func:`blocks_or_lines`: the text's blank-line-separated blocks, or, in a text with no
  blank line (one sentence a line, as in Timeline17), its lines; each span trimmed of
  surrounding whitespace. What reprint detection numbers paragraphs by.
* :func:`nonblank_lines`: every line with something on it, untrimmed. One paragraph a
  line, as the PolNeAR release writes its articles.
"""

from __future__ import annotations

import re

__all__ = ["blocks_or_lines", "nonblank_lines"]

_BLOCK = re.compile(r"\n[ \t]*\n")
_NEWLINE = re.compile(r"\n")
_LINE = re.compile(r"[^\n]+")


def blocks_or_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line-separated blocks of ``text`` (of its lines when it has no
    blank line), in order, whitespace around each left out, blank ones skipped."""
    separator = _BLOCK if _BLOCK.search(text) else _NEWLINE
    spans, start = [], 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        if match:
            start = match.end()
    return spans


def nonblank_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text`` that are not blank, whole (spaces kept), in order."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
