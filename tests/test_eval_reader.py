"""storyline eval reader: the line patterns, the date measures, and one tiny topic end to end."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.eval import BENCHMARKS, evaluate
from storyline.eval.reader import (
    date_precision,
    event_day,
    in_span,
    is_artifact,
    is_comment_like,
    main_story,
    needs_context,
    story_metrics,
)
from storyline.eval.tilse_format import DASHES
from storyline.model import Document, Event, Evidence, Pile, Rejected, Story


@pytest.mark.parametrize("line", [
    "Mexico 's health minister spoke .",
    "Officials do n't know yet",
    "The toll -LRB- still rising -RRB- was given",
    "He called it `` a disaster '' on Monday",
    "Rescuers reached Leogane , a town to the west",
    "Is it over ? Nobody knows",
    "The minister said ; then left",
    "-LSB- sic -RSB- and -LCB- x -RCB-",
])
def test_artifacts(line):
    assert is_artifact(line)


@pytest.mark.parametrize("line", [
    "Mexico's health minister spoke.",
    "Officials don't know yet.",
    "The toll (still rising) was given.",
    'He called it "a disaster" on Monday.',
    "Rescuers reached Leogane, a town to the west.",
    "The firm's shares fell 3.5 percent to $12.40 at 10:30 GMT.",
    "She used the word 'sorry' twice.",
    "The patch is written in .NET and ships in March.",
])
def test_not_artifacts(line):
    assert not is_artifact(line)


@pytest.mark.parametrize("line", [
    "At 19:23 26th Apr 2009 , Theboywho wrote : # 25 .",
    "Marigold from Leeds wrote: nobody asked us.",
    "# 25 .",
    "at 07:05 on Tuesday the page was updated",
    "Posted by Ranger77 on the forum",
    "HAVE YOUR SAY: what do you think?",
    "Click here for the full interview.",
    "Also: how the flu spreads in schools",
    "Also : the markets in pictures",
])
def test_comment_like(line):
    assert is_comment_like(line)


@pytest.mark.parametrize("line", [
    "Officials said the flu had spread to 12 countries.",
    "The writer who wrote the report was not named.",
    "He scored the #1 song of the year.",
    "The ministers met at 19:23 on Monday, officials said.",
    "They also said the vaccine was safe.",
    "The clinic posted a notice by the door.",
])
def test_not_comment_like(line):
    assert not is_comment_like(line)


@pytest.mark.parametrize("line", [
    "He said the bridge would reopen.",
    "She , too , left the room.",
    "It was the worst quake in a century.",
    "However, the toll kept rising.",
    "This is the third outbreak.",
    "Meanwhile rescuers dug through the rubble.",
    "Their homes were gone.",
    "Its epicentre lay near the capital.",
    "And then the lights went out.",
])
def test_needs_context(line):
    assert needs_context(line)


@pytest.mark.parametrize("line", [
    "Athens declared a state of emergency.",
    "Hebron was quiet on Monday.",
    "Theresa Park said the clinic was full.",
    "Italy sent a team of doctors.",
    "Sonia Perez said the water was rising.",
    "Thence the road runs north.",
    "It's the worst quake in a century.",  # not followed by a space or a comma
    "Officials said he would resign.",
    "",
])
def test_does_not_need_context(line):
    assert not needs_context(line)


def _event(date, *lines, dated_by=()):
    evidence = tuple(Evidence("a.txt", 0, 5, line, line=i, dated_by=d)
                     for i, (line, d) in enumerate(zip(lines, dated_by)))
    return Event(date=date, summary=tuple(lines), evidence=evidence, sources=("a.txt",))


def test_event_day_granularities():
    assert event_day("2010-04-20") == dt.date(2010, 4, 20)
    assert event_day("2010-04") == dt.date(2010, 4, 15)
    assert event_day("2010") == dt.date(2010, 7, 1)
    assert event_day("2010-13") is None
    assert event_day("April") is None


def test_in_span_and_date_precision_on_made_events():
    # references: span 2010-04-20 .. 2010-06-30 over both timelines, so in span means
    # 2010-04-06 .. 2010-07-14
    first = {dt.date(2010, 4, 20): ["The rig explodes."], dt.date(2010, 5, 2): ["A ban on fishing."]}
    second = {dt.date(2010, 6, 30): ["The cap holds."]}
    events = [
        _event("2010-04-06", "Fourteen days before the first date."),        # in span, no reference day
        _event("2010-04-20", "The rig explodes.", "Eleven are missing."),    # in span, a reference day
        _event("2010-06-30", "The cap holds."),                              # in span, a reference day
        _event("2010-07", "A month: counts at July 15, one day too late."),  # out of span
        _event("2010-03", "A month: counts at March 15."),                   # out of span
        _event("2010-04-05", "Fifteen days before the first date."),         # out of span
        _event("2010", "A year: counts at July 1."),                         # in span
    ]
    assert in_span(events, [first, second]) == pytest.approx(4 / 7)
    # day-level dates only: 04-06, 04-20, 06-30, 04-05; two are reference days
    assert date_precision(events, [first, second]) == pytest.approx(2 / 4)
    # a month inside the span counts by its 15th day
    assert in_span([_event("2010-06", "x")], [first, second]) == 1.0
    assert in_span([], [first]) is None
    assert date_precision([_event("2010-06", "x")], [first]) is None


def test_story_metrics_and_main_story():
    refs = [{dt.date(2009, 4, 24): ["Mexico closes schools."], dt.date(2009, 4, 28): ["Spain confirms a case."]}]
    small = Story([Document("a.txt", "a.txt", "x")], [_event("2009-04-24", "He said so.")])
    big = Story([Document("b.txt", "b.txt", "x"), Document("c.txt", "c.txt", "x")], [
        _event("2009-04-24", "Mexico 's schools close.", "At 19:23 26th Apr 2009 , Theboywho wrote : # 25 ."),
        _event("2009-04-26", "They said it was spreading.", "Spain confirmed a case."),
    ])
    twin = Story([Document("d.txt", "d.txt", "x"), Document("e.txt", "e.txt", "x")], [])
    pile = Pile([], stories=[small, big, twin])
    assert main_story(pile) is big  # most documents; the first of the two with two
    # a pile's only story as written: with the pile's skipped inputs and counts
    lone = main_story(Pile(big.documents, rejected=[Rejected("gone.txt", "empty")], stories=[big]))
    assert lone.events == big.events and [r.source for r in lone.rejected] == ["gone.txt"] and not big.rejected
    got = story_metrics(big, refs)
    assert got["events"] == 2 and got["lines"] == 4
    assert got["artifacts"] == pytest.approx(2 / 4)  # "Mexico 's", and " ," in the comment
    assert got["comment_like"] == pytest.approx(1 / 4)
    assert got["needs_context"] == pytest.approx(1 / 4)
    assert got["in_span"] == 1.0
    assert got["date_precision"] == pytest.approx(1 / 2)
    assert got["background"] == 0 and got["in_span_all"] == 1.0


def test_background_events_are_counted_apart():
    import dataclasses

    refs = [{dt.date(2009, 4, 24): ["Mexico closes schools."], dt.date(2009, 4, 28): ["Spain confirms a case."]}]
    story = Story([Document("b.txt", "b.txt", "x")], [
        dataclasses.replace(_event("1918-06", "The 1918 pandemic killed millions."), background=True),
        _event("2009-04-24", "Mexico closed its schools."),
    ])
    got = story_metrics(story, refs)
    assert got["events"] == 1 and got["lines"] == 1 and got["background"] == 1
    assert got["in_span"] == 1.0 and got["in_span_all"] == pytest.approx(1 / 2)


def test_registered():
    assert "reader" in BENCHMARKS
    assert "reader" in main.commands["eval"].help


# -- end to end on an invented topic in two folders -------------------------------------

ARTICLES = {
    ("quake_bbc", "2031-05-03", "1"): [
        "A strong earthquake struck the hill town of Varenna early on Saturday, officials said.",
        "The quake's epicentre lay ten kilometres north of Varenna, the national survey reported.",
        "Rescue teams from Corlo and Ostend Vale reached the town by the afternoon.",
        "Mayor Ilse Brandt said at least forty homes had collapsed in the old quarter.",
    ],
    ("quake_bbc", "2031-05-05", "2"): [
        "Rescuers in Varenna pulled a family of four alive from the rubble on Monday.",
        "The regional government opened three shelters for families who lost their homes.",
        "Engineers began checking the Varenna dam for cracks after the earthquake.",
    ],
    ("quake_cnn", "2031-05-04", "1"): [
        "The death toll from the Varenna earthquake rose to twelve on Sunday, the health ministry said.",
        "Hospitals in Corlo treated more than two hundred injured people overnight.",
        "Mayor Ilse Brandt appealed for blankets, tents and drinking water.",
    ],
    ("quake_cnn", "2031-05-09", "2"): [
        "Varenna reopened its schools on Friday, six days after the earthquake.",
        "Engineers declared the Varenna dam safe after a week of inspections.",
        "The national survey recorded more than ninety aftershocks since the quake.",
    ],
}

REFERENCE = ["2031-05-03", "A strong earthquake strikes Varenna .", DASHES,
             "2031-05-05", "Rescuers pull a family alive from the rubble .", DASHES,
             "2031-05-09", "Varenna reopens its schools .", DASHES]


@pytest.fixture(scope="module")
def quake(tmp_path_factory):
    data = tmp_path_factory.mktemp("t17")
    for (folder, day, name), lines in ARTICLES.items():
        path = data / folder / "InputDocs" / day / f"{name}.htm.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "quake_bbc" / "timelines").mkdir()
    (data / "quake_bbc" / "timelines" / "x.txt").write_text("\n".join(REFERENCE) + "\n", encoding="utf-8")
    before = sorted((p, p.stat().st_mtime_ns) for p in data.rglob("*"))
    outputs = tmp_path_factory.mktemp("reader-out")
    result = evaluate("reader", data, db=tmp_path_factory.mktemp("db") / "s.sqlite", jobs=1, outputs=outputs,
                      entities=False)
    return data, outputs, result, before


def test_topic_merged_and_measured(quake):
    data, outputs, result, before = quake
    assert [row["topic"] for row in result.rows] == ["quake", "mean"]
    (item,) = result.per_item
    assert item["folders"] == ["quake_bbc", "quake_cnn"]
    assert item["articles"] == 4  # both folders, the one without a reference too
    row = result.rows[0]
    assert row["events"] >= 2 and row["lines"] >= row["events"]
    assert row["in_span"] == 1.0  # every article and every date it names lies in May 2031
    assert 0.0 < row["date_precision"] <= 1.0
    assert row["artifacts"] == 0.0 and row["comment_like"] == 0.0  # clean invented text ("quake's" included)
    assert row["needs_context"] == 0.0  # no line opens on a pronoun or connective
    html = outputs / "quake" / "timeline.html"
    assert row["html_mb"] == pytest.approx(html.stat().st_size / 1e6) and row["html_mb"] > 0
    assert set(result.metrics) == {"in_span", "date_precision", "artifacts", "comment_like", "needs_context",
                                   "events", "lines", "html_mb", "background", "in_span_all"}
    assert result.metrics["events"] == row["events"]  # the mean over one topic
    # nothing written into the data folder
    assert sorted((p, p.stat().st_mtime_ns) for p in data.rglob("*")) == before


def test_first_lines_are_dated_source_lines(quake):
    _, _, result, _ = quake
    shown = result.per_item[0]["lines_shown"]
    source = " ".join(line for lines in ARTICLES.values() for line in lines)
    assert 1 <= len(shown) <= 12
    assert all(set(entry) == {"date", "line", "dated_by"} for entry in shown)
    assert all(entry["date"].startswith("2031-05") for entry in shown)
    assert all(entry["line"] in source for entry in shown)
    assert [e["date"] for e in shown] == sorted(e["date"] for e in shown)
    assert any(entry["dated_by"] for entry in shown)
    assert any("default build" in note for note in result.notes)
    assert any("quake: 4 articles from 2 folder(s)" in note for note in result.notes)


def test_cli_prints_the_table(quake, tmp_path):
    data, _, _, _ = quake
    out = tmp_path / "reader.json"
    run = CliRunner().invoke(main, ["eval", "reader", "--data", str(data), "--json", str(out), "--limit", "1",
                                    "--no-entities"])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[0].startswith("reader: ")
    assert lines[1].split()[:3] == ["topic", "in_span", "date_precision"]
    assert any(line.startswith("quake ") for line in lines) and any(line.startswith("mean ") for line in lines)
    saved = json.loads(out.read_text())
    assert saved["benchmark"] == "reader" and saved["per_item"][0]["topic"] == "quake"
