"""Timelines in the tilse / Timeline17 text format, and the Timeline17 reference set.

The format (tilse's ``Timeline.from_file``): a date line ``YYYY-MM-DD``, the day's
sentences one per line, and a line of 32 dashes that closes the entry::

    2010-09-19
    The well is sealed .
    --------------------------------

:func:`read_timeline` reads it as tilse does (lines stripped; a line that parses with
``strptime("%Y-%m-%d")`` is the date, any other line a sentence; the dashes store the
entry, a later entry for the same date replaces the earlier one; an entry with no
closing dashes at the end of the file is not stored) but, where tilse would crash or
silently drop text, it skips the entry and returns a one-line problem naming the file
and line. Empty sentence lines are dropped (they weigh nothing in tilse's scores); a
date with no sentence stays in the timeline with an empty list, as it counts as a date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DASHES", "TOPIC_ALIASES", "Reference", "Timeline", "output_name", "read_timeline", "short_output_name",
           "reference_timelines", "topic_of", "write_timeline"]

Timeline = dict[datetime.date, list[str]]

DASHES = "-" * 32
# folder prefix (lowercased) -> news-tls topic key
TOPIC_ALIASES = {"egyptianprotest": "egypt", "libyawar": "libya", "syriancrisis": "syria", "iraqwar": "iraq"}
_DATE_LIKE = re.compile(r"^\d{1,4}\s*[-/.]\s*\d{0,2}\s*[-/.]?\s*\d{0,2}$")


def _parse_date(line: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(line, "%Y-%m-%d").date()
    except ValueError:
        return None


def _label(path: Path) -> str:
    """How a problem names the file: ``<folder>/timelines/<file>`` for a Timeline17
    reference, else the file name."""
    if path.parent.name == "timelines":
        return f"{path.parent.parent.name}/timelines/{path.name}"
    return path.name


def _count(n: int, word: str) -> str:
    """``"1 sentence is"``, ``"3 sentences are"``."""
    return f"{n} {word} is" if n == 1 else f"{n} {word}s are"


def read_timeline(path: str | Path, label: str | None = None) -> tuple[Timeline, list[str]]:
    """The timeline in ``path`` and the problems met reading it (never raises on content).

    ``label`` names the file in the problems (default: ``<folder>/timelines/<file>`` or
    the file name)."""
    path = Path(path)
    label = label or _label(path)
    # universal newlines, then lines split on "\n" only: what file.readlines() gives tilse
    with open(path, encoding="utf-8", errors="replace", newline=None) as handle:
        text = handle.read()
    problems: list[str] = []
    if "\ufffd" in text:
        problems.append(f"{label}: bytes that are not UTF-8 were read as U+FFFD")
    timeline: Timeline = {}
    where: dict[datetime.date, int] = {}
    date: datetime.date | None = None
    date_line = 0
    start = 1  # first line of the current entry
    sentences: list[str] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line == DASHES:
            if date is None:
                problems.append(_undated(label, start, lines[start - 1 : number - 1]))
            else:
                if date in timeline:
                    problems.append(
                        f"{label}:{date_line}: date {date} repeats the entry of line {where[date]}; "
                        "the later entry is kept (as tilse does)"
                    )
                timeline[date] = [s for s in sentences if s]
                where[date] = date_line
            date, sentences, start = None, [], number + 1
            continue
        parsed = _parse_date(line)
        if parsed is not None:
            date, date_line = parsed, number
        else:
            sentences.append(line)
    if date is not None or any(sentences):
        problems.append(
            f"{label}:{start}: entry not closed by a line of dashes at the end of the file; "
            f"its {_count(len([s for s in sentences if s]), 'sentence')} skipped (as tilse does)"
        )
    return timeline, problems


def _undated(label: str, start: int, entry: list[str]) -> str:
    """The problem line for an entry without a valid date line."""
    stripped = [(start + i, line.strip()) for i, line in enumerate(entry) if line.strip()]
    if stripped and _DATE_LIKE.match(stripped[0][1]):
        number, bad = stripped[0]
        return (f"{label}:{number}: malformed date {bad!r}; "
                f"its {_count(len(stripped) - 1, 'sentence')} skipped")
    return f"{label}:{start}: entry without a date line; its {_count(len(stripped), 'sentence')} skipped"


def write_timeline(timeline: dict[datetime.date, list[str]], path: str | Path) -> None:
    """Write ``timeline`` so that tilse (and :func:`read_timeline`) reads it back
    identically: dates in order, one stripped sentence per line, empty ones left out."""
    lines: list[str] = []
    for date in sorted(timeline):
        lines.append(date.isoformat())
        lines += [" ".join(s.split("\n")).strip() for s in timeline[date] if s.strip()]
        lines.append(DASHES)
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def topic_of(folder: str) -> str:
    """The news-tls topic key of a Timeline17 folder (``EgyptianProtest_cnn`` -> ``egypt``)."""
    prefix = folder.split("_", 1)[0].lower()
    return TOPIC_ALIASES.get(prefix, prefix)


@dataclass(frozen=True)
class Reference:
    """One reference timeline of the set: ``topic`` (news-tls key), ``name`` (file name
    before its first dot), the source ``folder``, its ``path``, the timeline, and the
    problems met reading it."""

    topic: str
    name: str
    folder: str
    path: Path
    timeline: Timeline = field(compare=False, repr=False)
    problems: tuple[str, ...] = field(default=(), compare=False)


def reference_timelines(data: str | Path) -> list[Reference]:
    """Every ``<data>/<folder>/timelines/*.txt`` (or ``<data>/timelines/*.txt`` when
    ``data`` is one Timeline17 folder), sorted by (topic, name, folder)."""
    data = Path(data)
    if (data / "timelines").is_dir():
        paths = sorted((data / "timelines").glob("*.txt"))
    else:
        paths = sorted(data.glob("*/timelines/*.txt"))
    out: list[Reference] = []
    for path in paths:
        if not path.is_file():
            continue
        folder = path.parent.parent.name
        timeline, problems = read_timeline(path)
        out.append(Reference(topic_of(folder), path.name.split(".", 1)[0], folder, path, timeline, tuple(problems)))
    return sorted(out, key=lambda r: (r.topic, r.name, r.folder))


def output_name(reference: Reference) -> str:
    """The file name a system timeline for ``reference`` is expected under: the topic and
    the reference's whole file name (``mj_bbc.co.uk.txt``, ``syria_tl2.1.txt``), as
    ``eval t17 --outputs`` saves it."""
    return f"{reference.topic}_{reference.path.name}"


def short_output_name(reference: Reference) -> str:
    """The older name, cut at the reference name's first dot (``mj_bbc.txt``): still read."""
    return f"{reference.topic}_{reference.name}.txt"
