"""How a skipped input is told to a person: one printable line, the name quoted, and a flood
of skips summarised.

A reason comes from a source the user does not control (a file name with a newline, a WARC
header with a terminal escape, a library's multi-line message), so nothing of it reaches a
terminal raw: control and format characters are shown as escapes, whitespace runs become
one space, and an undecodable byte of a file name (a lone surrogate) is shown as ``\\xe9``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

# the reason codes of a Rejected (storyline.model.Rejected.code): what went wrong, in one word
CODES: dict[str, str] = {
    "not-found": "the path, glob or link names nothing (no such file, no match, a dangling link)",
    "unreadable": "the system could not read it (permissions, an I/O error, a FIFO, socket or device, no stdin)",
    "not-text": "binary or undecodable bytes, corrupt gzip data, or not the archive it should be",
    "malformed": "JSON, JSON Lines, WARC or HTML that does not parse, or a truncated record",
    "too-large": "larger than the --max-bytes limit",
    "empty": "nothing in it: an empty file, folder, archive or body field",
    "no-article": "a record or page with no article: no body field, an archived HTTP error page, no article text",
    "too-short": "less article text after cleaning than min_chars",
    "recurring-only": "only lines its outlet repeats in other articles (once those are dropped, too short)",
    "refused-url": "a URL that is not fetched: not http(s), malformed, or a non-public address",
    "fetch-failed": "a download that failed: timed out, refused connection, HTTP error, redirect loop",
    "robots": "a URL the site's robots.txt disallows for storyline",
    "duplicate-input": "the same file given twice (read once)",
    "internal": "storyline failed on it: a bug, not the input's fault",
}

MAX_REASON = 300  # characters of one reason line
FIRST_LINES = 20  # skips told one by one before the rest are counted by reason

_SPACE = re.compile(r"[ \t\r\n\f\v\x1c-\x1f\x85\u2028\u2029]+")
_VARIABLE = re.compile(r"\d[\d.,]*")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _printable(char: str) -> bool:
    return char == " " or (char.isprintable() and unicodedata.category(char) not in ("Cf", "Cs", "Co", "Cn"))


def escaped(text: str) -> str:
    """``text`` with every control, format or unassigned character shown as an escape."""
    if all(_printable(c) for c in text):
        return text
    return "".join(c if _printable(c) else _escape(c) for c in text)


def quoted(name: str) -> str:
    """An input's name as it is shown: escaped, between quotes when it has spaces or escapes
    (``"my file.txt"``), bare otherwise (``a.txt``)."""
    if name and name.strip() == name and not any(c in name for c in " \"'\\") and escaped(name) == name:
        return name
    return '"' + escaped(name.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def one_line(reason: str, limit: int = MAX_REASON) -> str:
    """A reason as one printable line of at most ``limit`` characters."""
    text = escaped(_SPACE.sub(" ", str(reason)).strip()) or "unknown reason"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_kind(reason: str) -> str:
    """What a reason says without its particulars, to count a flood of skips by kind:
    ``"too large (1.2 MB > 1.0 MB limit)"`` -> ``"too large"``, numbers shown as ``…``."""
    head = re.split(r" \(|: ", reason, maxsplit=1)[0]
    return " ".join(_VARIABLE.sub("…", head).split()) or reason


def skip_lines(skipped: Sequence[object], first: int = FIRST_LINES) -> list[str]:
    """The lines that tell the skipped inputs: ``skipped NAME: REASON`` for the first
    ``first``, then one line per kind of reason with how many more had it."""
    lines = [f"skipped {item.shown()}" for item in skipped[:first]]  # type: ignore[attr-defined]
    rest = skipped[first:]
    if rest:
        kinds = Counter(reason_kind(item.reason) for item in rest)  # type: ignore[attr-defined]
        lines.append(f"... and {len(rest)} more skipped inputs:")
        lines += [f"  {n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    return lines


def count_by_kind(reasons: Iterable[str]) -> dict[str, int]:
    """How many reasons of each kind (see :func:`reason_kind`), most frequent first."""
    kinds = Counter(reason_kind(r) for r in reasons)
    return dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
