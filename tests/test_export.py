"""Tests for storyline.export: TimelineJS3 JSON, CSV tables, load() and the notebook views.

Fixture texts are invented (a ferry strike in the made-up port of Quenlow).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import DEMO

import storyline
from storyline.claims import Claim, Series
from storyline.errors import ConfigError
from storyline.export import load, render_csv, render_timelinejs
from storyline.export.tables import EVENT_COLUMNS, QUOTE_COLUMNS, claim_columns, document_columns
from storyline.model import (
    Document,
    Event,
    Evidence,
    Quote,
    Rejected,
    Sentence,
    SharedQuote,
    Pile,
    Story,
    Summary,
)
from storyline.render import render
from storyline.render.contract import pile_dict, story_path

# --------------------------------------------------------------------------- TimelineJS3 schema
# Written from "TimelineJS JSON data format", https://timeline.knightlab.com/docs/json-format.html:
# a single object with events (required), title, eras and scale; slides with start_date
# (required except for the title), end_date, text, media, group, display_date, background,
# autolink and unique_id; date objects whose year is required and whose parts are numbers;
# text objects of headline and text; media objects with a required url; eras with a start
# and an end date. No other names are allowed, so a misspelt field fails.

_NUMBER = {"type": "number"}
_DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "second": {"type": "integer", "minimum": 0, "maximum": 59},
        "millisecond": _NUMBER,
        "display_date": {"type": "string"},
    },
}
_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
}
_MEDIA = {
    "type": "object",
    "required": ["url"],
    "additionalProperties": False,
    "properties": {
        name: {"type": "string"}
        for name in ("url", "caption", "credit", "thumbnail", "alt", "title", "link", "link_target")
    },
}
_SLIDE_PROPERTIES = {
    "start_date": _DATE,
    "end_date": _DATE,
    "text": _TEXT,
    "media": _MEDIA,
    "group": {"type": "string"},
    "display_date": {"type": "string"},
    "background": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"url": {"type": "string"}, "alt": {"type": "string"}, "color": {"type": "string"}},
    },
    "autolink": {"type": "boolean"},
    "unique_id": {"type": "string", "minLength": 1},
}
TIMELINEJS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date"],
                "additionalProperties": False,
                "properties": _SLIDE_PROPERTIES,
            },
        },
        "title": {"type": "object", "additionalProperties": False, "properties": _SLIDE_PROPERTIES},
        "eras": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date", "end_date"],
                "additionalProperties": False,
                "properties": {"start_date": _DATE, "end_date": _DATE, "text": _TEXT},
            },
        },
        "scale": {"enum": ["human", "cosmological"]},
    },
}


def check_timelinejs(text: str) -> dict:
    data = json.loads(text)
    jsonschema.validate(data, TIMELINEJS_SCHEMA)
    ids = [slide["unique_id"] for slide in data["events"]]
    assert len(ids) == len(set(ids)), "unique_id repeats"
    return data


# --------------------------------------------------------------------------- fixtures

HARBOUR = (
    "Ferry crews in Quenlow walked out at dawn on Monday, stranding 2,000 passengers. "
    "The union said the strike would last until the port authority <img src=x onerror=alert(1)> replied."
)
PORT = (
    "The Quenlow port authority said on Tuesday it would meet the union in April. "
    "A mediator is due to report in 2031."
)
WIRE = "Ferry crews in Quenlow walked out at dawn on Monday, stranding 2,000 passengers."


def _doc(doc_id: str, text: str, **meta) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, **meta)


def _ev(doc: Document, sentence: str, line: int = 0, dated_by: str = "") -> Evidence:
    start = doc.text.index(sentence)
    return Evidence(doc.id, start, start + len(sentence), sentence, line, dated_by)


def ferry_story() -> Story:
    harbour = _doc("harbour", HARBOUR, title="Crews strike", outlet='Quenlow <b>"Harbour"</b> & Co',
                   url="https://harbour.example/strike?a=1&b=2", published="2009-03-02")
    port = _doc("port", PORT, title="Talks in April", outlet="Port Gazette", url="javascript:alert(1)",
                published="2009-03-03")
    wire = _doc("wire", WIRE, outlet="Coast Wire", url="ftp://coast.example/a", published="2009-03-02",
                duplicate_of="harbour")
    s_walk, s_union = HARBOUR.split(". ", 1)
    s_walk += "."
    s_meet, s_report = PORT.split(". ", 1)
    s_meet += "."
    events = [
        Event("2009-03-02", (s_walk, s_union), (_ev(harbour, s_walk, 0, "'on Monday' relative to 2009-03-02"),
                                               _ev(wire, WIRE, 0), _ev(harbour, s_union, 1)),
              ("harbour", "wire"), independent=("Quenlow Harbour",)),
        Event("2009-04", (s_meet,), (_ev(port, s_meet),), ("port",), planned=True),
        Event("2031", (s_report,), (_ev(port, s_report),), ("port",), planned=True),
        Event("1998", ("=HYPERLINK(\"http://x.example\",\"click\")",), (), ("harbour",), background=True),
    ]
    quote = Quote("harbour", 0, 20, "@SUM(1+1)", ((0, 20),), "-Dana Quill", "she", "said", "named")
    shared = SharedQuote("@SUM(1+1)", "+Dana Quill", ("harbour",), "2009-03-02", (), (quote,))
    claim = Claim("harbour", 60, 65, "-2,000 passengers", 2000, "", "", "\tpassengers stranded",
                  "passengers stranded", "\rthe union", "2009-03-02", "publication date", Sentence(0, 80),
                  series="passengers-stranded")
    return Story(
        documents=[harbour, port, wire], events=events, id="ferry-strike", label="ferry · <strike> · Quenlow",
        keywords=("ferry", "strike"), quotes=[shared], claims=[claim],
        series=[Series("passengers-stranded", "passengers stranded", "", True, (claim,))],
        summary=Summary(read=3, usable=3, events=4),
    )


def second_story() -> Story:
    text = "The lighthouse at Varn Point went dark on 14 May after a storm."
    doc = _doc("varn", text, outlet="Varn Post", published="2010-05-15")
    return Story(documents=[doc], events=[Event("2010-05-14", (text,), (_ev(doc, text),), ("varn",))],
                 id="varn-lighthouse", label="lighthouse · Varn", keywords=("lighthouse",))


def pile() -> Pile:
    a, b = ferry_story(), second_story()
    return Pile(documents=a.documents + b.documents, stories=[a, b], summary=Summary(stories=2))


@pytest.fixture(scope="module")
def demo_pile() -> Pile:
    return storyline.build([str(DEMO)])


@pytest.fixture(scope="module")
def demo(demo_pile) -> Story:
    return demo_pile.story


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(fragment: str) -> list[tuple[str, dict]]:
    parser = _Links()
    parser.feed(fragment)
    return parser.tags


# --------------------------------------------------------------------------- TimelineJS3


def test_timelinejs_follows_the_documented_format():
    text = render_timelinejs(ferry_story())
    data = check_timelinejs(text)
    assert text.endswith("\n")
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"  # keys in a fixed order
    assert len(data["events"]) == len(ferry_story().events)
    assert all(slide["autolink"] is False for slide in data["events"])  # TimelineJS links nothing on its own


def test_timelinejs_dates_go_as_far_as_the_event_date():
    starts = {slide["unique_id"]: slide["start_date"] for slide in check_timelinejs(render_timelinejs(ferry_story()))["events"]}
    by_date = {uid.rsplit("-", 1)[0].removeprefix("ferry-strike-"): start for uid, start in starts.items()}
    assert by_date["2009-03-02"] == {"year": 2009, "month": 3, "day": 2}
    assert by_date["2009-04"] == {"year": 2009, "month": 4}
    assert by_date["2031"] == {"year": 2031}


def test_timelinejs_escapes_every_string_from_a_source():
    data = check_timelinejs(render_timelinejs(ferry_story()))
    html_fields = [data["title"]["text"]["headline"]]
    for slide in data["events"]:
        html_fields += [slide["text"]["headline"], slide["text"]["text"], slide["group"]]
    joined = "".join(html_fields)
    assert "<img" not in joined and "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "<b>" not in joined and "&lt;b&gt;&quot;Harbour&quot;&lt;/b&gt; &amp; Co" in joined
    # TimelineJS 3.9 decodes entities in a group label before writing it as HTML: look-alikes instead
    assert "<strike>" not in joined and data["events"][0]["group"] == "ferry · ‹strike› · Quenlow"
    odd = replace(ferry_story(), label="A&amp;B <img src=x onerror=alert(1)>")
    assert check_timelinejs(render_timelinejs(odd))["events"][0]["group"] == "A＆amp;B ‹img src=x onerror=alert(1)›"
    # only the markup storyline writes itself
    assert {tag for tag, _ in _tags(joined)} <= {"p", "small", "em", "a"}


def test_timelinejs_links_only_web_addresses():
    first = check_timelinejs(render_timelinejs(ferry_story()))["events"][0]["text"]["text"]
    links = [attrs for tag, attrs in _tags(first) if tag == "a"]
    assert links and all(a == {"href": "https://harbour.example/strike?a=1&b=2", "rel": "noopener noreferrer"} for a in links)
    assert "(ftp://coast.example/a)" in first  # shown, not linked
    planned = check_timelinejs(render_timelinejs(ferry_story()))["events"][1]["text"]["text"]
    assert "javascript:" not in [a.get("href", "") for t, a in _tags(planned)]
    assert "Port Gazette (javascript:alert(1))" in planned


def test_timelinejs_marks_planned_and_background_events():
    slides = check_timelinejs(render_timelinejs(ferry_story()))["events"]
    notes = [("Planned:" in s["text"]["text"], "Background:" in s["text"]["text"]) for s in slides]
    assert notes == [(e.planned, e.background) for e in ferry_story().events]


def test_timelinejs_puts_every_story_of_a_pile_in_its_own_group():
    data = check_timelinejs(render_timelinejs(pile()))
    groups = [slide["group"] for slide in data["events"]]
    assert groups == ["ferry · ‹strike› · Quenlow"] * 4 + ["lighthouse · Varn"]
    eras = {era["text"]["headline"]: (era["start_date"], era["end_date"]) for era in data["eras"]}
    # an era spans the story's own dates (the background year 1998 left out); a story of one
    # date has none: TimelineJS drops an end date equal to the start, then refuses the era
    assert eras == {"ferry · &lt;strike&gt; · Quenlow": ({"year": 2009, "month": 3, "day": 2}, {"year": 2031})}
    # nor one whose last date only narrows its first (2010 → May 2010)
    vague = second_story()
    vague.events = [replace(vague.events[0], date="2010"), replace(vague.events[0], date="2010-05")]
    story = pile()
    story.stories = [story.stories[0], vague]
    assert [era["text"]["headline"] for era in check_timelinejs(render_timelinejs(story))["eras"]] == [
        "ferry · &lt;strike&gt; · Quenlow"]


def test_timelinejs_media_only_where_a_source_has_an_image():
    @dataclass(frozen=True)
    class Pictured(Document):
        image: str | None = None

    story = ferry_story()
    docs = [Pictured(**{**d.__dict__}) for d in story.documents]
    docs[0] = replace(docs[0], image="https://harbour.example/crews.jpg")
    docs[1] = replace(docs[1], image="javascript:alert(2)")
    slides = check_timelinejs(render_timelinejs(replace(story, documents=docs)))["events"]
    assert slides[0]["media"] == {"url": "https://harbour.example/crews.jpg", "caption": "Crews strike",
                                  "credit": "Quenlow &lt;b&gt;&quot;Harbour&quot;&lt;/b&gt; &amp; Co"}
    assert "media" not in slides[1]  # not a web address
    assert all("media" not in s for s in check_timelinejs(render_timelinejs(story))["events"])


def test_timelinejs_of_the_demo_is_valid(demo):
    data = check_timelinejs(render_timelinejs(demo))
    assert len(data["events"]) == len(demo.events)
    linked = {doc.url for doc in demo.documents if doc.url and doc.url.startswith("https://")}
    hrefs = {a["href"] for s in data["events"] for t, a in _tags(s["text"]["text"]) if t == "a"}
    assert hrefs and hrefs <= linked


# --------------------------------------------------------------------------- CSV


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_line_quote_appearance_claim_and_document():
    story = ferry_story()
    files = render_csv(story)
    assert list(files) == ["events.csv", "quotes.csv", "claims.csv", "documents.csv"]
    events, quotes, claims, docs = (_read(files[name]) for name in files)
    assert events[0] == list(EVENT_COLUMNS) and quotes[0] == list(QUOTE_COLUMNS)
    assert claims[0] == list(claim_columns()) and docs[0] == list(document_columns())
    documented = {"value", "low", "high", "qualifier", "unit", "what", "attributed_to", "date", "document", "text", "series"}
    assert documented <= set(claims[0]) and {"id", "title", "outlet", "url", "published", "duplicate_of"} <= set(docs[0])
    assert len(events) - 1 == sum(len(e.summary) for e in story.events)
    assert len(quotes) - 1 == sum(len(q.appearances) for q in story.quotes)
    assert len(claims) - 1 == len(story.claims) and len(docs) - 1 == len(story.documents)
    row = dict(zip(events[0], events[1]))
    assert row["documents"] == "harbour; wire" and row["urls"] == "https://harbour.example/strike?a=1&b=2; ftp://coast.example/a"
    assert row["planned"] == "false" and row["dated_by"] == "'on Monday' relative to 2009-03-02"
    second_line = dict(zip(events[0], events[2]))
    assert (second_line["event"], second_line["line"], second_line["documents"]) == ("1", "2", "harbour")


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_keeps_formulas_as_text(lead):
    doc = _doc("d", "Quiet day.", title=f"{lead}cmd|' /C calc'!A0", outlet="Safe outlet")
    docs = _read(render_csv(Story(documents=[doc], events=[]))["documents.csv"])
    row = dict(zip(docs[0], docs[1]))
    assert row["title"] == f"'{lead}cmd|' /C calc'!A0" and row["outlet"] == "Safe outlet"


def test_no_csv_cell_starts_like_a_formula():
    for name, text in render_csv(ferry_story()).items():
        for row in _read(text):
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    claims = _read(render_csv(ferry_story())["claims.csv"])
    row = dict(zip(claims[0], claims[1]))
    assert row["value"] == "2000" and row["what"] == "'\tpassengers stranded" and row["attributed_to"] == "'\rthe union"


def test_csv_of_a_pile_names_the_story_of_each_row():
    files = render_csv(pile())
    for name, text in files.items():
        assert _read(text)[0][0] == "story", name
    events = _read(files["events.csv"])
    assert [r[0] for r in events[1:]] == ["ferry-strike"] * 5 + ["varn-lighthouse"]
    docs = _read(files["documents.csv"])
    assert sorted(r[0] + "/" + r[1] for r in docs[1:]) == [
        "ferry-strike/harbour", "ferry-strike/port", "ferry-strike/wire", "varn-lighthouse/varn"]


# --------------------------------------------------------------------------- load


def _write(path: Path, story: Story) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(story, "json").encode("utf-8", "backslashreplace"))
    return path


def test_the_demo_survives_a_round_trip_byte_for_byte(demo_pile, demo, tmp_path):
    first = render(demo_pile, "json")  # a pile of one story: its timeline.json with the pile's skips
    assert len(demo_pile.stories) == 1
    (tmp_path / "timeline.json").write_text(first, encoding="utf-8")
    loaded = storyline.load(tmp_path)  # the folder
    assert isinstance(loaded, Story) and render(loaded, "json") == first
    # what the JSON does not carry is rebuilt from the documents' text
    assert [[a.text for a in q.appearances] for q in loaded.quotes] == [[a.text for a in q.appearances] for q in demo.quotes]
    assert loaded.series and all(any(c is k for k in loaded.claims) for s in loaded.series for c in s.claims)


def test_a_pile_loads_from_its_index_with_each_story(tmp_path):
    story = pile()
    _write(tmp_path / "index.json", story)
    for part in story.stories:
        _write(tmp_path / story_path(part), part)
    loaded = load(tmp_path / "index.json")
    assert isinstance(loaded, Pile)
    assert [s.id for s in loaded.stories] == ["ferry-strike", "varn-lighthouse"]
    assert render(loaded, "json") == render(story, "json")
    for mine, theirs in zip(loaded.stories, story.stories):
        assert render(mine, "json") == render(theirs, "json")
    assert loaded.stories[0].series[0].claims[0] is loaded.stories[0].claims[0]


def test_a_lone_surrogate_survives_a_round_trip(tmp_path):
    story = Story(documents=[_doc("odd", "Bytes \udce9 lost.")], events=[])
    path = _write(tmp_path / "timeline.json", story)
    assert render(load(path), "json") == render(story, "json")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"{not json", "not JSON (line 1"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"schema": "storyline.timeline/1"}', "not a storyline timeline.json"),
        (b"[1, 2]", "not a storyline timeline.json"),
    ],
)
def test_a_file_that_is_no_timeline_is_refused_in_one_line(tmp_path, content, reason):
    path = tmp_path / "odd name.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(f'"{path}": ') and reason in message and "\n" not in message


def test_a_wrong_field_is_named_with_its_place(tmp_path):
    data = ferry_story().to_dict()
    data["events"][1]["date"] = "next spring"
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=r"timeline\.json: not a storyline timeline\.json: events\[1\]\.date: 'next spring'"):
        load(path)


def test_an_index_cannot_send_load_out_of_its_folder(tmp_path):
    story = pile()
    data = pile_dict(story)
    data["stories"][0]["path"] = "../elsewhere/timeline.json"
    _write(tmp_path / "elsewhere" / "timeline.json", story.stories[0])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.json").write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="leaves the index's folder"):
        load(tmp_path / "out")


def test_missing_paths_are_named(tmp_path):
    with pytest.raises(ConfigError, match="no such file or folder"):
        load(tmp_path / "absent.json")
    with pytest.raises(ConfigError, match="a folder with no timeline.json or index.json"):
        load(tmp_path)


# --------------------------------------------------------------------------- notebook


def test_reprs_are_one_short_line(demo):
    text = repr(demo)
    assert "\n" not in text and len(text) < 200
    assert text.startswith(f"<Story '{demo.label}'")
    assert f"{len(demo.documents)} documents" in text and f"{len(demo.events)} events" in text
    for item in demo.documents + demo.events:
        assert "\n" not in repr(item) and len(repr(item)) < 300
    long_doc = _doc("long", "word " * 20000 + "\nline two", outlet="Big\nPaper")
    assert repr(long_doc) == "<Document 'long' · Big Paper · undated · 100,009 characters>"


def test_repr_of_a_pile_counts_its_stories():
    assert repr(pile()) == "<Pile · 2 stories · 4 documents · 5 events · 2009-03-02 → 2031>"
    # a pile of one story is shown (in a notebook) and written as that story
    skipped = [Rejected("gone.txt", "empty file")]
    one = Pile(documents=ferry_story().documents, stories=[ferry_story()], rejected=skipped, summary=Summary(read=4))
    assert repr(one) == "<Pile · 1 story · 3 documents · 4 events · 2009-03-02 → 2031>"
    assert one._repr_html_() == ferry_story()._repr_html_()
    # with the pile's skipped inputs and counts
    assert render(one, "json") == render(replace(ferry_story(), rejected=skipped, summary=Summary(read=4)), "json")
    assert json.loads(render(one, "json"))["skipped"][0]["source"] == "gone.txt"


def test_notebook_table_is_escaped_and_short():
    story = ferry_story()
    many = replace(story, events=story.events * 10)
    page = many._repr_html_()
    assert "<b>" not in page and "<strike>" not in page
    assert "&lt;b&gt;&quot;Harbour&quot;&lt;/b&gt;" in page and "ferry · &lt;strike&gt; · Quenlow" in page
    rows = [t for t, _ in _tags(page) if t == "tr"]
    assert len(rows) == 1 + 20 + 1  # header, 20 events, "… N more"
    assert f"… {len(many.events) - 20} more events" in page


def test_to_pandas_gives_the_csv_tables():
    frames = ferry_story().to_pandas()
    files = render_csv(ferry_story())
    assert list(frames) == ["events", "quotes", "claims", "documents"]
    for name, frame in frames.items():
        rows = _read(files[f"{name}.csv"])
        assert list(frame.columns) == rows[0] and len(frame) == len(rows) - 1
    assert frames["events"]["planned"].tolist() == [False, False, True, True, False]


def test_to_pandas_without_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'storyline\[pandas\]'"):
        ferry_story().to_pandas()


def test_the_cli_writes_the_exports_and_a_later_build_without_them_removes_them(tmp_path):
    from click.testing import CliRunner

    from storyline.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(out), "--no-store", "-q",
                                       "--format", "timelinejs", "--format", "csv"])
    assert result.exit_code == 0, result.output
    check_timelinejs((out / "timelinejs.json").read_text(encoding="utf-8"))
    events = list(csv.DictReader(io.StringIO((out / "events.csv").read_text(encoding="utf-8"))))
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert {row["date"] for row in events} == {e["date"] for e in timeline["events"]}
    for name in ("quotes.csv", "claims.csv", "documents.csv"):
        assert (out / name).read_text(encoding="utf-8").count("\n") > 1, name
    # the exports are outputs like the others: a build that does not ask for them removes them
    result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(out), "--no-store", "-q"])
    assert result.exit_code == 0, result.output
    assert not (out / "timelinejs.json").exists() and not (out / "events.csv").exists()
    assert (out / "timeline.json").exists()


def test_write_puts_the_exports_of_a_pile_once_at_the_top(tmp_path):
    from storyline.render import write

    paths = write(pile(), tmp_path, formats=("json", "timelinejs", "csv"))
    names = [p.relative_to(tmp_path).as_posix() for p in paths]
    assert names.count("timelinejs.json") == 1 and names.count("events.csv") == 1
    groups = {e["group"] for e in json.loads((tmp_path / "timelinejs.json").read_text(encoding="utf-8"))["events"]}
    assert len(groups) == len(pile().stories)
    with pytest.raises(ValueError, match="'pdf'"):
        write(pile(), tmp_path / "x", formats=("csv", "pdf"))
