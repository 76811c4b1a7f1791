"""Calendar arithmetic for time expressions: weeks, quarters, seasons, holidays, and years
to give a month or a day that was written without one.

Every date and every year computed here and by the resolver (:mod:`storyline.timex.resolver`)
goes through the helpers below (:func:`plus_days`, :func:`calendar_date`, :func:`year_text`
and the like), which raise :class:`OutsideCalendar` for a value before year 1 or after
year 9999: a publication date of 0001-01-01 makes "yesterday" unrepresentable, not an
error. :func:`~storyline.timex.resolve` leaves such an expression unresolved.
"""

from __future__ import annotations

import calendar
import datetime as dt

from storyline.timex.dates import MONTHS

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI"}
UNITS = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True), "day": ("D", 1, False),
    "night": ("D", 1, False), "week": ("W", 1, False), "weekend": ("D", 2, False), "fortnight": ("W", 2, False),
    "month": ("M", 1, False), "quarter": ("Q", 1, False), "year": ("Y", 1, False), "decade": ("Y", 10, False),
    "century": ("Y", 100, False), "centuries": ("Y", 100, False), "millennium": ("Y", 1000, False),
    "millennia": ("Y", 1000, False),
}
UNIT_WORD = r"(?P<unit>second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade|century|centuries|millennium|millennia)s?"
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
CENTURY_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                  "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


class OutsideCalendar(ValueError):
    """A date or year outside years 1 to 9999, which neither ``datetime`` nor a
    four-digit TIMEX3 value can hold. A ``ValueError``, as an impossible day is."""


def check_year(year: int) -> int:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OutsideCalendar(f"year {year} is outside years {dt.MINYEAR} to {dt.MAXYEAR}")
    return year


def plus_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days`` (negative: back)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise OutsideCalendar(f"{day} {days:+d} days is outside the calendar") from None


def calendar_date(year: int, month: int, day: int) -> dt.date:
    """``dt.date``, with :class:`OutsideCalendar` for a year out of range (and still a
    plain ``ValueError`` for a day the month lacks)."""
    return dt.date(check_year(year), month, day)


def days_between(day: dt.date, ref: dt.date) -> int:
    """How many days ``day`` is after ``ref`` (negative: before); never overflows, so
    windows around a reference date are tested with it, not by moving the reference."""
    return (day - ref).days


def year_text(year: int) -> str:
    return f"{check_year(year):04d}"


def month_text(year: int, month: int) -> str:
    return f"{year_text(year)}-{month:02d}"


def years_text(first: int, last: int, text: str) -> str:
    """``text``, the value of the years ``first`` to ``last``, if any of them is in the calendar."""
    if last < dt.MINYEAR or first > dt.MAXYEAR:
        raise OutsideCalendar(f"years {first} to {last} are outside the calendar")
    return text


def decade_text(decade: int) -> str:
    """TIMEX3 decade: "199" for the 1990s."""
    return years_text(decade * 10, decade * 10 + 9, f"{decade:03d}")


def century_text(century: int) -> str:
    """TIMEX3 century: "19" for 1900-1999."""
    return years_text(century * 100, century * 100 + 99, f"{century:02d}")


def month_of(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year_text(year)}-W{week:02d}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + delta
    return index // 4, index % 4 + 1


def weekday_near(ref: dt.date, weekday: int, modifier: str, future: bool) -> dt.date:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if modifier == "last":
        return plus_days(ref, -(back or 7))
    if modifier == "next":
        return plus_days(ref, ahead or 7)
    if future:
        return plus_days(ref, ahead)
    return plus_days(ref, -back)


def month_day_year(ref: dt.date, month: int, day: int, future: bool | None) -> dt.date | None:
    """The year for "February 4": in the tense's direction, else the occurrence nearest the reference.

    Past tense allows a month ahead ("extended to Nov. 20" in a story of Nov. 2),
    future tense three months back (a date just passed that the story still looks to).
    """
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(calendar_date(year, month, day))
        except ValueError:  # no such day that year, or a year outside the calendar
            continue
    if future is False:
        candidates = [d for d in candidates if days_between(d, ref) <= 31]
    elif future is True:
        candidates = [d for d in candidates if days_between(d, ref) >= -90]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - ref).days), d > ref))


def month_year(ref: dt.date, month: int, modifier: str, future: bool | None) -> int:
    """The year of a month named alone ("in October", "last May", "next June")."""
    if modifier in ("last", "past", "previous"):
        return ref.year if month < ref.month else ref.year - 1
    if modifier in ("next", "coming", "upcoming"):
        return ref.year if month > ref.month else ref.year + 1
    if modifier in ("this", "current"):
        return ref.year
    if future is True:
        return ref.year if month >= ref.month else ref.year + 1
    if future is False:
        return ref.year if month <= ref.month else ref.year - 1
    ahead = (month - ref.month) % 12
    return ref.year + (1 if month < ref.month else 0) if 0 < ahead <= 2 else (ref.year if month <= ref.month else ref.year - 1)


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return calendar_date(year, month, (h + l - 7 * m + 114) % 31 + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (n < 0: from the end) given weekday of a month."""
    if n > 0:
        first = calendar_date(year, month, 1)
        return plus_days(first, (weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = calendar_date(year, month, calendar.monthrange(check_year(year), month)[1])
    return plus_days(last, -((last.weekday() - weekday) % 7 + 7 * (-n - 1)))


HOLIDAYS = {
    "christmas eve": lambda y: calendar_date(y, 12, 24), "christmas day": lambda y: calendar_date(y, 12, 25),
    "christmas": lambda y: calendar_date(y, 12, 25), "new year's eve": lambda y: calendar_date(y, 12, 31),
    "new year's day": lambda y: calendar_date(y, 1, 1), "new year's": lambda y: calendar_date(y, 1, 1),
    "halloween": lambda y: calendar_date(y, 10, 31), "independence day": lambda y: calendar_date(y, 7, 4),
    "valentine's day": lambda y: calendar_date(y, 2, 14), "boxing day": lambda y: calendar_date(y, 12, 26),
    "may day": lambda y: calendar_date(y, 5, 1), "bastille day": lambda y: calendar_date(y, 7, 14),
    "guy fawkes night": lambda y: calendar_date(y, 11, 5), "veterans day": lambda y: calendar_date(y, 11, 11),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 3, 4), "thanksgiving": lambda y: nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: nth_weekday(y, 9, 0, 1), "memorial day": lambda y: nth_weekday(y, 5, 0, -1),
    "easter sunday": easter, "easter": easter, "easter monday": lambda y: plus_days(easter(y), 1),
    "good friday": lambda y: plus_days(easter(y), -2),
}


def in_season(ref: dt.date, code: str) -> bool:
    month = ref.month
    return {"SP": 3 <= month <= 5, "SU": 6 <= month <= 8, "FA": 9 <= month <= 11, "WI": month in (12, 1, 2)}[code]
