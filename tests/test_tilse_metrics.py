"""tilse 0.2.1 timeline metrics (storyline.eval.tilse_metrics) on hand-built timelines.

ROUGE tokens here: "ship sinks" -> ship sink, "oil spill spreads" -> oil spill spread,
"Ships sank" -> ship sink ("sank" through the WordNet exceptions)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from storyline.eval.tilse_metrics import METRICS, Scorer, approx_counts, rouge_approximation, score_timeline

D = datetime.date


def test_empty_system_timeline_scores_zero():
    reference = {D(2010, 1, 1): ["oil spill spreads"]}
    assert score_timeline({}, reference) == dict.fromkeys(METRICS, 0.0)


def test_identical_timeline_scores_one():
    reference = {D(2010, 1, 1): ["oil spill spreads"], D(2010, 1, 10): ["ship sinks near coast"]}
    scores = score_timeline(reference, reference)
    assert scores == pytest.approx(dict.fromkeys(METRICS, 1.0))


def test_align_m1_prefers_content_over_date_distance():
    reference = {D(2010, 1, 1): ["oil spill spreads"], D(2010, 1, 10): ["ship sinks"]}
    # 4 days from Jan 1 (cost 0.8 * 1, nothing shared) and 5 from Jan 10 (cost 0.833 * 0)
    system = {D(2010, 1, 5): ["ship sinks"]}
    scores = score_timeline(system, reference)
    # R1: P = (1/6 * 2) / 2 = 1/6; R = (0 + 1/6 * 2) / (3 + 2) = 1/15; F = 2/21
    assert scores["align_r1"] == pytest.approx(2 / 21)
    # R2: P = (1/6 * 1) / 1 = 1/6; R = (1/6 * 1) / (2 + 1) = 1/18; F = 1/12
    assert scores["align_r2"] == pytest.approx(1 / 12)
    assert scores["agree_r1"] == scores["agree_r2"] == scores["date_f1"] == 0.0
    # concat R1: hits 2, P = 2/2, R = 2/5; R2: hits 1 ("ship sink"), P = 1, R = 1/4
    assert scores["concat_r1"] == pytest.approx(4 / 7)
    assert scores["concat_r2"] == pytest.approx(0.4)


def test_align_m1_takes_the_first_of_equal_costs():
    # the content cost sees raw tokens (case kept, no stemming): both costs are 2/3 * 1,
    # so the system day goes to Jan 3 (first), where ROUGE finds 1 hit, not the 2 of Jan 7
    reference = {D(2010, 1, 3): ["SHIP"], D(2010, 1, 7): ["ships sink"]}
    system = {D(2010, 1, 5): ["Ships sank"]}
    scores = score_timeline(system, reference)
    # P = (1/3 * 1) / 2 = 1/6; R = (1/3 * 1 + 1/3 * 2) / 3 = 1/3; F = 2/9
    assert scores["align_r1"] == pytest.approx(2 / 9)


def test_agreement_counts_only_shared_days():
    reference = {D(2010, 1, 1): ["oil spill spreads"], D(2010, 1, 2): ["ship sinks"]}
    system = {D(2010, 1, 1): ["oil spill"], D(2010, 1, 3): ["ship sinks"]}
    scores = score_timeline(system, reference)
    # R1 hits on Jan 1: 2; P = 2 / (2 + 2); R = 2 / (3 + 2); F = 4/9
    assert scores["agree_r1"] == pytest.approx(4 / 9)
    # date F1: 1 of 2 both ways
    assert scores["date_f1"] == pytest.approx(0.5)


def test_sentences_are_stripped_and_resplit():
    reference = {D(2010, 1, 1): ["oil spill spreads"]}
    tidy = score_timeline({D(2010, 1, 2): ["oil spill spreads"]}, reference)
    messy = score_timeline({D(2010, 1, 2): ["  oil\tspill \n spreads  "]}, reference)
    assert messy == tidy


def test_rouge_approximation_drops_punctuation_substrings():
    # tilse tests `token not in string.punctuation`: "?@" is a substring of it, "''" is not
    assert approx_counts(["a , ?@ b ''"]) == Counter({"a": 1, "b": 1, "''": 1})
    assert rouge_approximation(Counter({"a": 1, "b": 1}), Counter({"a": 1})) == pytest.approx(2 / 3)
    assert rouge_approximation(Counter(), Counter({"a": 1})) == 0.0


def test_scorer_is_reusable():
    reference = {D(2010, 1, 1): ["oil spill spreads"], D(2010, 1, 10): ["ship sinks"]}
    scorer = Scorer(reference)
    first = {D(2010, 1, 5): ["ship sinks"]}
    second = {D(2010, 1, 1): ["oil spill"]}
    assert scorer.score(first) == score_timeline(first, reference)
    assert scorer.score(second) == score_timeline(second, reference)
