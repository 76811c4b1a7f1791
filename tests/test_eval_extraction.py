"""The extraction benchmark: the scorer on hand-worked cases, the run, the check against a peer."""

import gzip
import json

import pytest
from click.testing import CliRunner
from conftest import SHARED, needs_shared

from storyline.cli import main
from storyline.eval.extraction import (
    ShingleMatch,
    bootstrap_std,
    corpus_scores,
    evaluate,
    exact_share,
    match_shingles,
    shingles,
    tokens,
)

AEB = SHARED / "data" / "extraction" / "scrapinghub-aeb"


def test_tokens_are_word_runs_with_case_kept():
    assert tokens("Mayor's plan: 3 new bridges!") == ["Mayor", "s", "plan", "3", "new", "bridges"]
    assert tokens(None) == [] and tokens("") == []


def test_shingles_of_four_tokens_and_short_texts():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}  # shorter than four: one shingle of all of it
    assert shingles("   ") == {}
    assert shingles("a b c d a b c d a b c d")[("a", "b", "c", "d")] == 3


def test_perfect_match_scores_one():
    text = "The ferry to the island runs every hour from the north pier."
    match = match_shingles(text, text)
    assert (match.precision, match.recall, match.f1) == (1.0, 1.0, 1.0)
    assert corpus_scores([match, match]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_partial_overlap_worked_by_hand():
    # truth shingles: (one two three four), (two three four five)
    # predicted:      (one two three four), (two three four six)
    # tp = 1, fp = 1, fn = 1, each normalised to 1/3: precision = recall = 1/2
    match = match_shingles("one two three four five", "one two three four six")
    assert match.tp == pytest.approx(1 / 3) and match.fp == pytest.approx(1 / 3)
    assert match.precision == pytest.approx(0.5) and match.recall == pytest.approx(0.5)


def test_repeated_shingles_count_as_many_times_as_they_occur():
    # truth: (w x y z) twice, (x y z w), (y z w x), (z w x y) once each; the prediction has
    # (w x y z) once: tp = 1, fp = 0, fn = 4 -> precision 1, recall 1/5
    match = match_shingles("w x y z w x y z", "w x y z")
    assert match.precision == 1.0
    assert match.recall == pytest.approx(1 / 5)
    # predicting the text twice over puts the extra copy down as false positives
    doubled = match_shingles("w x y z", "w x y z w x y z")
    assert doubled.recall == 1.0 and doubled.precision == pytest.approx(1 / 5)


def test_empty_output_lowers_recall_only():
    empty = match_shingles("Some real article text of a few words.", "")
    assert not empty.extracted and empty.has_truth
    assert (empty.precision, empty.recall) == (0.0, 0.0)
    perfect = match_shingles("a b c d e", "a b c d e")
    assert corpus_scores([perfect, empty]) == {
        "precision": 1.0,  # the empty page is left out of the precision mean
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
    }


def test_nothing_to_find_and_nothing_found_counts_nowhere():
    nothing = match_shingles("", "")
    assert nothing == ShingleMatch()
    assert corpus_scores([nothing, match_shingles("a b c d", "a b c d")])["f1"] == 1.0


def test_f1_is_the_harmonic_mean_of_the_means_not_a_mean_of_f1s():
    too_long = ShingleMatch(tp=0.5, fp=0.5, fn=0.0)  # precision .5, recall 1
    too_short = ShingleMatch(tp=0.5, fp=0.0, fn=0.5)  # precision 1, recall .5
    scores = corpus_scores([too_long, too_short])
    assert scores["precision"] == scores["recall"] == pytest.approx(0.75)
    assert scores["f1"] == pytest.approx(0.75)  # a mean of the two F1s would be 2/3


def test_bootstrap_is_seeded_and_zero_for_identical_pages():
    pages = [match_shingles("a b c d e f", "a b c d x y"), match_shingles("a b c d e", "a b c d e")]
    assert bootstrap_std(pages, samples=50) == bootstrap_std(pages, samples=50)
    assert bootstrap_std(pages, samples=50)["f1"] > 0
    assert bootstrap_std([pages[1]] * 5, samples=50)["f1"] == 0.0


def test_exact_share_compares_tokens_only():
    assert exact_share([("One, two.", "one two"), ("One, two.", "One two")]) == 0.5


# a tiny test set laid out like the real one; the page and its truth are invented
PAGE = (
    "<html><head><title>Lock gates replaced | Canal Times</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/boats'>Boats</a></nav><article><h1>Lock gates replaced</h1>"
    "<p>The canal trust replaced both gates of the Hollins lock over the weekend, ending a closure "
    "that had stranded a dozen narrowboats above the flight since the start of the month.</p>"
    "<p>Volunteers worked through Saturday night to seal the new gates before water levels were "
    "restored on Sunday afternoon, the trust said in a statement.</p></article>"
    "<footer>Copyright © 2025 Canal Times</footer></body></html>"
)
TRUTH_BODY = (
    "The canal trust replaced both gates of the Hollins lock over the weekend, ending a closure "
    "that had stranded a dozen narrowboats above the flight since the start of the month.\n\n"
    "Volunteers worked through Saturday night to seal the new gates before water levels were "
    "restored on Sunday afternoon, the trust said in a statement."
)


@pytest.fixture
def tiny_set(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "output").mkdir()
    with gzip.open(tmp_path / "html" / "p1.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(PAGE)
    truth = {"p1": {"articleBody": TRUTH_BODY, "url": "https://canal.example/lock"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    wrapped = {"version": "9.9", "output": {"p1": {"articleBody": "Lock gates replaced. " + TRUTH_BODY}}}
    (tmp_path / "output" / "trafilatura.json").write_text(json.dumps(wrapped), encoding="utf-8")
    return tmp_path


def test_evaluate_on_a_tiny_set(tiny_set):
    result = evaluate(tiny_set)
    assert result.metrics == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    systems = [row["system"] for row in result.rows]
    assert systems[0] == "storyline"
    assert "trafilatura 9.9 (saved output)" in systems
    peer = next(row for row in result.rows if row["system"] == "trafilatura 9.9 (saved output)")
    assert peer["recall"] == 1.0 and peer["precision"] < 1.0
    assert result.per_item == [{"id": "p1", "precision": 1.0, "recall": 1.0, "f1": 1.0}]
    assert any("pages/s" in note for note in result.notes)


def test_cli_prints_the_table(tiny_set):
    out = CliRunner().invoke(main, ["eval", "extraction", "--data", str(tiny_set)])
    assert out.exit_code == 0, out.output
    assert "storyline" in out.output and "trafilatura 9.9 (saved output)" in out.output


@needs_shared(AEB)
def test_scorer_reproduces_the_published_figure_for_trafilatura():
    """README: trafilatura 2.0.0, F1 0.958 ± 0.006, precision 0.938, recall 0.978."""
    from storyline.eval.extraction import _load_bodies

    truth = _load_bodies(AEB / "ground-truth.json")
    saved = _load_bodies(AEB / "output" / "trafilatura.json")
    scores = corpus_scores([match_shingles(truth[i], saved[i]) for i in truth])
    assert round(scores["f1"], 3) == 0.958
    assert round(scores["precision"], 3) == 0.938
    assert round(scores["recall"], 3) == 0.978


@needs_shared(AEB)
def test_evaluate_on_the_real_pages_with_a_limit():
    result = evaluate(AEB, limit=3)
    assert len(result.per_item) == 3
    assert set(result.metrics) == {"precision", "recall", "f1"}
    assert all(0.0 <= value <= 1.0 for value in result.metrics.values())
    systems = [row["system"] for row in result.rows]
    assert systems[:2] == ["storyline", "storyline body before line cleaning"]
    assert any(name.startswith("trafilatura 2.0.0 (saved output)") for name in systems)
    assert result.metrics["f1"] > 0.8  # three ordinary news pages: far above a whole-page dump
