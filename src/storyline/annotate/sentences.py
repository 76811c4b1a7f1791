"""Rule-based sentence splitting, for annotation without the statistical model.

Sentences never cross a line break (paragraphs and Timeline17's one-sentence-a-line
layout are respected). Within a line a sentence ends after ``.``, ``!`` or ``?``
(and any closing quotes or brackets right after it) when whitespace and then an
uppercase letter, a digit or an opening quote follow, unless the word ending in the
full stop is a common abbreviation ("Mr.", "Sept.") or initials ("J.", "U.S."), the
time goes on ("4 p.m. Monday", "10 a.m. ET"), or it numbers a list item ("7.").
"""

from __future__ import annotations

import re
from typing import Iterator

from storyline.model import Sentence

__all__ = ["ABBREVIATIONS", "RULES_VERSION", "split_sentences"]

# Names rule parses in cache keys, apart from the model's. (Rule parses are not stored;
# stored time expressions also follow a digest of this package's code.)
RULES_VERSION = "rules-v1"

ABBREVIATIONS = frozenset(
    """
    Mr. Mrs. Ms. Dr. Prof. Gen. Col. Lt. Sgt. Sen. Rep. Gov. St. Jr. Sr.
    Inc. Corp. Co. Ltd. No. vs. U.S. U.N. U.K. E.U.
    Jan. Feb. Aug. Sept. Oct. Nov. Dec.
    Adm. Capt. Cmdr. Maj. Gens. Sens. Reps. Govs. Rev. Mt. Ft. Sep.
    """.split()
)
# "a.m." and "p.m." end a sentence unless a weekday, month or time zone goes on with the time
_CLOCK = frozenset({"a.m.", "p.m."})
_CLOCK_GOES_ON = re.compile(
    r"\s+(?:(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|BST|UTC)\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
    r"(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)"
)

_LINE = re.compile(r"[^\n]+")
# a candidate end: the punctuation and any closing quotes or brackets (tokenized text's
# closing quotes stand apart: "word . ''"), then whitespace
_END = re.compile(r"[.!?]+(?:[\"'”’)\]]|\s+''|\s+'(?=\s))*(?=\s+\S)")
_OPENING_QUOTES = "\"'“‘`"
_INITIALS = re.compile(r"(?:[A-Z]\.)+")  # "J.", "P.J.", "U.S.", "E.U."
_LIST_NUMBER = re.compile(r"\d{1,3}\.")  # "7." alone: a list item's number, no sentence


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text`` as character spans, surrounding whitespace left out."""
    return tuple(sentence for line in _LINE.finditer(text) for sentence in _line_sentences(text, line.start(), line.end()))


def _line_sentences(text: str, start: int, end: int) -> Iterator[Sentence]:
    pos = start
    for match in _END.finditer(text, start, end):
        if not _starts_sentence(text, match.end(), end) or _not_an_end(text, pos, match.start(), match.group()):
            continue
        yield from trimmed(text, pos, match.end())
        pos = match.end()
    yield from trimmed(text, pos, end)


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    """Whether what follows the whitespace at ``pos`` can start a sentence."""
    while pos < end and text[pos].isspace():
        pos += 1
    if text.startswith("''", pos):
        return False  # a closing quote of tokenized text
    quoted = pos < end and text[pos] in _OPENING_QUOTES
    while pos < end and text[pos] in _OPENING_QUOTES:
        pos += 1
    return pos < end and (text[pos].isupper() or text[pos].isdigit() or quoted and text[pos].isalpha())


def _not_an_end(text: str, start: int, stop: int, punctuation: str) -> bool:
    """Whether the single full stop at ``stop`` ends an abbreviation, initials or a list number."""
    if punctuation[0] != "." or punctuation[1:2] in (".", "!", "?"):
        return False  # not a single full stop
    begin = stop
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin : stop + 1].lstrip(_OPENING_QUOTES + "([")
    if token in _CLOCK:
        return _CLOCK_GOES_ON.match(text, stop + 1) is not None
    if _LIST_NUMBER.fullmatch(token) and not text[start:begin].strip():
        return True
    return token in ABBREVIATIONS or _INITIALS.fullmatch(token) is not None


def trimmed(text: str, start: int, end: int) -> Iterator[Sentence]:
    """``text[start:end]`` as a sentence without its surrounding whitespace; nothing if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Sentence(start, end)
