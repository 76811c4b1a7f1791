"""When it happened, by outlet: the same event told in nearly the same words by independent
outlets, dated the same day (they agree) or different days (they disagree).

Only clear cases count. Each sentence names one day, as an event's date (not the day
something was said, "the ministry said on Tuesday", nor a range): "the pier was closed on
Monday". Their words, the dates and speech verbs left out, are nearly the same
(:func:`alike`). Each outlet could have reported either day (:func:`possible`: both days
before both publications, or both after them, a date set ahead): "clashes on Friday" in
Saturday's paper and "clashes on Saturday" in Sunday's may be two events.
A sentence that tells of a repeated event ("again", "another", "a second", "daily")
takes no part.
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.corroboration.outlets import Outlets
from storyline.model import Comparison, Document, Side, Story, Timex

__all__ = ["alike", "content_words", "date_comparisons", "event_day", "possible"]

STOPWORDS = frozenset("""
a an the of in on at to by for from with and or but as that this these those it its is are was were be been being
has have had will would could should may might can do does did not no than then there here who whom which what when
where while why how he she they them their his her him we our us you your i me my so if also about after before into
over under up down out off just only more most some any all each other such very said says say saying told tells
according added adding stated announced reported reports claimed confirmed mr mrs ms dr
""".split())
_REPEATED = re.compile(r"\b(?:again|another|anew|second|third|fourth|fresh|renewed|daily|weekly|every|each day|"
                       r"once more|latest|new round)\b", re.I)
_EVENT_ROLES = ("event", "")
_TELLING = re.compile(r"\b(?:said|says|told|tells|announced|announces|stated|confirmed|reported|added|declared)\s+"
                      r"(?:\w+\s+)?(?:on\s+|late\s+|early\s+)?$", re.I)
MIN_SHARED = 5  # content words two sentences must share
MIN_ALIKE = 0.6  # and the share of their words they have in common (Jaccard)
_COMMON = 40  # a word in more sentences than this does not point to pairs


def content_words(text: str, skip: list[tuple[int, int]] = ()) -> frozenset[str]:
    """The words that say what a sentence is about: lower-cased, stop words, speech verbs
    and the spans in ``skip`` (its time expressions) left out."""
    kept = text
    for a, b in sorted(skip, reverse=True):
        kept = kept[:a] + " " + kept[b:]
    return frozenset(w for w in re.findall(r"[a-z0-9][a-z0-9'’-]*", kept.lower())
                     if w not in STOPWORDS and (len(w) > 2 or w.isdigit()))


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sentences' words are nearly the same: at least :data:`MIN_SHARED` in
    common, and :data:`MIN_ALIKE` of all of them."""
    shared = len(a & b)
    return shared >= MIN_SHARED and shared / len(a | b) >= MIN_ALIKE


def event_day(text: str, start: int, end: int, timexes: list[Timex]) -> Timex | None:
    """The one day the sentence ``text[start:end]`` dates an event to (``timexes``: its
    time expressions, offsets in ``text``), or None: none, several, or a repeated event.
    The day of the telling ("the ministry said on Tuesday") is no event's."""
    days = [t for t in timexes if t.value and t.granularity == "day" and len(t.value) == 10
            and t.role in _EVENT_ROLES and not _TELLING.search(text[max(start, t.start - 30):t.start])]
    if len(days) != 1 or _REPEATED.search(text[start:end]):
        return None
    return days[0]


def possible(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two reports, each ``(day, published)``, may date one event: both days
    before both publications (a past event either could have reported) or both after
    them (a date set ahead); "on Friday" in Saturday's paper and "on Saturday" in
    Sunday's may be two events."""
    days, published = (a[0], b[0]), (a[1], b[1])
    return max(days) <= min(published) or min(days) > max(published)


class _Told:
    """One sentence that dates an event."""

    def __init__(self, doc: Document, start: int, end: int, timex: Timex, source: str) -> None:
        self.doc, self.start, self.end, self.timex, self.source = doc, start, end, timex, source
        self.words = content_words(doc.text[start:end], [(timex.start - start, timex.end - start)])


def _told(story: Story, outlets: Outlets) -> list[_Told]:
    out = []
    for doc in sorted(story.documents, key=lambda d: d.id):
        if not doc.published:
            continue
        timexes = sorted(doc.timexes, key=lambda t: t.start)
        for s in outlets.sentences(doc.id):
            inside = [t for t in timexes if s.start <= t.start and t.end <= s.end]
            day = event_day(doc.text, s.start, s.end, inside)
            if day is not None:
                out.append(_Told(doc, s.start, s.end, day, outlets.source(doc.id, s.start, s.end)))
    return out


def _pairs(told: list[_Told]) -> list[tuple[int, int]]:
    """Pairs of sentences of different sources whose words are alike, found through the
    words they share (a word common to many sentences is no lead)."""
    index: dict[str, list[int]] = {}
    for i, t in enumerate(told):
        for w in t.words:
            index.setdefault(w, []).append(i)
    shared: Counter = Counter()
    for members in index.values():
        if len(members) > _COMMON:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if told[i].source != told[j].source:
                    shared[(i, j)] += 1
    return sorted(p for p, n in shared.items() if n >= MIN_SHARED and alike(told[p[0]].words, told[p[1]].words))


def _possible(a: _Told, b: _Told) -> bool:
    return possible((a.timex.value, a.doc.published), (b.timex.value, b.doc.published))


def date_comparisons(story: Story, outlets: Outlets) -> list[Comparison]:
    """The date comparisons of ``story`` (see the module's docstring), by first day."""
    told = _told(story, outlets)
    pairs = [(i, j) for i, j in _pairs(told) if _possible(told[i], told[j])]
    parent = list(range(len(told)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[max(root(i), root(j))] = min(root(i), root(j))
    clusters: dict[int, set[int]] = {}
    for i, j in pairs:
        clusters.setdefault(root(i), set()).update((i, j))
    out = []
    for members in clusters.values():
        group = [told[i] for i in sorted(members)]
        days = sorted({t.timex.value for t in group})
        sources = {t.source for t in group}
        if len(sources) < 2:
            continue
        clash = [(i, j) for i, j in pairs if i in members and told[i].timex.value != told[j].timex.value]
        if len(days) > 1 and not clash:
            continue  # different days only by a chain of sentences: unsure
        sides = sorted((_side(day, [t for t in group if t.timex.value == day], outlets) for day in days),
                       key=lambda s: (-s.outlets, s.value))
        about = _about(group[0])
        if len(days) == 1:
            why = f"{sides[0].outlets} independent outlets date it {days[0]}"
        else:
            a, b = told[clash[0][0]], told[clash[0][1]]
            why = (f"{outlets.outlet(a.doc.id)} dates it {a.timex.value} ('{a.timex.text}'), "
                   f"{outlets.outlet(b.doc.id)} {b.timex.value} ('{b.timex.text}')")
        out.append(Comparison("date", about, None, tuple(sides), why))
    out.sort(key=lambda c: (min(s.value for s in c.sides), c.about))
    return out


def _side(day: str, group: list[_Told], outlets: Outlets) -> Side:
    return outlets.side(day, ((t.doc.id, t.start, t.end, t.timex.text, None) for t in group), (t.source for t in group))


def _about(t: _Told) -> str:
    words = " ".join(t.doc.text[t.start:t.end].split())
    if len(words) > 90:
        words = words[:90].rsplit(" ", 1)[0] + " …"
    return f"when: “{words}”"
