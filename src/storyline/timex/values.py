"""What a time expression means (:class:`Resolution`), and the values the resolver's
steps build it from: a day, a time of day, a duration ("P3Y", "PT24H"), a date shifted
by whole units, a two-digit year, and the words that make an expression relative
("last", "next", "this").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storyline.timex.calendar_math import (
    UNIT_WORD,
    UNITS,
    century_text,
    decade_text,
    iso_week,
    month_text,
    plus_days,
    quarter_of,
    shift_month,
    shift_quarter,
    year_text,
)
from storyline.timex.rules import ORDINALS, number

__all__ = [
    "DELTA",
    "MODIFIER",
    "Resolution",
    "day_value",
    "duration_value",
    "is_plural",
    "shifted",
    "time_value",
    "two_digit_year",
]


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


def day_value(d: dt.date, how: str) -> Resolution:
    return Resolution(d.isoformat(), "day", how)


def time_value(d: dt.date | None, suffix: str, how: str) -> Resolution:
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


def duration_value(low: str, how: str = "duration") -> Resolution | None:
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
        n = None if is_plural(low, unit) else 1.0
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


def is_plural(low: str, unit: str) -> bool:
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


def shifted(ref: dt.date, unit: str, n: int) -> Resolution:
    """The date ``n`` units from ``ref`` (negative: before), at the unit's granularity."""
    if unit in ("day", "night"):
        return day_value(plus_days(ref, n), f"{abs(n)} days {'before' if n < 0 else 'after'} the reference")
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


def two_digit_year(digits: str) -> int:
    """1958 for '58, 2012 for '12."""
    return 1900 + int(digits) if int(digits) > 30 else 2000 + int(digits)


MODIFIER = re.compile(r"\b(last|next|this|past|previous|coming|following|current|upcoming)\b")


DELTA = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
          "following": 1, "upcoming": 1}
