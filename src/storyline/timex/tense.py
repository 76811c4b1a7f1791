"""The tense around a time expression: does its clause look forward, back, or neither?

Markers are words, not a parse: "will", "expected to", "until" look forward; "said",
"was", "since" and verbs in -ed look back. The verb before the expression governs it
more often than one after it ("said Friday it will..."), so the clause before it is read
first, then the clause after it, then the first marker of the whole sentence.
"""

from __future__ import annotations

import re

from storyline.timex.dates import WEEKDAYS

__all__ = ["clause_future", "is_future", "tense"]

_FUTURE = re.compile(
    r"(?<!-)\b(?:will|shall|won't|'ll|going to|due to|plans? to|planned|planning|scheduled|expect(?:s|ed|ing)?|"
    r"is to|are to|upcoming|later this|would|to be held|set to|aims? to|intends? to|next\s+(?:week|month|year|spring|summer|autumn|fall|winter|"
    + "|".join(WEEKDAYS) + r"))\b",
    re.I,
)
# right before the expression: a deadline or an earliest date looks forward
_FUTURE_BEFORE = re.compile(r"\b(?:until|till|through|as soon as|as early as|no later than|ahead of|by)\s+$", re.I)
# right before the expression: a starting point looks back
_PAST_BEFORE = re.compile(r"\b(?:since|ever since)\s+$", re.I)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|ago|yesterday|last|earlier|brought|came|went|took|made|gave|got|began|fell|rose|"
    r"won|lost|left|met|paid|sold|bought|thought|found|became|held|kept|led|ran|saw|sent|spent|stood|struck|wrote|"
    r"(?!need|indeed|speed|seed|feed|proceed|exceed|succeed)[a-z]{3,}ed)\b",
    re.I,
)
# a passive present or a verb still to come: "is drilled", "to be announced", "will be held"
_NOT_PAST_BEFORE = re.compile(r"\b(?:is|are|be|being|am)\s+(?:\w+ly\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_REPORTED = re.compile(r"\b(?:said|told|announced|reported|stated|added|met|held|was|were)\s+(?:\w+\s+)?$", re.I)


def tense(sentence: str, start: int | None = None, end: int | None = None) -> str:
    """``"future"``, ``"past"`` or ``""`` (no marker) for the clause around ``sentence[start:end]``.

    A reporting verb right before the expression ("said on Tuesday") makes it past; a
    deadline word right before it ("until Tuesday", "as soon as Tuesday") makes it future.
    """
    if start is None or end is None:
        start, end = 0, 0
    before, after = sentence[:start], sentence[end:]
    reported = _REPORTED.search(before)
    if reported and not _NOT_PAST_BEFORE.search(before[: reported.start()]):
        return "past"
    breaks = list(_CLAUSE_BREAK.finditer(before))
    left = before[breaks[-1].end() :] if breaks else before
    if _FUTURE_BEFORE.search(before) and not re.search(r"\bhad\b", left, re.I):
        return "future"
    brk = _CLAUSE_BREAK.search(after)
    right = after[: brk.start()] if brk else after
    if _PAST_BEFORE.search(before):
        return "past"
    # the verb before the expression governs it more often than one after it; then the
    # sentence's first tense marker (its main verb, more often than not)
    for part in (left, right):
        if _FUTURE.search(part):
            return "future"
        if _past(part):
            return "past"
    markers = [m for m in (_FUTURE.search(sentence), _past(sentence)) if m]
    if not markers:
        return ""
    return "future" if min(markers, key=lambda m: m.start()).re is _FUTURE else "past"


def _past(text: str) -> re.Match | None:
    """The first past marker of ``text`` that is not a passive present or a verb to come."""
    for match in _PAST.finditer(text):
        if not _NOT_PAST_BEFORE.search(text[: match.start()]):
            return match
    return None


def is_future(sentence: str, start: int | None = None, end: int | None = None) -> bool:
    """Whether the clause around ``sentence[start:end]`` looks forward in time."""
    if start is None or end is None:
        return _FUTURE.search(sentence) is not None
    return tense(sentence, start, end) == "future"


def clause_future(sentence: str, start: int, end: int) -> bool | None:
    """The direction ``resolve`` takes for ``sentence[start:end]``: True forward, False back,
    None when the clause has no tense marker (the nearest occurrence)."""
    direction = tense(sentence, start, end)
    return True if direction == "future" else False if direction == "past" else None
