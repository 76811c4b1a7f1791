"""Resolve one time expression against a reference date.

:func:`resolve` gives every expression two values. ``timeml`` is its TIMEX3 value, as in
TempEval-3: ``2012-02-04`` (day), ``2013-03-22TAF`` (a time), ``2012-W11`` (week),
``2011-11`` (month), ``2012-Q3`` (quarter), ``2012-SU`` (season), ``2011`` (year), ``201``
(decade), ``P3Y`` (a duration), ``XXXX-WXX-2`` (a set), ``PRESENT_REF`` (a vague
reference). ``value`` is what dates events in a timeline: the calendar part of that
value (the day of a time), and None for durations, sets and vague references, which
date nothing. Every resolution says how it was reached.

The steps that need no reference date are in :mod:`storyline.timex.absolute`, those
relative to it in :mod:`storyline.timex.relative`; the ones here resolve part of the
expression again ("9 a.m. on Tuesday", "Tuesday morning", "the end of next month").
Direction is tense-aware (:mod:`storyline.timex.tense`).
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.timex.absolute import (
    absolute_date,
    ago_phrase,
    decade_or_century,
    duration_phrase,
    recurring,
    reference_word,
)
from storyline.timex.calendar_math import PARTS, UNIT_WORD, OutsideCalendar, plus_days
from storyline.timex.relative import (
    anaphoric,
    deictic_day,
    holiday,
    month_phrase,
    quarter_phrase,
    relative_unit,
    season_phrase,
    weekday_phrase,
    year_adjective,
)
from storyline.timex.values import Resolution, day_value, shifted, time_value

__all__ = ["Resolution", "resolve"]


def _clean(expression: str) -> str:
    text = expression.strip().replace("\u2019", "'").replace("\u2013", "-")
    text = re.sub(r"'s?$", "", text).strip()
    text = re.sub(r"^(?:on|in|at(?! the time)|of|since|by|from|until|till|during|for|about|around)\s+", "", text, flags=re.I)
    text = re.sub(r"\b(?:fiscal|financial|calendar)\s+(?=(?:year|quarter|half|first|second|third|fourth)\b)", "", text, flags=re.I)
    return " ".join(text.split())


_CLOCK = re.compile(
    r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)|\b(?P<word>noon|midnight|midday)\b)",
    re.I,
)


def resolve(expression: str, ref: dt.date | None, future: bool | None = False, anchor: dt.date | None = None) -> Resolution:
    """Resolve one time expression against ``ref`` (None: only absolute values resolve).

    ``future``: the clause looks forward (True), back (False), or has no tense marker
    (None: a month or a day of the year is then the occurrence nearest ``ref``).
    ``anchor``: the day last written in full before the expression, for "the next day"
    and "that day" (the reference date when None).

    An expression whose value falls before year 1 or after year 9999 ("yesterday" on
    0001-01-01) is left unresolved: every computed date and year goes through the
    calendar helpers, which raise :class:`OutsideCalendar` for it.
    """
    try:
        return _resolve(expression, ref, future, anchor)
    except OutsideCalendar as exc:
        return Resolution(None, None, f"outside the calendar: {exc}")


def _resolve(expression: str, ref: dt.date | None, future: bool | None, anchor: dt.date | None) -> Resolution:
    text = _clean(expression)
    low = text.lower()
    for step in (recurring, reference_word, _clock_time, absolute_date, decade_or_century):
        res = step(text, low, ref, future)
        if res is not None:
            return res
    if re.search(r"\b(?:ago|earlier|later|from now|hence)$", low) and re.search(UNIT_WORD, low):
        res = ago_phrase(low, ref)
        if res is not None:
            return res
    res = duration_phrase(low)
    if res is not None:
        return res
    if ref is None:
        return Resolution(None, None, "relative, and the article has no reference date")
    for step in (anaphoric, _part_of_day, deictic_day, holiday, weekday_phrase, quarter_phrase,
                 month_phrase, season_phrase, _edge_phrase, relative_unit, year_adjective):
        res = step(text, low, ref, future, anchor) if step is anaphoric else step(text, low, ref, future)
        if res is not None:
            return res
    return Resolution(None, None, "not resolved")


def _clock_time(text: str, low: str, ref, future) -> Resolution | None:
    m = _CLOCK.search(text)
    if m is None:
        return None
    if m.group("word"):
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m.group("word").lower()]
    elif m.group("h24"):
        hour, minute = int(m.group("h24")), int(m.group("m24"))
    else:
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        pm = m.group("ap").lower().startswith("p")
        if pm and hour < 12:
            hour += 12
        if not pm and hour == 12:
            hour = 0
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,")
    rest = re.sub(r"\b(?:GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|BST|CET|CEST|IST|JST|local time|hrs|h|on|at|early|late)\b", " ", rest, flags=re.I)
    rest = " ".join(rest.split()).strip(" ,")
    day = None
    if rest:
        res = resolve(rest, ref, future)
        if res.value and res.granularity == "day":
            day = dt.date.fromisoformat(res.value)
    elif ref is not None:
        day = ref
    how = "clock time on the reference day" if not rest else f"clock time on {day}" if day else "clock time"
    return time_value(day, f"T{hour:02d}:{minute:02d}", how)


def _part_of_day(text, low, ref, future) -> Resolution | None:
    m = re.search(r"\b(morning|afternoon|evening|night|overnight|tonight)\b", low)
    if m is None or re.search(r"\b(?:every|each)\b", low):
        return None
    part = PARTS[m.group(1)]
    rest = " ".join((low[: m.start()] + low[m.end() :]).split())
    rest = re.sub(r"^(?:earlier|later|early|late|mid-?)\s*", "", rest)
    if m.group(1) == "afternoon" and re.search(r"\bmid-?$", low[: m.start()].strip()):
        rest = ""
    if rest in ("", "this", "the", "mid"):
        day = ref
    elif rest == "last":
        day = plus_days(ref, -1) if part == "NI" else ref
    else:
        res = resolve(rest, ref, future)
        if not (res.value and res.granularity == "day"):
            return None
        day = dt.date.fromisoformat(res.value)
    return time_value(day, f"T{part}", f"part of day, {day.isoformat()}")


def _edge_phrase(text, low, ref, future) -> Resolution | None:
    """ "the end of 1989", "earlier this month", "later this week": the value of what they qualify."""
    m = re.fullmatch(r"(?:earlier|later)?\s*(?:the\s+)?(?:end|beginning|start|middle|turn)\s+of\s+(.+)", low)
    if m:
        inner = re.sub(r"^(?:the\s+)?(?=(?:day|week|month|year|decade|century)$)", "this ", m.group(1))
        res = resolve(inner, ref, future)
        if res.value is not None:
            return Resolution(res.value, res.granularity, f"'{low}': {res.how}")
        return None
    m = re.fullmatch(r"(?:earlier|later)\s+(?:in\s+the|this|that)\s+(day|week|month|year|decade|century)", low)
    if m is None:
        return None
    unit = m.group(1)
    if unit == "day":
        return day_value(ref, "this day")
    res = shifted(ref, unit, 0)
    return Resolution(res.value, res.granularity, f"'{low}': {unit} of the reference")
