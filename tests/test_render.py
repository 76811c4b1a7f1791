"""Tests for storyline.render: timeline.json, timeline.md, timeline.html, tilse text.

Golden files live in tests/golden/; run with STORYLINE_UPDATE_GOLDEN=1 to rewrite them
after an intended change (then review the diff).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import T17, needs_shared

from storyline.model import (
    SCHEMA,
    Document,
    DuplicateGroup,
    Passage,
    Reprint,
    Event,
    Evidence,
    Rejected,
    RemovedLine,
    Story,
    Summary,
    Timex,
)
from storyline.render import FILENAMES, FORMATS, MANIFEST, encode, render, write
from storyline.render._common import anchors, human_date
from storyline.render.markdown import md_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMA_PATH = ROOT / "src" / "storyline" / "timeline.schema.json"
UPDATE_GOLDEN = os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1"


# --------------------------------------------------------------------------- fixtures


def evidence(doc: Document, sentence: str, line: int = 0) -> Evidence:
    start = doc.text.index(sentence)
    return Evidence(doc.id, start, start + len(sentence), sentence, line)


S_MEET = "Russian Foreign Minister Sergei Lavrov met President Bashar al-Assad in Damascus on Tuesday."
S_REFORM = "Assad promised a referendum on a new constitution, Lavrov said."
S_SIEGE = "The shelling of Homs continued throughout February, residents said."
S_ANNAN = "Kofi Annan presented a six-point peace plan to the Security Council."
S_CEASEFIRE = "The plan calls for a ceasefire monitored by the United Nations."

TEXT_BBC = (
    f"{S_MEET} {S_REFORM}\n\n"
    "The visit came days after Russia vetoed a UN resolution on Syria. "
    "Western governments condemned the veto.\n"
)
TEXT_GUARDIAN = (
    "Peace plan presented\n\n"
    f"{S_ANNAN} {S_CEASEFIRE}\n\n"
    "Diplomats said Russia and China were expected to back the plan.\n"
)
TEXT_BLOG = f"Notes from the city.\n\n{S_SIEGE} Food and fuel were scarce.\n"


def make_story() -> Story:
    bbc = Document(
        id="000_bbc.txt",
        source="t17/syria/InputDocs/2012-02-07/000_bbc.txt",
        text=TEXT_BBC,
        title="Lavrov meets Assad in Damascus",
        outlet="BBC News",
        url="https://www.bbc.co.uk/news/world-middle-east-0000000",
        published="2012-02-07",
        published_evidence="Timeline17 folder date 2012-02-07",
        removed=(RemovedLine("Share this page", "boilerplate"),),
        timexes=(
            Timex(
                start=TEXT_BBC.index("Tuesday"),
                end=TEXT_BBC.index("Tuesday") + len("Tuesday"),
                text="Tuesday",
                value="2012-02-07",
                granularity="day",
                evidence="'Tuesday' relative to 2012-02-07 (folder date)",
            ),
        ),
    )
    wire = Document(
        id="001_yahoo.txt",
        source="t17/syria/InputDocs/2012-02-07/001_yahoo.txt",
        text=TEXT_BBC,
        title="Lavrov meets Assad in Damascus (AFP)",
        outlet="Yahoo News",
        published="2012-02-07",
        published_evidence="Timeline17 folder date 2012-02-07",
        duplicate_of="000_bbc.txt",
    )
    guardian = Document(
        id="002_guardian.txt",
        source="t17/syria/InputDocs/2012-03-13/002_guardian.txt",
        text=TEXT_GUARDIAN,
        title="Annan presents Syria peace plan",
        outlet="The Guardian",
        published="2012-03-13",
        published_evidence="meta article:published_time 2012-03-13T18:02:00Z",
        timexes=(
            Timex(0, 5, "Peace", None, None, "not a date"),
        ),
    )
    blog = Document(
        id="003_blog.txt",
        source="examples/notes/homs.txt",
        text=TEXT_BLOG,
        title="Notes from Homs",
        timexes=(
            Timex(
                start=TEXT_BLOG.index("February"),
                end=TEXT_BLOG.index("February") + len("February"),
                text="February",
                value="2012-02",
                granularity="month",
                evidence="'February' with year from the story (2012)",
            ),
        ),
    )
    events = [
        Event(
            date="2012-02",
            summary=(S_SIEGE,),
            evidence=(evidence(blog, S_SIEGE),),
            sources=("003_blog.txt",),
        ),
        Event(
            date="2012-02-07",
            summary=(S_MEET, S_REFORM),
            evidence=(evidence(bbc, S_MEET), evidence(wire, S_MEET), evidence(bbc, S_REFORM, 1), evidence(wire, S_REFORM, 1)),
            sources=("000_bbc.txt", "001_yahoo.txt"),
            score=2.5,
            independent=("BBC News",),
        ),
        Event(
            date="2012-03-13",
            summary=(S_ANNAN, S_CEASEFIRE),
            evidence=(evidence(guardian, S_ANNAN), evidence(guardian, S_CEASEFIRE, 1)),
            sources=("002_guardian.txt", "003_blog.txt"),
            score=1.0,
            independent=("003_blog.txt", "The Guardian"),
        ),
    ]
    return Story(
        documents=[bbc, wire, guardian, blog],
        events=events,
        groups=[DuplicateGroup("000_bbc.txt", ("000_bbc.txt", "001_yahoo.txt"))],
        reprints=[Reprint("001_yahoo.txt", "000_bbc.txt", "reprint", (Passage("001_yahoo.txt", 1, 1, 0, len(wire.text)),))],
        rejected=[Rejected("t17/syria/InputDocs/2012-03-14/004_empty.html", "no article text after cleaning")],
        summary=Summary(read=5, usable=4, skipped=1, duplicates=1, dated=3, undated=1, events=3, cached=2),
        config={"name": "syria"},
    )


SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(2)>'
SQ = "' onmouseover='alert(3)"


def make_evil_story() -> Story:
    """Every field that comes from a source carries an injection attempt."""
    sentence = f"Officials said {SCRIPT} and {ATTR} happened."
    evil_id = f"005{ATTR}{SCRIPT}.txt"
    text = f"{SCRIPT}\n{sentence}\n{SQ} [x](javascript:alert(4)) <a href=\"https://evil.example/\">y</a>\n"
    evil = Document(
        id=evil_id,
        source=f"/tmp/{SCRIPT}{ATTR}.html",
        text=text,
        title=f"{SCRIPT} {ATTR} | table | {SQ}",
        outlet=f"{ATTR}{SCRIPT}",
        url=f"javascript:alert(5)//{ATTR}https://evil.example/x.js",
        published="2012-02-07",
        published_evidence=f"meta {SCRIPT} {ATTR}",
        removed=(RemovedLine(f"{SCRIPT}", f"reason {ATTR}"),),
    )
    copy_ = Document(
        id=f"006{SQ}.txt",
        source="x",
        text=text,
        title=f"# {SCRIPT}\n| a | b |",
        outlet=f"{SCRIPT}",
        duplicate_of=evil_id,
    )
    return Story(
        documents=[evil, copy_],
        events=[
            Event(
                date="2012-02-07",
                summary=(sentence,),
                evidence=(evidence(evil, sentence),),
                sources=(evil_id, copy_.id, f"ghost{ATTR}"),
                independent=(f"{SCRIPT}", evil_id),
            )
        ],
        groups=[DuplicateGroup(evil_id, (evil_id, copy_.id))],
        reprints=[Reprint(copy_.id, evil_id, "shared passage", (Passage(copy_.id, 1, 1, 0, 5),))],
        rejected=[Rejected(f"bad{SCRIPT}{ATTR}.warc.gz#3", f"could not decode {SCRIPT} {ATTR}", stage=f"{ATTR}")],
    )


@pytest.fixture
def story() -> Story:
    return make_story()


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def story_from_dict(data: dict) -> Story:
    """Rebuild a Story from timeline.json (the fields the contract carries)."""
    return Story(
        documents=[
            Document(
                id=d["id"],
                source=d["source"],
                text=d["text"],
                title=d["title"],
                outlet=d["outlet"],
                url=d["url"],
                published=d["published"],
                published_evidence=d["published_evidence"],
                removed=tuple(RemovedLine(**r) for r in d["removed"]),
                timexes=tuple(Timex(**t) for t in d["timexes"]),
                duplicate_of=d["duplicate_of"],
            )
            for d in data["documents"]
        ],
        events=[
            Event(
                date=e["date"],
                summary=tuple(e["summary"]),
                evidence=tuple(Evidence(**v) for v in e["evidence"]),
                sources=tuple(e["sources"]),
                independent=tuple(e["independent"]),
                planned=e["planned"],
                background=e["background"],
            )
            for e in data["events"]
        ],
        groups=[DuplicateGroup(g["canonical"], tuple(g["members"])) for g in data["duplicates"]],
        reprints=[
            Reprint(
                r["document"], r["source"], r["kind"],
                tuple(Passage(r["document"], **p) for p in r["shared"]),
                tuple(Passage(r["document"], **p) for p in r["own"]),
            )
            for r in data["reprints"]
        ],
        rejected=[Rejected(**r) for r in data["skipped"]],
        summary=Summary(**data["summary"]),
    )


class Page(HTMLParser):
    """Collects tags, attributes, ids and text of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value))
            if name == "id":
                self.ids.append(value)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse_tilse(text: str) -> dict[str, list[str]]:
    """Read tilse text the way tilse's ``Timeline.from_file`` does."""
    out: dict[str, list[str]] = {}
    date, summary = None, ""
    for line in text.splitlines():
        line = line.strip()
        if line == "-" * 32:
            out[date] = summary.strip().split("\n")
            date, summary = None, ""
            continue
        try:
            date = datetime.strptime(line, "%Y-%m-%d").date().isoformat()
        except ValueError:
            summary += line + "\n"
    return out


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing {path}; run with STORYLINE_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


# --------------------------------------------------------------------------- interface


def test_formats_and_unknown_format(story, tmp_path):
    assert FORMATS == ("json", "md", "html", "tilse")
    for fmt in FORMATS:
        assert isinstance(render(story, fmt), str)
    with pytest.raises(ValueError, match="'pdf'"):
        render(story, "pdf")
    with pytest.raises(ValueError, match="'pdf'"):
        write(story, tmp_path / "out", formats=("json", "pdf"))
    assert not (tmp_path / "out").exists(), "nothing is written when a format is unknown"


def test_write(story, tmp_path):
    out = tmp_path / "a" / "b"
    paths = write(story, out)
    assert [p.name for p in paths] == ["timeline.json", "timeline.md", "timeline.html"]
    paths = write(story, out, formats=FORMATS)
    assert [p.name for p in paths] == [FILENAMES[f] for f in FORMATS]
    assert paths[-1].name == "timeline.tilse.txt"
    for fmt, path in zip(FORMATS, paths):
        assert path.read_bytes() == render(story, fmt).encode("utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILENAMES.values(), MANIFEST]), "no temp files left"
    assert [p.name for p in write(story, out, formats="md")] == ["timeline.md"]
    # what the last write did not rewrite is stale: gone, and the manifest says what is there
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "timeline.md"]
    assert (out / MANIFEST).read_text(encoding="utf-8") == "timeline.md\n"


def test_every_format_is_deterministic(story, tmp_path):
    twin = make_story()
    for fmt in FORMATS:
        first = render(story, fmt)
        assert render(story, fmt) == first
        assert render(twin, fmt) == first
        assert render(copy.deepcopy(story), fmt) == first
        assert "\r" not in first and first.endswith("\n")
    a = [p.read_bytes() for p in write(story, tmp_path / "a", formats=FORMATS)]
    b = [p.read_bytes() for p in write(twin, tmp_path / "b", formats=FORMATS)]
    assert a == b


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_story_renders(fmt):
    text = render(Story(documents=[], events=[]), fmt)
    assert text == "" if fmt == "tilse" else text.endswith("\n")


def test_lone_surrogate_does_not_break_write(tmp_path):
    story = make_story()
    story.documents[3] = Document(id="003_blog.txt", source="x", text="bad \udc80 byte")
    paths = write(story, tmp_path, formats=FORMATS)
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert data["documents"][3]["text"] == "bad \udc80 byte"
    assert "bad \ufffd byte" in paths[2].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- JSON


def test_json_is_the_contract(story):
    text = render(story, "json")
    assert text == json.dumps(story.to_dict(), ensure_ascii=False, indent=2) + "\n"
    data = json.loads(text)
    assert data == story.to_dict()
    assert data["schema"] == SCHEMA
    assert "cached" not in data["summary"]


def test_json_validates_against_schema(story, schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for s in (story, make_evil_story(), Story(documents=[], events=[])):
        errors = list(validator.iter_errors(json.loads(render(s, "json"))))
        assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "path, value",
    [
        (("schema",), "storyline.timeline/2"),
        (("documents", 0, "published"), "2012-2-7"),
        (("documents", 0, "published"), "2012-02"),
        (("events", 0, "date"), "2012-02-07T10:00"),
        (("events", 0, "evidence", 0, "start"), -1),
        (("events", 0, "summary"), "not a list"),
        (("documents", 0, "timexes", 0, "granularity"), 3),
        (("summary", "events"), "3"),
    ],
)
def test_schema_rejects_bad_values(story, schema, path, value):
    data = story.to_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("key", ["schema", "documents", "events", "duplicates", "skipped", "summary"])
def test_schema_requires_top_level_fields(story, schema, key):
    data = story.to_dict()
    del data[key]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_allows_later_additions(story, schema):
    data = story.to_dict()
    data["quotes"] = []
    data["entities"] = [{"name": "Sergei Lavrov", "type": "person", "aliases": ["Lavrov"], "roles": [], "mentions": 1,
                         "documents": ["a"], "spans": [["a", 0, 6]], "wikidata": "a later field"}]
    data["claims"] = []
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_declares_every_field_to_dict_emits(story, schema):
    """Guards against drift between Story.to_dict() and the documented schema."""
    defs = schema["$defs"]

    def resolve(node):
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[1]]
        return node

    def walk(value, node, where):
        node = resolve(node)
        if isinstance(value, dict):
            props = node.get("properties", {})
            assert set(value) <= set(props), f"{where}: undocumented {set(value) - set(props)}"
            assert set(node.get("required", [])) == set(value), f"{where}: required differs"
            for key, item in value.items():
                walk(item, props[key], f"{where}.{key}")
        elif isinstance(value, list) and "items" in node:
            for i, item in enumerate(value):
                walk(item, node["items"], f"{where}[{i}]")

    walk(story.to_dict(), schema, "$")


def test_documented_example_is_valid(schema):
    doc = (ROOT / "docs" / "timeline-json.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", doc, flags=re.S)
    assert blocks
    for block in blocks:
        jsonschema.validate(json.loads(block), schema, cls=jsonschema.Draft202012Validator)


def test_json_round_trips(story):
    data = json.loads(render(story, "json"))
    again = story_from_dict(data)
    for fmt in ("json", "md", "tilse"):
        assert render(again, fmt) == render(story, fmt)


def test_evidence_spans_index_the_text(story):
    data = json.loads(render(story, "json"))
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for event in data["events"]:
        for ev in event["evidence"]:
            assert texts[ev["document"]][ev["start"] : ev["end"]] == ev["sentence"]
    for doc in data["documents"]:
        for t in doc["timexes"]:
            assert doc["text"][t["start"] : t["end"]] == t["text"]


# --------------------------------------------------------------------------- Markdown


def test_markdown_golden(story):
    check_golden("story.md", render(story, "md"))


def test_markdown_content(story):
    md = render(story, "md")
    assert md.startswith("# Timeline\n\n4 documents, 1 duplicate, 3 dated, 1 undated, 3 events, 1 skipped input.\n")
    for heading in ("## Timeline", "## Documents", "## Duplicates", "## Skipped inputs"):
        assert f"\n{heading}\n" in md
    for event in story.events:
        assert f"\n### {event.date}\n" in md
    for doc in story.documents:
        assert doc.id in md
    # the sentence carried by the wire copy names both, the copy marked as duplicate
    assert f"- {S_REFORM} [000_bbc.txt (BBC News), 001_yahoo.txt (Yahoo News, duplicate)]" in md
    # copies of an evidence document are listed with the sentence
    assert "Damascus on Tuesday. [000_bbc.txt (BBC News), 001_yahoo.txt (Yahoo News, duplicate)]" in md
    assert "- *Also reported in:* [003_blog.txt]" in md
    assert "| 003_blog.txt |  | Notes from Homs | undated |  |  |" in md
    assert "- t17/syria/InputDocs/2012-03-14/004_empty.html: no article text after cleaning" in md
    assert md.index("### 2012-02\n") < md.index("### 2012-02-07\n") < md.index("### 2012-03-13\n")


def test_each_sentence_cites_the_documents_of_its_evidence_lines():
    """Evidence.line says which summary sentence a span backs (a copy with small edits included)."""
    a = Document(id="a", source="a", text="Rebels took the town of Zawiya on Saturday, witnesses said.", outlet="AFP")
    b = Document(id="b", source="b", text="Rebels took the town of Zawiya on Saturday, a witness said.", outlet="AP")
    c = Document(id="c", source="c", text="Oil prices rose sharply.", outlet="FT")
    event = Event(
        "2011-03-05",
        (a.text, c.text),
        (Evidence("a", 0, len(a.text), a.text, 0), Evidence("c", 0, len(c.text), c.text, 1),
         Evidence("b", 0, len(b.text), b.text, 0)),
        ("a", "b", "c"),
    )
    md = render(Story(documents=[a, b, c], events=[event]), "md")
    assert f"- {a.text} [a (AFP), b (AP)]\n- {c.text} [c (FT)]\n" in md
    assert "Also reported in" not in md


def test_event_sources_without_evidence_are_listed_apart(story):
    story.events[1] = Event(
        "2012-02-07", (S_MEET,), (evidence(story.documents[0], S_MEET),), ("000_bbc.txt", "001_yahoo.txt"),
    )
    md = render(story, "md")
    assert f"- {S_MEET} [000_bbc.txt (BBC News)]\n" in md
    assert "- *Also reported in:* [001_yahoo.txt (Yahoo News, duplicate)]" in md


def test_markdown_skipped_section_only_when_something_was_skipped(story):
    story.rejected = []
    assert "## Skipped inputs" not in render(story, "md")


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_escaping():
    md = render(make_evil_story(), "md")
    assert "<" not in md and ">" not in md
    assert "&lt;script&gt;" in md
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert rows and all(len(_cells(r)) == 6 for r in rows), "a '|' or newline broke the table"
    assert not any(line.startswith("#") and not line.startswith(("# Timeline", "## ", "### ")) for line in md.splitlines())


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("plain text", "plain text"),
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("x | y", "x \\| y"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("![img](https://evil.example/x.png)", "!\\[img\\](https://evil.example/x.png)"),
        ("*bold* `code` ~strike~", "\\*bold\\* \\`code\\` \\~strike\\~"),
        ("snake_case_id _emph_", "snake_case_id \\_emph\\_"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("two\nlines\r\n| x |", "two lines \\| x \\|"),
        ("cost $8bn or $2bn", "cost \\$8bn or \\$2bn"),
        ("back\\slash", "back\\\\slash"),
        (None, ""),
    ],
)
def test_md_text(raw, expected):
    assert md_text(raw) == expected


# --------------------------------------------------------------------------- tilse


def test_tilse_golden(story):
    check_golden("story.tilse.txt", render(story, "tilse"))


def test_tilse_parses_back(story):
    text = render(story, "tilse")
    parsed = parse_tilse(text)
    assert parsed == {"2012-02-07": [S_MEET, S_REFORM], "2012-03-13": [S_ANNAN, S_CEASEFIRE]}
    assert "2012-02\n" not in text, "month-only events are skipped"
    lines = text.splitlines()
    assert lines[0] == "2012-02-07" and lines[-1] == "-" * 32


def test_tilse_merges_days_sorts_and_guards_lines():
    e = lambda date, *summary: Event(date, summary, (), ())  # noqa: E731
    story = Story(
        documents=[],
        events=[
            e("2012-03-01", "Later."),
            e("2012-02-01", "First\nsplit  line.", "2012-02-02", "-" * 32, "  "),
            e("2012", "Year only."),
            e("2012-02-01", "Second.", "First split line."),
            e("2012-02-30", "Not a real day."),
            e("2012-04-01"),
        ],
    )
    text = render(story, "tilse")
    assert parse_tilse(text) == {"2012-02-01": ["First split line.", "Second."], "2012-03-01": ["Later."]}
    assert text == "2012-02-01\nFirst split line.\nSecond.\n" + "-" * 32 + "\n2012-03-01\nLater.\n" + "-" * 32 + "\n"
    assert render(Story(documents=[], events=[]), "tilse") == ""


T17_BPOIL_BBC = T17 / "bpoil_bbc" / "timelines" / "bbc.txt"


@pytest.mark.shared
@needs_shared(T17_BPOIL_BBC)
def test_tilse_matches_timeline17_format():
    original = parse_tilse(T17_BPOIL_BBC.read_text(encoding="utf-8"))
    story = Story(documents=[], events=[Event(d, tuple(s), (), ()) for d, s in original.items()])
    rendered = render(story, "tilse")
    assert parse_tilse(rendered) == original
    assert rendered.splitlines()[0] == min(original)  # chronological, like tilse's own writer


# --------------------------------------------------------------------------- HTML


def test_html_structure(story):
    page = render(story, "html")
    assert page.startswith("<!DOCTYPE html>\n")
    parsed = Page(page)
    assert parsed.tags.count("style") == 1
    assert {"script", "link", "img", "iframe", "object", "embed", "base", "form"}.isdisjoint(parsed.tags)
    for section in ("timeline", "documents", "duplicates", "skipped"):
        assert f'<section id="{section}">' in page
    assert parsed.tags.count("article") == len(story.documents)
    assert parsed.tags.count("details") >= len(story.documents)
    assert page.count('class="badge badge-undated">undated<') == 1
    assert '<time datetime="2012-02">February 2012</time><span class="gran">whole month</span>' in page
    assert '<time datetime="2012-02-07">7 February 2012</time>' in page
    assert '<span class="chip-mark">duplicate</span>' in page
    assert '<span class="chip-outlet">Yahoo News</span>' in page
    assert f"<mark>{S_MEET}</mark>" in page, "evidence spans are highlighted in the text"
    assert "no article text after cleaning" in page
    text = " ".join(" ".join(parsed.text).split())
    for event in story.events:
        for sentence in event.summary:
            assert sentence in text


def test_html_anchors_resolve(story):
    for s in (story, make_evil_story()):
        parsed = Page(render(s, "html"))
        assert len(parsed.ids) == len(set(parsed.ids)), "ids are unique"
        assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in parsed.ids)
        hrefs = [v for _, name, v in parsed.attrs if name == "href"]
        assert hrefs
        for href in hrefs:
            assert href.startswith("#"), href
            assert href[1:] in parsed.ids, f"dangling {href}"
    page = render(story, "html")
    anchor = anchors(story)["001_yahoo.txt"]
    assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert anchor.startswith("doc-001-yahoo-txt-")


def test_html_has_no_external_references(story):
    for s in (story, make_evil_story()):
        page = render(s, "html")
        parsed = Page(page)
        for tag, name, value in parsed.attrs:
            assert name not in ("src", "srcset", "action", "formaction", "background"), (tag, name)
            assert "://" not in (value or ""), (tag, name, value)
        style = page[page.index("<style>") : page.index("</style>")]
        assert "url(" not in style and "@import" not in style and "://" not in style
        # outside the text of sources, the page names no URL at all
        without_text = re.sub(r">[^<]*<", "><", page)
        assert "http://" not in without_text and "https://" not in without_text


def test_html_escapes_every_source_field():
    story = make_evil_story()
    page = render(story, "html")
    parsed = Page(page)
    allowed = {
        "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "p",
        "ul", "ol", "li", "nav", "a", "span", "time", "main", "section", "article", "dl", "dt",
        "dd", "code", "details", "summary", "mark", "footer",
    }  # fmt: skip
    assert set(parsed.tags) <= allowed, set(parsed.tags) - allowed
    for tag, name, value in parsed.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name in {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "title", "datetime", "aria-label"}, name
    assert "<script" not in page and "<img" not in page
    assert "javascript:" not in "".join(v or "" for _, n, v in parsed.attrs if n == "href")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&#x27; onmouseover=&#x27;alert(3)" in page
    # what a reader sees is the original text, so escaping lost nothing
    text = "".join(parsed.text)
    doc = story.documents[0]
    for value in (doc.title, doc.outlet, doc.id, doc.source, doc.url, doc.published_evidence):
        assert value in text, value
    assert SCRIPT in text and ATTR in text


def test_html_escapes_title_attributes():
    page = render(make_evil_story(), "html")
    for match in re.finditer(r'title="([^"]*)"', page):
        assert "<" not in match.group(1) and "'" not in match.group(1)


def test_html_unknown_source_is_not_linked():
    page = render(make_evil_story(), "html")
    assert 'class="chip unknown"' in page
    assert "ghost&quot;&gt;&lt;img" in page


def test_html_css_is_inlined_and_javascript_free(story):
    page = render(story, "html")
    assert "<style>" in page and ".timeline" in page and "@media print" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    "value, shown",
    [("2012-02-07", "7 February 2012"), ("2012-02", "February 2012"), ("2012", "2012"), ("2012-13", "2012-13"), ("soon", "soon")],
)
def test_human_date(value, shown):
    assert human_date(value) == shown


def test_anchors_are_safe_and_distinct():
    docs = [Document(id=i, source="s", text="t") for i in ("a b", "a-b", "A/B", "ünï", "", '"><x>')]
    got = anchors(Story(documents=docs, events=[]))
    assert len(set(got.values())) == len(docs)
    assert all(re.fullmatch(r"doc-[a-z0-9-]+", v) for v in got.values())
    assert encode(Story(documents=docs, events=[]), "html") == encode(Story(documents=docs, events=[]), "html")


def test_dating_author_and_bounds_are_shown_and_escaped(story, schema):
    from storyline.model import DateBounds

    docs = list(story.documents)
    docs[1] = dataclasses.replace(docs[1], published_inferred=True, published_confidence=0.8,
                                  published_evidence="inferred: 'yesterday' is 'on Tuesday' in 000_bbc.txt",
                                  author="Jane <b>Doe</b>")
    docs[3] = dataclasses.replace(docs[3], published_bounds=DateBounds(
        "2012-03-13", None, ("not before 2012-03-13: a higher toll <script>x</script>",)))
    changed = dataclasses.replace(story, documents=docs)
    jsonschema.validate(json.loads(render(changed, "json")), schema)
    md = render(changed, "md")
    assert "| 2012-02-07 (inferred) | inferred: 'yesterday' is 'on Tuesday' in 000_bbc.txt |" in md
    assert "not before 2012-03-13: a higher toll" in md
    page = render(changed, "html")
    assert 'badge-inferred">date inferred<' in page and "<dd>0.80</dd>" in page
    assert "by Jane &lt;b&gt;Doe&lt;/b&gt;" in page
    assert "2012-03-13 – …" in page and "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
