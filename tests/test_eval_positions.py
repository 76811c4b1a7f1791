"""The ``positions`` benchmark (storyline.eval.positions): the labelled set's loader and
span checks, the scoring of given predictions, and the shipped set in benchmarks/positions."""

from __future__ import annotations

import json
import sys
import types
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from storyline.errors import ConfigError
from storyline.eval import format_table
from storyline.eval.positions import Labelled, load, prf, score, sentence_around

from conftest import ROOT, SHARED, needs_shared

SHIPPED = ROOT / "benchmarks" / "positions"

# invented text for the fixtures
BUDGET = ('Mayor Ada Quill spoke on Friday. "The ferry fare will not rise this year," Quill said. '
          '"Our parks stay open at night."')
LATER = ('Quill changed course on Monday. "The ferry fare will rise by ten cents in May," she said. '
         'The council met at 9 a.m. and voted.')
TOLL_A = "Storm Irla killed 12 people in Marrowby, the coastguard said."
TOLL_B = "Storm Irla killed 14 people in Marrowby, officials said."


def _span(article: str, text: str, words: str, outlet: str = "Fenwick Gazette", day: str = "2025-03-07", **extra):
    start = text.index(words)
    return {"file": f"articles/town.jsonl#{article}", "start": start, "end": start + len(words),
            "outlet": outlet, "published": day, **extra}


def _write_set(folder: Path, pairs: list[dict], reports: list[dict]) -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    articles = [
        {"id": "t1", "outlet": "Fenwick Gazette", "published": "2025-03-07", "title": "Fares", "text": BUDGET},
        {"id": "t2", "outlet": "Fenwick Gazette", "published": "2025-03-10", "title": "Fares", "text": LATER},
        {"id": "t3", "outlet": "Fenwick Gazette", "published": "2025-04-02", "title": "Storm", "text": TOLL_A},
        {"id": "t4", "outlet": "Coast Radio", "published": "2025-04-02", "title": "Storm", "text": TOLL_B},
    ]
    (folder / "articles" / "town.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    (folder / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    (folder / "reports.jsonl").write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    return folder


def _fare_pair(item_id: str = "p1", label: str = "shift", **b_extra) -> dict:
    return {"id": item_id, "speaker": "Ada Quill", "label": label,
            "a": _span("t1", BUDGET, "The ferry fare will not rise this year", said_on="2025-03-07"),
            "b": {**_span("t2", LATER, "The ferry fare will rise by ten cents in May", said_on="2025-03-10",
                          day="2025-03-10"), **b_extra},
            "note": "no rise -> a rise"}


def _toll_report(item_id: str = "r1", label: str = "disagree") -> dict:
    return {"id": item_id, "label": label, "about": "figure",
            "a": _span("t3", TOLL_A, TOLL_A, day="2025-04-02"),
            "b": _span("t4", TOLL_B, TOLL_B, outlet="Coast Radio", day="2025-04-02"), "note": "12 vs 14"}


def test_loader_resolves_spans_with_their_sentence_and_quote_marks(tmp_path):
    data = _write_set(tmp_path, [_fare_pair()], [_toll_report()])
    labelled = load(data, shared=tmp_path / "no-shared")
    (pair,), (report,) = labelled.pairs, labelled.reports
    assert pair.a.text == "The ferry fare will not rise this year"
    assert pair.a.context == '"The ferry fare will not rise this year," Quill said.'
    assert pair.b.context == '"The ferry fare will rise by ten cents in May," she said.'
    assert pair.a.direct and pair.b.direct
    assert (pair.origin, pair.a.said_on, pair.b.said_on) == ("invented", "2025-03-07", "2025-03-10")
    assert report.a.text == TOLL_A and report.b.outlet == "Coast Radio" and report.about == "figure"


def test_sentence_around_does_not_stop_at_abbreviations():
    assert sentence_around(LATER, LATER.index("voted"), LATER.index("voted") + 5) == "The council met at 9 a.m. and voted."
    text = "He met U.N. envoys in Cadrin on Monday. Reported speech has no marks here."
    start = text.index("Reported")
    assert sentence_around(text, start, start + 8) == "Reported speech has no marks here."


@pytest.mark.parametrize("change, reason", [
    ({"end": 10_000}, "out of range"),
    ({"start": 5, "end": 5}, "out of range"),
    ({"file": "articles/town.jsonl#t9"}, "no article 't9'"),
    ({"file": "shared:../secrets.txt"}, "inside ../shared"),
    ({"said_on": "7 March"}, "said_on must be YYYY-MM-DD"),
])
def test_a_bad_span_is_rejected_with_one_line_naming_the_file_and_item(tmp_path, change, reason):
    data = _write_set(tmp_path, [_fare_pair("p7", **change)], [])
    with pytest.raises(ConfigError) as caught:
        load(data, shared=tmp_path)
    message = str(caught.value)
    assert "\n" not in message and reason in message
    assert message.startswith("pairs.jsonl p7 b")


def test_a_whitespace_span_and_reprinted_reports_are_rejected(tmp_path):
    blank = _fare_pair("p2")
    gap = BUDGET.index(" Quill said")
    blank["b"] = {**blank["a"], "start": gap, "end": gap + 1}
    with pytest.raises(ConfigError, match=r"pairs.jsonl p2 b: span .* is empty"):
        load(_write_set(tmp_path / "one", [blank], []), shared=tmp_path)
    same_outlet = _toll_report("r5")
    same_outlet["b"]["outlet"] = "Fenwick Gazette"
    with pytest.raises(ConfigError, match="reports.jsonl r5: both reports are from Fenwick Gazette"):
        load(_write_set(tmp_path / "two", [], [same_outlet]), shared=tmp_path)


def test_shared_spans_are_read_in_place_or_skipped_when_shared_is_absent(tmp_path):
    shared = tmp_path / "shared"
    (shared / "notes").mkdir(parents=True)
    (shared / "notes" / "wire.txt").write_text("Line one.\n`` We stay , '' the envoy said .\n", encoding="utf-8")
    start = len("Line one.\n`` ")
    pair = _fare_pair("p3", label="reiteration")
    pair["a"] = {"file": "shared:notes/wire.txt", "start": start, "end": start + len("We stay"),
                 "said_on": "2025-01-02", "outlet": "Wire", "published": "2025-01-02"}
    data = _write_set(tmp_path / "set", [pair], [])
    (item,) = load(data, shared=shared).pairs
    assert (item.origin, item.a.text, item.a.direct) == ("dev", "We stay", True)
    assert item.a.context == "`` We stay , '' the envoy said ."
    (row,) = score(load(data, shared=shared), relate=lambda a, b: SimpleNamespace(kind="reiteration", why="")).per_item
    assert row["a_text"] == "" and row["a"] == f"shared:notes/wire.txt:{start}-{start + 7}"  # no ../shared text in results
    missing = load(data, shared=tmp_path / "absent")
    assert missing.pairs == () and missing.skipped == ("p3: needs ../shared (not found)",)


def test_prf_counts_and_ratios():
    gold = ["shift", "shift", "reiteration", "unrelated", "shift"]
    predicted = ["shift", "unsure", "shift", "unrelated", "shift"]
    figures = prf(gold, predicted, "shift")
    assert (figures["gold"], figures["predicted"], figures["correct"]) == (3, 3, 2)
    assert figures["precision"] == pytest.approx(2 / 3) and figures["recall"] == pytest.approx(2 / 3)
    none = prf(gold, predicted, "reiteration")
    assert none["precision"] == 0.0 and none["recall"] == 0.0 and none["f1"] == 0.0


def test_score_uses_the_given_functions_and_reports_errors(tmp_path):
    pairs = [_fare_pair("p1", "shift"), _fare_pair("p2", "shift"), _fare_pair("p3", "reiteration"),
             _fare_pair("p4", "unrelated")]
    reports = [_toll_report("r1", "disagree"), _toll_report("r2", "agree"), _toll_report("r3", "disagree")]
    labelled = load(_write_set(tmp_path, pairs, reports), shared=tmp_path)
    answers = iter(["shift", "unsure", "shift", "unrelated"])
    seen = []

    def relate(earlier, later):
        seen.append((earlier.text, later.speaker, later.said_on, later.direct))
        return SimpleNamespace(kind=next(answers), why="the fare now rises")

    verdicts = iter(["disagree", "disagree", "boom"])

    def compare(a, b):
        kind = next(verdicts)
        if kind == "boom":
            raise ValueError("no figure")
        return SimpleNamespace(kind=kind, about="figure", why="12 vs 14")

    result = score(labelled, relate, compare)
    assert seen[0] == ("The ferry fare will not rise this year", "Ada Quill", "2025-03-10", True)
    metrics = result.metrics
    assert metrics["shift_precision"] == 0.5 and metrics["shift_recall"] == 0.5  # p1 right, p3 wrong, p2 missed
    assert metrics["reiteration_recall"] == 0.0 and metrics["reiteration_predicted"] == 0
    assert metrics["disagree_precision"] == 0.5 and metrics["disagree_recall"] == 0.5
    assert metrics["disagree_about_accuracy"] == 1.0
    assert metrics["invented_shift_correct"] == 1 and "dev_shift_correct" not in metrics
    assert {row["id"] for row in result.per_item if row["gold"] != row["predicted"]} == {"p2", "p3", "r2", "r3"}
    assert any(line.startswith("r3: the function failed: ValueError: no figure") for line in result.notes)
    assert any("p3 [invented] gold reiteration, predicted shift: the fare now rises" in line for line in result.notes)
    assert "precision" in format_table(result).splitlines()[0]


def test_eval_command_runs_the_benchmark(tmp_path, monkeypatch):
    """`storyline eval positions` through the dispatch, with stand-in modules for the two functions."""
    from storyline.cli import main

    positions = types.ModuleType("storyline.positions")
    positions.Said = lambda **fields: SimpleNamespace(**fields)
    positions.relate = lambda a, b: SimpleNamespace(kind="shift" if "not" in a.text else "reiteration", why="")
    corroboration = types.ModuleType("storyline.corroboration")
    corroboration.Report = lambda **fields: SimpleNamespace(**fields)
    corroboration.compare_reports = lambda a, b: SimpleNamespace(kind="disagree", about="figure", why="")
    monkeypatch.setitem(sys.modules, "storyline.positions", positions)
    monkeypatch.setitem(sys.modules, "storyline.corroboration", corroboration)
    data = _write_set(tmp_path / "set", [_fare_pair("p1", "shift")], [_toll_report("r1", "disagree"), _toll_report("r2", "agree")])
    out = tmp_path / "positions.json"
    result = CliRunner().invoke(main, ["eval", "positions", "--data", str(data), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "shift" in result.output and "disagree" in result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["metrics"]["shift_recall"] == 1.0 and written["metrics"]["disagree_precision"] == 0.5


def _shares(labelled: Labelled) -> tuple[Counter, Counter]:
    items = labelled.pairs + labelled.reports
    return Counter(i.label for i in items), Counter(i.label for i in items if i.origin == "dev")


def test_shipped_invented_items_load_without_shared(tmp_path):
    labelled = load(SHIPPED, shared=tmp_path / "absent")
    total, dev = _shares(labelled)
    assert not dev and all(line.endswith("needs ../shared (not found)") for line in labelled.skipped)
    assert all(total[label] >= 13 for label in ("shift", "reiteration", "unrelated", "disagree", "agree"))


@pytest.mark.shared
@needs_shared(SHARED / "data" / "t17")
def test_shipped_set_meets_the_minimums_and_every_span_is_valid():
    labelled = load(SHIPPED, shared=SHARED)  # raises on any bad span
    assert not labelled.skipped
    total, dev = _shares(labelled)
    assert len(labelled.pairs) >= 60
    for label in ("shift", "reiteration", "unrelated", "disagree", "agree"):
        assert total[label] >= 20, label
        assert dev[label] * 3 >= total[label], f"less than a third of {label} from dev material"
    for item in labelled.pairs + labelled.reports:
        assert item.a.text.strip() and item.b.text.strip() and item.a.context and item.b.context
        if item.kind == "pair":
            assert item.a.said_on <= item.b.said_on
        else:
            assert item.a.outlet != item.b.outlet


@pytest.mark.shared
@needs_shared(SHARED / "data" / "t17")
def test_held_out_set_loads_and_every_span_is_valid():
    """The held-out set (labelled without seeing the rules) has the issue's kinds of items,
    each span valid and each report pair from two outlets."""
    labelled = load(SHIPPED / "heldout", shared=SHARED)  # raises on any bad span
    assert not labelled.skipped
    total, _ = _shares(labelled)
    for label in ("shift", "reiteration", "unrelated", "disagree", "agree"):
        assert total[label] >= 12, label
    for item in labelled.pairs + labelled.reports:
        assert item.a.text.strip() and item.b.text.strip()
        assert item.a.said_on <= item.b.said_on if item.kind == "pair" else item.a.outlet != item.b.outlet
