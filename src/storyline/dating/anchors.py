"""Anchors: a statement of an undated article that a dated article also reports.

When an undated article says "Lavrov said yesterday" and a dated article carries the
same sentence as "Lavrov said on Tuesday" (2012-03-13), the undated article's reference
date R must make "yesterday" name 2012-03-13: R = 2012-03-14. Each matched relative
expression gives the set of reference dates that would make it name the dated
article's day; the sets of all anchors are intersected by the caller.

Two kinds of match: the same sentence (a reprint; word containment), and the same
event told in other words ("the mayor, who announced the inquiry yesterday afternoon"
/ "Mayor Ilse Marrow on Thursday announced an independent inquiry"): the words around
both expressions share at least two event words, words that are neither names, titles,
reporting verbs nor function words.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from storyline.model import Document, Sentence, Timex
from storyline.timex import clause_future, resolve
from storyline.utils.shingles import ngrams

_WORD = re.compile(r"\w+")
_PROBE = dt.date(2000, 6, 14)  # any date: tells relative expressions from absolute ones
_SEARCH_DAYS = 10  # how far from the anchored day a reference date is looked for
_WINDOW = 6  # words each side of an expression, within its clause, that say what it dates
_CLAUSE = re.compile(r"[,;:()\u2014\u2013\"“”]|\s-\s")
_MIN_EVENT_WORDS = 2
_NOT_EVENT = frozenset(
    """a about above after again against all also an and any are as at be because been before
    being between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its just me more most
    my no nor not now of off on once only or other our out over own same she should so some
    such than that the their them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    said says say saying told tells added adds stated according reported announcing
    minister president secretary foreign prime spokesman spokeswoman spokesperson official
    officials chief head leader general deputy ambassador envoy mayor governor senator
    chairman chairwoman director councillor mr mrs ms dr""".split()
)


@dataclass(frozen=True)
class Anchor:
    """One expression of the undated article tied to a dated article's day."""

    dates: frozenset[dt.date]  # reference dates consistent with it
    exact: bool  # one date only ("yesterday", "today")
    same_wording: bool  # the dated article uses the same expression
    copy: bool  # the same sentence (True), or the same event in other words (False)
    source: str  # id of the dated article
    expression: str  # the undated article's expression, as written
    evidence: str


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _masked(doc: Document, sentence: Sentence) -> tuple[str, ...]:
    """The sentence's words without its time expressions."""
    parts, pos = [], sentence.start
    for t in _timexes_in(doc, sentence):
        parts.append(doc.text[pos : t.start])
        pos = t.end
    parts.append(doc.text[pos : sentence.end])
    return tuple(_words(" ".join(parts)))


def _timexes_in(doc: Document, sentence: Sentence) -> list[Timex]:
    """The sentence's time expressions (``doc.timexes`` is in text order)."""
    lo = bisect.bisect_left(doc.timexes, sentence.start, key=lambda t: t.start)
    hi = bisect.bisect_left(doc.timexes, sentence.end, key=lambda t: t.start)
    return list(doc.timexes[lo:hi])


def is_relative_day(timex: Timex) -> bool:
    """An expression that names a day only once a reference date is known."""
    if timex.value is not None:
        return False
    return resolve(timex.text, _PROBE).granularity == "day"


def _context_future(doc: Document, sentence: Sentence, timex: Timex) -> bool | None:
    """The tense the annotator resolved ``timex`` with, so anchors solve the same equation."""
    text = doc.text[sentence.start : sentence.end]
    return clause_future(text, timex.start - sentence.start, timex.end - sentence.start)


def event_words(doc: Document, sentence: Sentence, timex: Timex) -> frozenset[str]:
    """Words near ``timex`` that say what happened: no names, titles, reporting verbs."""
    named = [(e.start, e.end) for e in doc.entities if sentence.start <= e.start < sentence.end]
    lo, hi = sentence.start, sentence.end
    for brk in _CLAUSE.finditer(doc.text, sentence.start, sentence.end):
        if brk.end() <= timex.start:
            lo = brk.end()
        elif brk.start() >= timex.end:
            hi = brk.start()
            break
    before, after = [], []
    for m in _WORD.finditer(doc.text, lo, hi):
        if any(a <= m.start() < b for a, b in named) or m.group().lower() in _NOT_EVENT:
            continue
        if m.end() <= timex.start:
            before.append(m.group().lower())
        elif m.start() >= timex.end:
            after.append(m.group().lower())
    words = before[-_WINDOW:] + after[:_WINDOW]
    return frozenset(w for w in words if len(w) >= 3 and not w.isdigit())


class DatedSentences:
    """An index of the sentences of dated articles that name a day."""

    def __init__(self, docs: list[Document]):
        self._entries: list[tuple[Document, Sentence, tuple[str, ...]]] = []
        self._index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._events: list[tuple[Document, Sentence, Timex, frozenset[str]]] = []
        self._event_index: dict[str, list[int]] = defaultdict(list)
        for doc in docs:
            if not doc.published:
                continue
            for sentence in doc.sentences:
                days = [t for t in _timexes_in(doc, sentence) if t.granularity == "day" and t.value]
                if not days:
                    continue
                for timex in days:
                    words = event_words(doc, sentence, timex)
                    entry = len(self._events)
                    self._events.append((doc, sentence, timex, words))
                    for word in words:
                        self._event_index[word].append(entry)
                words = _masked(doc, sentence)
                if len(words) < 6:
                    continue
                entry = len(self._entries)
                self._entries.append((doc, sentence, words))
                for shingle in set(ngrams(words, 3, short=True)):
                    self._index[shingle].append(entry)

    def matches(self, words: tuple[str, ...], min_similarity: float):
        """Dated sentences whose words overlap ``words`` at least ``min_similarity`` (containment)."""
        counts: dict[int, int] = defaultdict(int)
        for shingle in set(ngrams(words, 3, short=True)):
            for entry in self._index.get(shingle, ()):
                counts[entry] += 1
        mine = set(words)
        for entry in sorted(counts):
            if counts[entry] < 2:
                continue
            doc, sentence, theirs = self._entries[entry]
            other = set(theirs)
            similarity = len(mine & other) / max(1, min(len(mine), len(other)))
            if similarity >= min_similarity:
                yield doc, sentence


    def same_events(self, words: frozenset[str]):
        """Dated expressions whose surrounding event words share at least two of ``words``."""
        counts: dict[int, int] = defaultdict(int)
        for word in words:
            for entry in self._event_index.get(word, ()):
                counts[entry] += 1
        for entry in sorted(counts):
            if counts[entry] >= _MIN_EVENT_WORDS:
                doc, sentence, timex, theirs = self._events[entry]
                yield doc, sentence, timex, sorted(words & theirs)


def _pairs(mine: list[Timex], theirs: list[Timex]) -> list[tuple[Timex, Timex]]:
    """Pair the undated sentence's relative expressions with the dated sentence's days."""
    days = [t for t in theirs if t.granularity == "day" and t.value]
    if len(mine) == len(theirs):
        return [(a, b) for a, b in zip(mine, theirs) if is_relative_day(a) and b in days]
    relative = [t for t in mine if is_relative_day(t)]
    if len(relative) == 1 and len(days) == 1:
        return [(relative[0], days[0])]
    return []


def _consistent(expression: str, future: bool | None, day: dt.date) -> frozenset[dt.date]:
    """Reference dates R near ``day`` for which ``expression`` names ``day``."""
    found = set()
    low = max(-_SEARCH_DAYS, (dt.date.min - day).days)  # only references the calendar holds
    high = min(_SEARCH_DAYS, (dt.date.max - day).days)
    for delta in range(low, high + 1):
        ref = day + dt.timedelta(days=delta)
        if resolve(expression, ref, future).value == day.isoformat():
            found.add(ref)
    return frozenset(found)


def _quote(doc: Document, sentence: Sentence, limit: int = 70) -> str:
    text = " ".join(doc.text[sentence.start : sentence.end].split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def find_anchors(doc: Document, dated: DatedSentences, min_similarity: float) -> list[Anchor]:
    """Every anchor of the undated ``doc`` in the dated sentences."""
    anchors = []
    for sentence in doc.sentences:
        mine = _timexes_in(doc, sentence)
        if not any(is_relative_day(t) for t in mine):
            continue
        words = _masked(doc, sentence)
        if len(words) < 6:
            continue
        for other, their_sentence in dated.matches(words, min_similarity):
            if other.id == doc.id:
                continue
            for timex, target in _pairs(mine, _timexes_in(other, their_sentence)):
                day = dt.date.fromisoformat(target.value)
                dates = _consistent(timex.text, _context_future(doc, sentence, timex), day)
                if not dates:
                    continue
                same = timex.text.lower() == target.text.lower()
                evidence = (
                    f"'{timex.text}' in \"{_quote(doc, sentence)}\" is '{target.text}' ({target.value}) "
                    f"in {other.id} (published {other.published})"
                )
                anchors.append(Anchor(dates, len(dates) == 1, same, True, other.id, timex.text, evidence))
    found = {a.expression for a in anchors}
    for sentence in doc.sentences:
        for timex in _timexes_in(doc, sentence):
            if not is_relative_day(timex) or timex.text in found:
                continue
            for other, their_sentence, target, shared in dated.same_events(event_words(doc, sentence, timex)):
                if other.id == doc.id:
                    continue
                day = dt.date.fromisoformat(target.value)
                dates = _consistent(timex.text, _context_future(doc, sentence, timex), day)
                if not dates:
                    continue
                evidence = (
                    f"'{timex.text}' in \"{_quote(doc, sentence)}\" dates the event that {other.id} "
                    f"(published {other.published}) dates '{target.text}' ({target.value}); "
                    f"shared words: {', '.join(shared)}"
                )
                anchors.append(Anchor(dates, len(dates) == 1, False, False, other.id, timex.text, evidence))
    return anchors
