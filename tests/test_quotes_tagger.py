"""The attribution tagger's parts: feature columns, Viterbi decoding, span tidying (snap)."""

from __future__ import annotations

import gzip
import json

import pytest

from storyline.quotes.features import EXTRAS, doc_features, parse
from storyline.quotes.spans import bio_to_spans, spans_to_bio
from storyline.quotes.tagger import Tagger, snap


def _doc(text: str):
    return next(parse([text.split()]))


def _snap(text: str, spans):
    doc = _doc(text)
    words = [t.text for t in doc]
    fixed = bio_to_spans(snap(doc, spans_to_bio(spans, len(words))))
    return {(k, " ".join(words[s:e])) for k, s, e in fixed}


def test_unclosed_quotation_runs_to_the_end_of_the_paragraph():
    text = "The harbour master said : `` The pier will reopen in May . The ferries will return soon"
    got = _snap(text, [("source", 0, 3), ("cue", 3, 4), ("content", 5, 13)])
    assert ("content", "`` The pier will reopen in May . The ferries will return soon") in got


def test_quotation_reaches_its_closing_mark_unless_a_span_is_in_between():
    text = "`` The pier is safe . We open it in May , '' the harbour master said ."
    got = _snap(text, [("content", 0, 5), ("source", 13, 16), ("cue", 16, 17)])
    assert ("content", "`` The pier is safe . We open it in May , ''") in got
    # a cue inside the quotation keeps the content where it was
    got = _snap(text, [("content", 0, 5), ("cue", 6, 7)])
    assert ("content", "`` The pier is safe") in got


def test_content_split_around_an_inserted_source_and_cue():
    text = "The old bridge , the mayor said , will reopen in May ."
    got = _snap(text, [("source", 4, 6), ("cue", 6, 7), ("content", 8, 12)])
    assert ("content", "The old bridge") in got
    assert ("content", "will reopen in May") in got
    # nothing is added when the words before are already a span
    got = _snap(text, [("source", 0, 3), ("cue", 6, 7), ("content", 8, 12)])
    assert not any(k == "content" and t.startswith("The") for k, t in got)


def test_snap_leaves_other_spans_alone():
    text = "The mayor said the bridge would reopen in May ."
    spans = [("source", 0, 2), ("cue", 2, 3), ("content", 3, 9)]
    assert {k for k, _ in _snap(text, spans)} == {"source", "cue", "content"}
    assert ("source", "The mayor") in _snap(text, spans) and ("cue", "said") in _snap(text, spans)


def test_extra_features_follow_the_cue_of_the_sentence():
    doc = _doc("The mayor said the bridge would reopen . Rain fell .")
    plain = doc_features(doc, frozenset({"say"}))
    extra = doc_features(doc, frozenset({"say"}), extras=frozenset(EXTRAS))
    assert all(set(p) <= set(e) for p, e in zip(plain, extra))
    # "bridge" (index 4) is two tokens right of "said"; "Rain" (index 8) is in the next sentence
    assert "scueL=2" in extra[4] and "scueL=none" in extra[8]
    assert "prevcue=True" in extra[8] and "prevcue=False" in extra[4]


def test_decoding_follows_the_weights(tmp_path):
    # a two-feature model: "w=said" votes for B-cue, everything else for O; a strong
    # transition pulls the token after a cue into I-cue
    labels = ["O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content"]
    transitions = [[0.0] * 7 for _ in labels]
    transitions[3][4] = 1.5
    model = {"labels": labels, "transitions": transitions, "lexicon": [], "parse_features": False,
             "state": {"w=said": [[3, 3.0]], "bias": [[0, 1.0]]}}
    path = tmp_path / "model.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(model, fh)
    tagger = Tagger(path, snap=False)
    assert tagger._decode([["bias"], ["bias", "w=said"], ["bias"]]) == ["O", "B-cue", "I-cue"]
    assert tagger._decode([["bias"], ["bias"]]) == ["O", "O"]
    assert tagger._decode([]) == []


@pytest.mark.parametrize("extras", [(), EXTRAS])
def test_features_are_deterministic(extras):
    text = "`` It will be fine , '' she said , adding that the work starts in May ."
    first = doc_features(_doc(text), frozenset({"say", "add"}), extras=frozenset(extras))
    second = doc_features(_doc(text), frozenset({"say", "add"}), extras=frozenset(extras))
    assert first == second and len(first) == len(text.split())


def test_averaged_model_is_the_mean_of_its_members():
    from storyline.quotes.train import average, parse_member

    k = 7
    a = {"state": {"w=said": [[3, 2.0]], "bias": [[0, 1.0]]}, "transitions": [[1.0] * k for _ in range(k)]}
    b = {"state": {"w=told": [[3, 4.0]], "bias": [[0, 3.0], [5, 0.00005]]}, "transitions": [[0.0] * k for _ in range(k)]}
    avg = average([a, b])
    assert avg["state"] == {"w=said": [[3, 1.0]], "bias": [[0, 2.0]], "w=told": [[3, 2.0]]}
    assert avg["transitions"][2][4] == 0.5
    assert parse_member("none:0.1:1")[0] == frozenset() and parse_member("all:0.1:1")[0] == frozenset(EXTRAS)
    with pytest.raises(ValueError):
        parse_member("sparkle:0.1:1")


@pytest.mark.shared
def test_training_several_members_gives_one_loadable_model(tmp_path):
    from conftest import SHARED

    polnear = SHARED / "data" / "quotes" / "polnear"
    if not polnear.exists():
        pytest.skip(f"test data not found: {polnear}")
    pytest.importorskip("pycrfsuite")
    from storyline.quotes.train import main

    out = tmp_path / "model.json.gz"
    assert main(["--data", str(polnear), "--out", str(out), "--limit", "4", "--max-iter", "40",
                 "--member", "none:0.05:1.0", "--member", "para,scue:0.05:1.0"]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    assert model["extras"] == ["para", "scue"] and len(model["trained"]["members"]) == 2
    assert any(name.startswith("sentno=") for name in model["state"])  # a feature only the second member has
    tagger = Tagger(out)
    assert tagger.extras == {"para", "scue"}
    assert len(tagger.tag("The mayor said the bridge would reopen .".split())) == 8
