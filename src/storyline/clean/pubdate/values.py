"""Date values: attribute values, dates written in text, month names, other scripts' digits.

:func:`parse_value` reads an attribute value (ISO 8601, compact, epoch seconds, or a
date written out); :func:`dates_in_text` finds every full date in a piece of text:
numeric, CJK, or with a month name of the page's language, English or another common
language (:func:`month_names`, from dateparser's tables). Digits of other scripts
count as ASCII digits; a year outside 1995–2099 is no date.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

MIN_YEAR, MAX_YEAR = 1995, 2099


# the zero of each run of ten decimal digits in other scripts: Arabic-Indic, Persian,
# Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,
# Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, full-width
_DIGIT_ZEROS = (
    0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10,
)  # fmt: skip
_DIGITS = {zero + n: ord("0") + n for zero in _DIGIT_ZEROS for n in range(10)}


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The calendar day, or None when there is no such day or the year is out of range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------- month names

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# languages whose month names are always known, after the page's own and English
# (pages often declare no language, or the wrong one); earlier ones win a clash
_COMMON_LANGUAGES = (
    "es", "pt", "fr", "de", "it", "nl", "ro", "ru", "uk", "pl", "cs", "sk", "tr", "id",
    "ms", "sv", "da", "nb", "fi", "hu", "el", "bg", "hr", "bs", "sr-Latn", "sl", "sq",
    "lt", "lv", "et", "ca", "tl", "ar",
)  # fmt: skip


@dataclass(frozen=True)
class Months:
    """Month names of the page's language(s) and the numeric order it writes dates in."""

    names: dict[str, int]  # lower-case name -> month number
    month_first: bool  # "03/04/2020" is March 4th

    def number(self, words: str) -> int | None:
        """The month a captured name stands for: the whole of it, else its first word."""
        words = words.lower()
        return self.names.get(words) or self.names.get(words.split()[0].rstrip("."))


# month names dateparser lacks: the Levantine/Iraqi Arabic (Syriac) names, written
# alone or paired with the other name ("نيسان / أبريل")
_EXTRA_MONTHS = {
    "ar": (
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ),
}  # fmt: skip


@lru_cache(maxsize=64)
def _language_table(language: str) -> tuple[dict[str, int], str]:
    """Month names (lower case, 3+ letters) of one dateparser language, and its date order."""
    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
    except (ImportError, AttributeError):
        return {}, "DMY"
    names: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info.get(key, []):
            name = name.lower().rstrip(".")
            if len(name) >= 3 and not name.isdigit():
                names.setdefault(name, number)
    for number, name in enumerate(_EXTRA_MONTHS.get(language, ()), start=1):
        names.setdefault(name, number)
    return names, info.get("date_order", "DMY")


@lru_cache(maxsize=64)
def month_names(language: str | None) -> Months:
    """The month table for a page in ``language`` (a BCP 47 tag), English included."""
    primary = (language or "").split("-")[0]
    languages = dict.fromkeys([primary, "en", *_COMMON_LANGUAGES] if primary else ["en", *_COMMON_LANGUAGES])
    names: dict[str, int] = {}
    for lang in languages:
        for name, number in _language_table(lang)[0].items():
            names.setdefault(name, number)  # the page's own language wins a clash
    # month first only where that is the convention: US English and undeclared English
    month_first = language in (None, "en", "en-us") or primary in ("fil", "tl")
    return Months(names, month_first)


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def page_language(tree: etree._Element) -> str | None:
    """The language tag the page declares (``<html lang>``, og:locale, …), lower case."""
    values = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            values.append(meta.get("content"))
    for value in values:
        tag = (value or "").strip().replace("_", "-").lower()
        if _LANGUAGE_TAG.fullmatch(tag):
            return tag
    return None


# ------------------------------------------------------------------ dates in text

_YMD = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(r"(?<![\d.:/-])(\d{1,2})([-/.])(\d{1,2})\2((?:19|20)\d\d)(?![\d])")
_CJK = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")


@dataclass(frozen=True)
class TextDate:
    day: dt.date
    start: int
    text: str
    ambiguous: bool = False  # "04/03/2020": day and month could be either way round


_WORD = r"[^\W\d_]+"
# a month name of one or two words; a second name for the same month may follow
# ("24 نيسان / أبريل 2020"); which words are month names is looked up afterwards
_MONTH = rf"(?<![^\W\d_])(?P<month>{_WORD}(?:\s{_WORD})?)\.?(?:\s*/\s*{_WORD}(?:\s{_WORD})?)?(?![^\W\d_])"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_LINK = r"(?:\s*(?:de|del|of|,)\s*|\s+|\s*[-/]\s*)"
_NAMED = (
    # "4 March 2020", "4 de marzo de 2020", "18 февраля 2020", "30. ledna 2020"
    re.compile(rf"(?<!\d){_DAY}{_LINK}{_MONTH}{_LINK}{_YEAR}", re.I),
    # "March 4, 2020", "Pebrero 18, 2020"
    re.compile(rf"{_MONTH}\s*{_DAY}(?:,\s*|\s+){_YEAR}", re.I),
    # "2020. augusztus 18.", "2020 m. spalio 26 d."
    re.compile(rf"(?<!\d){_YEAR}\.?\s*(?:m\.\s*)?{_MONTH}\s+(?P<day2>[0-3]?\d)(?!\d)", re.I),
)


def _named_dates(text: str, months: Months) -> Iterator[tuple[re.Match[str], dt.date]]:
    """Dates with a month name; a match whose word is no month is retried a word later."""
    for pattern in _NAMED:
        position = 0
        while m := pattern.search(text, position):
            number = months.number(m["month"])
            day = m.groupdict().get("day") or m["day2"]
            found = make_date(int(m["year"]), number, int(day)) if number else None
            if found is not None:
                yield m, found
                position = m.end()
            else:
                position = m.start() + 1


def dates_in_text(text: str, months: Months) -> list[TextDate]:
    """Every full calendar date written in ``text``, in reading order."""
    text = text.translate(_DIGITS)
    found: dict[int, TextDate] = {}

    def add(start: int, matched: str, day: dt.date | None, ambiguous: bool = False) -> None:
        if day is not None and start not in found:
            found[start] = TextDate(day, start, matched.strip(), ambiguous)

    for m in _YMD.finditer(text):
        add(m.start(), m.group(0), make_date(int(m[1]), int(m[3]), int(m[4])))
    for m in _CJK.finditer(text):
        add(m.start(), m.group(0), make_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _NUMERIC_DMY.finditer(text):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        ambiguous = first <= 12 and second <= 12 and first != second
        if months.month_first and m[2] in "/-" and first <= 12:
            first, second = second, first
        add(m.start(), m.group(0), make_date(year, second, first), ambiguous)
    for m, day in _named_dates(text, months):
        add(m.start(), m.group(0), day)
    return [found[k] for k in sorted(found)]


_ISO_START = re.compile(r"^\s*((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^\s*((?:19|20)\d\d)(\d\d)(\d\d)(?:T?\d{4,6}(?:Z|[+-]\d{4})?)?\s*$")
_EPOCH = re.compile(r"^\s*(1\d{9})(\d{3})?\s*$")


def parse_value(value: str | None, months: Months | None = None) -> dt.date | None:
    """The date in an attribute value (ISO 8601, compact, epoch seconds, or written out)."""
    if not value:
        return None
    value = value.translate(_DIGITS)
    if m := _ISO_START.match(value):
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.match(value):
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _EPOCH.match(value):
        stamp = dt.datetime.fromtimestamp(int(m[1]), tz=dt.timezone.utc)
        return make_date(stamp.year, stamp.month, stamp.day)
    if len(value) > 80:
        return None
    dates = dates_in_text(value, months or month_names("en"))
    return dates[0].day if dates else None
