"""storyline eval t17: the news-tls protocol end to end on an invented Timeline17-layout pile."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.clean.detok import detokenize
from storyline.cli import main
from storyline.eval import evaluate
from storyline.eval.t17 import protocol
from storyline.eval.tilse_format import read_timeline, reference_timelines
from storyline.eval.tilse_metrics import METRICS

MINI = Path(__file__).resolve().parent / "fixtures" / "t17mini"

pytestmark = pytest.mark.slow  # runs the real model over four short articles


def test_protocol_reads_the_reference():
    (ref,) = reference_timelines(MINI)
    # the malformed date's entry is skipped: three dates left, one sentence each on average
    assert protocol(ref) == {"max_dates": 3, "sentences_per_date": 1, "span": ("2024-03-04", "2024-03-20")}
    assert any("2024-03-0" in p for p in ref.problems)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    outputs = tmp_path_factory.mktemp("t17-out")
    return evaluate("t17", MINI, outputs=outputs), outputs


def test_one_timeline_per_reference_within_the_protocol(result):
    res, outputs = result
    (item,) = res.per_item
    assert item["topic"] == "bridge" and item["reference"] == "ledger"
    assert item["articles"] == 4  # both folders of the topic, the one without a reference too
    timeline, problems = read_timeline(outputs / "bridge_ledger.txt")
    assert problems == []
    assert 1 <= len(timeline) <= 3
    assert all(dt.date(2024, 3, 4) <= d <= dt.date(2024, 3, 20) for d in timeline)
    assert all(len(lines) == 1 for lines in timeline.values())
    # extractive: each line is a source sentence, detokenized as cleaning does
    source_text = " ".join(detokenize(line) for p in MINI.glob("*/InputDocs/*/*.txt")
                           for line in p.read_text().splitlines())
    assert all(line in source_text for lines in timeline.values() for line in lines)  # extractive


def test_scores_and_notes(result):
    res, _ = result
    assert set(METRICS) <= set(res.metrics)
    assert all(0.0 <= res.metrics[m] <= 1.0 for m in METRICS)
    assert res.metrics["date_f1"] > 0  # the closure (March 4) is named by three articles
    assert any("malformed date '2024-03-0'" in note for note in res.notes)
    assert res.rows[0]["system"] == "storyline"
    assert any("Datewise" in row["system"] for row in res.rows)


def test_cli_scores_a_peer_in_the_same_run(tmp_path, result):
    _, outputs = result
    peer = tmp_path / "peer"
    peer.mkdir()
    (peer / "TL17_peer_bridge_ledger.txt").write_text(
        "2024-03-04\nEngineers closed the Old Tarn Bridge to all traffic .\n" + "-" * 32 + "\n")
    out = tmp_path / "t17.json"
    run = CliRunner().invoke(main, ["eval", "t17", "--data", str(MINI), "--system", str(peer), "--json", str(out)])
    assert run.exit_code == 0, run.output
    data = json.loads(out.read_text())
    systems = [row["system"] for row in data["systems"]]
    assert "peer (scored in this run)" in systems
    peer_row = next(row for row in data["systems"] if row["system"] == "peer (scored in this run)")
    assert peer_row["date_f1"] == pytest.approx(0.5)  # 1 of 1 date right, 1 of 3 found


def test_tls_rejects_options_it_does_not_take():
    with pytest.raises(ValueError, match="does not take --outputs"):
        evaluate("tls", MINI, system=MINI, outputs=MINI)


def test_outputs_are_named_by_the_whole_reference_file_name(tmp_path):
    data = tmp_path / "t17"
    shutil.copytree(MINI, data)
    timelines = data / "bridge_courier" / "timelines"
    timelines.mkdir()
    dashes = "-" * 32
    # two references named alike up to the first dot, with different spans
    (timelines / "tl2.1.txt").write_text(
        f"2024-03-04\nEngineers close the Old Tarn Bridge .\n{dashes}\n"
        f"2024-03-20\nA footbridge opens beside it .\n{dashes}\n", encoding="utf-8")
    (timelines / "tl2.2.txt").write_text(
        f"2024-03-12\nCouncillors approve four million pounds for repairs .\n{dashes}\n", encoding="utf-8")
    outputs = tmp_path / "out"
    res = evaluate("t17", data, outputs=outputs, entities=False)
    assert sorted(p.name for p in outputs.iterdir()) == ["bridge_ledger.txt", "bridge_tl2.1.txt", "bridge_tl2.2.txt"]
    assert sorted(item["reference"] for item in res.per_item) == ["ledger", "tl2.1", "tl2.2"]
    narrow, problems = read_timeline(outputs / "bridge_tl2.2.txt")
    wide, _ = read_timeline(outputs / "bridge_tl2.1.txt")
    assert problems == [] and list(narrow) == [dt.date(2024, 3, 12)]  # its own reference's one-day span
    assert 1 <= len(wide) <= 2 and all(dt.date(2024, 3, 4) <= d <= dt.date(2024, 3, 20) for d in wide)
