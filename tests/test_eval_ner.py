"""CoNLL-2003 NER benchmark: reading, chunking, scoring (invented sentences), and a short real run."""

from __future__ import annotations

import pytest

from conftest import SHARED, needs_shared
from storyline.eval.ner import LABEL_MAP, Sentence, chunks, read_conll, score, without_article

CONLL = SHARED / "data" / "ner" / "conll2003-en"


def test_read_conll_skips_docstart_and_splits_sentences(tmp_path):
    path = tmp_path / "test.txt"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\n"
        "Mara NNP B-NP B-PER\nKolv NNP I-NP I-PER\nvisited VBD B-VP O\nVelor NNP B-NP B-LOC\n. . O O\n\n"
        "Harbour NNP B-NP B-ORG\nCouncil NNP I-NP I-ORG\n\n",
        encoding="utf-8",
    )
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [("Mara", "Kolv", "visited", "Velor", "."), ("Harbour", "Council")]
    assert sentences[0].tags[:2] == ("B-PER", "I-PER")


def test_chunks_read_iob1_and_iob2_like_conlleval():
    assert chunks(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert chunks(["I-PER", "I-PER", "B-PER", "I-ORG"]) == [(0, 2, "PER"), (2, 3, "PER"), (3, 4, "ORG")]
    assert chunks(["O", "I-MISC", "I-MISC"]) == [(1, 3, "MISC")]
    assert chunks([]) == []


def test_exact_match_scores():
    gold = [[(0, 2, "PER"), (3, 4, "LOC")], [(0, 2, "ORG")]]
    pred = [[(0, 2, "PER"), (3, 4, "ORG")], [(0, 1, "ORG")]]
    s = score(gold, pred)
    assert s.prf() == pytest.approx((100 / 3, 100 / 3, 100 / 3))
    assert s.prf(["PER"]) == (100.0, 100.0, 100.0)
    assert s.prf(["LOC"]) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        score(gold, pred[:1])


def test_label_map_and_article_dropping():
    assert LABEL_MAP["PERSON"] == "PER" and LABEL_MAP["GPE"] == "LOC" and LABEL_MAP["FAC"] == "LOC"
    assert LABEL_MAP["NORP"] == "MISC" and "DATE" not in LABEL_MAP and "CARDINAL" not in LABEL_MAP
    tokens = ("the", "Harbour", "Council", "the")
    assert without_article([(0, 3, "ORG"), (3, 4, "ORG")], tokens) == [(1, 3, "ORG"), (3, 4, "ORG")]
    assert Sentence(("a",), ("O",)).tokens == ("a",)


@pytest.mark.shared
@needs_shared(CONLL)
def test_ner_benchmark_small_run():
    from storyline.eval.ner import evaluate

    result = evaluate(CONLL, limit=60)
    for key in ("f1", "precision", "recall", "per_f1", "org_f1", "loc_f1", "misc_f1", "f1_without_misc"):
        assert 0.0 <= result.metrics[key] <= 100.0, key
    assert result.metrics["sentences"] == 60
    assert result.metrics["f1"] > 20  # a working tagger, not a broken alignment
    assert result.rows[0]["system"] == "storyline" and result.rows[0]["type"] == "all"
    assert any("OntoNotes" in note for note in result.notes)
