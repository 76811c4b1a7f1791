"""The resolver's steps tried before it asks for a reference date: sets ("every
Tuesday"), vague references ("recently"), calendar dates with or without a year,
decades, centuries and years, "N units ago", and durations. Most carry their own value;
a month and day without a year, and "N units ago", count from the reference date.

Each step takes ``(text, low, ref, future)`` and returns a :class:`Resolution`, or
None when the expression is not of its kind (:func:`storyline.timex.resolve` tries
them in order).
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.timex.dates import WEEKDAYS, find_full_date
from storyline.timex.calendar_math import (
    CENTURY_WORDS,
    DECADE_WORDS,
    HOLIDAYS,
    PARTS,
    SEASONS,
    UNIT_WORD,
    UNITS,
    calendar_date,
    month_day_year,
    month_of,
    year_text,
)
from storyline.timex.rules import number
from storyline.timex.values import (
    MODIFIER,
    Resolution,
    day_value,
    duration_value,
    is_plural,
    shifted,
    time_value,
    two_digit_year,
)

__all__ = [
    "absolute_date",
    "ago_phrase",
    "decade_or_century",
    "duration_phrase",
    "recurring",
    "reference_word",
]


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "current": "PRESENT_REF", "the time being": "PRESENT_REF", "today's": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "at the time": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "recent": "PAST_REF", "in the past": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "in the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "a later date": "FUTURE_REF",
}


_SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
         "nightly": "XXXX-XX-XXTNI", "quarterly": "P3M", "biweekly": "P2W", "semiannually": "P6M",
         "fortnightly": "P2W"}


def recurring(text: str, low: str, ref, future) -> Resolution | None:
    if low in _SETS:
        return Resolution(None, None, "set", "SET", _SETS[low])
    m = re.fullmatch(r"(?:every|each|per)\s+(?:other\s+)?(?:(?P<n>[\w-]+)\s+)?(?P<what>\w+)", low)
    if m is None:
        m2 = re.fullmatch(r"an?\s+(year|month|week|day|hour|quarter)", low)
        if m2:
            letter, size, clock = UNITS[m2.group(1)]
            return Resolution(None, None, "set", "SET", f"P{'T' if clock else ''}{size}{letter}")
        m3 = re.fullmatch(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s(?:\s+(morning|afternoon|evening|night)s?)?", low)
        if m3:
            part = f"T{PARTS[m3.group(2)]}" if m3.group(2) else ""
            return Resolution(None, None, "set", "SET", f"XXXX-WXX-{WEEKDAYS.index(m3.group(1)) + 1}{part}")
        return None
    what, n = m.group("what"), m.group("n")
    other = " other " in f" {low} "
    if what.rstrip("s") in UNITS or what in UNITS:
        unit = what if what in UNITS else what.rstrip("s")
        letter, size, clock = UNITS[unit]
        count = (number(n) or 1) if n else 1
        count = count * size * (2 if other else 1)
        return Resolution(None, None, "set", "SET", f"P{'T' if clock else ''}{int(count)}{letter}")
    if what in WEEKDAYS:
        return Resolution(None, None, "set", "SET", f"XXXX-WXX-{WEEKDAYS.index(what) + 1}")
    if month_of(what):
        return Resolution(None, None, "set", "SET", f"XXXX-{month_of(what):02d}")
    if what in SEASONS:
        return Resolution(None, None, "set", "SET", f"XXXX-{SEASONS[what]}")
    if what in PARTS:
        return Resolution(None, None, "set", "SET", f"XXXX-XX-XXT{PARTS[what]}")
    if what == "season":
        return Resolution(None, None, "set", "SET", "XXXX-XX")
    return None


def reference_word(text: str, low: str, ref, future) -> Resolution | None:
    if low in _REFS:
        return Resolution(None, None, "vague reference", "DATE", _REFS[low])
    return None


def absolute_date(text: str, low: str, ref, future) -> Resolution | None:
    """Calendar dates written with their year, and month-day dates without one."""
    full = find_full_date(text)
    if full is not None and full.start == 0 or (full is not None and re.fullmatch(r"(?:early|late|mid)[-\s]+", text[: full.start].lower())):
        return day_value(dt.date.fromisoformat(full.date), "full date")
    m = re.fullmatch(r"(?:(?:early|late|mid)[-\s]+)?(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)?\d\d)", low)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        month, day = (a, b) if "/" in low else (b, a)
        if month > 12:
            month, day = day, month
        try:
            return day_value(calendar_date(year, month, day), "full date")
        except ValueError:
            return None
    month_words = [w for w in re.findall(r"[a-z]+\.?", low) if month_of(w)]
    if not month_words or re.search(r"\b(?:every|each)\b", low):
        return None
    month = month_of(month_words[0])
    year_m = re.search(r"(?<![\d])((?:1[5-9]|20)\d\d)(?!\d)|'(\d\d)\b", low)
    year = None
    if year_m:
        year = int(year_m.group(1)) if year_m.group(1) else two_digit_year(year_m.group(2))
    day_m = re.search(r"(?<![\d'])([0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:-year|years?|months?|days?))", re.sub(r"(?:1[5-9]|20)\d\d", "", low))
    if day_m and not 1 <= int(day_m.group(1)) <= 31:
        day_m = None
    if year and day_m:
        try:
            return day_value(calendar_date(year, month, int(day_m.group(1))), "full date")
        except ValueError:
            return None
    if year:
        return Resolution(f"{year}-{month:02d}", "month", "month and year")
    if day_m:
        if ref is None:
            return Resolution(None, None, "relative, and the article has no reference date")
        modifier = MODIFIER.search(low)
        if modifier and modifier.group(1) in ("last", "past", "previous"):
            future = False
        elif modifier and modifier.group(1) in ("next", "coming", "upcoming"):
            future = True
        d = month_day_year(ref, month, int(day_m.group(1)), future)
        if d is not None:
            return day_value(d, "month and day, year from the reference")
    return None


def decade_or_century(text: str, low: str, ref, future) -> Resolution | None:
    m = re.search(r"(?<!\d)(1[5-9]\d|20\d)0'?s\b", low)
    if m:
        return Resolution(m.group(1), "decade", "decade")
    m = re.search(r"'(\d)0s\b", low)
    if m:
        return Resolution(("19" if int(m.group(1)) > 2 else "20") + m.group(1), "decade", "decade")
    m = re.search(r"\bthe\s+(" + "|".join(DECADE_WORDS) + r")\b", low)
    if m:
        return Resolution(f"19{DECADE_WORDS[m.group(1)]}", "decade", "decade")
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)[-\s]century\b", low) or re.search(
        r"\b(" + "|".join(CENTURY_WORDS) + r")[-\s]century\b", low)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else CENTURY_WORDS[m.group(1)]
        return Resolution(f"{n - 1:02d}", "century", "century")
    m = re.fullmatch(r"(?:(?:early|late|mid)[-\s]+)?(?:(?:fiscal|calendar|financial)\s+)?(?:(?:the\s+)?year\s+)?((?:1[5-9]|20)\d\d)", low)
    if m:
        return Resolution(m.group(1), "year", "year")
    spoken = _spoken_year(low)
    if spoken:
        return Resolution(str(spoken), "year", "year said in words")
    if re.fullmatch(r"(?:the\s+)?year(?:-|\s+|'s\s+)end", low) and ref is not None:
        return Resolution(year_text(ref.year), "year", "the end of the reference year")
    m = re.fullmatch(r"fy\s?(\d\d|\d{4})", low)
    if m:
        year = m.group(1)
        return Resolution(year if len(year) == 4 else f"20{year}", "year", "fiscal year")
    return None


def _spoken_year(low: str) -> int | None:
    """1996 for "nineteen ninety-six", 2000 for "the year two thousand"."""
    m = re.fullmatch(r"nineteen[-\s](.+)", low)
    if m:
        rest = number(m.group(1))
        return 1900 + int(rest) if rest and rest < 100 else None
    m = re.fullmatch(r"(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:[-\s](.+))?", low)
    if m:
        rest = number(m.group(1)) if m.group(1) else 0
        return 2000 + int(rest) if rest is not None and rest < 100 else None
    return None


def ago_phrase(low: str, ref) -> Resolution | None:
    m = re.search(rf"(?:(?P<q>[\w.\s/-]+?)\s+)?(?:more\s+)?{UNIT_WORD}(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from now|hence)$", low)
    if m is None:
        return None
    unit = m.group("unit")
    quantity = re.sub(r"^(?:more than|less than|fewer than|no more than|nearly|almost|at least|at most|up to|upwards of)\s+", "", (m.group("q") or "").strip())
    n = number(quantity) if quantity else (1.0 if not is_plural(low, unit) else None)
    sign = -1 if m.group("dir") in ("ago", "earlier") else 1
    if n is None:
        return Resolution(None, None, "vague", "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if ref is None:
        return Resolution(None, None, "relative, and the article has no reference date")
    unit = {"centuries": "century", "millennia": "millennium"}.get(unit, unit)
    if unit in ("hour", "minute", "second"):
        return time_value(ref, "", "hours from the reference")
    if unit == "millennium":
        return None
    if n != int(n):
        return None
    res = shifted(ref, unit, sign * int(n))
    return Resolution(res.value, res.granularity, f"'{m.group(0)}' from the reference: {res.how}")


def duration_phrase(low: str) -> Resolution | None:
    """Amounts of time: "three years", "the past two years", "a month", "16-hour", "years"."""
    if re.search(r"\b(?:ago|earlier|later|from now|hence)$", low):
        return None
    if re.search(r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|latest|current|previous|same|year-earlier|"
                 r"year-ago|comparable|recent)[-\s]+(?:quarter|half)\b", low) or re.fullmatch(r"(?:the|this|that)\s+quarter", low):
        return None
    if any(name in low for name in HOLIDAYS):
        return None
    if re.search(r"\b(?:today|tonight|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                 r"end|beginning|start|middle|this|that)\b", low):
        return None
    if re.fullmatch(r"(?:(?:the|last|this|that)\s+)?(?:night|nights)", low):
        return None
    if re.fullmatch(r"(?:the\s+|that\s+)?(?:(?:same|following|previous|preceding|prior)\s+\w+|next\s+(?:day|morning|evening|night))", low):
        return None
    if re.fullmatch(r"(?:the\s+|this\s+|last\s+|next\s+|that\s+)?(?:weekend|day|week|month|year|quarter|decade|century)", low):
        return None
    if re.fullmatch(r"(?:the\s+)?(?:past|last|next|coming|previous|following|first|final)\s+(?:day|week|month|year|decade|century)", low):
        if low.startswith("the ") or re.match(r"(?:past|first|final)", low):
            return duration_value(low)
        return None
    if re.search(rf"(?:^|[\s-]){UNIT_WORD}(?:[\s-](?:long|old)|\s+or\s+so)?$", low) or re.search(r"-long$", low):
        if re.search(r"(?:^|\s)(?:the\s+)?(?:same|next|following|previous|preceding|prior|that|this)\s+(?:day|morning|evening|night|week|month|year)$", low):
            return None
        return duration_value(low)
    return None
