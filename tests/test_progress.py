"""Progress bars: one per slow stage on a terminal, none on a pipe, and the same output either way."""

import sqlite3

from click.testing import CliRunner
from conftest import DEMO

import storyline.pipeline as pipeline
from storyline.annotate import AnnotateConfig
from storyline.cli import main
from storyline.pipeline import build
from storyline.render import render

TOWNS = ["Arlow", "Brenick", "Calder", "Dunmore", "Ebbing", "Farrow", "Glenna", "Harlan", "Islay", "Jorvik"]


def _pile(folder, n: int = 40):
    """``n`` invented one-paragraph reports, each about its own town."""
    folder.mkdir()
    for i in range(n):
        town = f"{TOWNS[i % len(TOWNS)]} {i}"
        (folder / f"{i:03d}.txt").write_text(
            f"{town} council meets\n\nThe council of {town} met on Monday, March {i % 28 + 1}, 2031, to discuss "
            f"the budget for the year. Councillors in {town} agreed to spend more on roads and less on parks.",
            encoding="utf-8")
    return folder


def test_a_bar_for_every_stage_and_the_same_story_without(tmp_path, capsys):
    quiet = build([DEMO], entities=False)
    assert capsys.readouterr().err == ""
    shown = build([DEMO], entities=False, progress=True)
    err = capsys.readouterr().err
    for label in ("clean", "annotate", "duplicates", "stories", "timeline"):
        assert f"{label}: " in err, label
    assert "%|" in err
    assert render(shown, "json") == render(quiet, "json")


def test_reported_speech_has_a_bar_and_the_same_result(capsys):
    shown = build([DEMO], progress=True)
    assert "reported speech: " in capsys.readouterr().err
    assert render(shown, "json") == render(build([DEMO]), "json")


def test_annotation_reports_as_documents_are_done(tmp_path, monkeypatch):
    """With a bar, the annotator hands documents back every batch, not all at once: when
    the first comes back, only the first batch's time expressions are in the store."""
    pile = _pile(tmp_path / "pile")
    db = tmp_path / "store.sqlite"
    stored_at_first: list[int] = []
    real = pipeline._progress

    def spy(items, total, label, enabled, unit="doc"):
        if label != "annotate" or items is None:
            return real(items, total, label, enabled, unit)

        def watched():
            for i, doc in enumerate(items):
                if i == 0:
                    with sqlite3.connect(db) as look:
                        stored_at_first.append(look.execute("SELECT COUNT(*) FROM timexes").fetchone()[0])
                yield doc
        return real(watched(), total, label, enabled, unit)

    monkeypatch.setattr(pipeline, "_progress", spy)
    build([pile], db=db, entities=False, progress=True)
    batch = AnnotateConfig().batch_size
    assert stored_at_first == [batch] and batch < 40
    db.unlink()
    build([pile], db=db, entities=False)  # no bar: one chunk, as before
    assert stored_at_first[-1] == 40


def test_no_bar_on_a_pipe_and_none_with_quiet(tmp_path):
    runner = CliRunner()  # stderr is not a terminal
    run = runner.invoke(main, ["build", str(DEMO), "-o", str(tmp_path / "a"), "--no-store", "--no-entities"])
    assert run.exit_code == 0, run.output
    assert "%|" not in run.output and "annotate:" not in run.output
    assert "read " in run.output  # the summary still comes
    quiet = runner.invoke(main, ["build", str(DEMO), "-o", str(tmp_path / "b"), "--no-store", "--no-entities", "-q"])
    assert quiet.exit_code == 0 and "%|" not in quiet.output and "read " not in quiet.output
