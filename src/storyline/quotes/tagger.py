"""Tag attribution Source, Cue and Content in pre-tokenized paragraphs.

The model is a linear-chain CRF trained by :mod:`storyline.quotes.train`, shipped as
gzipped JSON (state weights per ``name=value`` feature and label, label transitions,
the cue lexicon); decoding is Viterbi in numpy, so crfsuite is needed only to train.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from storyline.annotate import parse_tokens
from storyline.quotes.features import doc_features
from storyline.quotes.spans import bio_to_spans, spans_to_bio

__all__ = ["MODEL_PATH", "Tagger", "default_tagger", "tag", "snap"]

MODEL_PATH = Path(__file__).with_name("model.json.gz")


class Tagger:
    """A loaded model. ``snap``: post-process content spans (see :func:`snap`)."""

    def __init__(self, path: str | Path = MODEL_PATH, snap: bool = True) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        self.labels: list[str] = model["labels"]
        self.transitions = np.array(model["transitions"], dtype=np.float64)
        self.state = model["state"]
        # the state weights as one dense matrix: a token's label scores are the sum of
        # the rows of its features
        self._row = {name: i for i, name in enumerate(self.state)}
        rows, cols, values = [], [], []
        for i, pairs in enumerate(self.state.values()):
            for label, weight in pairs:
                rows.append(i)
                cols.append(label)
                values.append(weight)
        self._weights = np.zeros((len(self.state) + 1, len(self.labels)))
        np.add.at(self._weights, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)), np.array(values))
        self.lexicon = frozenset(model["lexicon"])
        self.parse_features = model.get("parse_features", True)
        self.extras = frozenset(model.get("extras", ()))  # optional feature groups it was trained with
        self.snap = snap

    def _decode(self, feats: list[list[str]]) -> list[str]:
        n, k = len(feats), len(self.labels)
        if n == 0:
            return []
        # a token's label scores: the sum of the weight rows of its known features (a
        # difference of running sums over the rows of all tokens, in order)
        row = self._row
        rows: list[int] = []
        counts = np.zeros(n, dtype=np.int64)
        for i, f in enumerate(feats):
            mine = [row[name] for name in f if name in row]
            rows += mine
            counts[i] = len(mine)
        sums = np.zeros((len(rows) + 1, k))
        np.cumsum(self._weights[np.array(rows, dtype=np.int64)], axis=0, out=sums[1:])
        ends = np.cumsum(counts)
        emit = sums[ends] - sums[ends - counts]
        trans, cols = self.transitions, np.arange(k)
        score = emit[0].copy()
        back = np.zeros((n, k), dtype=np.int64)
        for i in range(1, n):
            cand = score[:, None] + trans
            best = cand.argmax(axis=0)
            back[i] = best
            score = cand[best, cols] + emit[i]
        path = [int(score.argmax())]
        for i in range(n - 1, 0, -1):
            path.append(int(back[i][path[-1]]))
        return [self.labels[j] for j in reversed(path)]

    def tag_docs(self, docs) -> list[list[str]]:
        out = []
        for doc in docs:
            labels = self._decode(doc_features(doc, self.lexicon, self.parse_features, self.extras))
            out.append(snap(doc, labels) if self.snap else labels)
        return out

    def tag_many(self, token_lists: Iterable[Sequence[str]]) -> list[list[str]]:
        """BIO labels for each list of tokens (one paragraph or sentence each)."""
        return self.tag_docs(parse_tokens(token_lists))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_many([tokens])[0]


@functools.lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    return Tagger()


def tag(tokens: Sequence[str]) -> list[str]:
    """BIO labels (``O``, ``B-source``, ``I-cue``, ...) for one pre-tokenized paragraph."""
    return default_tagger().tag(tokens)


_TRAILING = {".", ",", ";", ":", "--"}

Span = tuple[str, int, int]


def snap(doc, labels: list[str]) -> list[str]:
    """Tidy predicted content spans with the parse and the quote marks.

    A content not opening on a quote mark whose tokens hang from one dependency root
    becomes that root's whole subtree (less trailing punctuation) when no other span is
    in the way; a content right after an opening quote mark takes the mark in; one that
    opens on a quote mark reaches to the closing mark when nothing else is in between,
    or to the end of the text when the quotation is not closed in it (it goes on in the
    next paragraph) and no span follows. In ``A, the mayor said, B`` with ``B`` a content
    and ``A`` untagged, ``A`` is a content too (PolNeAR splits a content around an
    inserted source and cue). (On PolNeAR dev, content F1: subtree +0.3, quotation
    reach +0.4, inserted cue +0.2.)
    """
    words = [t.text for t in doc]
    spans = bio_to_spans(labels)
    fixed = _split_around_cue(doc, words, _reach_quotes(words, _subtrees(doc, words, spans)))
    try:
        return spans_to_bio(fixed, len(words))
    except ValueError:
        return labels


def _owners(spans: list[Span]) -> dict[int, Span]:
    return {i: span for span in spans for i in range(span[1], span[2])}


def _subtrees(doc, words: list[str], spans: list[Span]) -> list[Span]:
    owner = _owners(spans)

    def free(span, start, end):
        return all(owner.get(i, span) == span for i in range(start, end))

    fixed = []
    for span in spans:
        kind, s, e = span
        if kind == "content":
            if s > 0 and words[s - 1] == "``" and (s - 1) not in owner:
                s -= 1
            if words[s] != "``":
                roots = [doc[i] for i in range(s, e) if not s <= doc[i].head.i < e or doc[i].head.i == i]
                if len(roots) == 1:
                    ns, ne = roots[0].left_edge.i, roots[0].right_edge.i + 1
                    while ne - 1 > ns and words[ne - 1] in _TRAILING:
                        ne -= 1
                    if free(span, ns, ne):
                        s, e = ns, ne
        fixed.append((kind, s, e))
    return fixed


def _reach_quotes(words: list[str], spans: list[Span]) -> list[Span]:
    """A content opening on a quote mark runs to the closing mark, or to the end of the
    text when no closing mark follows, if no other span is in the way."""
    fixed = []
    for span in spans:
        kind, s, e = span
        if kind == "content" and words[s] == "``":
            close = next((j for j in range(s + 1, len(words)) if words[j] == "''"), None)
            end = close + 1 if close is not None else len(words)
            if end > e and not any(o != span and o[1] < end and o[2] > s for o in spans):
                e = end
        fixed.append((kind, s, e))
    return fixed


def _split_around_cue(doc, words: list[str], spans: list[Span]) -> list[Span]:
    """``A , <source> <cue> , <content>``: the untagged ``A`` (from its sentence's start,
    or the end of the span before it) is a content too."""
    spans = sorted(spans, key=lambda sp: sp[1])
    taken = set(_owners(spans))
    starts = {sp[1]: sp for sp in spans}
    added = []
    for kind, s, e in spans:
        if kind != "cue" or e + 1 >= len(words) or words[e] != "," or starts.get(e + 1, ("",))[0] != "content":
            continue
        before = next((sp for sp in spans if sp[0] == "source" and sp[2] == s), None)
        first = before[1] if before else s
        if first < 2 or words[first - 1] != ",":
            continue
        end = start = first - 1
        while start > 0 and not doc[start].is_sent_start and start - 1 not in taken:
            start -= 1
        if words[start] == "``":
            start += 1
        if start < end and not taken & set(range(start, end)):
            added.append(("content", start, end))
            taken |= set(range(start, end))
    return spans + added
