"""Publication dates written in a file's path or an article's URL.

Archives and crawls often file articles by day: ``news/2012/03/13/lavrov.txt``,
``2012-03-13_lavrov.html``, ``…/20120313-lavrov``. Such a date is weaker evidence than
the article's own dateline or metadata (an archive may file by crawl day), so it is
used only when those give nothing, with confidence :data:`PATH_CONFIDENCE`.
"""

from __future__ import annotations

import datetime as dt
import re

PATH_CONFIDENCE = 0.7

_DAY = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-_/.]?)(?P<month>[01]\d)(?P=sep)(?P<day>[0-3]\d)(?!\d)"
)


def date_in_path(path: str | None) -> tuple[str, str] | None:
    """``(YYYY-MM-DD, evidence)`` for the last calendar date written in ``path``, or None."""
    if not path:
        return None
    found = None
    for m in _DAY.finditer(path.replace("\\", "/")):
        try:
            day = dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            continue
        found = (day.isoformat(), m.group(0))
    if found is None:
        return None
    day, written = found
    what = "URL" if "://" in path else "file path"
    return day, f"{what} '{written}' in {path}"
