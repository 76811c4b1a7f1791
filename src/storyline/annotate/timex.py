"""Time expressions: find them in a sentence and resolve them against a reference date.

Values are TimeML-like: ``2012-02-04`` (day), ``2012-W11`` (week), ``2011-11`` (month),
``2011`` (year), ``201`` (decade); durations and vague references get no value. Every
value carries its evidence: the expression and what it was resolved against.

Direction is tense-aware: in a past-tense sentence "on Tuesday" is the latest Tuesday on
or before the reference date; with "will", "next" and the like it looks forward.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storyline.clean.dateline import MONTHS, WEEKDAYS, find_full_date

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(WEEKDAYS)

# Expressions the regular-expression finder adds to what the tagger finds.
FINDER = re.compile(
    r"\b(?:(?:last|next|this|on|early|late)\s+)?(?:"
    rf"(?:{_WEEKDAY_RE})(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:{_MONTH_RE})\.?\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"
    rf"|[0-3]?\d(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?(?:,?\s+(?:19|20)\d\d)?"
    r"|yesterday|today|tomorrow|tonight|last\s+night"
    r")\b",
    re.I,
)

_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|going to|due to|plans? to|scheduled|expect(?:s|ed|ing)?|"
    r"is to|are to|upcoming|later this|next\s+(?:week|month|year|spring|summer|autumn|fall|winter|"
    + "|".join(WEEKDAYS) + r"))\b",
    re.I,
)
_DURATION = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"few|many|second|third|past|previous|coming|recent)\s+(?:more\s+)?"
    r"(?:days?|weeks?|months?|years?|decades?|hours?)\b(?!\s+ago)|"
    r"\b(?:year|month|week|day|decade)-?long\b|\bmore than a\b|\bhours\b",
    re.I,
)
_AGO = re.compile(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago\b",
    re.I,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}


@dataclass(frozen=True)
class Resolution:
    value: str | None
    granularity: str | None
    how: str  # short reason, e.g. "weekday, past tense"


_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_REPORTED = re.compile(r"\b(?:said|told|announced|reported|stated|added|met|held|was|were)\s+(?:\w+\s+)?$", re.I)


def is_future(sentence: str, start: int | None = None, end: int | None = None) -> bool:
    """Whether the clause around ``sentence[start:end]`` looks forward in time.

    A reporting verb right before the expression ("said on Tuesday") makes it past.
    """
    if start is None or end is None:
        return _FUTURE.search(sentence) is not None
    before, after = sentence[:start], sentence[end:]
    if _REPORTED.search(before):
        return False
    breaks = list(_CLAUSE_BREAK.finditer(before))
    left = before[breaks[-1].end() :] if breaks else before
    brk = _CLAUSE_BREAK.search(after)
    right = after[: brk.start()] if brk else after
    return _FUTURE.search(left + sentence[start:end] + right) is not None


def _month_of(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _weekday(ref: dt.date, weekday: int, modifier: str, future: bool) -> dt.date:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if modifier == "last":
        return ref - dt.timedelta(days=back or 7)
    if modifier == "next":
        return ref + dt.timedelta(days=ahead or 7)
    if future:
        return ref + dt.timedelta(days=ahead)
    return ref - dt.timedelta(days=back)


def _month_day_year(ref: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """The year for "February 4": the occurrence nearest the reference in the tense's direction."""
    try:
        same = dt.date(ref.year, month, day)
    except ValueError:
        return None
    if not future and same > ref + dt.timedelta(days=7):
        try:
            return dt.date(ref.year - 1, month, day)
        except ValueError:
            return None
    if future and same < ref - dt.timedelta(days=90):
        try:
            return dt.date(ref.year + 1, month, day)
        except ValueError:
            return None
    return same


def resolve(expression: str, ref: dt.date | None, future: bool = False) -> Resolution:
    """Resolve one time expression against ``ref`` (None: only absolute values resolve)."""
    text = re.sub(r"['’]s$", "", expression.strip()).strip()
    low = text.lower()
    full = find_full_date(text)
    if full is not None:
        return Resolution(full.date, "day", "full date")
    year_m = re.search(r"\b((?:19|20)\d\d)\b", low)
    month_words = [w for w in re.findall(r"[a-z]+\.?", low) if _month_of(w)]
    month = _month_of(month_words[0]) if month_words else None
    day_m = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(r"(?:19|20)\d\d", "", low))
    if month and year_m and not day_m:
        return Resolution(f"{year_m.group(1)}-{month:02d}", "month", "month and year")
    decade = re.fullmatch(r"(?:the\s+)?((?:19|20)\d)0s", low)
    if decade:
        return Resolution(decade.group(1), "decade", "decade")
    if year_m and re.fullmatch(r"(?:(?:in|of|since|by|early|late|mid|the year)\s+)*(?:19|20)\d\d", low):
        return Resolution(year_m.group(1), "year", "year")
    if _DURATION.search(low) and not _AGO.search(low):
        return Resolution(None, None, "duration")
    if ref is None:
        return Resolution(None, None, "relative, and the article has no reference date")
    modifier = next((m for m in ("last", "next", "this") if re.search(rf"\b{m}\b", low)), "")
    if month and day_m:
        day = _month_day_year(ref, month, int(day_m.group(1)), future)
        if day is not None:
            return Resolution(day.isoformat(), "day", "month and day, year from the reference")
    weekday = next((i for i, name in enumerate(WEEKDAYS) if name in low), None)
    if weekday is not None:
        tense = "future" if (future or modifier == "next") else "past"
        day = _weekday(ref, weekday, modifier, future)
        return Resolution(day.isoformat(), "day", f"weekday, {modifier + ' ' if modifier else ''}{tense} tense")
    for word, delta in (("yesterday", -1), ("last night", -1), ("today", 0), ("tonight", 0),
                        ("this morning", 0), ("tomorrow", 1)):
        if word in low:
            return Resolution((ref + dt.timedelta(days=delta)).isoformat(), "day", word)
    ago = _AGO.search(low)
    if ago:
        n = int(ago.group("n")) if ago.group("n").isdigit() else _NUMBERS[ago.group("n").lower()]
        unit = ago.group("unit").lower()
        if unit == "day":
            return Resolution((ref - dt.timedelta(days=n)).isoformat(), "day", "days ago")
        if unit == "week":
            return Resolution(_week(ref - dt.timedelta(weeks=n)), "week", "weeks ago")
        if unit == "month":
            y, m = _shift_month(ref.year, ref.month, -n)
            return Resolution(f"{y}-{m:02d}", "month", "months ago")
        return Resolution(str(ref.year - n), "year", "years ago")
    if month:
        y, m = ref.year, month
        if modifier == "last" or (not modifier and not future):
            y = ref.year if month < ref.month or (month == ref.month and modifier != "last") else ref.year - 1
        elif modifier == "next" or future:
            y = ref.year if month > ref.month or (month == ref.month and modifier != "next") else ref.year + 1
        return Resolution(f"{y}-{m:02d}", "month", f"month, {modifier or ('future' if future else 'past')}")
    delta = {"last": -1, "next": 1, "this": 0}.get(modifier)
    if "earlier this" in low or "later this" in low:
        delta = 0
    for unit in ("week", "month", "year"):
        if re.search(rf"\b{unit}\b", low) and delta is not None:
            if unit == "week":
                return Resolution(_week(ref + dt.timedelta(weeks=delta)), "week", f"{modifier} week")
            if unit == "month":
                y, m = _shift_month(ref.year, ref.month, delta)
                return Resolution(f"{y}-{m:02d}", "month", f"{modifier or 'this'} month")
            return Resolution(str(ref.year + delta), "year", f"{modifier or 'this'} year")
    season = next((code for name, code in _SEASONS.items() if re.search(rf"\b{name}\b", low)), None)
    if season and delta is not None:
        return Resolution(f"{ref.year + delta}-{season}", "season", f"{modifier} season")
    return Resolution(None, None, "not resolved")


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
