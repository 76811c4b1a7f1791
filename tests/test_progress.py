"""Progress bars: one per slow stage on a terminal, none on a pipe, and the same output either way."""


from click.testing import CliRunner
from conftest import DEMO

from storyline.annotate import AnnotateConfig
from storyline.cli import main
from storyline.pipeline import build, prepare
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
    """The annotator hands documents back as each batch is done, not the pile at once (so
    the bar moves); the result is the same with a bar and without."""
    import storyline.annotate as annotate
    from storyline.annotate import Annotator

    pile = _pile(tmp_path / "pile")
    docs = prepare([pile], entities=False).documents
    done: list[int] = []
    real = annotate.annotate_batch

    def spy(task):
        done.append(len(task[0]))
        return real(task)

    monkeypatch.setattr(annotate, "annotate_batch", spy)
    config = AnnotateConfig(entities=False, batch_size=8)
    handed = Annotator(config).pipe(docs)
    first = next(handed)
    assert first.id == docs[0].id and done == [8]  # one batch done, the first document out
    rest = list(handed)
    assert len(rest) == len(docs) - 1 and done == [8] * (len(docs) // 8) + ([len(docs) % 8] if len(docs) % 8 else [])
    shown = build([pile], entities=False, progress=True)
    assert render(shown, "json") == render(build([pile], entities=False), "json")


def test_no_bar_on_a_pipe_and_none_with_quiet(tmp_path):
    runner = CliRunner()  # stderr is not a terminal
    run = runner.invoke(main, ["build", str(DEMO), "-o", str(tmp_path / "a"), "--no-store", "--no-entities"])
    assert run.exit_code == 0, run.output
    assert "%|" not in run.output and "annotate:" not in run.output
    assert "read " in run.output  # the summary still comes
    quiet = runner.invoke(main, ["build", str(DEMO), "-o", str(tmp_path / "b"), "--no-store", "--no-entities", "-q"])
    assert quiet.exit_code == 0 and "%|" not in quiet.output and "read " not in quiet.output
