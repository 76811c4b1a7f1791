"""Time expressions: resolve one against a reference date, and read the tense around it.

:func:`resolve` gives every expression two values. ``timeml`` is its TIMEX3 value, as in
TempEval-3: ``2012-02-04`` (day), ``2013-03-22TAF`` (a time), ``2012-W11`` (week),
``2011-11`` (month), ``2012-Q3`` (quarter), ``2012-SU`` (season), ``2011`` (year), ``201``
(decade), ``P3Y`` (a duration), ``XXXX-WXX-2`` (a set), ``PRESENT_REF`` (a vague
reference). ``value`` is what dates events in a timeline: the calendar part of that
value (the day of a time), and None for durations, sets and vague references, which
date nothing. Every resolution says how it was reached.

Direction is tense-aware (:mod:`storyline.annotate.timex_tense`): in a past-tense sentence "on Tuesday" is the latest Tuesday on
or before the reference date; with "will", "next" and the like it looks forward.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storyline.annotate.timex_calendar import (
    CENTURY_WORDS,
    DECADE_WORDS,
    HOLIDAYS,
    PARTS,
    SEASON_START,
    SEASONS,
    UNIT_WORD,
    UNITS,
    OutsideCalendar,
    calendar_date,
    century_text,
    days_between,
    decade_text,
    in_season,
    iso_week,
    month_day_year,
    month_of,
    month_text,
    month_year,
    plus_days,
    quarter_of,
    shift_month,
    shift_quarter,
    weekday_near,
    year_text,
)
from storyline.annotate.timex_rules import ORDINALS, number
from storyline.annotate.timex_tense import is_future, tense
from storyline.clean.dateline import WEEKDAYS, find_full_date

__all__ = ["Resolution", "is_future", "resolve", "tense"]


@dataclass(frozen=True)
class Resolution:
    """What an expression means: its calendar value, TIMEX3 type and value, and why."""

    value: str | None  # dates events: "2012-02-04", "2011-11", "2011"; None for durations etc.
    granularity: str | None  # "day", "week", "month", "quarter", "season", "year", "decade", "century"
    how: str  # short reason, e.g. "weekday, past tense"
    type: str = "DATE"  # TIMEX3 type: DATE, TIME, DURATION or SET
    timeml: str | None = None  # TIMEX3 value; defaults to ``value``

    def __post_init__(self) -> None:
        if self.timeml is None and self.value is not None:
            object.__setattr__(self, "timeml", self.value)


# --- resolution -------------------------------------------------------------------------


def _day(d: dt.date, how: str) -> Resolution:
    return Resolution(d.isoformat(), "day", how)


def _time(d: dt.date | None, suffix: str, how: str) -> Resolution:
    """A time of day: its day dates events, the TIMEX3 value carries the time."""
    if d is None:
        return Resolution(None, None, how, "TIME", f"XXXX-XX-XX{suffix}")
    return Resolution(d.isoformat(), "day", how, "TIME", d.isoformat() + suffix)


# words of a duration phrase that say nothing of its length
_NOT_AMOUNTS = frozenset(
    "the past last next first coming previous following final remaining other full entire whole mere additional "
    "further same recent more than less fewer nearly almost at least most up to no upwards of straight consecutive "
    "long successive".split()
)


def _duration(low: str, how: str = "duration") -> Resolution | None:
    """A duration's TIMEX3 value ("P3Y", "PT24H", "PXM"), or None if ``low`` names no unit."""
    m = re.fullmatch(rf"(?:(?P<q>.+?)[\s-]+)?{UNIT_WORD}(?:[\s-]+(?:long|old|or so))?", low)
    if not m:
        return None
    unit = m.group("unit")
    letter, size, clock = UNITS[unit]
    quantity = m.group("q") or ""
    upper = re.search(r"\b(?:to|or)\s+(\S+)$", quantity)  # "two to three weeks": the upper bound
    if upper and number(upper.group(1)) is not None:
        quantity = upper.group(1)
    words = [w for w in quantity.split() if w not in _NOT_AMOUNTS]
    if len(words) > 1 and words[0] in ("a", "an"):
        words = words[1:]
    quantity = " ".join(words)
    if not quantity:
        n = None if _plural(low, unit) else 1.0
    elif quantity in ORDINALS:  # "a second month" lasts a month
        n = 1.0
    else:
        n = number(quantity)
    if n is None:
        amount = "X"
    else:
        total = n * size
        if total != int(total):
            return Resolution(None, None, how, "DURATION", _fraction(total, letter, clock))
        amount = str(int(total))
    return Resolution(None, None, how, "DURATION", f"P{'T' if clock else ''}{amount}{letter}")


def _plural(low: str, unit: str) -> bool:
    return bool(re.search(rf"\b{unit}s\b", low)) or unit in ("centuries", "millennia")


def _fraction(total: float, letter: str, clock: bool) -> str:
    """A fractional duration in the next smaller unit: 1.5 years is P18M, 5.5 hours PT5H30M."""
    whole = int(total)
    rest = total - whole
    if letter == "Y":
        return f"P{int(round(total * 12))}M"
    if letter == "M" and not clock:
        return f"P{int(round(total * 30))}D"
    if letter == "W":
        return f"P{int(round(total * 7))}D"
    if letter == "D":
        return f"PT{int(round(total * 24))}H"
    if letter == "H":
        return f"PT{whole}H{int(round(rest * 60))}M" if whole else f"PT{int(round(rest * 60))}M"
    return f"P{'T' if clock else ''}{total:g}{letter}"


def _shifted(ref: dt.date, unit: str, n: int) -> Resolution:
    """The date ``n`` units from ``ref`` (negative: before), at the unit's granularity."""
    if unit in ("day", "night"):
        return _day(plus_days(ref, n), f"{abs(n)} days {'before' if n < 0 else 'after'} the reference")
    if unit in ("week", "fortnight", "weekend"):
        weeks = n * (2 if unit == "fortnight" else 1)
        return Resolution(iso_week(plus_days(ref, 7 * weeks)), "week", f"{abs(weeks)} weeks from the reference")
    if unit == "month":
        y, m = shift_month(ref.year, ref.month, n)
        return Resolution(month_text(y, m), "month", f"{abs(n)} months from the reference")
    if unit == "quarter":
        y, q = shift_quarter(*quarter_of(ref), n)
        return Resolution(f"{year_text(y)}-Q{q}", "quarter", f"{abs(n)} quarters from the reference")
    if unit == "decade":
        return Resolution(decade_text(ref.year // 10 + n), "decade", f"{abs(n)} decades from the reference")
    if unit in ("century", "centuries"):
        return Resolution(century_text(ref.year // 100 + n), "century", f"{abs(n)} centuries from the reference")
    return Resolution(year_text(ref.year + n), "year", f"{abs(n)} years from the reference")


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
_MODIFIER = re.compile(r"\b(last|next|this|past|previous|coming|following|current|upcoming)\b")
_DELTA = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
          "following": 1, "upcoming": 1}


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
    for step in (_set, _reference_word, _clock_time, _absolute, _decade_or_century):
        res = step(text, low, ref, future)
        if res is not None:
            return res
    if re.search(r"\b(?:ago|earlier|later|from now|hence)$", low) and re.search(UNIT_WORD, low):
        res = _ago(low, ref)
        if res is not None:
            return res
    res = _duration_phrase(low)
    if res is not None:
        return res
    if ref is None:
        return Resolution(None, None, "relative, and the article has no reference date")
    for step in (_anaphoric, _part_of_day, _deictic_day, _holiday, _weekday_phrase, _quarter_phrase,
                 _month_phrase, _season_phrase, _edge_phrase, _relative_unit, _year_adjective):
        res = step(text, low, ref, future, anchor) if step is _anaphoric else step(text, low, ref, future)
        if res is not None:
            return res
    return Resolution(None, None, "not resolved")


def _set(text: str, low: str, ref, future) -> Resolution | None:
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


def _reference_word(text: str, low: str, ref, future) -> Resolution | None:
    if low in _REFS:
        return Resolution(None, None, "vague reference", "DATE", _REFS[low])
    return None


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
    return _time(day, f"T{hour:02d}:{minute:02d}", how)


def _absolute(text: str, low: str, ref, future) -> Resolution | None:
    """Calendar dates written with their year, and month-day dates without one."""
    full = find_full_date(text)
    if full is not None and full.start == 0 or (full is not None and re.fullmatch(r"(?:early|late|mid)[-\s]+", text[: full.start].lower())):
        return _day(dt.date.fromisoformat(full.date), "full date")
    m = re.fullmatch(r"(?:(?:early|late|mid)[-\s]+)?(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)?\d\d)", low)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        month, day = (a, b) if "/" in low else (b, a)
        if month > 12:
            month, day = day, month
        try:
            return _day(calendar_date(year, month, day), "full date")
        except ValueError:
            return None
    month_words = [w for w in re.findall(r"[a-z]+\.?", low) if month_of(w)]
    if not month_words or re.search(r"\b(?:every|each)\b", low):
        return None
    month = month_of(month_words[0])
    year_m = re.search(r"(?<![\d])((?:1[5-9]|20)\d\d)(?!\d)|'(\d\d)\b", low)
    year = None
    if year_m:
        year = int(year_m.group(1)) if year_m.group(1) else _two_digit_year(year_m.group(2))
    day_m = re.search(r"(?<![\d'])([0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:-year|years?|months?|days?))", re.sub(r"(?:1[5-9]|20)\d\d", "", low))
    if day_m and not 1 <= int(day_m.group(1)) <= 31:
        day_m = None
    if year and day_m:
        try:
            return _day(calendar_date(year, month, int(day_m.group(1))), "full date")
        except ValueError:
            return None
    if year:
        return Resolution(f"{year}-{month:02d}", "month", "month and year")
    if day_m:
        if ref is None:
            return Resolution(None, None, "relative, and the article has no reference date")
        modifier = _MODIFIER.search(low)
        if modifier and modifier.group(1) in ("last", "past", "previous"):
            future = False
        elif modifier and modifier.group(1) in ("next", "coming", "upcoming"):
            future = True
        d = month_day_year(ref, month, int(day_m.group(1)), future)
        if d is not None:
            return _day(d, "month and day, year from the reference")
    return None


def _decade_or_century(text: str, low: str, ref, future) -> Resolution | None:
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


def _ago(low: str, ref) -> Resolution | None:
    m = re.search(rf"(?:(?P<q>[\w.\s/-]+?)\s+)?(?:more\s+)?{UNIT_WORD}(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from now|hence)$", low)
    if m is None:
        return None
    unit = m.group("unit")
    quantity = re.sub(r"^(?:more than|less than|fewer than|no more than|nearly|almost|at least|at most|up to|upwards of)\s+", "", (m.group("q") or "").strip())
    n = number(quantity) if quantity else (1.0 if not _plural(low, unit) else None)
    sign = -1 if m.group("dir") in ("ago", "earlier") else 1
    if n is None:
        return Resolution(None, None, "vague", "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if ref is None:
        return Resolution(None, None, "relative, and the article has no reference date")
    unit = {"centuries": "century", "millennia": "millennium"}.get(unit, unit)
    if unit in ("hour", "minute", "second"):
        return _time(ref, "", "hours from the reference")
    if unit == "millennium":
        return None
    if n != int(n):
        return None
    res = _shifted(ref, unit, sign * int(n))
    return Resolution(res.value, res.granularity, f"'{m.group(0)}' from the reference: {res.how}")


def _duration_phrase(low: str) -> Resolution | None:
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
            return _duration(low)
        return None
    if re.search(rf"(?:^|[\s-]){UNIT_WORD}(?:[\s-](?:long|old)|\s+or\s+so)?$", low) or re.search(r"-long$", low):
        if re.search(r"(?:^|\s)(?:the\s+)?(?:same|next|following|previous|preceding|prior|that|this)\s+(?:day|morning|evening|night|week|month|year)$", low):
            return None
        return _duration(low)
    return None


def _anaphoric(text, low, ref, future, anchor) -> Resolution | None:
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
            return _time(day, f"T{PARTS[unit]}", how)
        return _day(day, how)
    res = _shifted(base, unit, step)
    return Resolution(res.value, res.granularity, how)


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
    return _time(day, f"T{part}", f"part of day, {day.isoformat()}")


def _deictic_day(text, low, ref, future) -> Resolution | None:
    for word, delta in (("the day before yesterday", -2), ("the day after tomorrow", 2), ("yesterday", -1),
                        ("today", 0), ("tomorrow", 1)):
        if re.search(rf"\b{word}\b", low):
            return _day(plus_days(ref, delta), word)
    return None


def _holiday(text, low, ref, future) -> Resolution | None:
    for name, when in HOLIDAYS.items():
        if re.search(rf"\b{re.escape(name)}\b", low):
            year_m = re.search(r"\b((?:1[5-9]|20)\d\d)\b", low)
            if year_m:
                return _day(when(int(year_m.group(1))), f"{name}, year written")
            modifier = _MODIFIER.search(low)
            this = when(ref.year)
            if modifier and modifier.group(1) in ("last", "past", "previous"):
                day = this if this < ref else when(ref.year - 1)
            elif modifier and modifier.group(1) in ("next", "coming", "upcoming"):
                day = this if this > ref else when(ref.year + 1)
            elif future:
                day = this if days_between(this, ref) >= -7 else when(ref.year + 1)
            else:
                day = this if days_between(this, ref) <= 7 else when(ref.year - 1)
            return _day(day, f"{name}, year from the reference")
    return None


def _weekday_phrase(text, low, ref, future) -> Resolution | None:
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
        return _day(plus_days(ref, 7 - ref.weekday() + weekday), "weekday of next week")
    if re.search(r"\blast\s+week\b", low):
        return _day(plus_days(ref, -7 - ref.weekday() + weekday), "weekday of last week")
    if modifier == "this":
        day = weekday_near(ref, weekday, "", future)
    else:
        day = weekday_near(ref, weekday, modifier, future)
    tense = "future" if (future or modifier == "next") else "past"
    return _day(day, f"weekday, {modifier + ' ' if modifier else ''}{tense} tense")


_QUARTER = re.compile(
    r"\b(?:(?P<word>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|same|year-earlier|"
    r"year-ago|comparable|next|coming|recent|past|this|june|september|december|march)[-\s]+)?"
    r"(?:fiscal\s+)?(?P<kind>quarter|half)\b"
)
_QUARTER_NOTATION = re.compile(r"(?:q(?P<q>[1-4])|(?P<q2>[1-4])q|h(?P<h>[12]))(?:\s+(?P<year>\d{4}))?")
_PART_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                "march": 1, "june": 2, "september": 3, "december": 4}  # a quarter named by its last month
_PART_STEP = {"current": 0, "this": 0, "next": 1, "coming": 1}  # others: the latest complete one


def _quarter_phrase(text, low, ref, future) -> Resolution | None:
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


def _month_phrase(text, low, ref, future) -> Resolution | None:
    words = [w for w in re.findall(r"[a-z]+\.?", low) if month_of(w)]
    if not words:
        return None
    month = month_of(words[0])
    m = _MODIFIER.search(low)
    modifier = m.group(1) if m else ""
    year = month_year(ref, month, modifier, future)
    direction = "nearest" if future is None else "future" if future else "past"
    return Resolution(month_text(year, month), "month", f"month, {modifier or direction}")


def _season_phrase(text, low, ref, future) -> Resolution | None:
    m = re.search(r"\b(spring|summer|autumn|fall|winter)\b", low)
    if m is None:
        return None
    code = SEASONS[m.group(1)]
    year_m = re.search(r"\b((?:1[5-9]|20)\d\d)\b|'(\d\d)\b", low)
    if year_m:
        year = int(year_m.group(1)) if year_m.group(1) else _two_digit_year(year_m.group(2))
        return Resolution(f"{year}-{code}", "season", "season and year")
    # the year in which the season last began on or before the reference
    started = ref.year if ref.month >= SEASON_START[code] else ref.year - 1
    now = in_season(ref, code)
    mod = _MODIFIER.search(low)
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


def _two_digit_year(digits: str) -> int:
    """1958 for '58, 2012 for '12."""
    return 1900 + int(digits) if int(digits) > 30 else 2000 + int(digits)


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
        return _day(ref, "this day")
    res = _shifted(ref, unit, 0)
    return Resolution(res.value, res.granularity, f"'{low}': {unit} of the reference")


def _relative_unit(text, low, ref, future) -> Resolution | None:
    m = re.fullmatch(r"(?:early|late|mid-?)?\s*(?:the\s+)?(this|last|next|past|previous|coming|following|current|upcoming)\s+"
                     r"(?:fiscal\s+)?(week|weekend|month|year|decade|century|day)", low)
    if m is None:
        m = re.fullmatch(r"(?:the|this|that)\s+(weekend)", low)
        if m is None:
            return None
        modifier, unit = ("this" if low.startswith("this") else ""), "weekend"
    else:
        modifier, unit = m.group(1), m.group(2)
    delta = _DELTA[modifier] if modifier else 0
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
        return _day(plus_days(ref, delta), f"{modifier} day")
    res = _shifted(ref, unit, delta)
    return Resolution(res.value, res.granularity, f"{modifier} {unit}")


def _year_adjective(text, low, ref, future) -> Resolution | None:
    if re.fullmatch(r"(?:the\s+)?(?:year-earlier|year-ago|year-before|prior-year|previous-year)(?:\s+\w+)?", low):
        return Resolution(year_text(ref.year - 1), "year", "a year before the reference")
    return None
