"""Attribution extraction: BIO <-> spans, exact-match scoring, the tagger, the benchmark."""

from __future__ import annotations

import pytest

from conftest import SHARED, needs_shared
from storyline.quotes.spans import Counts, bio_to_spans, score, spans_to_bio

QUOTES = SHARED / "data" / "quotes" / "cofenet-polnear-bio"


def test_bio_spans_round_trip():
    labels = ["B-source", "I-source", "B-cue", "B-content", "I-content", "I-content", "O"]
    spans = bio_to_spans(labels)
    assert spans == [("source", 0, 2), ("cue", 2, 3), ("content", 3, 6)]
    assert spans_to_bio(spans, len(labels)) == labels


def test_adjacent_spans_of_one_type_stay_apart():
    labels = ["B-content", "I-content", "B-content", "O", "I-cue", "I-cue"]
    assert bio_to_spans(labels) == [("content", 0, 2), ("content", 2, 3), ("cue", 4, 6)]
    assert spans_to_bio([("content", 0, 2), ("content", 2, 3)], 3) == ["B-content", "I-content", "B-content"]


def test_spans_to_bio_rejects_overlap():
    with pytest.raises(ValueError):
        spans_to_bio([("source", 0, 2), ("cue", 1, 3)], 4)


def test_exact_match_scoring():
    gold = ["B-source", "I-source", "B-cue", "B-content", "I-content", "I-content"]
    # source one token short (wrong), cue right, content right
    pred = ["O", "B-source", "B-cue", "B-content", "I-content", "I-content"]
    m = score([(pred, gold)])
    assert m["cue_f1"] == 100.0 and m["content_f1"] == 100.0
    assert m["source_p"] == 0.0 and m["source_r"] == 0.0 and m["source_f1"] == 0.0
    counts = Counts()
    counts.add([("cue", 2, 3), ("cue", 5, 6)], [("cue", 2, 3)])
    p, r, f = counts.prf("cue")
    assert (p, r) == (50.0, 100.0) and f == pytest.approx(200 / 3)


@pytest.fixture(scope="module")
def tagger():
    from storyline.quotes.tagger import MODEL_PATH, Tagger

    if not MODEL_PATH.exists():
        pytest.skip("no shipped model (run python -m storyline.quotes.train)")
    return Tagger()


def test_tagger_finds_the_parts_of_an_invented_sentence(tagger):
    tokens = "The mayor said the bridge would reopen in May .".split()
    spans = bio_to_spans(tagger.tag(tokens))
    kinds = {k: " ".join(tokens[s:e]) for k, s, e in spans}
    assert kinds.get("cue") == "said"
    assert "mayor" in kinds.get("source", "")
    assert kinds.get("content", "").startswith("the bridge would reopen")


def test_tagger_direct_quote(tagger):
    tokens = "`` We will rebuild the pier before summer , '' the harbour master told reporters .".split()
    labels = tagger.tag(tokens)
    kinds = {k: " ".join(tokens[s:e]) for k, s, e in bio_to_spans(labels)}
    assert "told" in kinds.get("cue", "")
    assert "harbour master" in kinds.get("source", "")
    assert "rebuild the pier" in kinds.get("content", "")


def test_attributions_character_spans(tagger):
    from storyline.quotes import attributions

    text = "The mayor said the bridge would reopen in May.\n\nNothing else happened."
    found = attributions(text)
    assert len(found) == 1
    parts = found[0].texts(text)
    assert parts["cue"] == "said"
    assert "mayor" in parts["source"]
    assert parts["content"].startswith("the bridge would reopen")


@pytest.mark.shared
@needs_shared(QUOTES)
def test_quotes_benchmark_small():
    from storyline.eval.quotes import evaluate

    result = evaluate(QUOTES, limit=20)
    for key in ("source_f1", "cue_f1", "content_f1", "source_p", "source_r", "content_p", "content_r"):
        assert key in result.metrics
        assert 0.0 <= result.metrics[key] <= 100.0
    systems = [row["system"] for row in result.rows]
    assert systems[0].startswith("storyline") and "BERT-CofeNet" in systems and "CRF" in systems
    assert len(result.per_item) == 20
    crf = next(row for row in result.rows if row["system"] == "CRF")
    assert crf["source_f1"] == 50.6 and crf["content_f1"] == 28.6
