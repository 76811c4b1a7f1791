"""``timeline.tilse.txt``: the Timeline17 / tilse plain-text timeline format.

One block per day, in chronological order::

    2010-09-17
    BP pumps cement to seal the damaged well.
    --------------------------------

tilse (``Timeline.from_file``) reads any line that parses as a date as the start of a
block and keeps only the last block of a date, so events of the same day are merged
into one block, each sentence is put on one line, and sentences tilse would misread
(a bare date, the separator) are left out. Events dated only to a month or a year are
skipped: tilse needs days.
"""

from __future__ import annotations

from datetime import datetime

from storyline.model import Story
from storyline.render._common import granularity, one_line

SEPARATOR = "-" * 32


def _misread(line: str) -> bool:
    if line == SEPARATOR:
        return True
    try:
        datetime.strptime(line, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def tilse_days(events) -> dict[str, list[str]]:
    """The events' lines per day, as tilse can read them back: days only, one sentence a
    line, each line once, no line tilse would misread; days left with no line dropped."""
    days: dict[str, list[str]] = {}
    for event in events:
        if granularity(event.date) != "day":
            continue
        lines = days.setdefault(event.date, [])
        for sentence in event.summary:
            line = one_line(sentence)
            if line and not _misread(line) and line not in lines:
                lines.append(line)
    return {day: lines for day, lines in sorted(days.items()) if lines}


def render_tilse(story: Story) -> str:
    out: list[str] = []
    for day, lines in tilse_days(story.events).items():
        out += [day, *lines, SEPARATOR]
    return "".join(line + "\n" for line in out)
