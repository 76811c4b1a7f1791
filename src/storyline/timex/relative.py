"""The resolver's steps for expressions relative to the reference date: "the next day",
"yesterday", "Christmas", "on Tuesday", "the third quarter", "last November", "this
summer", "next week", "the year-earlier period".

Each step takes ``(text, low, ref, future)`` (:func:`anaphoric` also the day last
written in full) with a reference date, and returns a :class:`Resolution`, or None when
the expression is not of its kind. Direction is tense-aware: in a past-tense sentence
"on Tuesday" is the latest Tuesday on or before the reference date; with "will", "next"
and the like it looks forward.
"""

from __future__ import annotations

import re

from storyline.timex.dates import WEEKDAYS
from storyline.timex.calendar_math import (
    HOLIDAYS,
    PARTS,
    SEASON_START,
    SEASONS,
    days_between,
    in_season,
    iso_week,
    month_of,
    month_text,
    month_year,
    plus_days,
    quarter_of,
    weekday_near,
    year_text,
)
from storyline.timex.values import (
    DELTA,
    MODIFIER,
    Resolution,
    day_value,
    shifted,
    time_value,
    two_digit_year,
)

__all__ = [
    "anaphoric",
    "deictic_day",
    "holiday",
    "month_phrase",
    "quarter_phrase",
    "relative_unit",
    "season_phrase",
    "weekday_phrase",
    "year_adjective",
]


def anaphoric(text, low, ref, future, anchor) -> Resolution | None:
    m = re.fullmatch(r"(?:earlier\s+|later\s+)?(?:the\s+|that\s+|this\s+)?(same|next|following|previous|preceding|prior)?\s*(day|morning|evening|night|week|month|year)", low)
    if m is None or not (m.group(1) or low.startswith("that")):
        return None
    base = anchor or ref
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1}.get(m.group(1) or "", 0)
    unit = m.group(2)
    how = f"'{low}' from {base.isoformat()}"
    if unit in ("day", "morning", "evening", "night"):
        day = plus_days(base, step)
        if unit != "day":
            return time_value(day, f"T{PARTS[unit]}", how)
        return day_value(day, how)
    res = shifted(base, unit, step)
    return Resolution(res.value, res.granularity, how)


def deictic_day(text, low, ref, future) -> Resolution | None:
    for word, delta in (("the day before yesterday", -2), ("the day after tomorrow", 2), ("yesterday", -1),
                        ("today", 0), ("tomorrow", 1)):
        if re.search(rf"\b{word}\b", low):
            return day_value(plus_days(ref, delta), word)
    return None


def holiday(text, low, ref, future) -> Resolution | None:
    for name, when in HOLIDAYS.items():
        if re.search(rf"\b{re.escape(name)}\b", low):
            year_m = re.search(r"\b((?:1[5-9]|20)\d\d)\b", low)
            if year_m:
                return day_value(when(int(year_m.group(1))), f"{name}, year written")
            modifier = MODIFIER.search(low)
            this = when(ref.year)
            if modifier and modifier.group(1) in ("last", "past", "previous"):
                day = this if this < ref else when(ref.year - 1)
            elif modifier and modifier.group(1) in ("next", "coming", "upcoming"):
                day = this if this > ref else when(ref.year + 1)
            elif future:
                day = this if days_between(this, ref) >= -7 else when(ref.year + 1)
            else:
                day = this if days_between(this, ref) <= 7 else when(ref.year - 1)
            return day_value(day, f"{name}, year from the reference")
    return None


def weekday_phrase(text, low, ref, future) -> Resolution | None:
    weekday = next((i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", low)), None)
    if weekday is None:
        weekday = next((i for i, name in enumerate(WEEKDAYS)
                        if re.search(rf"\b{name[:3]}(?:s|rs|r|rs|es|nes|urs)?\.?(?:$|\s)", low)), None)
        if weekday is None:
            return None
    modifier = ""
    m = re.match(r"(?:early\s+|late\s+|earlier\s+|later\s+)?(last|next|this|on)\b", low)
    if m and m.group(1) != "on":
        modifier = m.group(1)
    if re.search(r"\bnext\s+week\b", low):
        return day_value(plus_days(ref, 7 - ref.weekday() + weekday), "weekday of next week")
    if re.search(r"\blast\s+week\b", low):
        return day_value(plus_days(ref, -7 - ref.weekday() + weekday), "weekday of last week")
    if modifier == "this":
        day = weekday_near(ref, weekday, "", future)
    else:
        day = weekday_near(ref, weekday, modifier, future)
    tense = "future" if (future or modifier == "next") else "past"
    return day_value(day, f"weekday, {modifier + ' ' if modifier else ''}{tense} tense")


_QUARTER = re.compile(
    r"\b(?:(?P<word>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|same|year-earlier|"
    r"year-ago|comparable|next|coming|recent|past|this|june|september|december|march)[-\s]+)?"
    r"(?:fiscal\s+)?(?P<kind>quarter|half)\b"
)


_QUARTER_NOTATION = re.compile(r"(?:q(?P<q>[1-4])|(?P<q2>[1-4])q|h(?P<h>[12]))(?:\s+(?P<year>\d{4}))?")


_PART_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                "march": 1, "june": 2, "september": 3, "december": 4}  # a quarter named by its last month


_PART_STEP = {"current": 0, "this": 0, "next": 1, "coming": 1}  # others: the latest complete one


def quarter_phrase(text, low, ref, future) -> Resolution | None:
    """Quarters and halves: "the third quarter", "Q3 2012", "the year-ago quarter", "the first half"."""
    notation = _QUARTER_NOTATION.fullmatch(low)
    if notation:
        kind = "half" if notation.group("h") else "quarter"
        n = int(notation.group("q") or notation.group("q2") or notation.group("h"))
        year = int(notation.group("year")) if notation.group("year") else ref.year
        return Resolution(f"{year_text(year)}-{'H' if kind == 'half' else 'Q'}{n}", kind, kind)
    m = _QUARTER.search(low)
    if m is None:
        return None
    word, kind = m.group("word") or "", m.group("kind")
    count = 4 if kind == "quarter" else 2
    current = quarter_of(ref)[1] if kind == "quarter" else (1 if ref.month <= 6 else 2)
    year_m = re.search(r"\b((?:1[5-9]|20)\d\d)\b", low)
    if word in _PART_NUMBER:
        n = min(_PART_NUMBER[word], count)
        if year_m:
            year = int(year_m.group(1))
        elif re.search(r"\b(?:last|next)\s+year\b", low):
            year = ref.year + (1 if "next" in low else -1)
        else:  # a part still to come this year is last year's in a past-tense sentence
            year = ref.year if n <= current or future else ref.year - 1
        how = f"{kind} {n}"
    elif word == "final":
        n, year = count, int(year_m.group(1)) if year_m else ref.year
        how = f"final {kind}"
    else:
        index = ref.year * count + current - 1 + _PART_STEP.get(word, -1)
        year, n = index // count, index % count + 1
        if word in ("year-earlier", "year-ago", "comparable"):
            year -= 1
        how = f"'{low}' from the reference"
    return Resolution(f"{year_text(year)}-{'H' if kind == 'half' else 'Q'}{n}", kind, how)


def month_phrase(text, low, ref, future) -> Resolution | None:
    words = [w for w in re.findall(r"[a-z]+\.?", low) if month_of(w)]
    if not words:
        return None
    month = month_of(words[0])
    m = MODIFIER.search(low)
    modifier = m.group(1) if m else ""
    year = month_year(ref, month, modifier, future)
    direction = "nearest" if future is None else "future" if future else "past"
    return Resolution(month_text(year, month), "month", f"month, {modifier or direction}")


def season_phrase(text, low, ref, future) -> Resolution | None:
    m = re.search(r"\b(spring|summer|autumn|fall|winter)\b", low)
    if m is None:
        return None
    code = SEASONS[m.group(1)]
    year_m = re.search(r"\b((?:1[5-9]|20)\d\d)\b|'(\d\d)\b", low)
    if year_m:
        year = int(year_m.group(1)) if year_m.group(1) else two_digit_year(year_m.group(2))
        return Resolution(f"{year}-{code}", "season", "season and year")
    # the year in which the season last began on or before the reference
    started = ref.year if ref.month >= SEASON_START[code] else ref.year - 1
    now = in_season(ref, code)
    mod = MODIFIER.search(low)
    modifier = mod.group(1) if mod else ""
    if modifier in ("last", "past", "previous"):
        year = started - 1 if now else started
    elif modifier in ("next", "coming", "upcoming"):
        year = started + 1
    elif modifier in ("this", "current"):
        year = started if now else ref.year
    elif future:
        year = started if now else started + 1
    else:
        year = started
    return Resolution(f"{year_text(year)}-{code}", "season", f"season, {modifier or ('future' if future else 'past')}")


def relative_unit(text, low, ref, future) -> Resolution | None:
    m = re.fullmatch(r"(?:early|late|mid-?)?\s*(?:the\s+)?(this|last|next|past|previous|coming|following|current|upcoming)\s+"
                     r"(?:fiscal\s+)?(week|weekend|month|year|decade|century|day)", low)
    if m is None:
        m = re.fullmatch(r"(?:the|this|that)\s+(weekend)", low)
        if m is None:
            return None
        modifier, unit = ("this" if low.startswith("this") else ""), "weekend"
    else:
        modifier, unit = m.group(1), m.group(2)
    delta = DELTA[modifier] if modifier else 0
    if unit == "weekend":
        ahead = (5 - ref.weekday()) % 7  # days to the coming Saturday
        if not modifier and not future and ref.weekday() < 5:
            ahead -= 7
        elif modifier in ("last", "past", "previous"):
            ahead = -((ref.weekday() - 5) % 7 or 7)
        elif delta > 0 and ref.weekday() >= 5:
            ahead += 7
        saturday = plus_days(ref, ahead)
        return Resolution(iso_week(saturday) + "-WE", "week", f"{modifier or 'the'} weekend")
    if unit == "day":
        return day_value(plus_days(ref, delta), f"{modifier} day")
    res = shifted(ref, unit, delta)
    return Resolution(res.value, res.granularity, f"{modifier} {unit}")


def year_adjective(text, low, ref, future) -> Resolution | None:
    if re.fullmatch(r"(?:the\s+)?(?:year-earlier|year-ago|year-before|prior-year|previous-year)(?:\s+\w+)?", low):
        return Resolution(year_text(ref.year - 1), "year", "a year before the reference")
    return None
