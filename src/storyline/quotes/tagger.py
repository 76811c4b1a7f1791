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
        self._weights = np.zeros((len(self.state) + 1, len(self.labels)))
        for name, i in self._row.items():
            for label, weight in self.state[name]:
                self._weights[i, label] += weight
        self.lexicon = frozenset(model["lexicon"])
        self.parse_features = model.get("parse_features", True)
        self.snap = snap

    def _decode(self, feats: list[list[str]]) -> list[str]:
        n, k = len(feats), len(self.labels)
        if n == 0:
            return []
        rows, tokens = [], []
        for i, f in enumerate(feats):
            mine = [self._row[name] for name in f if name in self._row]
            rows += mine
            tokens += [i] * len(mine)
        emit = np.zeros((n, k))
        np.add.at(emit, np.array(tokens, dtype=np.int64), self._weights[np.array(rows, dtype=np.int64)])
        score = emit[0].copy()
        back = np.zeros((n, k), dtype=np.int64)
        for i in range(1, n):
            cand = score[:, None] + self.transitions
            back[i] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emit[i]
        best = [int(score.argmax())]
        for i in range(n - 1, 0, -1):
            best.append(int(back[i][best[-1]]))
        return [self.labels[j] for j in reversed(best)]

    def tag_docs(self, docs) -> list[list[str]]:
        out = []
        for doc in docs:
            labels = self._decode(doc_features(doc, self.lexicon, self.parse_features))
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


def snap(doc, labels: list[str]) -> list[str]:
    """Tidy predicted content spans with the parse and the quote marks.

    A content not opening on a quote mark whose tokens hang from one dependency root
    becomes that root's whole subtree (less trailing punctuation) when no other span is
    in the way; a content right after an opening quote mark takes the mark in; one that
    opens on a quote mark and stops just short of the closing mark is extended to it.
    (On PolNeAR dev: content F1 +0.4.)
    """
    words = [t.text for t in doc]
    spans = bio_to_spans(labels)
    owner: dict[int, tuple[str, int, int]] = {}
    for span in spans:
        for i in range(span[1], span[2]):
            owner[i] = span

    def free(span, start, end):
        return all(owner.get(i, span) == span for i in range(start, end))

    fixed = []
    for span in spans:
        kind, s, e = span
        if kind == "content":
            if s > 0 and words[s - 1] == "``" and (s - 1) not in owner:
                s -= 1
            if words[s] == "``":
                for j in range(e - 1, min(len(words), e + 3)):
                    if words[j] == "''":
                        if free(span, e, j + 1):
                            e = j + 1
                        break
            else:
                roots = [doc[i] for i in range(s, e) if not s <= doc[i].head.i < e or doc[i].head.i == i]
                if len(roots) == 1:
                    ns, ne = roots[0].left_edge.i, roots[0].right_edge.i + 1
                    while ne - 1 > ns and words[ne - 1] in _TRAILING:
                        ne -= 1
                    if free(span, ns, ne):
                        s, e = ns, ne
        fixed.append((kind, s, e))
    try:
        return spans_to_bio(fixed, len(words))
    except ValueError:
        return labels
