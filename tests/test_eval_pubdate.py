"""The pubdate benchmark: loading the set, scoring, the side-by-side htmldate run, the CLI."""

import io
import json
import tarfile

import pytest
from click.testing import CliRunner
from conftest import SHARED, needs_shared

from storyline.cli import main
from storyline.eval import evaluate as run_benchmark
from storyline.eval.pubdate import evaluate, load_pages, score

MEDIACLOUD = SHARED / "data" / "pubdates" / "htmldate-mediacloud-2020"

# invented pages: one with metadata, one with only a URL date, one with nothing at all
PAGES = {
    "1.html": (
        '<html lang="en"><head><meta property="article:published_time" content="2020-03-04T10:00:00Z">'
        "</head><body><h1>Ferry timetable changes</h1><p>The ferry runs hourly from Monday.</p></body></html>"
    ),
    "2.html": "<html><body><h1>Library extends hours</h1><p>Open until nine on weekdays.</p></body></html>",
    "3.html": (
        "<html><body><h1>Contact us</h1><p>Write to the desk.</p>"
        "<footer>Copyright © 1999-2020 Example Gazette</footer></body></html>"
    ),
}
# the truth file writes a page without a date as a bare NaN, like the real one
TRUTH = (
    '{"https://gazette.example/ferry": {"file": "1.html", "date": "2020-03-04"}, '
    '"https://gazette.example/2020/05/06/library-hours/": {"file": "2.html", "date": "2020-05-06"}, '
    '"https://gazette.example/contact": {"file": "3.html", "date": NaN}}'
)


@pytest.fixture
def tiny_set(tmp_path):
    """A three-page test set laid out like the real one (truth JSON + test_set.tar.gz)."""
    (tmp_path / "eval_mediacloud_2020.json").write_text(TRUTH, encoding="utf-8")
    with tarfile.open(tmp_path / "test_set.tar.gz", "w:gz") as tar:
        for name, html in PAGES.items():
            data = html.encode("utf-8")
            info = tarfile.TarInfo(f"test_set/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return tmp_path


def test_score_counts_no_date_right_only_for_undated_pages():
    figures = score(["2020-01-02", "2020-01-03", None, "2020-01-05"], ["2020-01-02", None, None, "2020-01-06"])
    assert figures["accuracy"] == pytest.approx(2 / 4)
    assert figures["coverage"] == pytest.approx(2 / 4)
    assert figures["precision"] == pytest.approx(1 / 2)


def test_score_of_nothing():
    assert score([], []) == {"accuracy": 0.0, "coverage": 0.0, "precision": 0.0}


def test_load_pages_reads_the_archive_in_memory(tiny_set):
    pages = load_pages(tiny_set)
    assert [p.file for p in pages] == ["1.html", "2.html", "3.html"]
    assert [p.expected for p in pages] == ["2020-03-04", "2020-05-06", None]
    assert "Ferry timetable" in pages[0].html
    assert not (tiny_set / "test_set").exists()  # nothing unpacked
    assert len(load_pages(tiny_set, limit=2)) == 2


def test_load_pages_says_what_is_missing(tmp_path):
    with pytest.raises(ValueError, match="eval_mediacloud_2020.json"):
        load_pages(tmp_path)
    (tmp_path / "eval_mediacloud_2020.json").write_text(TRUTH, encoding="utf-8")
    with pytest.raises(ValueError, match="test_set"):
        load_pages(tmp_path)


def test_evaluate_scores_storyline_and_htmldate_side_by_side(tiny_set):
    result = evaluate(tiny_set)
    assert result.benchmark == "pubdate"
    # the metadata page, the URL page, and "no date" for the undated page
    assert result.metrics["accuracy"] == pytest.approx(1.0)
    assert result.metrics["coverage"] == pytest.approx(2 / 3)
    assert result.metrics["precision"] == pytest.approx(1.0)
    systems = [row["system"] for row in result.rows]
    assert systems[0] == "storyline"
    assert sum(name.startswith("htmldate") and "(default)" in name for name in systems) == 1
    assert len(systems) == 4
    htmldate_best = max(row["accuracy"] for row in result.rows[1:])
    assert result.metrics["htmldate_accuracy"] == pytest.approx(htmldate_best)
    assert all(row["pages/s"] > 0 for row in result.rows)
    assert any("best configuration" in note for note in result.notes)
    assert any(note.startswith("pages/s:") for note in result.notes)


def test_per_item_rows_carry_evidence_and_every_system(tiny_set):
    items = evaluate(tiny_set).per_item
    assert len(items) == 3
    first = items[0]
    assert first["url"] == "https://gazette.example/ferry"
    assert first["expected"] == first["storyline"] == "2020-03-04"
    assert first["source"] == "metadata" and "article:published_time" in first["evidence"]
    assert first["storyline_correct"] is True
    assert {"htmldate_default", "htmldate_default_correct", "htmldate_fast_original"} <= set(first)
    assert items[1]["source"] == "url"
    undated = items[2]
    assert undated["expected"] is None and undated["storyline"] is None and undated["storyline_correct"]


def test_cli_prints_the_table_and_writes_json(tiny_set, tmp_path):
    out = tmp_path / "pubdate.json"
    result = CliRunner().invoke(main, ["eval", "pubdate", "--data", str(tiny_set), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "storyline" in result.output and "htmldate" in result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["metrics"]["accuracy"] == pytest.approx(1.0)
    assert "htmldate_accuracy" in written["metrics"]


@needs_shared(MEDIACLOUD)
def test_real_set_first_pages():
    result = run_benchmark("pubdate", MEDIACLOUD, limit=12)
    assert len(result.per_item) == 12
    assert {"accuracy", "htmldate_accuracy", "coverage", "precision"} <= set(result.metrics)
    # a handful of pages is noisy; the full run's bar (>= htmldate) is checked by hand
    assert result.metrics["accuracy"] >= 0.75
    assert all(item["evidence"] for item in result.per_item if item["storyline"])
