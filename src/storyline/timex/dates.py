"""Full calendar dates written out ("Tuesday, 13 March 2012", "February 8, 2012",
"2012-02-08"): the month and weekday names and the patterns the time-expression grammar
and the dateline reader (:mod:`storyline.clean.dateline`) share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MONTHS", "WEEKDAYS", "DateMatch", "find_full_date"]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(WEEKDAYS) + r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# "Tuesday, 13 March 2012", "25 Jan 2012"
_DMY = re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I)
# "February 8, 2012", "Wednesday, Feb. 8, 2012"
_MDY = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I)
# "2012-02-08", "2012-02-08T19:06:00Z"
_A_YEAR = re.compile(r"(?:19|20)\d\d")  # every full date has one: a cheap first test
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")


@dataclass(frozen=True)
class DateMatch:
    date: str  # YYYY-MM-DD
    start: int
    end: int
    text: str
    weekday_ok: bool


def find_full_date(line: str) -> DateMatch | None:
    """The first complete calendar date written in ``line``, or None."""
    if not _A_YEAR.search(line):
        return None
    found: list[DateMatch] = []
    for pattern in (_DMY, _MDY, _ISO):
        for m in pattern.finditer(line):
            month = m.group("month")
            month_no = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            try:
                day = dt.date(int(m.group("year")), month_no, int(m.group("day")))
            except ValueError:
                continue
            weekday = m.groupdict().get("weekday")
            ok = weekday is None or WEEKDAYS[day.weekday()].startswith(weekday.lower()[:3])
            found.append(DateMatch(day.isoformat(), m.start(), m.end(), m.group(0), ok))
    if not found:
        return None
    return min(found, key=lambda d: (d.start, -d.end))
