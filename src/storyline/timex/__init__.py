"""Time expressions in English news text: where they are, and what they mean.

The grammar (:mod:`~storyline.timex.rules`: :func:`find_candidates`) finds their extents
in raw text; :mod:`~storyline.timex.filters` drops names that hold a time word ("Arab
Spring") and flags dates that name an event ("the September 11 attacks");
:mod:`~storyline.timex.tense` reads whether the clause around one looks forward or
back; :func:`resolve` (:mod:`~storyline.timex.resolver`, with its steps in
:mod:`~storyline.timex.absolute` and :mod:`~storyline.timex.relative`, the values they
build in :mod:`~storyline.timex.values` and the calendar arithmetic in
:mod:`~storyline.timex.calendar_math`) gives each its TIMEX3 value and the calendar
value that dates events.

Plain Python over strings and dates: no model. ``annotate`` (which runs the grammar on
each document's sentences) and ``dating`` (which resolves again against other anchors)
use it.
"""

from __future__ import annotations

from storyline.timex.calendar_math import OutsideCalendar
from storyline.timex.dates import MONTHS, WEEKDAYS, DateMatch, find_full_date
from storyline.timex.filters import is_crawl_stamp, is_name, name_like_date
from storyline.timex.resolver import resolve
from storyline.timex.rules import Candidate, find_candidates
from storyline.timex.tense import clause_future, is_future, tense
from storyline.timex.values import Resolution

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "Candidate",
    "DateMatch",
    "OutsideCalendar",
    "Resolution",
    "clause_future",
    "find_full_date",
    "find_candidates",
    "is_crawl_stamp",
    "is_future",
    "is_name",
    "name_like_date",
    "resolve",
    "tense",
]
