"""Figures in text: "8,000", "1.5 million", "twelve", "a dozen", "between 30 and 40", their
qualifiers ("more than", "about", ...) and the numbers that are not figures (years,
times, ages, ordinals, phone numbers, page furniture)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDS = "|".join(sorted([*_SMALL, *_SCALES, "dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = (
    rf"(?:[$£€]\s?)?(?:{_DIGITS})(?:\s*(?:million|billion|thousand|bn)\b)?"
    rf"|(?:\ba\s+)?\b(?:{_WORDS})(?:(?:\s+and\s+|\s+|-)(?:{_WORDS}))*\b"
)
NUMBER = re.compile(_NUMBER, re.I)

# qualifier as written -> normalised (the brief's vocabulary)
_QUALIFIERS = {
    "well over": "more than", "well more than": "more than", "just over": "more than",
    "upwards of": "more than", "in excess of": "more than", "more than": "more than", "over": "over",
    "at least": "at least", "about": "about", "around": "about", "approximately": "about",
    "roughly": "about", "an estimated": "about", "close to": "nearly", "nearly": "nearly",
    "almost": "nearly", "just under": "nearly", "up to": "up to", "as many as": "up to",
    "as much as": "up to", "at most": "up to", "no more than": "up to", "fewer than": "fewer than",
    "less than": "fewer than", "under": "fewer than", "some": "some",
}
_QUALIFIER = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r")\s+$", re.I)

_TIME_UNIT = re.compile(
    r"^\s*-?\s*(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|decades?|"
    r"centur(?:y|ies)|nights?|o'clock|o’clock|a\.?m\.?|p\.?m\.?|gmt|bst|utc|est|cet|"
    r"in the (?:morning|afternoon|evening)|at night)\b", re.I)
_ORDINAL = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_FURNITURE_BEFORE = re.compile(
    r"\b(?:page|p\.|pp\.|photos?|pictures?|images?|slides?|comments?|shares?|likes?|chapter|section|no\.|"
    r"number|vol\.|volume|issue|fig\.|table|step|part|episode|item|route|flight|room|tel\.?|phone|fax|"
    r"call|aged|age(?: of)?|resolution|article|paragraph|clause)\s*#?\s*$|[#+]\s*$", re.I)
_FURNITURE_AFTER = re.compile(r"^\s*(?:of\s+\d|/\s*\d|min(?:ute)?s? read\b|times\b|-times\b|fold\b)", re.I)
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")


@dataclass(frozen=True)
class Figure:
    """A number as written: span of the number (with its qualifier), value or range."""

    start: int  # of the qualifier when there is one
    end: int
    value: int | float
    low: int | float | None = None
    high: int | float | None = None
    qualifier: str = ""
    currency: str | None = None  # "dollars", "pounds", "euros" when written with a symbol


def parse_number(text: str) -> int | float | None:
    """"8,000" -> 8000, "1.5 million" -> 1500000, "Thirty-one" -> 31, "a dozen" -> 12; None if not a number."""
    t = text.strip().lower().lstrip("$£€").strip()
    m = re.fullmatch(rf"({_DIGITS})\s*(million|billion|thousand|bn)?", t)
    if m:
        number = float(m.group(1).replace(",", ""))
        scale = {"bn": 1e9, None: 1}.get(m.group(2), _SCALES.get(m.group(2) or "", 1))
        return _tidy(number * scale)
    tokens = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not tokens:
        return None
    if tokens[0] == "a":
        if len(tokens) < 2 or tokens[1] not in ("dozen", *_SCALES):
            return None
        tokens[0] = "one"
    total = current = 0
    for word in tokens:
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "dozen":
            current = max(current, 1) * 12
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _tidy(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def normalise_qualifier(text: str) -> str:
    return _QUALIFIERS.get(" ".join(text.lower().split()), "")


def find_figures(text: str, skip: list[tuple[int, int]] = ()) -> list[Figure]:
    """The figures of ``text`` (one sentence or a whole document), in order.

    ``skip``: spans (time expressions) whose numbers are not figures.
    """
    numbers = []
    for m in NUMBER.finditer(text):
        start, end, raw = m.start(), m.end(), m.group(0)
        if raw.lower().startswith("a ") and not re.match(r"a\s+(?:dozen|hundred|thousand|million|billion)\b", raw, re.I):
            cut = re.match(r"a\s+", raw, re.I).end()
            start, raw = start + cut, raw[cut:]
        numbers.append((start, end, raw))
    out: list[Figure] = []
    i = 0
    while i < len(numbers):
        start, end, raw = numbers[i]
        low = high = None
        # ranges: "between 30 and 40", "30 to 40 people", "30-40"
        if i + 1 < len(numbers):
            nstart, nend, nraw = numbers[i + 1]
            gap = text[end:nstart]
            before = text[max(0, start - 12):start]
            between = re.search(r"\bbetween\s+$", before, re.I) and re.fullmatch(r"\s+and\s+", gap)
            dash = re.fullmatch(r"\s*(?:-|–|to)\s*", gap) and not re.search(r"\b(?:from|rose|risen|fell|up|down)\s+(?:at least\s+|about\s+)?$", before, re.I)
            a, b = parse_number(raw), parse_number(nraw)
            if (between or dash) and a is not None and b is not None and a < b:
                low, high, end = a, b, nend
                if between:
                    start = start - len(re.search(r"between\s+$", before, re.I).group(0))
                i += 1
        i += 1
        value = low if low is not None else parse_number(raw)
        if value is None or value == 0 or _not_a_figure(text, start, end, raw, skip):
            continue
        if low is None and raw.lower() in ("hundred", "thousand", "million", "billion", "dozen"):
            continue  # "several million", "many thousand": no number
        if re.search(r"\b(?:several|many|few|multiple|tens|hundreds|thousands|millions)\s+(?:of\s+)?$",
                     text[max(0, start - 16):start], re.I):
            continue
        if low is None and raw.lower() == "one":
            continue  # "one of the anglers", "one place": a pronoun or article more often than a count
        qualifier = ""
        q = _QUALIFIER.search(text[max(0, start - 20):start])
        if q and not re.search(r"\bbetween\s+$", text[max(0, start - 8):start], re.I):
            qualifier = normalise_qualifier(q.group(1))
            start -= len(q.group(0))
        currency = {"$": "dollars", "£": "pounds", "€": "euros"}.get(raw.strip()[:1])
        out.append(Figure(start, end, value, low, high, qualifier, currency))
    return out


def _not_a_figure(text: str, start: int, end: int, raw: str, skip) -> bool:
    if any(a < end and start < b for a, b in skip):
        return True
    after, before = text[end:end + 30], text[max(0, start - 25):start]
    digits = raw.replace(",", "").strip("$£€ ")
    if _TIME_UNIT.match(after) or _ORDINAL.match(after) or _FURNITURE_AFTER.match(after):
        return True
    if _FURNITURE_BEFORE.search(before):
        return True
    if re.match(r"^[:.]\d", after) and "." not in digits or re.search(r"\d[:]$", before):
        return True  # 7:06, 10.30 handled as times; 7:06 split by the regex
    if re.match(r"^[A-Za-z]", after) or re.search(r"[A-Za-z]-?$", before):
        return True  # part of a name or code: G20, F-16, A4, 3D
    if re.fullmatch(r"\d{4}", raw.strip()) and not raw.startswith(("$", "£", "€")) and (
            1800 <= int(digits) <= 2100 or 1000 <= int(digits) < 1800 and re.search(
                r"\b(?:in|of|from|since|between|until|till|to|by|during|around|circa|c\.)\s+$", before, re.I)):
        return True  # a year ("in 1347": an older one after a preposition)
    if raw[:1].isdigit():
        for m in _PHONE.finditer(text, max(0, start - 20), min(len(text), end + 20)):
            if m.start() <= start and end <= m.end() and len(re.findall(r"\d", m.group(0))) >= 7 \
                    and len(re.findall(r"[\s().-]", m.group(0))) >= 2:
                return True
    return False
