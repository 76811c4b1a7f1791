"""Which figures belong in the running count of the story, and which do not.

A series counts one thing as the story goes on. A figure its sentence sets in another
period, or in a world that may never happen, does not join it (it stays a claim):

* ``historical``: its clause names a year two or more years before the document's
  publication ("the 1918 pandemic killed 50 million", "in 1957", "since 2003"), or its
  sentence has no time of its own, tells the figure in the simple past ("Asian flu
  killed two million people") and follows a sentence that names such a year
  (:func:`told_in_the_past`, checked by :func:`storyline.claims.find_claims`);
* ``rate``: its clause gives a rate or the usual toll ("250,000 to 500,000 a year",
  "every year", "annually", "in an average year", "seasonal flu kills");
* ``projection``: hypothetical or foreseen ("could kill", "may infect", "would",
  "if ...", "a worst-case scenario", "is expected to", "projected");
* ``current``: anything else: the count as the document reports it.

The clause of a figure is the part of its sentence between ``;``, ``:``, a dash, or a
contrast ("but", "while", "whereas", "compared with", ", and"): "Seasonal flu kills
250,000 a year, while swine flu has killed 20" sets only the first figure aside. A
modal counts only near the figure (five words before it, two after its counted noun,
no comma between) and not before "have" ("may have killed 159" is a count not yet
confirmed, not a projection), so "Mexico said the flu had killed 20 people and could be
to blame for 48 more" keeps 20 current. A rate after a comma that follows the figure is
another figure's ("a hundred deaths so far, out of thousands every month"); "a week
ago" is no rate.
"""

from __future__ import annotations

import re

__all__ = ["KINDS", "kind_of", "old_year", "told_in_the_past"]

KINDS = ("current", "historical", "rate", "projection")

_BOUNDARY = re.compile(r"[;:]|\s[–—-]\s|,?\s+(?:but|while|whereas|compared (?:with|to)|unlike)\s+|,\s+and\s+", re.I)
# a year: 1500-2099 standing alone, or an older one after a preposition ("a plague epidemic of 1347")
_YEAR = re.compile(r"(?<![\d,.$£€])\b(1[5-9]\d\d|20\d\d|(?:(?<=\bin )|(?<=\bof )|(?<=\bto )|(?<=\bfrom )|"
                   r"(?<=\bsince )|(?<=\buntil )|(?<=\bbetween ))1[0-4]\d\d)"
                   r"(?:s|[-–/]\d{2,4})?\b(?![,.]\d)(?!\s*(?:BST|GMT|UTC|[ECMP][SD]T|CET|hrs?\b|h\b|hours\b))")
_RATE = re.compile(
    r"\b(?:(?:a|per|each|every|an average|a normal|a typical|a bad|an ordinary)\s+(?:year|winter|season|day|week|month)"
    r"(?![-\w]|\s+(?:ago|earlier|before|later))|annually|yearly|year after year|year-round"
    r"|seasonal\s+(?:[\w-]+\s+){0,2}(?:,\s*which\s+(?:can\s+|still\s+)?)?(?:kills?|killing|causes?|caused|"
    r"contributes?|infects?))\b", re.I)
_MODAL = re.compile(r"\b(?:could|might|may|would|will|should|can|cannot|'ll)\b(?!\s+(?:have|not have)\b)")
# after the counted noun, a modal makes a projection when what follows is the count's fate
# ("2 million people could die"), not what is done with the figure ("60 tonnes would be checked")
_MODAL_AFTER = re.compile(r"\b(?:could|might|may|would|will|can|'ll)\s+(?:(?:eventually|still|yet|also|soon)\s+)?"
                          r"(?:die|be (?:killed|infected|hospitali[sz]ed|affected|sickened|displaced|evacuated|injured)|"
                          r"fall|catch|contract|need|require|get|become|lose|suffer|lack)\b")
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|worst[- ]case|scenarios?|projections?|projected|forecasts?|predict(?:s|ed|ions?)?|"
    r"potentially|hypothetical|expected to|estimates? (?:that )?(?:up to|as many as))\b", re.I)


def clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span, in ``sentence``, of the clause holding ``sentence[start:end]``."""
    lo, hi = 0, len(sentence)
    for m in _BOUNDARY.finditer(sentence):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def kind_of(sentence: str, start: int, end: int, published: str | None,
            figures: list[tuple[int, int]] = ()) -> tuple[str, str]:
    """``(kind, evidence)`` of the figure ``sentence[start:end]`` (with its counted noun;
    offsets in the sentence): see the module's docstring. ``figures``: the spans of the
    sentence's figures, whose numbers are no years; ``published``: YYYY-MM-DD or None."""
    lo, hi = clause(sentence, start, end)
    # a year heading the figure's part of the sentence: "1968: An outbreak ..., killed up to a million"
    heading = re.search(r"\b(?:1[5-9]\d\d|20\d\d)\s*:[^:;]*$", sentence[:start])
    lo = min(lo, heading.start()) if heading else lo
    text = sentence[lo:hi]
    if published and published[:4].isdigit():
        year = int(published[:4])
        for m in _YEAR.finditer(text):
            if any(a <= lo + m.start() < b for a, b in figures):
                continue
            if int(m.group(1)) <= year - 2:
                return "historical", f"'{m.group(0)}' in its clause: a figure of another period"
    segment_end = sentence.find(",", end, hi)  # a rate after a comma that follows the figure is another's
    rate = _RATE.search(sentence[lo:hi if segment_end < 0 else segment_end])
    if rate:
        return "rate", f"'{' '.join(rate.group(0).split())}' in its clause: a rate or the usual toll, not the running count"
    before = sentence[max(lo, start - 60):start].split(",")[-1]
    before_words = " ".join(before.split()[-5:])
    after = re.match(r"[^,;.]*", sentence[end:hi]).group(0)
    after_words = " ".join(re.split(r"\b(?:and|or|but)\b", after)[0].split()[:2])
    modal = _MODAL.search(before_words) or _MODAL_AFTER.search(after_words)
    if modal:
        return "projection", f"'{modal.group(0)}' beside it: a possibility, not a count"
    hypothetical = _HYPOTHETICAL.search(text)
    if hypothetical:
        return "projection", f"'{hypothetical.group(0)}' in its clause: a possibility, not a count"
    return "current", ""


_SIMPLE_PAST = re.compile(r"\b(?:killed|died|caused|claimed|infected|struck|wiped out|left|were|was)\b")
_NOT_SIMPLE_PAST = re.compile(r"\b(?:has|have|had|been|is|are|be|'s|'ve)\s+(?:[a-z]+\s+)?$")
_NOW = re.compile(r"\b(?:new|this|current|latest|so far|now|today)\b", re.I)


def old_year(text: str, published: str | None) -> str | None:
    """The first year of ``text`` two or more years before ``published``, or None."""
    if not (published and published[:4].isdigit()):
        return None
    for m in _YEAR.finditer(text):
        if int(m.group(1)) <= int(published[:4]) - 2:
            return m.group(0)
    return None


def told_in_the_past(sentence: str, start: int, end: int) -> bool:
    """Whether the figure's clause tells it in the simple past ("killed two million"), not
    the present perfect ("has already killed 20") or the present, and its sentence has
    no year and no word of the present ("new", "this", "latest", "so far", "now")."""
    lo, hi = clause(sentence, start, end)
    if _YEAR.search(sentence) or _NOW.search(sentence):
        return False
    lo = max(lo, sentence.rfind(",", lo, start) + 1)  # the figure's part of the clause, between commas
    comma = sentence.find(",", end, hi)
    hi = hi if comma < 0 else comma
    return any(not _NOT_SIMPLE_PAST.search(sentence[max(lo, m.start() - 25):m.start()])
               for m in _SIMPLE_PAST.finditer(sentence, lo, hi))
