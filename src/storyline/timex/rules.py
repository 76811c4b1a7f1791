"""Where the time expressions of an English news text are: a grammar of their extents.

Extents follow the TimeML (TIMEX3) conventions of TempEval-3: prepositions and vague
hedges ("in", "on", "about", "around") stay outside, limiting modifiers ("nearly",
"more than", "at least") and the words that make an expression relative ("the past",
"last", "ago") are inside, and a range ("2009-2010") is two expressions.

The grammar is a set of regular expressions over the raw text, each for one family of
expressions (calendar dates, clock times, relative dates, durations, sets); all matches
are collected and overlaps resolved in favour of the longest. Month and weekday names
must be capitalized: "may" and "march" are verbs. Names that contain a season or a
weekday ("Arab Spring", "Sunday Times") are dropped later, by
:mod:`storyline.timex.filters`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from storyline.timex.scan import Scanner, words_present

__all__ = ["Candidate", "NUMBERS", "find_candidates", "number"]

# --- vocabulary ---------------------------------------------------------------------

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12, "half a": 0.5, "a half": 0.5,
    "thousand": 1000, "a thousand": 1000, "couple": 2, "a couple of": 2, "couple of": 2,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "1st": 1, "2nd": 2,
    "3rd": 3, "4th": 4, "final": 4, "last": 4,
}

_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|dozen)"
)
# "24", "2.5", "5 1/2", "twenty-four", "two and a half", "a hundred"
CARDINAL = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?i:(?:a\s+(?=hundred|thousand|dozen))?{_NUMBER_WORD}(?:[-\s]{_NUMBER_WORD})*(?:\s+and\s+a\s+half)?))"
)
# vague quantities become "X" in values: "several days" is PXD
VAGUE = r"(?i:several|a\s+few|few|some|many|a\s+couple\s+of|couple\s+of|a\s+number\s+of|dozens\s+of|hundreds\s+of|thousands\s+of)"
QUANTITY = rf"(?:{CARDINAL}|{VAGUE}|(?i:an?|half\s+an?|an?\s+half))"

MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
MONTH = rf"(?:{MONTH_NAMES}|{MONTH_ABBR}\.?|{MONTH_NAMES.upper()})(?![A-Za-z])"
WEEKDAY_NAMES = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY = rf"(?:{WEEKDAY_NAMES}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.)(?![A-Za-z])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?<![\d,.$€£#/])(?:1[5-9]\d\d|20\d\d)(?![\d%])(?![.,]\d)"
SHORT_YEAR = r"'\d\d(?![\w'])"
PART_OF_DAY = r"(?i:morning|afternoon|evening|night|overnight)"
SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?![\w-])"
UNIT = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|century|centuries|millennium|millennia)(?![\w])"
UNIT_SINGULAR = r"(?i:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century|millennium)"
UNIT_PLURAL = r"(?i:seconds|minutes|hours|days|nights|weeks|weekends|months|quarters|years|decades|centuries|millennia)(?![\w])"
CLOCK = (
    r"(?:(?<![\d.:])(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|[ap]m\b|[AP]M\b|a\.m|p\.m)"
    r"|(?<![\d.:$])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])(?:\s*(?:hrs|h)\b)?"
    r"|\b(?i:noon|midnight|midday)\b)"
)
ZONE = r"(?:GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|BST|CET|CEST|IST|JST|(?i:local\s+time))\b"
HOLIDAY = (
    r"(?:Christmas(?:\s+Eve|\s+Day)?|New\s+Year's(?:\s+Eve|\s+Day)?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday|\s+Monday)?"
    r"|Good\s+Friday|Halloween|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Valentine's\s+Day"
    r"|Boxing\s+Day|May\s+Day|Bastille\s+Day|Guy\s+Fawkes\s+Night)(?![\w])"
)

# limiting modifiers that TimeML keeps inside the extent (hedges such as "about" stay out)
LIMIT = r"(?i:more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|nearly|almost|at\s+least|at\s+most|up\s+to|upwards\s+of)"
EDGE = r"(?i:early|late|mid|the\s+middle\s+of|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+turn\s+of|end\s+of|start\s+of)"
RELATIVE = r"(?i:this|last|next|past|previous|coming|following|current|upcoming|the\s+past|the\s+previous|the\s+coming|the\s+following|the\s+current|the\s+next|the\s+last)"


def _i(words: str) -> str:
    """A case-insensitive group; a space stands for any white space."""
    return "(?i:" + words.replace(" ", r"\s+") + ")"


def _b(pattern: str) -> str:
    """``pattern`` bounded by word edges (no letters or digits either side)."""
    return rf"(?<![\w]){pattern}(?![\w])"


# --- the grammar --------------------------------------------------------------------

_DATE_EDGE = rf"(?:{EDGE}[-\s]+)?"
_WEEKDAY_LEAD = rf"(?:{WEEKDAY},?\s+)?"
# "Jan 4,2007": a year glued to the day's comma (the year pattern refuses "1,2007")
_GLUED_YEAR = r",(?:1[5-9]\d\d|20\d\d)(?![\d%])(?![.,]\d)"
_MONTH_DAY = rf"{MONTH}\s+{DAY}(?:\s*(?:-|–|to|and)\s*{DAY})?(?:,?\s+{YEAR}|{_GLUED_YEAR})?"
_DAY_MONTH = rf"(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?:,?\s+{YEAR})?"
_MONTH_YEAR = rf"{MONTH},?\s+(?:of\s+)?(?:{YEAR}|{SHORT_YEAR})"
_NUMERIC = (
    r"(?<![\d/.-])(?:(?:19|20)\d\d-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d(?::[0-5]\d)?)?"
    r"|[01]?\d/[0-3]?\d/(?:19|20)?\d\d|[0-3]?\d\.[01]?\d\.(?:19|20)\d\d)(?![\d/])"
)
_ANCHOR_DAY = _i(r"today|tonight|tomorrow|yesterday")
_RELATIVE_UNIT = (
    rf"(?:{RELATIVE}\s+(?:fiscal\s+)?(?:{UNIT_SINGULAR}|{SEASON}|{MONTH_NAMES}|{WEEKDAY_NAMES}))(?![\w])"
)

# (kind, pattern); a pattern with a group named "x" marks only that group
PATTERNS: list[tuple[str, str]] = [
    # clock times, with their day: "10:35 a.m.", "5 p.m. EST, Nov. 6", "noon Thursday"
    ("time", rf"(?:{_i('early|late')}\s+)?{CLOCK}(?:\s+{ZONE})?"
             rf"(?:,?\s+(?:{_i('on')}\s+)?(?:{WEEKDAY}(?:,?\s+{_MONTH_DAY})?|{_MONTH_DAY}|{_i('today|tomorrow|yesterday|tonight')}))?"),
    ("time", rf"{_i('this|tomorrow|yesterday|last|early|late|earlier|later')}\s+{PART_OF_DAY}(?:\s+{_i('today|tomorrow|yesterday')})?"),
    ("time", _b(_i(r"tonight|overnight|(?:mid[-\s]?)(?:morning|afternoon|day)|mid[-\s]afternoon|the\s+morning|the\s+afternoon|the\s+evening"))
             + rf"(?:\s+{_i('today|tomorrow|yesterday')}|\s+{WEEKDAY})?"),
    # days: "Friday, March 22, 2013", "22 March", "the 22nd of March", "2013-03-22"
    ("date", rf"{_DATE_EDGE}{_WEEKDAY_LEAD}{_MONTH_DAY}"),
    ("date", rf"{_DATE_EDGE}{_WEEKDAY_LEAD}{_DAY_MONTH}"),
    ("date", _NUMERIC),
    ("date", rf"(?:{_i('early|late|earlier|later')}\s+)?(?:{_i('last|next|this')}\s+)?{WEEKDAY}"
             rf"(?:\s+{PART_OF_DAY})?(?:,?\s+{_i('next|last|this')}\s+{_i('week')})?"),
    ("date", rf"(?:{_i('early|late|earlier|later')}\s+)?{_ANCHOR_DAY}(?:\s+{PART_OF_DAY})?"),
    ("date", _b(_i(r"the\s+day\s+(?:before|after)\s+(?:yesterday|tomorrow)"))),
    ("date", rf"{_DATE_EDGE}(?:{_i('last|next|this|the|every|each')}\s+)?{HOLIDAY}(?:\s+{YEAR})?"),
    # months, seasons, years: "May 2010", "late last July", "early 2011", "the 1990s"
    ("date", rf"{_DATE_EDGE}{_MONTH_YEAR}"),
    ("date", rf"{_DATE_EDGE}{MONTH_NAMES}\s+{_i('this|last|next')}\s+{_i('year')}(?![\w])"),
    ("date", rf"{_DATE_EDGE}(?:{RELATIVE}\s+)?{MONTH_NAMES}(?![\w])"),
    ("date", rf"{_DATE_EDGE}(?:{MONTH_ABBR}\.)(?=\s+(?:{YEAR}))"),
    ("date", rf"(?:{_i('the')}\s+)?{_DATE_EDGE}(?:{RELATIVE}\s+)?{SEASON}(?:,?\s+(?:of\s+)?(?:{YEAR}|{SHORT_YEAR}))?"),
    ("date", rf"{_DATE_EDGE}{YEAR}(?:'s)?\s+{SEASON}"),
    ("date", rf"{_DATE_EDGE}(?:{_i('fiscal|calendar|financial')}\s+(?:{_i('year')}\s+)?)?{YEAR}"),
    ("date", rf"(?<![\w]){_i('FY')}\s?(?:\d\d){{1,2}}(?![\w])"),
    ("date", rf"(?:{_i('early|late|mid')}[-\s]+)?(?:(?<![\d,.$])(?:1[5-9]\d|20\d)0'?s|'\d0s"
             rf"|{_i('the (?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)')})(?![\w])"),
    ("date", rf"(?:{_i('early|late|mid')}[-\s]+)?(?:\d{{1,2}}(?:st|nd|rd|th)|{_i('first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first')})[-\s]{_i('century')}(?![\w])"),
    # quarters and halves: "the third quarter", "third-quarter", "the first half of 2013"
    ("date", rf"(?:{_i('the')}\s+(?=[\w']+\s))?(?:{YEAR}'s\s+|{_i('this|last|next')}\s+{_i('year')}'s\s+)?(?:{_i('fiscal|calendar')}\s+)?"
             rf"{_i('first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|same|year-earlier|year-ago|comparable|next|coming|recent|past|june|september|december|march')}[-\s]"
             rf"{_i('quarter|half|period')}(?:\s+{_i('of')}\s+(?:{_i('the year|this year|last year|next year')}|(?:{_i('fiscal')}\s+)?{YEAR}))?(?![\w])"),
    ("date", rf"(?<![\w]){_i('the')}\s+(?:{_i('fiscal')}\s+)?{_i('quarter')}(?![\w-])(?!\s+of\b)"),
    ("date", rf"(?<![\w])(?:Q[1-4]|H[12]|[1-4]Q)(?:\s+{YEAR})?(?![\w])"),
    ("date", rf"(?<![\w])(?:{_i('the')}\s+)?{_i('year-earlier|year-ago|year-before|prior-year|previous-year')}(?:\s+{_i('quarter|period|month|year|level|levels|figure|results')})?(?![\w-])"),
    # relative units: "this week", "last month", "the coming year", "earlier this month"
    ("date", rf"{_DATE_EDGE}{_RELATIVE_UNIT}"),
    ("date", rf"(?:{_i('earlier|later')}\s+)?{_i('the end|the beginning|the start|the middle|end|start|beginning|middle')}\s+{_i('of')}\s+"
             rf"(?:{_i('the|this|last|next|that')}\s+)?(?:{UNIT_SINGULAR}|{MONTH_NAMES}|{YEAR}|{SEASON})(?![\w])"),
    ("date", rf"(?<![\w]){_i('earlier|later')}\s+(?:{_i('this|that|in the|next|last')})\s+(?:{UNIT_SINGULAR}|{SEASON}|{PART_OF_DAY})(?![\w])"),
    ("date", rf"(?<![\w])(?:{_i('the|that|this')}\s+)?{_i('same|next|following|previous|preceding|prior')}\s+{_i('day|morning|evening|night|week|month|year')}(?![\w])"),
    ("date", rf"(?<![\w]){_i('the|this|that|last|next')}\s+{_i('weekend')}(?![\w])"),
    # "two years ago", "a year earlier", "months ago"
    ("ago", rf"(?<![\w])(?:{LIMIT}\s+)?(?:{QUANTITY}\s+)?(?:{_i('more')}\s+)?{UNIT}(?:\s+{_i('or so')})?\s+{_i('ago|earlier|later')}(?![\w])(?!\s+than)"),
    # vague references
    ("ref", _b(_i(r"now|currently|nowadays|recently|lately|these\s+days|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+past"
                  r"|at\s+the\s+time|formerly|the\s+time\s+being|current|the\s+(?:near|short|long)\s+term|a\s+later\s+date"))),
    ("date", _b(_i(r"(?:the\s+)?year(?:-|\s+|'s\s+)end"))),
    # years said in words, as in broadcast transcripts: "nineteen ninety-six", "the year two thousand"
    ("date", _b(_i(r"nineteen[-\s](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
                   r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)"
                   r"|(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?"))),
    # sets: "every morning", "each year", "daily", "twice a year"
    ("set", rf"(?<![\w]){_i('every|each|per')}\s+(?:{_i('other')}\s+)?(?:{CARDINAL}\s+)?(?:{UNIT}|{WEEKDAY_NAMES}|{MONTH_NAMES}|{SEASON}|{PART_OF_DAY}|{_i('season')})(?![\w])"),
    ("set", _b(_i(r"daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|semiannually|fortnightly"))),
    ("set", rf"\b(?i:once|twice|times)\s+(?P<x>an?\s+{_i('year|month|week|day|hour|quarter')})(?![\w])"),
    ("set", rf"(?<![\w]){WEEKDAY_NAMES}s(?:\s+{PART_OF_DAY}s?)?(?![\w])"),
    # durations: "three years", "the past two years", "a mere 24 hours", "16-hour", "years"
    ("duration", rf"(?<![\w])(?:{LIMIT}\s+)?(?:{_i('the|a|an')}\s+)?(?:{_i('past|last|next|first|coming|previous|following|final|remaining|other|full|entire|whole|mere|additional|further|same')}\s+)?"
                 rf"(?:{QUANTITY})(?:\s+{_i('more|full|straight|consecutive|long|additional|further')})?\s+{UNIT}(?:\s+{_i('long')})?(?![\w-])"),
    ("duration", rf"(?<![\w])(?:{LIMIT}\s+)?(?:(?:{_i('the')}\s+)?{_i('past|last|next|coming|previous|following|recent|first|final')}\s+)?{UNIT_PLURAL}"),
    ("duration", rf"(?<![\w]){_i('the')}\s+{_i('past|last|next|coming|previous|following|first|final')}\s+{UNIT_SINGULAR}(?![\w])"),
    ("duration", rf"(?<![\w])(?:{CARDINAL}|{_i('a|an|half-a')})-{UNIT_SINGULAR}(?:-{_i('long')})?(?![\w-])"),
    ("duration", rf"(?<![\w]){UNIT_SINGULAR}-{_i('long')}(?![\w-])"),
    ("duration", rf"(?<![\w]){_i('a|an|the')}\s+{_i('second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth')}\s+(?:{_i('straight|consecutive|successive')}\s+)?{UNIT_SINGULAR}(?![\w])"),
]


@cache
def _scanners() -> list[tuple[str, Scanner]]:
    """The patterns, compiled with prefilters that skip only what cannot match (see
    :mod:`storyline.timex.scan`); built on first use, as that takes a fifth of a second."""
    return [(kind, Scanner(pattern)) for kind, pattern in PATTERNS]


@dataclass(frozen=True)
class Candidate:
    """A span of the text that the grammar reads as a time expression."""

    start: int
    end: int
    kind: str  # "date", "time", "ago", "ref", "set" or "duration"


def find_candidates(text: str) -> list[Candidate]:
    """Non-overlapping grammar matches in ``text``, the longest winning overlaps.

    Every pattern's matches are collected (in the order of :data:`PATTERNS`); then, longest
    first and leftmost first among equally long ones (the earlier pattern first among equal
    spans), a match is kept unless it overlaps one kept before.
    """
    present = words_present(text)
    found: list[tuple[int, int, str]] = []
    for kind, scanner in _scanners():
        if not scanner.may_match(present):
            continue
        for start, end in scanner.spans(text):
            start, end = _strip(text, start, end)
            if end > start:
                found.append((start, end, kind))
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    starts: list[int] = []  # of the kept spans, which are disjoint and kept sorted
    taken: list[tuple[int, int, str]] = []
    for c in found:
        i = bisect_left(starts, c[1])  # the kept spans before i start before c ends
        if i and taken[i - 1][1] > c[0]:  # the last of them ends furthest right
            continue
        starts.insert(i, c[0])
        taken.insert(i, c)
    return [Candidate(start, end, kind) for start, end, kind in taken]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space, commas and a lone trailing period.

    An abbreviation's period ("Nov.", "p.m.") stays: it is part of the word.
    """
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def number(text: str) -> float | None:
    """The number a quantity names ("24", "twenty-four", "a", "5 1/2"); None when vague."""
    t = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if m := re.fullmatch(r"(\d+) 1/2", t):
        return int(m.group(1)) + 0.5
    half = 0.0
    if t.endswith(" and a half"):
        half, t = 0.5, t[: -len(" and a half")]
    if t in NUMBERS:
        return NUMBERS[t] + half
    words = t.split()
    if words and words[0] == "a":
        words = words[1:]
    total, current = 0.0, 0.0
    for word in words:
        if word not in NUMBERS or word in ("a", "an"):
            return None
        value = NUMBERS[word]
        if value in (100, 1000):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        else:
            current += value
    result = total + current + half
    return result or None
