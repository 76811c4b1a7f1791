"""Stage ``timeline``: choose the dates that matter and, for each, the sentences that say
what happened. Date-wise and extractive: every summary line is a sentence of a source,
with its document and character span.

1. Date ranking. A date's support is the number of independent sources (duplicate
   groups) with a sentence that names it, plus a smaller weight for sources published
   that day. Month-only dates count for less than days.
2. Sentence selection. For each chosen date, candidate sentences are scored by cosine
   similarity to the date's TF-IDF centroid (what most sources say about that day),
   with a preference for sentences that name the date and state an event over quotes.
3. Redundancy. A sentence too similar to one already chosen, for any date, is skipped,
   so two reprints of one sentence never both appear; near-copies of a chosen sentence
   in other documents become extra evidence and sources of its event.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from storyline.model import Document, Event, Evidence, Sentence
from storyline.timeline.candidates import Candidate, dated_sentences
from storyline.timeline.vectors import Idf, Vector, centroid, cosine

__all__ = ["TimelineConfig", "summarize"]

_QUOTE_START = re.compile(r"^\s*[\"“”'‘`]")
_CLOSERS = (".", "!", "?", '"', "”", "’", "'", ")")


@dataclass(frozen=True)
class TimelineConfig:
    """How many dates and sentences; ``None`` dates means chosen by the corpus size.

    ``keywords``: when given, only sentences containing one of them (case-insensitive)
    are candidates.
    """

    max_dates: int | None = None
    sentences_per_date: int = 2
    keywords: tuple[str, ...] = ()
    lead_sentences: int = 3
    published_weight: float = 0.5
    month_weight: float = 0.5
    redundancy: float = 0.5
    copy_similarity: float = 0.8
    min_words: int = 6
    max_words: int = 60
    second_sentence_ratio: float = 0.6

    def __post_init__(self) -> None:
        if self.max_dates is not None and self.max_dates < 1:
            raise ValueError(f"max_dates must be >= 1 or None, got {self.max_dates}")
        if self.sentences_per_date < 1:
            raise ValueError(f"sentences_per_date must be >= 1, got {self.sentences_per_date}")
        if not 0 < self.redundancy <= 1 or not 0 < self.copy_similarity <= 1:
            raise ValueError("redundancy and copy_similarity must be in (0, 1]")


def _auto_dates(scores: dict[str, float], n_docs: int) -> int:
    """Every date that two independent sources support, at least 10, at most ~3 per sqrt(docs)."""
    supported = sum(1 for score in scores.values() if score >= 2)
    return min(max(supported, 10), max(20, round(3 * math.sqrt(n_docs))))


def _date_scores(cands: list[Candidate], config: TimelineConfig) -> dict[str, float]:
    mentions: dict[str, set[str]] = defaultdict(set)
    published: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        (mentions if c.mentioned else published)[c.date].add(c.group)
    scores = {}
    for date in set(mentions) | set(published):
        score = len(mentions[date]) + config.published_weight * len(published[date] - mentions[date])
        scores[date] = score * (config.month_weight if len(date) == 7 else 1.0)
    return scores


def _sentence_score(c: Candidate, vec: Vector, center: Vector, config: TimelineConfig) -> float:
    words = len(c.text.split())
    score = cosine(vec, center)
    score *= 1.0 if c.mentioned else 0.8
    if _QUOTE_START.match(c.text):
        score *= 0.7
    if words < config.min_words or words > config.max_words:
        score *= 0.5
    if not c.text.rstrip().endswith(_CLOSERS):
        score *= 0.6  # a headline or standfirst, not a full sentence
    return score - 0.001 * c.position


def summarize(docs: list[Document], config: TimelineConfig = TimelineConfig()) -> list[Event]:
    """The timeline of ``docs`` (annotated, duplicates marked), in date order."""
    keywords = [k.lower() for k in config.keywords]
    cands = [
        c
        for doc in docs
        for c in dated_sentences(doc, config.lead_sentences)
        if not keywords or any(k in c.text.lower() for k in keywords)
    ]
    if not cands:
        return []
    idf = Idf(doc.sentence_text(s) for doc in docs for s in doc.sentences)
    cache: dict[tuple[str, int], Vector] = {}

    def vector(doc_id: str, sentence: Sentence, text: str) -> Vector:
        key = (doc_id, sentence.start)
        if key not in cache:
            cache[key] = idf.vector(text)
        return cache[key]

    scores = _date_scores(cands, config)
    n_dates = config.max_dates or _auto_dates(scores, len(docs))
    ranked = sorted(scores, key=lambda d: (-scores[d], d))[:n_dates]
    by_date: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_date[c.date].append(c)
    group_docs: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        group_docs[doc.duplicate_of or doc.id].append(doc)
    chosen: list[Vector] = []
    events = [
        event
        for date in ranked
        if (event := _summarize_date(date, scores[date], by_date[date], vector, chosen, group_docs, config))
    ]
    events.sort(key=lambda e: e.date)
    return events


def _summarize_date(date, date_score, cands, vector, chosen, group_docs, config) -> Event | None:
    """The event of one date; ``chosen`` (vectors of lines already picked) grows."""
    vec = {id(c): vector(c.document, c.sentence, c.text) for c in cands}
    center = centroid(vec.values())
    score = {id(c): _sentence_score(c, vec[id(c)], center, config) for c in cands}
    picked: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-score[id(c)], c.document, c.sentence.start)):
        if any(cosine(vec[id(c)], other) >= config.redundancy for other in chosen):
            continue
        if picked and score[id(c)] < config.second_sentence_ratio * score[id(picked[0])]:
            break
        picked.append(c)
        chosen.append(vec[id(c)])
        if len(picked) >= config.sentences_per_date:
            break
    if not picked:
        return None
    evidence, sources = [], set()
    for line, c in enumerate(picked):
        copies = sorted(
            (o for o in cands if o is c or cosine(vec[id(c)], vec[id(o)]) >= config.copy_similarity),
            key=lambda o: (o is not c, o.document, o.sentence.start),
        )
        for o in copies:
            evidence.append(Evidence(o.document, o.sentence.start, o.sentence.end, o.text, line, o.dated_by))
            sources.add(o.document)
        seen = {(o.document, o.sentence.start) for o in copies}
        members = group_docs.get(c.group, ())
        for doc, sentence in copies_in_group(c, vec[id(c)], members, seen, vector, config.copy_similarity):
            evidence.append(Evidence(doc.id, sentence.start, sentence.end, doc.sentence_text(sentence), line,
                                     f"a copy of {c.document}'s sentence ({c.dated_by})"))
            sources.add(doc.id)
    summary = tuple(c.text for c in picked)
    return Event(date, summary, tuple(evidence), tuple(sorted(sources)), round(date_score, 4))


def copies_in_group(c: Candidate, vec: Vector, members, seen, vector, threshold: float):
    """The sentence of each other member of ``c``'s duplicate group that copies it (cosine
    >= ``threshold``): a reprint carries the line even where it could not date it."""
    for doc in members:
        if doc.id == c.document:
            continue
        best, best_score = None, threshold
        for sentence in doc.sentences:
            if (doc.id, sentence.start) in seen:
                continue
            score = cosine(vec, vector(doc.id, sentence, doc.sentence_text(sentence)))
            if score >= best_score:
                best, best_score = sentence, score
        if best is not None:
            yield doc, best
