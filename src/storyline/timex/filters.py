"""Time words that do not date what the article reports: names and crawl stamps.

* A name that contains a time word is no time expression: "Arab Spring", "Prague
  Spring", "Sunday Times", "April Smith".
* A date that is the name of an event keeps its date but is flagged: "the September 11
  attacks" is 2001-09-11 whatever the article's date.
* A crawl stamp ("February 8, 2012 / 7:06 PM / 6 years ago") dates the crawl, not the
  article: its relative parts get no value.
"""

from __future__ import annotations

import re

from storyline.timex.rules import HOLIDAY, MONTH, SEASON, WEEKDAY
from storyline.timex.values import Resolution

__all__ = ["is_crawl_stamp", "is_name", "name_like_date"]

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘(\[]\s*|\n\s*)$")
_SEASON_FALL = re.compile(r"\b(?:in|during|by|until|since|through|this|last|next|early|late|that|each|every)\s+(?:the\s+)?$", re.I)
_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "GPE", "LOC", "WORK_OF_ART", "PRODUCT"})
_TIME_WORD = re.compile(rf"(?:{WEEKDAY}|{MONTH}|{SEASON}|{HOLIDAY})")


def is_name(text: str, start: int, end: int, entities) -> bool:
    """Whether ``text[start:end]`` is part of a name rather than a time expression.

    A capitalized season inside a sentence ("the Arab Spring uprisings"), or a lone
    weekday, month, season or holiday inside a person, organisation or place name.
    """
    words = text[start:end]
    article = re.match(r"(?i)the\s+", words)
    core = text[start + article.end() : end] if article else words
    before = text[max(0, end - len(core) - 40) : end - len(core)]
    after = text[end : end + 20]
    if re.fullmatch(SEASON, core) and (
        core.lower() == "fall" and not _SEASON_FALL.search(before) or re.match(r"\s+of\s+(?!\d)", after)
    ):
        return True  # "prices fall", "the fall of Rome", "the spring of discontent"
    if re.fullmatch(MONTH, words) and re.search(r"\b(?:the|a|an|annual)\s+$", before, re.I) and (
        re.match(r"\s+(?:for|of|on|to|against|through|from)\b", after) or re.search(r"annual\s+$", before, re.I)
    ):
        return True  # "the annual March for Life", "the March of the Combatant Mothers"
    if words == "May" and _SENTENCE_START.search(before) and re.match(r"\s+(?:the|God|he|she|it|they|we|you|I|his|her|their|our|all|this|these|those|[A-Z][a-z]+\s+(?:be|rest|have|give|bless|live))\b", after):
        return True  # the modal verb opening a wish: "May God give them strength", "May the world step forward"
    if re.search(r"\b(?:ages?|aged)\s+$", before, re.I) or re.match(r"[-\s]old\b|\s+of\s+age\b", after):
        return True  # an age: "children ages 6 months and older", "a 13-year-old"
    if re.fullmatch(SEASON, core) and core[0].isupper() and not _SENTENCE_START.search(before):
        return True
    if _TIME_WORD.fullmatch(words):
        for entity in entities:
            if entity.label in _NAME_LABELS and entity.start <= start and end <= entity.end:
                return True
    return False


_NINE_ELEVEN = re.compile(r"(?:September|Sept\.?|Sep\.?)\s+11(?:th)?")
_EVENT_NOUN = re.compile(
    r"\s*(?:,\s*2001,?\s*)?(?:terror(?:ist)?\s+)?(?:attacks?|hijack\w*|commission|bombings?|victims?|"
    r"memorial|anniversary|era|tragedy|families|generation|report|strikes?)\b",
    re.I,
)


def name_like_date(text: str, start: int, end: int, res: Resolution) -> tuple[Resolution, str] | None:
    """For a date that names an event ("the September 11 attacks", "the attacks of Sept.
    11"): its own date and a caveat."""
    words = text[start:end]
    attacks_of = re.search(r"\b(?:terror(?:ist)?\s+)?attacks?\s+(?:of|on)\s+$", text[max(0, start - 30) : start], re.I)
    if _NINE_ELEVEN.fullmatch(words) and (_EVENT_NOUN.match(text, end) or attacks_of):
        how = "name of the attacks of 11 September 2001"
        return Resolution("2001-09-11", "day", how), "name-like date"
    if re.fullmatch(r"9/11", words):
        return Resolution("2001-09-11", "day", "name of the attacks of 11 September 2001"), "name-like date"
    return None


_STAMP_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|by|min|mins|read|ago|am|pm|a\.m|p\.m|gmt|utc|bst|est|edt|et|"
    r"hours?|minutes?|days?|weeks?|months?|years?|just|now|\d+)\b",
    re.I,
)


def is_crawl_stamp(text: str, start: int, end: int) -> bool:
    """Whether the expression is an "N units ago" part of a date stamp line.

    Such a line ("February 8, 2012 / 7:06 PM / 6 years ago", "Updated 3 hours ago")
    holds nothing but dates, times, separators and stamp words, and its age is the
    crawler's, not the article's.
    """
    if not re.search(r"\bago\b", text[start:end], re.I):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    if len(line) > 120:
        return False
    rest = re.sub(rf"{MONTH}|{WEEKDAY}", " ", line)
    rest = _STAMP_WORDS.sub(" ", rest)
    return not re.search(r"[A-Za-z]{2,}", rest)
