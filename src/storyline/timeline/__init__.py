"""Stage ``timeline``: choose the dates that matter and, for each, the sentences that say
what happened. Date-wise and extractive: every summary line is a sentence of a source,
with its document and character span.

1. Date ranking. Each independent source (duplicate group) that names a day adds to
   its score once, more the longer after the day it still names it: an event recalled
   a week later is a landmark (1 + ``landmark_weight`` x ln(days since)); the day's own
   news counts ``same_day_weight``, an announcement of what is to come
   ``ahead_weight``. Sources published that day without naming it add a smaller weight;
   month-only dates count for less than days. ``span`` bounds the dates.
2. Sentence selection. For each chosen date, candidate sentences (those naming it, and
   the leads of its articles that name no date) are scored by cosine similarity to the
   date's TF-IDF centroid plus ``topic_weight`` x the whole story's centroid: what most
   sources say about that day, on the story's subject. Sentences that open on the date
   ("April 30 - ...", "On Tuesday, ...") state the day's event and gain; quotes, photo
   captions and page time stamps, fragments, headlines and sentences listing several
   dates lose.
3. The story's own span. Unless ``span`` is given, the timeline covers the story: from
   ``story_margin_days`` before its first articles (the earliest 2 % of publication days
   are read as strays) to ``story_ahead_days`` after its last. A date long before
   (9/11 in an oil-spill story, a birthday in an obituary) never opens the timeline: at
   most ``background_dates`` earlier days that ``background_sources`` independent
   sources tell as their sentence's event come as events marked ``background``, shown
   apart.
4. Lines a reader can use. Reader comments, their stamps and calls to comment are never
   lines; a sentence that opens on a pronoun or a connective ("He said…", "But the…")
   leans on the sentence before it and loses to one that states the event.
5. Redundancy. A sentence too similar to one already chosen, for any date, is skipped,
   so two reprints of one sentence never both appear; a date with nothing new to say
   gives its place to the next. Near-copies of a chosen sentence in other documents
   become extra evidence and sources of its event.

Measured on Timeline17 (``storyline eval t17``, news-tls protocol); every weight is one
setting for all topics.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from storyline.config import check_config
from storyline.model import Document, Event, Evidence, Sentence
from storyline.timeline.candidates import EVENT_GRANULARITIES, Candidate, dated_sentences
from storyline.timeline.vectors import STOPWORDS, Idf, Vector, centroid, cosine, normalise

__all__ = ["STOPWORDS", "TimelineConfig", "story_span", "summarize"]

_QUOTE_START = re.compile(r"^\s*[\"“”'‘`]")
# A line that opens on a pronoun leans on a sentence the reader does not see.
_PRONOUN_START = re.compile(r"^\s*(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|We|I)\b")
# a line that cannot stand alone: its subject or its link is in the sentence before
_NEEDS_CONTEXT = re.compile(
    r"^\s*[\"“‘']?(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|We|I|I'\w+|My|Our|But|However|And|Also|Yet|"
    r"Meanwhile|Still|So|Then|Instead|Nevertheless|Moreover|Furthermore|Besides|Thus|Hence)\b(?!-)"
)
# what readers write and how pages ask them to: never a line of the timeline
_PAGE_NOISE = re.compile(
    r"^\s*At\s+\d{1,2}[:.]\d{2}\b[^:]{0,80}\bwrote\s*:|\bwrote\s*:\s*#\s*\d|\bposted\s+by\s*(?::|\S+\s*\|)|"
    r"\bHave\s+Your\s+Say\b|\bclick\s+here\b|^\s*Also\s*:|"
    r"#\s*\d+\s*\.?\s*$|\b(?:e-?mails|writes|texts)\s*:|"
    r"\bSend\s+us\s+your\b|\bLetters\s+for\s+publication\b|\bReport\s+abuse\b|"
    r"\|\s*\d{1,2}[:.]\d{2}\b|"  # a blog post's stamp: "Fergus Walsh | 16:45 UK time, Monday, 22 June 2009"
    r"\bat\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*\||"  # a comment's: "June 15, 2011 at 11:14 am |"
    # a page's offer to the reader: "Get the Morning Fix delivered to your inbox", "Sign up for ..."
    r"\b(?:delivered|sent)\s+(?:straight\s+)?to\s+your\s+(?:inbox|phone|mobile)|\bsign\s+up\s+(?:for|to)\s+(?:our|the)\b|"
    r"\bsubscribe\s+(?:now|today|to\s+our)\b|\bfollow\s+us\s+on\b",
    re.I,
)
_CLOSERS = (".", "!", "?", '"', "”", "’", "'", ")")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A photo caption ends on the picture's full date ("..., Louisiana, May 2, 2010."); a
# page stamp carries a clock time ("Wednesday 5 May 2010 19.52 BST", "2:30 PM").
_CAPTION = re.compile(
    rf",\s*{_MONTH}\s+\d{{1,2}}\s*,\s*\d{{4}}\s*\.?\s*$"
    # ... or on the weekday, date and place: "... company Wednesday Oct. 15, 2008 in Shanghai, China."
    rf"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+{_MONTH}\s+\d{{1,2}}\s*,\s*\d{{4}}\s*,?\s+in\s+[A-Z][\w .'-]{{0,40}}(?:,\s*[A-Z][\w .'-]{{0,30}})?\.?\s*$"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\b\.?|BST|GMT|EST|EDT|CET|UTC|ET\b)"
    r"|\b(?:Photograph|Photo|Picture|Image)\s*:|REUTERS\s*/|\bAFP\s*/|\bAP\s+Photo\b"
)


@dataclass(frozen=True)
class TimelineConfig:
    """How many dates and sentences; ``None`` dates means chosen by the corpus size.

    ``keywords``: when given, only sentences containing one of them (case-insensitive)
    are candidates. ``span``: the first and last date (YYYY-MM-DD) the timeline may
    have. ``days_only``: leave out events dated only to a month. ``exact_sentences``:
    give every date ``sentences_per_date`` lines when it has them (else a second line
    must score at least ``second_sentence_ratio`` of the first).
    """

    max_dates: int | None = field(default=None, metadata={"range": (1, None)})
    sentences_per_date: int = field(default=2, metadata={"range": (1, None)})
    keywords: tuple[str, ...] = ()
    span: tuple[str, str] | None = None
    days_only: bool = False
    exact_sentences: bool = False
    lead_sentences: int = field(default=6, metadata={"range": (0, None)})
    published_weight: float = field(default=0.5, metadata={"range": (0, None)})
    same_day_weight: float = field(default=0.5, metadata={"range": (0, None)})
    landmark_weight: float = field(default=0.5, metadata={"range": (0, None)})
    ahead_weight: float = field(default=0.25, metadata={"range": (0, None)})
    month_weight: float = field(default=0.5, metadata={"range": (0, None)})
    redundancy: float = field(default=0.5, metadata={"above": 0, "range": (None, 1)})
    copy_similarity: float = field(default=0.8, metadata={"above": 0, "range": (None, 1)})
    story_span: bool = True
    story_margin_days: int = field(default=14, metadata={"range": (0, None)})
    story_ahead_days: int = field(default=30, metadata={"range": (0, None)})
    background_sources: int = field(default=3, metadata={"range": (0, None)})
    background_dates: int = field(default=3, metadata={"range": (0, None)})
    min_words: int = field(default=12, metadata={"range": (0, None)})
    max_words: int = field(default=60, metadata={"range": (1, None)})
    second_sentence_ratio: float = field(default=0.6, metadata={"range": (0, 1)})
    caption_weight: float = field(default=0.3, metadata={"range": (0, None)})
    pronoun_weight: float = field(default=0.6, metadata={"range": (0, None)})
    lead_date_chars: int = field(default=12, metadata={"range": (0, None)})
    lead_date_weight: float = field(default=1.2, metadata={"range": (0, None)})
    topic_weight: float = field(default=0.3, metadata={"range": (0, None)})
    several_dates_weight: float = field(default=0.5, metadata={"range": (0, None)})

    def __post_init__(self) -> None:
        check_config(self)
        if self.span is not None:
            first, last = self.span
            for value in self.span:
                try:
                    dt.date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise ValueError(f"span dates must be YYYY-MM-DD, got {value!r}") from None
            if first > last:
                raise ValueError(f"span starts after it ends: {first} > {last}")


def _in_span(date: str, span: tuple[str, str] | None) -> bool:
    """Is the date (day or month) within the span? A month overlapping it counts."""
    if span is None:
        return True
    first, last = span
    return first[: len(date)] <= date <= last[: len(date)]


def story_span(docs: list[Document], config: TimelineConfig = TimelineConfig()) -> tuple[str, str] | None:
    """The dates the story's own timeline covers: from ``story_margin_days`` before its
    first articles (the earliest 2 % of publication days are strays) to
    ``story_ahead_days`` after its last; None when no document is dated."""
    days = sorted(d.published for d in docs if d.published and len(d.published) == 10)
    if not days:
        return None
    first, last = dt.date.fromisoformat(days[int(0.02 * len(days))]), dt.date.fromisoformat(days[-1])
    first = dt.date.fromordinal(max(1, first.toordinal() - config.story_margin_days))
    last = dt.date.fromordinal(min(dt.date.max.toordinal(), last.toordinal() + config.story_ahead_days))
    return first.isoformat(), last.isoformat()


def _auto_dates(scores: dict[str, float], n_docs: int) -> int:
    """Every date that two independent sources support, at least 10, at most about
    sqrt(documents): as long as the timelines newsrooms publish for a story of that size
    (Timeline17's 14 journalists' timelines: median 16 dates for a median 290 articles)."""
    supported = sum(1 for score in scores.values() if score >= 2)
    return min(max(supported, 10), max(10, round(math.sqrt(n_docs))))


def _mention_weight(c: Candidate, config: TimelineConfig) -> float:
    """How much one source's mention says the date matters: an event still named days
    later is a landmark (1 + ln of the days since); the day's own news counts
    ``same_day_weight``; an announcement of what is to come, ``ahead_weight``."""
    if len(c.date) != 10 or not c.published:
        return 1.0
    gap = (dt.date.fromisoformat(c.published) - dt.date.fromisoformat(c.date)).days
    if gap > 0:
        return 1.0 + config.landmark_weight * math.log(gap)
    return config.same_day_weight if gap == 0 else config.ahead_weight


def _date_scores(cands: list[Candidate], config: TimelineConfig) -> dict[str, float]:
    mentions: dict[str, dict[str, float]] = defaultdict(dict)
    published: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.mentioned:
            weight = _mention_weight(c, config)
            if weight > mentions[c.date].get(c.group, 0.0):
                mentions[c.date][c.group] = weight
        else:
            published[c.date].add(c.group)
    scores = {}
    for date in set(mentions) | set(published):
        score = sum(mentions[date].values()) + config.published_weight * len(published[date] - set(mentions[date]))
        scores[date] = score * (config.month_weight if len(date) == 7 else 1.0)
    return scores


def _sentence_score(c: Candidate, vec: Vector, center: Vector, config: TimelineConfig) -> float:
    words = len(c.text.split())
    score = cosine(vec, center)
    score *= 1.0 if c.mentioned else 0.8
    if _QUOTE_START.match(c.text):
        score *= 0.7
    if _NEEDS_CONTEXT.match(c.text) or _PRONOUN_START.match(c.text):
        score *= config.pronoun_weight  # the line leans on the sentence before it
    if words < config.min_words or words > config.max_words:
        score *= 0.5
    if not c.text.rstrip().endswith(_CLOSERS):
        score *= 0.6  # a headline or standfirst, not a full sentence
    if _CAPTION.search(c.text):
        score *= config.caption_weight  # a photo caption or a page's time stamp
    if c.dates_named > 1:
        score *= config.several_dates_weight
    if 0 <= c.offset <= config.lead_date_chars:
        score *= config.lead_date_weight  # "April 30 - ...", "On Tuesday, ...": the day's event
    return score - 0.001 * c.position


def summarize(docs: list[Document], config: TimelineConfig = TimelineConfig()) -> list[Event]:
    """The timeline of ``docs`` (annotated, duplicates marked), in date order."""
    keywords = [k.lower() for k in config.keywords]
    granularities = ("day",) if config.days_only else EVENT_GRANULARITIES
    own_span = config.span is None and config.story_span
    span = config.span or (story_span(docs, config) if own_span else None)
    every = [
        c
        for doc in docs
        for c in dated_sentences(doc, config.lead_sentences, granularities)
        if (not keywords or any(k in c.text.lower() for k in keywords)) and not _PAGE_NOISE.search(c.text)
    ]
    cands = [c for c in every if _in_span(c.date, span)]
    before = [c for c in every if own_span and span and c.date < span[0][: len(c.date)]]
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
    ranked = sorted(scores, key=lambda d: (-scores[d], d))
    by_date: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.line:  # a sentence that only mentions the date is not filed under it
            by_date[c.date].append(c)
    group_docs: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        group_docs[doc.duplicate_of or doc.id].append(doc)
    chosen: list[Vector] = []
    story_center = centroid(vector(c.document, c.sentence, c.text) for c in cands) if config.topic_weight else None
    events: list[Event] = []
    for date in ranked:  # a date whose every sentence is already told gives way to the next
        if len(events) >= n_dates:
            break
        event = _summarize_date(date, scores[date], by_date[date], vector, chosen, group_docs, config, story_center)
        if event is not None:
            events.append(event)
    events += _background(before, vector, chosen, group_docs, config, story_center)
    events.sort(key=lambda e: e.date)
    return events


def _background(before, vector, chosen, group_docs, config, story_center) -> list[Event]:
    """Events of the days before the story's span that at least ``background_sources``
    independent sources tell as their sentence's event, at most ``background_dates``."""
    if not config.background_dates or not before:
        return []
    groups: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, list[Candidate]] = defaultdict(list)
    for c in before:
        # a day, told as the sentence's own event, in a line that stands alone (not "I got…")
        if c.line and len(c.date) == 10 and not _NEEDS_CONTEXT.match(c.text):
            groups[c.date].add(c.group)
            lines[c.date].append(c)
    strong = sorted((d for d in groups if len(groups[d]) >= config.background_sources),
                    key=lambda d: (-len(groups[d]), d))
    out = []
    for date in strong:
        if len(out) >= config.background_dates:
            break
        event = _summarize_date(date, float(len(groups[date])), lines[date], vector, chosen, group_docs, config,
                                story_center)
        if event is not None:
            out.append(replace(event, background=True, planned=False))
    return out


def _summarize_date(date, date_score, cands, vector, chosen, group_docs, config, story_center=None) -> Event | None:
    """The event of one date; ``chosen`` (vectors of lines already picked) grows."""
    vec = {id(c): vector(c.document, c.sentence, c.text) for c in cands}
    center = centroid(vec.values())
    if config.topic_weight and story_center:
        center = normalise({w: center.get(w, 0.0) + config.topic_weight * story_center.get(w, 0.0)
                            for w in center.keys() | story_center.keys()})
    score = {id(c): _sentence_score(c, vec[id(c)], center, config) for c in cands}
    picked: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-score[id(c)], c.document, c.sentence.start)):
        if any(cosine(vec[id(c)], other) >= config.redundancy for other in chosen):
            continue
        if picked and not config.exact_sentences and score[id(c)] < config.second_sentence_ratio * score[id(picked[0])]:
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
    planned = all(c.planned for c in picked)
    return Event(date, summary, tuple(evidence), tuple(sorted(sources)), round(date_score, 4), planned=planned)


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
