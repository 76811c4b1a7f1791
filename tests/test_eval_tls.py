"""The tilse timeline format (storyline.eval.tilse_format) and the ``tls`` benchmark."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from storyline.eval import tls
from storyline.eval.tilse_format import (
    DASHES,
    output_name,
    read_timeline,
    reference_timelines,
    topic_of,
    write_timeline,
)
from storyline.eval.tilse_metrics import METRICS

from conftest import SHARED, T17, needs_shared

D = datetime.date
SDF = SHARED / "data" / "tls-peer-outputs" / "sdf-tls"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_date_entry_is_skipped_with_a_problem(tmp_path):
    path = _write(tmp_path / "Quake_post" / "timelines" / "post.txt", "\n".join([
        "2011-03-01", "The bridge reopens .", DASHES,
        "2011-04-0", "A parade is held .", "The mayor speaks .", DASHES,
        "2011-05-02", "Rain falls .", DASHES, "",
    ]))
    timeline, problems = read_timeline(path)
    assert timeline == {D(2011, 3, 1): ["The bridge reopens ."], D(2011, 5, 2): ["Rain falls ."]}
    assert problems == ["Quake_post/timelines/post.txt:4: malformed date '2011-04-0'; its 2 sentences are skipped"]


def test_repeated_date_keeps_later_entry_and_unclosed_entry_is_dropped(tmp_path):
    path = _write(tmp_path / "a.txt", "\n".join([
        "2011-03-01", "First take .", DASHES,
        "2011-03-01", "Second take .", DASHES,
        "2011-03-02", "Never closed .", "",
    ]))
    timeline, problems = read_timeline(path)
    assert timeline == {D(2011, 3, 1): ["Second take ."]}
    assert len(problems) == 2
    assert problems[0].startswith("a.txt:4: date 2011-03-01 repeats the entry of line 1")
    assert problems[1].startswith("a.txt:7: entry not closed")


def test_write_then_read_round_trip(tmp_path):
    timeline = {
        D(2012, 2, 1): ["  A dam breaks .  ", "", "Water rises ."],
        D(2011, 12, 24): ["Snow closes the pass ."],
        D(2012, 3, 5): [],
    }
    path = tmp_path / "out.txt"
    write_timeline(timeline, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("2011-12-24\nSnow closes the pass .\n" + DASHES + "\n2012-02-01\n")
    back, problems = read_timeline(path)
    assert problems == []
    assert back == {
        D(2011, 12, 24): ["Snow closes the pass ."],
        D(2012, 2, 1): ["A dam breaks .", "Water rises ."],
        D(2012, 3, 5): [],
    }
    assert list(back) == sorted(back)


@pytest.mark.parametrize(
    ("folder", "topic"),
    [("bpoil_bbc", "bpoil"), ("H1N1_guardian", "h1n1"), ("Finan_washingtonpost", "finan"), ("MJ_bbc", "mj"),
     ("haiti_bbc", "haiti"), ("EgyptianProtest_cnn", "egypt"), ("LibyaWar_reuters", "libya"),
     ("SyrianCrisis_bbc", "syria"), ("IraqWar_guardian", "iraq")],
)
def test_topic_of_folder(folder, topic):
    assert topic_of(folder) == topic


def _tiny_set(root: Path) -> Path:
    entry = "2010-05-01\nA ship sinks off the coast .\n" + DASHES + "\n2010-05-03\nOil reaches the beach .\n" + DASHES + "\n"
    _write(root / "bpoil_bbc" / "timelines" / "bbc.co.uk.txt", entry)
    _write(root / "EgyptianProtest_cnn" / "timelines" / "tl1.txt", entry)
    _write(root / "haiti_bbc" / "timelines" / "bbc.txt", "2011-04-0\nBroken .\n" + DASHES + "\n" + entry)
    return root


def test_reference_timelines_names_and_order(tmp_path):
    refs = reference_timelines(_tiny_set(tmp_path / "t17"))
    assert [(r.topic, r.name, r.folder) for r in refs] == [
        ("bpoil", "bbc", "bpoil_bbc"), ("egypt", "tl1", "EgyptianProtest_cnn"), ("haiti", "bbc", "haiti_bbc"),
    ]
    # the whole file name, as eval t17 --outputs saves it; the older cut name is still read
    assert [output_name(r) for r in refs] == ["bpoil_bbc.co.uk.txt", "egypt_tl1.txt", "haiti_bbc.txt"]
    assert refs[2].problems == ("haiti_bbc/timelines/bbc.txt:1: malformed date '2011-04-0'; its 1 sentence is skipped",)
    # one Timeline17 folder on its own
    single = reference_timelines(tmp_path / "t17" / "haiti_bbc")
    assert [(r.topic, r.name) for r in single] == [("haiti", "bbc")]


def test_evaluate_matches_files_and_notes_the_rest(tmp_path):
    data = _tiny_set(tmp_path / "t17")
    system = tmp_path / "mine"
    good = {D(2010, 5, 1): ["A ship sinks off the coast ."], D(2010, 5, 3): ["Oil reaches the beach ."]}
    system.mkdir()
    write_timeline(good, system / "RUN1_bpoil_bbc.txt")  # the older, cut name
    write_timeline({D(2010, 5, 1): ["Oil reaches the beach ."]}, system / "egypt_tl1.txt")
    write_timeline(good, system / "v2_egypt_tl1.txt")  # a second match: ambiguous
    write_timeline(good, system / "notes.txt")
    result = tls.evaluate(data, system=system)
    assert result.metrics["timelines"] == 1.0
    assert [item["system_file"] for item in result.per_item] == ["RUN1_bpoil_bbc.txt"]
    item = result.per_item[0]
    assert {k: item[k] for k in METRICS} == pytest.approx(dict.fromkeys(METRICS, 1.0))
    assert (item["topic"], item["reference"], item["sentences"], item["dates"]) == (
        "bpoil", "bpoil_bbc/timelines/bbc.co.uk.txt", 2, 2)
    assert result.rows == [{"system": "mine", **{k: pytest.approx(1.0) for k in METRICS}, "n": 1}]
    notes = "\n".join(result.notes)
    assert "EgyptianProtest_cnn/timelines/tl1.txt: ambiguous" in notes
    assert "haiti_bbc/timelines/bbc.txt: no system timeline" in notes
    assert "malformed date '2011-04-0'" in notes
    assert "notes.txt matches no reference" in notes


def test_evaluate_needs_a_system_folder(tmp_path):
    with pytest.raises(ValueError, match="tls needs --system DIR"):
        tls.evaluate(_tiny_set(tmp_path / "t17"))


@pytest.mark.shared
@needs_shared(SDF / "sdf-tls-tilse-scores.json")
@needs_shared(T17)
def test_sdf_tls_outputs_score_as_tilse_does():
    expected = json.loads((SDF / "sdf-tls-tilse-scores.json").read_text(encoding="utf-8"))["per_timeline"]
    result = tls.evaluate(T17, system=SDF / "TL17_bestsumm")
    got = {item["system_file"]: item for item in result.per_item}
    assert set(expected) < set(got)
    for name, figures in expected.items():
        for key, value in figures.items():
            assert got[name][key] == pytest.approx(value, abs=0.002), (name, key)
    assert "TL17_bestsumm_mj_bbc.txt" in got
    assert any("MJ_bbc/timelines/bbc.co.uk.txt:60: malformed date '2011-04-0'" in note for note in result.notes)


def test_dotted_reference_names_each_get_their_own_system_file(tmp_path):
    entry = "2010-05-01\nA ship sinks off the coast .\n" + DASHES + "\n"
    for name in ("tl2.1.txt", "tl2.2.txt"):
        _write(tmp_path / "t17" / "EgyptianProtest_cnn" / "timelines" / name, entry)
    refs = reference_timelines(tmp_path / "t17")
    names = [output_name(r) for r in refs]
    assert names == ["egypt_tl2.1.txt", "egypt_tl2.2.txt"]
    system = tmp_path / "mine"
    system.mkdir()
    for name in names:
        write_timeline({D(2010, 5, 1): ["A ship sinks off the coast ."]}, system / name)
    matched, notes = tls.match_files(refs, sorted(system.iterdir()))
    assert {r.path.name: p.name for r, p in matched.items()} == {"tl2.1.txt": names[0], "tl2.2.txt": names[1]}
    assert notes == []
