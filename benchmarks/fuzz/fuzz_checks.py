"""What is checked: outcomes attributed to each input, reasons, CLI stderr lines.

Problem codes (one per failed check, counted per input in the table):

``crash``     the build raised (library) or exited 1 / died (CLI)
``hang``      the input took longer than its deadline
``exit``      the CLI's exit code was not 0 although the good article was given
``good``      the good article was not built (not in ``story.documents`` / timeline.json)
``reason``    a reason (library) or a stderr line (CLI) is empty, more than one line,
              has control characters, raw escapes, lone surrogates or format characters,
              or is over 300 characters; or a Traceback / warning reached stderr (CLI)
``silent``    the input gave neither a document nor a rejection naming it
``accepted``  garbage (``expect="reject"``) became a document
``lost``      a real article in odd wrapping (``expect="doc"``) was rejected
``inject``    an HTML payload of the input appears unescaped in the HTML output
"""

from __future__ import annotations

import os
import unicodedata

MAX_REASON = 300
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def unprintable(text: str) -> str | None:
    """Why ``text`` is not one printable line, or None."""
    if not text.strip():
        return "empty"
    for ch in text:
        if unicodedata.category(ch) in _BAD_CATEGORIES:
            return f"character U+{ord(ch):04X} ({unicodedata.category(ch)})"
    if len(text) > MAX_REASON:
        return f"{len(text)} characters"
    return None


def case_prefix(batch_dir: str, case_id: int) -> str:
    return os.path.join(batch_dir, f"c{case_id}") + os.sep


def owner(source: str, prefixes: dict[str, int], names: dict[str, list[int]]) -> list[int]:
    """The cases an outcome's ``source`` names: under a case folder, or one of its names."""
    hits = list(names.get(source, ()))
    for sep in (":", "#"):
        base = source.rsplit(sep, 1)[0]
        if base != source:
            hits += names.get(base, [])
    marker = source.find(os.sep + "c")
    while marker >= 0:
        end = source.find(os.sep, marker + 2)
        if end > 0 and source[: end + 1] in prefixes:
            hits.append(prefixes[source[: end + 1]])
            break
        marker = source.find(os.sep + "c", marker + 2)
    return sorted(set(hits))


def judge(case: dict, docs: list[str], rejected: list[tuple[str, str]], reasons: bool = True) -> list[str]:
    """The problems of one case given the sources of its documents and (source, reason) rejections."""
    problems = []
    for source, reason in rejected if reasons else ():
        why = unprintable(reason)
        if why:
            problems.append(f"reason: {why} in reason for {source!r}: {reason[:200]!r}")
    if not docs and not rejected and not case.get("silent_ok"):
        problems.append("silent: no document and no rejection named it")
    if case.get("expect") == "reject" and docs:
        problems.append(f"accepted: garbage became document(s) {docs[:3]!r}")
    if case.get("expect") == "doc" and (rejected or not docs):
        problems.append(f"lost: a real article was rejected: {rejected[:2]!r}")
    return problems


def injected(html_text: str, payloads: list[str]) -> list[str]:
    """Payload markers that appear raw in rendered HTML."""
    return [p for p in payloads if p in html_text]


def stderr_problems(stderr: bytes) -> list[str]:
    """Problems of the CLI's standard error: each line must be printable UTF-8, no traceback."""
    problems = []
    try:
        text = stderr.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"reason: stderr is not UTF-8 ({error})"]
    for line in text.split("\n"):
        if not line:
            continue
        why = unprintable(line) if not line.startswith("skipped ") else unprintable(line[8:])
        if why and not why.endswith(" characters"):
            problems.append(f"reason: stderr line {why}: {line[:200]!r}")
        # a library's raw warning ("x.py:12: UserWarning: ...") must have become storyline's
        # one-line "warning: ..." note
        if line.startswith(("Traceback", "  File ")) or ("Warning:" in line and not line.startswith("warning: ")):
            problems.append(f"reason: stderr has {line[:200]!r}")
    return problems


def code(problem: str) -> str:
    """``"reason: ..."`` -> ``"reason"``."""
    return problem.split(":", 1)[0]
