"""What a statement says, as the pair rules read it: its content words (lemmas, under one
key for words that name the same actor or act), and for each whether it is negated, under
which modal verb and with which subject; the figures it gives.

One parse per statement by the pinned spaCy pipeline (:func:`storyline.annotate.parse_tokens`:
tagger, dependency parser, lemmatizer); a statement is a sentence or two, and a reading is
kept for the process, so comparing every pair of a speaker's statements parses each once.
"""

from __future__ import annotations

import functools

from collections.abc import Iterable
from dataclasses import dataclass

from storyline.annotate import parse_tokens, tokenize
from storyline.positions.syntax import Term, depth, negation_words, term_of
from storyline.positions.words import FORCED, is_content

__all__ = ["Reading", "Term", "read", "read_all"]

_CACHE_LIMIT = 20_000
_DATE_FILLER = frozenset({"the", "by", "in", "on", "until", "till", "of", "at", "from", "as", "early", "late"})
_RELATIVE = frozenset({"this", "today", "yesterday", "tomorrow", "tonight", "ago", "last", "now", "recent", "past"})
_CALENDAR = frozenset({"january", "february", "march", "april", "june", "july", "august", "september", "october",
                       "november", "december", "spring", "summer", "autumn", "winter", "fall"})
_NO_DOUBLE_QUOTES = str.maketrans("", "", '"“”«»')


@dataclass(frozen=True)
class Reading:
    """A parsed statement: its text, content terms in order, and the figures it gives."""

    text: str
    terms: tuple[Term, ...]
    numbers: frozenset[str]
    negatives: tuple[str, ...] = ()  # the words that say "not" ("not", "never", "unrealistic", "reject")
    dates: tuple[str, ...] = ()  # the days, months, seasons it names ("next spring", "1 may")

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(t.key for t in self.terms)

    def with_key(self, key: str) -> list[Term]:
        return [t for t in self.terms if t.key == key]

    def quote(self, term: Term) -> str:
        """The words around ``term`` as the statement has them, on one line."""
        words = self.text[term.phrase[0]:term.phrase[1]].translate(_NO_DOUBLE_QUOTES)
        return " ".join(words.split()).strip(" ,;:.'‘’")


_readings: dict[str, Reading] = {}


def read(text: str) -> Reading:
    """The reading of one statement (parsed once per process)."""
    return read_all([text])[0]


def read_all(texts: Iterable[str]) -> list[Reading]:
    """The readings of ``texts``, in order; the ones not read yet parsed in one batch."""
    texts = list(texts)
    todo = sorted({t for t in texts if t not in _readings})
    if todo and len(_readings) + len(todo) > _CACHE_LIMIT:
        _readings.clear()  # and read again what this call needs
        todo = sorted(set(texts))
    if todo:
        tokens = [tokenize(text) for text in todo]
        for text, toks, doc in zip(todo, tokens, parse_tokens([[w for w, _ in ts] for ts in tokens])):
            _readings[text] = _reading(text, toks, doc)
    return [_readings[t] for t in texts]


def _reading(text: str, toks: list[tuple[str, int]], doc) -> Reading:
    spans = [(offset, offset + len(word)) for word, offset in toks]
    terms: list[Term] = []
    numbers: set[str] = set()
    dates = _dates(doc)
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.ent_type_ == "DATE" or _calendar(tok) or _year(tok):
            continue  # when, not what: compared apart (``Reading.dates``)
        if (tok.like_num or tok.pos_ == "NUM") and lemma not in FORCED:
            digits = tok.text.replace(",", "")
            if any(c.isdigit() for c in digits):
                numbers.add(digits)
            continue
        if not is_content(tok, lemma):
            continue
        if lemma == "first" and [t.lower_ for t in doc[tok.i + 1:tok.i + 3]] == ["of", "all"]:
            continue  # "first of all" orders an argument, not the actors
        terms.append(term_of(tok, lemma, spans))
    return Reading(text, tuple(terms), frozenset(numbers), negation_words(doc), dates)


def _anchored(ent) -> bool:
    """Whether a date names a point on the calendar (a month, a season, a year: "1 May",
    "next spring", "2026"), not a span ("ten days") nor a weekday (said of another week
    by each statement)."""
    return any(_calendar(t) or (t.like_num and len(t.text) == 4 and t.text.isdigit()) for t in ent)


def _calendar(tok) -> bool:
    return tok.lower_ in _CALENDAR and tok.pos_ in ("NOUN", "PROPN")


def _dates(doc) -> tuple[str, ...]:
    """The day or season each date the model finds in a main clause names, in order,
    without "the", "by", "in" ("by the summer" → "summer"; "next spring" stays); dates
    counted from the day of speaking ("this month", "last week") are left out: two
    statements on different days say them of different days."""
    found = []
    for ent in doc.ents:
        words = [t.lower_ for t in ent if t.lower_ not in _DATE_FILLER]
        if ent.label_ == "DATE" and words and not _RELATIVE & set(words) and depth(ent.root) <= 2 and _anchored(ent):
            found.append(" ".join(words))
    for tok in doc:  # a month or season the model did not take for a date (with its year: "February 2026")
        if _calendar(tok) and tok.ent_type_ != "DATE" and depth(tok) <= 3:
            words = [c.lower_ for c in tok.lefts if c.dep_ in ("amod", "det") and c.lower_ not in _DATE_FILLER]
            years = [c.lower_ for c in tok.rights if _year(c)]
            if not _RELATIVE & set(words):
                found.append(" ".join(words + [tok.lower_] + years))
        elif _year(tok) and not _calendar(tok.head) and depth(tok) <= 3:
            found.append(tok.lower_)  # "in 2026", "by 2027"
    return tuple(dict.fromkeys(found))


def _year(tok) -> bool:
    """A year on its own or after a month ("in 2026", "February 2026"), not a count."""
    return tok.text.isdigit() and len(tok.text) == 4 and 1900 <= int(tok.text) <= 2100 and (
        _calendar(tok.head) or (tok.head.lower_ in ("in", "by", "until", "till", "before", "after", "since")
                                and tok.dep_ == "pobj"))


