"""Text helpers of the model's one-line reprs (also used by the exports): no imports
beyond the standard library."""

from __future__ import annotations

import re

# C0/C1 control characters: invalid in HTML, invisible (or worse) in a terminal or a cell
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# a lone surrogate (an undecodable input byte) cannot be written as UTF-8
SURROGATE = re.compile("[\ud800-\udfff]")
SPACE = re.compile(r"\s+")
NAME_CHARS = 60  # of a label, title or line in a repr


def one_line(text: str | None) -> str:
    """Whitespace runs (newlines included) and control characters as one space; lone
    surrogates as U+FFFD."""
    return SPACE.sub(" ", SURROGATE.sub("\ufffd", CONTROL.sub(" ", text or ""))).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def name(text: str | None) -> str:
    """A label, title or line as it appears in a repr: one line, shortened, quoted."""
    return repr(shorten(one_line(text), NAME_CHARS))
