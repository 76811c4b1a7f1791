"""End to end: `storyline.build` and `storyline build` over the demo corpus and bad inputs."""

import json
import re

import pytest
from click.testing import CliRunner
from conftest import DEMO, SEEDS, needs_shared

import storyline
from storyline.cli import main
from storyline.pipeline import BuildConfig, build
from storyline.render import render

PROSE = (
    "Inspectors from the river authority said on Tuesday that the samples taken below the weir "
    "showed ammonium at forty times the normal level, and that more tests would follow."
)


@pytest.fixture(scope="module")
def demo():
    return build([DEMO]).story


def test_demo_story(demo):
    docs = {d.id: d for d in demo.documents}
    assert len(docs) >= 12 and not demo.rejected
    assert len({d.outlet for d in docs.values() if d.outlet}) >= 4
    # 09 has no date at all; 03 carries only the wire dateline "Sept. 9", with no year:
    # the corpus dates both (examples/README.md has the true dates), and says how
    inferred = {d.id[:2]: d for d in docs.values() if d.published_inferred}
    assert {k: d.published for k, d in inferred.items()} == {"03": "2025-09-09", "09": "2025-09-19"}
    assert all(d.published for d in docs.values())
    assert "same wire copy as 04" in inferred["03"].published_evidence
    assert "yesterday afternoon, did not att" in inferred["09"].published_evidence
    assert "11_sallowdale-courier_inquiry-announced.txt (published 2025-09-18) dates" in inferred["09"].published_evidence
    assert inferred["09"].published_confidence < 0.9 and inferred["03"].published_confidence < 0.9
    wire = [g for g in demo.groups if any("wire" in m for m in g.members)]
    assert len(wire) == 1 and len(wire[0].members) == 2
    assert len(demo.events) >= 8
    assert demo.summary.usable == len(docs) and demo.summary.duplicates == 1


def test_every_event_line_points_to_its_span(demo):
    texts = {d.id: d.text for d in demo.documents}
    for event in demo.events:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event.date)
        for ev in event.evidence:
            assert texts[ev.document][ev.start : ev.end] == ev.sentence
            assert 0 <= ev.line < len(event.summary)
        assert all(any(ev.line == i and ev.sentence == line for ev in event.evidence)
                   for i, line in enumerate(event.summary))


def test_every_event_sentence_says_what_dates_it(demo):
    for event in demo.events:
        for ev in event.evidence:
            assert ev.dated_by, (event.date, ev.sentence)
            if ev.dated_by.startswith("'"):  # a time expression of the sentence itself
                expression = ev.dated_by.split("'")[1]
                assert expression in ev.sentence
            else:
                assert ev.dated_by.startswith(("lead sentence of an article published", "a copy of "))


def test_every_resolved_date_has_evidence(demo):
    for doc in demo.documents:
        for timex in doc.timexes:
            assert doc.text[timex.start : timex.end] == timex.text
            assert timex.evidence
        if doc.published:
            assert doc.published_evidence


def test_rerun_reuses_the_store_and_gives_identical_output(tmp_path):
    db = tmp_path / "store.sqlite"
    first = build([DEMO], db=db)
    second = build([DEMO], db=db)
    assert first.summary.cached == 0
    assert second.summary.cached == second.summary.usable
    assert render(first, "json") == render(second, "json")


def test_options_are_validated():
    with pytest.raises(ValueError, match="not a build option"):
        BuildConfig.from_options(max_dats=3)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        build([DEMO], published={"a.txt": "13/03/2012"})
    assert BuildConfig.from_options(max_dates=3, dedup__threshold=0.5).dedup.threshold == 0.5


def test_library_is_importable_from_the_package():
    assert storyline.build is build and storyline.BuildConfig is BuildConfig


def test_cli_writes_outputs_and_reports_skipped_inputs(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(f"River samples show ammonium\nTuesday, 9 September 2025\n\n{PROSE}\n")
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--format", "tilse"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"timeline.json", "timeline.md", "timeline.html", "timeline.tilse.txt"}
    assert "skipped" in result.stderr and "empty.txt" in result.stderr and "blob.txt" in result.stderr
    assert "Traceback" not in result.output
    data = json.loads((out / "timeline.json").read_text())
    assert data["schema"] == "storyline.timeline/1" and len(data["skipped"]) == 2
    assert data["documents"][0]["published"] == "2025-09-09"


def test_cli_exits_2_when_nothing_is_usable(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt"),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no usable document" in result.stderr
    assert not (tmp_path / "out" / "timeline.json").exists()


def test_cli_published_override_and_escaping(tmp_path):
    article = tmp_path / "x.txt"
    article.write_text("River samples show ammonium <script>alert(1)</script>\n\n" + PROSE + " <script>alert(2)</script>\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(out), "--published", "x.txt=2025-09-09",
                                       "--no-store"])
    assert result.exit_code == 0, result.output
    # every page of the report, the document's own page with its full text included
    html = "".join(page.read_text() for page in sorted(out.rglob("*.html")))
    assert len(list(out.rglob("*.html"))) > 1
    assert "<script" not in html.lower() and "&lt;script&gt;alert(1)" in html and "alert(2)" in html
    data = json.loads((out / "timeline.json").read_text())
    assert data["documents"][0]["published"] == "2025-09-09"
    assert data["documents"][0]["published_evidence"] == "given by the user (--published)"
    assert [e["date"] for e in data["events"]] == ["2025-09-09"]  # 'on Tuesday' resolved against it


def test_cli_help_has_examples():
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "--published" in result.output


@needs_shared(SEEDS)
def test_seed_story():
    story = build([SEEDS]).story
    docs = {d.id[:3]: d for d in story.documents}
    assert len(docs) == 5
    assert [(g.canonical[:3], [m[:3] for m in g.members]) for g in story.groups] == [("000", ["000", "001"])]
    dates = {e.date: e for e in story.events}
    # the veto (named by two independent outlets), Lavrov in Damascus, his statement of 13 March
    assert {"2012-02-04", "2012-02-07", "2012-03-13"} <= set(dates)
    # "…, said Lavrov, whose talks with the Arab League on Monday …": Monday is a mention, not his statement's day
    assert not any("simultaneous" in line for e in story.events if e.date == "2012-03-12" for line in e.summary)
    assert {s[:3] for s in dates["2012-02-04"].sources} == {"000", "003"}
    # 001 reprints 000's wire story and says "yesterday" where 000 says "on Tuesday"
    assert docs["001"].published == "2012-03-14" and docs["001"].published_inferred
    assert docs["001"].published_evidence.startswith("inferred: 'yesterday' in \"SYRIAN government forces")
    assert "Tuesday' (2012-03-13) in 000_a7ed1a92438f5354.txt" in docs["001"].published_evidence
    # 002: nothing settles its day; its toll bounds it; undated articles give no relative dates
    assert docs["002"].published is None
    assert docs["002"].published_bounds.not_before in ("2012-03-13", "2012-03-14")
    assert "cumulative toll" in docs["002"].published_bounds.evidence[0]
    assert not any(e.sources == ("002_9319fddd38a92689.txt",) and e.date.startswith("2012-04") for e in story.events)


def test_cli_reports_an_unwritable_output_without_traceback(tmp_path):
    article = tmp_path / "x.txt"
    article.write_text("River samples show ammonium\nTuesday, 9 September 2025\n\n" + PROSE + "\n")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(blocker / "out"), "--no-store"])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output
    bad_db = CliRunner().invoke(main, ["build", str(article), "-o", str(tmp_path / "o"), "--db", str(blocker / "s.db")])
    assert bad_db.exit_code == 2 and "Traceback" not in bad_db.output
