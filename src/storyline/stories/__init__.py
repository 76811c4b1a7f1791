"""Stage ``stories``: tell apart the stories in a mixed pile of articles.

A pile may hold several stories (a spill, a war, an epidemic); each gets its own
timeline. :func:`cluster_stories` reads the articles once, in canonical order (by
publication day, then id), with time-aware single-pass clustering (TDT): each article
joins the closest story so far or starts one (:mod:`.single_pass`); a final pass over
the stories, not the articles, joins those whose centroids are close (:mod:`.merge`).
Only the cleaned text, title and publication date are used.

Only English articles are clustered (the stop words and the rest of the pipeline are
English): the articles of each other language, or whose language could not be told
(``Document.language``, :mod:`storyline.clean.language`), make one story per language,
labelled with it ("German (de): 3 documents"), after the English stories, in either
``mode``.

Memory is flat in the number of articles: a fixed-size table of document frequencies
and at most ``centroid_terms`` terms per story (plus member ids). The state is
serialisable; a later run over more articles resumes from it and gives exactly what a
full run would, as long as the earlier articles come first in canonical order
(:meth:`ClusterState.can_resume`; otherwise the run starts over).

Thresholds were chosen on Timeline17 (``storyline eval stories``); see that module.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable

from storyline.clean import is_english, language_name
from storyline.config import check_config
from storyline.errors import ConfigError
from storyline.model import Document, StoryCluster
from storyline.stories.features import DocFrequencies
from storyline.stories.merge import Group, merge_stories
from storyline.stories.single_pass import Stream
from storyline.stories.state import ClusterState, canonical_order

__all__ = ["ClusterState", "StoryCluster", "StoryConfig", "cluster_stories"]

MODES = ("auto", "one")


@dataclass(frozen=True)
class StoryConfig:
    """How articles are grouped into stories.

    ``mode``: ``"auto"`` finds the stories; ``"one"`` puts every article in one story.
    ``join_threshold``: least time-discounted cosine for an article to join a story.
    ``merge_threshold``: least centroid cosine for the final pass to join two stories.
    ``time_window``/``time_half_life``: days within which time does not count, and the
    half-life (days) of similarity beyond them (0: time is ignored);
    ``merge_half_life`` is the same for the final pass.
    ``doc_terms``/``centroid_terms``: terms kept per article / per story.
    ``hash_bits``: the document-frequency table has ``2**hash_bits`` counters.
    ``label_terms``: terms reported per story as its keywords (its label shows the first three).
    """

    mode: str = field(default="auto", metadata={"choices": MODES})
    join_threshold: float = field(default=0.07, metadata={"above": 0, "range": (None, 1)})
    merge_threshold: float = field(default=0.25, metadata={"above": 0, "range": (None, 1)})
    time_window: float = field(default=7.0, metadata={"range": (0, None)})
    time_half_life: float = field(default=30.0, metadata={"range": (0, None)})
    merge_half_life: float = field(default=90.0, metadata={"range": (0, None)})
    doc_terms: int = field(default=300, metadata={"range": (1, None)})
    centroid_terms: int = field(default=600, metadata={"range": (1, None)})
    bigrams: bool = False
    title_weight: int = field(default=2, metadata={"range": (0, None)})
    hash_bits: int = field(default=18, metadata={"range": (10, 24)})
    label_terms: int = field(default=8, metadata={"range": (1, None)})

    def __post_init__(self) -> None:
        check_config(self)
        if self.centroid_terms < self.doc_terms:
            raise ConfigError(f"need doc_terms <= centroid_terms, got {self.doc_terms} and {self.centroid_terms}")

    def stream_settings(self) -> dict:
        """The values a :class:`ClusterState` depends on (all but the final pass and labels)."""
        return {k: v for k, v in asdict(self).items() if k not in ("merge_threshold", "merge_half_life", "label_terms")}


def cluster_stories(
    docs: list[Document], config: StoryConfig = StoryConfig(), state: ClusterState | None = None,
    progress: Callable[[Iterable[Document], int], Iterable[Document]] | None = None,
) -> tuple[list[StoryCluster], ClusterState]:
    """The stories in ``docs`` (every article in exactly one), and the state to resume from.

    ``state``: from an earlier run; used when its articles are the first English ones of
    ``docs`` in canonical order and it was made with the same settings, else ignored (full
    run). ``progress(articles, count)``: wraps the articles the stream reads (a progress
    bar). Stories come largest first, then earliest, the English ones before the others;
    the result does not depend on the order of ``docs``.
    """
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    english = [d for d in docs if is_english(d.language)]
    settings = config.stream_settings()
    if state is not None and state.can_resume(english, settings):
        state = ClusterState.from_json(state.to_json())  # never mutate the caller's copy
    else:
        state = ClusterState(settings, DocFrequencies(config.hash_bits))
    unread = canonical_order(english)[state.processed :]
    stream = Stream(state, config)
    for doc in progress(unread, len(unread)) if progress else unread:
        stream.add(doc)
    groups = merge_stories(state.clusters, config)
    taken: set[str] = set()
    told = _stories(groups, {d.id: d for d in english}, config, taken)
    return told + _language_stories([d for d in docs if not is_english(d.language)], taken), state


def _stories(groups: list[Group], by_id: dict[str, Document], config: StoryConfig,
             taken: set[str]) -> list[StoryCluster]:
    groups = sorted(groups, key=lambda g: (-len(g.members), g.first if g.first is not None else 10**7, min(g.members)))
    out = []
    for g in groups:
        members = [by_id[m] for m in sorted(g.members)]
        keywords = _keywords(g.terms, config.label_terms)
        shown = [_display(k, members) for k in keywords]
        slug = _unique(_slug(keywords[:3]) or "story", taken)
        out.append(StoryCluster(slug, " · ".join(shown[:3]) or "(no words)", tuple(shown), tuple(sorted(g.members))))
    return out


def _language_stories(docs: list[Document], taken: set[str]) -> list[StoryCluster]:
    """One story per language of the articles not in English: largest first, then by
    code; labelled with the language, as its words would say nothing an English reader
    (or the English stop words) can use."""
    by_language: dict[str, list[str]] = {}
    for doc in docs:
        by_language.setdefault(doc.language or "", []).append(doc.id)
    out = []
    for code, members in sorted(by_language.items(), key=lambda item: (-len(item[1]), item[0])):
        name = language_name(code)
        count = f"{len(members)} document{'s' if len(members) != 1 else ''}"
        slug = _unique(_slug([name, code]) or "language", taken)
        out.append(StoryCluster(slug, f"{name} ({code}): {count}", (), tuple(sorted(members))))
    return out


def _keywords(weights: dict[str, float], n: int) -> list[str]:
    """The heaviest terms, skipping a term whose words the ones before it already say."""
    chosen: list[str] = []
    said: set[str] = set()
    for term in sorted(weights, key=lambda t: (-weights[t], t)):
        words = set(term.split())
        if words <= said:
            continue
        if len(words) > 1:  # a pair replaces the single word it contains
            chosen = [c for c in chosen if c not in words]
        chosen.append(term)
        said |= words
        if len(chosen) >= n:
            break
    return chosen[:n]


def _display(term: str, docs: list[Document], sample: int = 30) -> str:
    """The term as the articles mostly write it ("bp oil" -> "BP oil")."""
    out = []
    for word in term.split():
        forms: Counter[str] = Counter()
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        for doc in docs[:sample]:
            forms.update(pattern.findall(f"{doc.title or ''}\n{doc.text}"))
        out.append(max(forms, key=lambda f: (forms[f], f)) if forms else word)
    return " ".join(out)


def _slug(keywords: list[str]) -> str:
    text = unicodedata.normalize("NFKD", " ".join(keywords)).encode("ascii", "ignore").decode("ascii")
    words = list(dict.fromkeys(re.findall(r"[a-z0-9]+", text.lower())))
    return "-".join(words[:4])[:48].strip("-")


def _unique(slug: str, taken: set[str]) -> str:
    new, n = slug, 1
    while new in taken:
        n += 1
        new = f"{slug}-{n}"
    taken.add(new)
    return new
