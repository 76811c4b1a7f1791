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
from html import escape as html_escape
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
    Pile,
    Reprint,
    Event,
    Evidence,
    Rejected,
    RemovedLine,
    Story,
    Summary,
    Timex,
)
from storyline.render import FILENAMES, FORMATS, HTML_PAGES, MANIFEST, encode, html_pages, render, write
from storyline.render._common import anchors, human_date
from storyline.render.html import CSP
from storyline.render.markdown import md_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMA_PATH = ROOT / "src" / "storyline" / "timeline.schema.json"
UPDATE_GOLDEN = os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1"


# --------------------------------------------------------------------------- fixtures


def evidence(doc: Document, sentence: str, line: int = 0, dated_by: str = "") -> Evidence:
    start = doc.text.index(sentence)
    return Evidence(doc.id, start, start + len(sentence), sentence, line, dated_by)


WHY_TUESDAY = "'on Tuesday' relative to 2012-02-07 (folder date); dates the main clause's event ('met')"
WHY_FEBRUARY = "'throughout February' with year from the story (2012)"
WHY_LEAD = "lead sentence of an article published 2012-03-13 (meta article:published_time)"


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
            evidence=(evidence(blog, S_SIEGE, dated_by=WHY_FEBRUARY),),
            sources=("003_blog.txt",),
        ),
        Event(
            date="2012-02-07",
            summary=(S_MEET, S_REFORM),
            evidence=(evidence(bbc, S_MEET, dated_by=WHY_TUESDAY), evidence(wire, S_MEET, dated_by=WHY_TUESDAY),
                      evidence(bbc, S_REFORM, 1), evidence(wire, S_REFORM, 1)),
            sources=("000_bbc.txt", "001_yahoo.txt"),
            score=2.5,
            independent=("BBC News",),
        ),
        Event(
            date="2012-03-13",
            summary=(S_ANNAN, S_CEASEFIRE),
            evidence=(evidence(guardian, S_ANNAN, dated_by=WHY_LEAD), evidence(guardian, S_CEASEFIRE, 1, WHY_LEAD)),
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
                evidence=(evidence(evil, sentence, dated_by=f"'{SCRIPT}' relative to {ATTR} {SQ}"),),
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
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)
        self.close()

    def tag_attrs(self) -> list[tuple[str, dict[str, str | None]]]:
        """Each start tag with its attributes."""
        return self.elements

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.elements.append((tag, dict(attrs)))
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
    pages = [f"documents/{a}.html" for a in anchors(story).values()]
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILENAMES.values(), *HTML_PAGES[1:], "documents", MANIFEST])
    assert sorted(f"documents/{p.name}" for p in (out / "documents").iterdir()) == sorted(pages), "no temp files left"
    listed = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert listed == sorted([*FILENAMES.values(), *HTML_PAGES[1:], *pages])
    for rel, text in html_pages(story):
        assert (out / rel).read_bytes() == text.encode("utf-8")
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
    assert "bad \ufffd byte" in (tmp_path / "documents" / f"{anchors(story)['003_blog.txt']}.html").read_text(encoding="utf-8")


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


def pages_of(story: Story, back: str | None = None) -> dict[str, str]:
    return dict(html_pages(story, back))


def doc_page(story: Story, doc_id: str) -> str:
    return f"documents/{anchors(story)[doc_id]}.html"


def span_href(story: Story, doc_id: str, sentence: str) -> str:
    start = story.document(doc_id).text.index(sentence)
    return f"{doc_page(story, doc_id)}#span-{start}-{start + len(sentence)}"


def test_html_structure(story):
    pages = pages_of(story)
    assert list(pages)[:5] == ["timeline.html", "documents.html", "quotes.html", "positions.html", "figures.html"]
    assert sorted(list(pages)[5:]) == sorted(doc_page(story, d.id) for d in story.documents)
    page = pages["timeline.html"]
    assert page == render(story, "html") and page.startswith("<!DOCTYPE html>\n")
    parsed = Page(page)
    assert parsed.tags.count("style") == 1
    assert {"script", "link", "img", "iframe", "object", "embed", "base", "form", "article", "mark"}.isdisjoint(parsed.tags)
    for section in ("timeline", "skipped"):
        assert f'<section id="{section}">' in page
    assert '<section id="documents">' not in page, "documents have their own pages"
    assert '<time datetime="2012-02">February 2012</time><span class="gran">whole month</span>' in page
    assert '<time datetime="2012-02-07">7 February 2012</time>' in page
    assert '<span class="chip-mark">duplicate</span>' in page
    assert '<span class="chip-outlet">Yahoo News</span>' in page
    assert "no article text after cleaning" in page
    for name in ("documents.html", "quotes.html", "figures.html"):
        assert f'href="{name}"' in page
    text = " ".join(" ".join(parsed.text).split())
    for event in story.events:
        for sentence in event.summary:
            assert sentence in text
    bbc = pages[doc_page(story, "000_bbc.txt")]
    start = TEXT_BBC.index(S_MEET)
    assert f'<mark id="span-{start}-{start + len(S_MEET)}">{S_MEET}</mark>' in bbc, "evidence spans are highlighted"
    assert "Share this page" in bbc and "boilerplate" in bbc, "removed lines are shown"
    assert pages[doc_page(story, "003_blog.txt")].count('class="badge badge-undated">undated<') == 1
    docs = pages["documents.html"]
    assert '<section id="duplicates">' in docs and "001_yahoo.txt reprints 000_bbc.txt" in docs
    assert all(f'href="{doc_page(story, d.id)}"' in docs for d in story.documents)


def test_html_links_resolve_across_the_written_pages(story, tmp_path):
    """Every href of every page lands on a page that exists and, with a fragment, on an
    element of it; every other link is to an original article, with noopener noreferrer."""
    pile = Pile(documents=list(story.documents),
                stories=[dataclasses.replace(story, id="syria", label="Syria"), make_evil_story()])
    pile.stories[1].id = "evil"
    for s, out in ((story, tmp_path / "one"), (make_evil_story(), tmp_path / "evil"), (pile, tmp_path / "pile")):
        write(s, out, formats=("html",))
        files = sorted(out.rglob("*.html"))
        assert len(files) >= 5
        parsed = {f: Page(f.read_text(encoding="utf-8")) for f in files}
        for f, p in parsed.items():
            assert len(p.ids) == len(set(p.ids)), f"ids are unique in {f}"
            assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in p.ids), f
            tags = p.tag_attrs()
            for tag, attrs in tags:
                href = attrs.get("href")
                if href is None:
                    continue
                if "://" in href:
                    assert tag == "a" and attrs.get("rel") == "noopener noreferrer", (f, href)
                    assert href.startswith("https://"), (f, href)
                    continue
                target, _, fragment = href.partition("#")
                dest = (f.parent / target).resolve() if target else f
                assert dest in parsed, f"dangling {href} in {f}"
                if fragment:
                    assert fragment in parsed[dest].ids, f"dangling #{fragment} in {f}"


def test_source_chips_link_to_the_span_and_to_the_original(story):
    pages = pages_of(story)
    page = pages["timeline.html"]
    bbc_span = span_href(story, "000_bbc.txt", S_MEET)
    assert f'<a class="chip-link" href="{bbc_span}"' in page
    assert f'href="{span_href(story, "001_yahoo.txt", S_MEET)}"' in page, "a copy links to its own text"
    assert f'href="{span_href(story, "002_guardian.txt", S_CEASEFIRE)}"' in page
    url = story.document("000_bbc.txt").url
    # the bbc chip on both lines of its event, and its evidence line under "why this date"
    assert page.count(f'<a class="orig" href="{url}" rel="noopener noreferrer"') == 3
    assert page.count('class="orig"') == page.count(url), "only the document with a url links out"
    # on the document's page: the lines it backs link back to the timeline and to the span
    bbc = pages[doc_page(story, "000_bbc.txt")]
    assert f'href="../timeline.html#event-2"' in bbc and f'href="#{bbc_span.split("#")[1]}"' in bbc
    assert f'href="{url}" rel="noopener noreferrer"' in bbc


@pytest.mark.parametrize("url, linked", [
    ("https://news.example/2012/02/07/story?a=1&b=2", True),
    ("http://news.example/x", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)//https://news.example/", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("file:///etc/passwd", False),
    ("//news.example/x", False),
    ("news.example/x", False),
    ("https://bank.example@evil.example/", False),
    ("https://news.example:99999/", False),
    ("http://[::1/", False),
    ("https://news.example/a b", False),
    ('https://news.example/"onmouseover="alert(1)', False),
    ("https:///path-only", False),
])
def test_only_well_formed_web_urls_are_linked(story, url, linked):
    docs = list(story.documents)
    docs[0] = dataclasses.replace(docs[0], url=url)
    changed = dataclasses.replace(story, documents=docs)
    pages = pages_of(changed)
    hrefs = [v for p in pages.values() for _, n, v in Page(p).attrs if n == "href"]
    assert (url in hrefs) is linked
    assert not any(h.lower().startswith(("javascript:", "data:", "file:")) for h in hrefs)
    assert url in "".join(Page(pages[doc_page(changed, "000_bbc.txt")]).text), "the address is shown either way"


def test_why_of_every_date_on_demand(story):
    page = pages_of(story)["timeline.html"]
    parsed = Page(page)
    lines_with_why = sum(1 for e in story.events for i in range(len(e.summary))
                         if any(ev.line == i and ev.dated_by for ev in e.evidence))
    assert lines_with_why == 4
    assert parsed.tags.count("details") == lines_with_why, "one <details> per line that has date evidence"
    assert page.count("<summary>why this date</summary>") == lines_with_why
    why = re.search(r'<details class="why">.*?</details>', page[page.index(S_MEET):]).group(0)
    assert html_escape(WHY_TUESDAY) in why
    assert f'href="{span_href(story, "000_bbc.txt", S_MEET)}"' in why
    assert f'href="{span_href(story, "001_yahoo.txt", S_MEET)}"' in why
    # the line with no dated_by has no date evidence to show
    reform = re.search(r'<li class="sentence"><p>' + re.escape(S_REFORM) + r"</p>.*?</li>", page).group(0)
    assert "chip-link" in reform and "<details" not in reform
    # planned and background events stay marked
    planned = dataclasses.replace(story, events=[dataclasses.replace(story.events[2], planned=True),
                                                 dataclasses.replace(story.events[0], background=True)])
    shown = render(planned, "html")
    assert 'class="event planned' in shown and ">planned</span>" in shown and '<section id="background">' in shown


def test_markdown_says_why_each_line_has_its_date(story):
    md = render(story, "md")
    assert (f"- {S_MEET} [000_bbc.txt (BBC News), 001_yahoo.txt (Yahoo News, duplicate)]\n"
            f"  - *dated by:* {md_text(WHY_TUESDAY)} — 000_bbc.txt, 001_yahoo.txt\n") in md
    assert f"- {S_REFORM} [000_bbc.txt (BBC News), 001_yahoo.txt (Yahoo News, duplicate)]\n\n" in md, "no note without evidence"
    evil = render(make_evil_story(), "md")
    note = next(line for line in evil.splitlines() if "dated by" in line)
    assert "<" not in note and "&lt;script&gt;" in note


def test_html_has_no_external_resources(story):
    for s in (story, make_evil_story()):
        for name, page in pages_of(s).items():
            parsed = Page(page)
            for tag, attrs in parsed.tag_attrs():
                for attr in ("src", "srcset", "action", "formaction", "background", "poster", "data"):
                    assert attr not in attrs, (name, tag, attr)
                if "://" in attrs.get("href", ""):
                    assert tag == "a" and attrs["rel"] == "noopener noreferrer", (name, tag)
            style = page[page.index("<style>") : page.index("</style>")]
            assert "url(" not in style and "@import" not in style and "://" not in style
            assert f'content="{CSP}"' in page and "default-src 'none'" in CSP
            assert '<meta name="referrer" content="no-referrer">' in page
            # outside the text of sources and the links to originals, a page names no URL
            bare = re.sub(r">[^<]*<", "><", re.sub(r'<a class="orig" href="[^"]*"', "<a", page))
            assert "http://" not in bare and "https://" not in bare, name


def test_html_escapes_every_source_field():
    story = make_evil_story()
    pages = pages_of(story)
    allowed = {
        "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "p",
        "ul", "ol", "li", "nav", "a", "span", "time", "main", "section", "dl", "dt", "dd", "code",
        "details", "summary", "mark", "footer", "table", "caption", "thead", "tbody", "tr", "th",
        "td", "q", "br", "input", "label",
    }  # fmt: skip
    attributes = {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "title", "datetime",
                  "aria-label", "aria-current", "rel", "type", "checked", "for"}
    for name, page in pages.items():
        parsed = Page(page)
        assert set(parsed.tags) <= allowed, (name, set(parsed.tags) - allowed)
        for tag, attr, value in parsed.attrs:
            assert not attr.startswith("on"), (name, tag, attr)
            assert attr in attributes, (name, attr)
        assert "<script" not in page and "<img" not in page, name
        assert "javascript:" not in "".join(v or "" for _, n, v in parsed.attrs if n == "href"), name
    page = pages["timeline.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&#x27; onmouseover=&#x27;alert(3)" in page
    # what a reader sees is the original text, so escaping lost nothing
    doc = story.documents[0]
    shown = "".join(Page(pages[doc_page(story, doc.id)]).text)
    for value in (doc.title, doc.outlet, doc.id, doc.source, doc.url, doc.published_evidence, doc.text.strip()):
        assert value in shown, value
    assert SCRIPT in "".join(Page(page).text) and ATTR in "".join(Page(page).text)


def test_html_escapes_title_attributes():
    for page in pages_of(make_evil_story()).values():
        for match in re.finditer(r'title="([^"]*)"', page):
            assert "<" not in match.group(1) and "'" not in match.group(1)


def test_html_unknown_source_is_not_linked():
    page = render(make_evil_story(), "html")
    assert 'class="chip unknown"' in page
    assert "ghost&quot;&gt;&lt;img" in page


def test_html_css_is_inlined_and_javascript_free(story):
    for page in pages_of(story).values():
        assert "<style>" in page and ".timeline" in page and "@media print" in page and ":target" in page
        assert "Content-Security-Policy" in page and "<script" not in page


def test_story_page_stays_small_whatever_the_documents(story):
    """Texts, quotes and figures are on their own pages: the timeline does not grow with them."""
    from storyline.model import Quote, SharedQuote

    said = Quote("000_bbc.txt", 0, 10, "a long quote " * 50, ((0, 10),), "Sergei Lavrov", "he", "said", "named")
    quotes = [SharedQuote(said.text + str(i), "Sergei Lavrov", ("000_bbc.txt",), None, (), (said,)) for i in range(300)]
    big_docs = [dataclasses.replace(d, text=d.text + "More text. " * 20_000) for d in story.documents]
    big = dataclasses.replace(story, documents=big_docs, quotes=quotes)
    small_page, big_page = render(story, "html"), render(big, "html")
    assert "More text" not in big_page and "a long quote" not in big_page
    assert len(big_page) - len(small_page) < 100, "only the page bar's counts differ"
    assert len(pages_of(big)[doc_page(big, "000_bbc.txt")]) > 200_000
    assert "a long quote" in pages_of(big)["quotes.html"]


def test_filters_offer_people_named_often_enough():
    from storyline.model import CanonicalEntity, Mention

    docs = [Document(id=i, source=i, text="x" * 80, outlet=o) for i, o in
            (("a", "Velmora Ledger"), ("b", "Sallow Gazette"), ("c", "Velmora Ledger"))]
    events = [
        Event("2025-09-10", ("Ilse Marrow ordered a boil-water notice; Tam Orrin objected.",),
              (Evidence("a", 0, 40, "x"),), ("a",)),
        Event("2025-09-11", ("Brin Vasco closed the channel.",), (Evidence("b", 0, 40, "x"),), ("b",)),
        Event("2025-09-12", ("Marrow lifted the notice.",), (Evidence("c", 0, 40, "x"),), ("c",)),
    ]

    def person(name, aliases, mentions, documents):
        return CanonicalEntity(name, "person", aliases, mentions, documents, (Mention(documents[0], 0, 5, name),))

    entities = [
        person("Ilse Marrow", ("Ilse Marrow", "Marrow"), 3, ("a", "c")),  # 3 mentions in 2 documents: offered
        person("Tam Orrin", ("Tam Orrin",), 9, ("a",)),  # often, but in one document only
        person("Brin Vasco", ("Brin Vasco",), 2, ("b", "c")),  # two documents, two mentions
        person("Odd Quell", ("Odd Quell",), 5, ("a", "b")),  # notable, but in no timeline event
    ]
    page = render(Story(docs, events, entities=entities), "html")
    assert '<label for="f-p0">Ilse Marrow</label>' in page
    assert "Tam Orrin</label>" not in page and "Brin Vasco</label>" not in page and "Odd Quell</label>" not in page
    assert '<li class="event p0 o0" id="event-1">' in page and '<li class="event p0 o0" id="event-3">' in page
    assert '<li class="event o1" id="event-2">' in page
    assert "#f-p0:checked~ol.timeline>li.event:not(.p0){display:none}" in page
    assert "#f-o1:checked~ol.timeline>li.event:not(.o1){display:none}" in page and "<script" not in page


def test_figures_page_charts_dated_figures_and_lists_undated_ones_apart(story, monkeypatch):
    from storyline.claims import Claim, Series
    from storyline.model import Sentence
    import storyline.render.html_ledgers as ledgers

    def claim(doc, value, date, source):
        return Claim(doc, 0, 5, f"{value} people", value, "", "", "people killed", "people killed", source, date,
                     "dateline" if date else "", Sentence(0, 10), series="people-killed")

    claims = (claim("000_bbc.txt", 40, "2012-02-07", "the UN"), claim("002_guardian.txt", 75, "2012-03-13", None),
              claim("003_blog.txt", 9999, None, "residents"))
    series = Series("people-killed", "people killed", "", True, claims)
    plotted: list = []
    monkeypatch.setattr(ledgers, "series_svg", lambda s: plotted.append(s.claims) or "<svg></svg>")
    page = pages_of(dataclasses.replace(story, claims=list(claims), series=[series]))["figures.html"]
    assert plotted == [claims[:2]], "only dated figures are plotted"
    undated = page[page.index("<caption>Undated figures</caption>"):]
    assert "9,999 people killed" in undated and "residents" in undated and "40 people killed" not in undated
    dated = page[: page.index("<caption>Undated figures</caption>")]
    assert "40 people killed" in dated and "75 people killed" in dated and "9,999" not in dated
    assert f'href="{doc_page(story, "003_blog.txt")}"' in undated


def test_every_page_is_deterministic(story, tmp_path):
    assert pages_of(story) == pages_of(make_story()) == pages_of(copy.deepcopy(story))
    write(story, tmp_path / "a", formats=("html",))
    write(make_story(), tmp_path / "b", formats=("html",))
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


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
    pages = pages_of(changed)
    wire, blog = pages[doc_page(changed, "001_yahoo.txt")], pages[doc_page(changed, "003_blog.txt")]
    assert 'badge-inferred">date inferred<' in wire and "<dd>0.80</dd>" in wire
    assert "by Jane &lt;b&gt;Doe&lt;/b&gt;" in wire
    assert "2012-03-13 – …" in blog and "&lt;script&gt;x&lt;/script&gt;" in blog and "<script>" not in blog
    assert "2012-02-07 (inferred)" in pages["documents.html"]


def test_the_json_writer_gives_the_standard_librarys_text_byte_for_byte():
    import json

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from storyline.render.json_ import dumps

    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
    keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
    values = st.recursive(scalars, lambda inner: st.lists(inner) | st.tuples(inner, inner)
                          | st.dictionaries(keys, inner), max_leaves=30)

    @settings(max_examples=400, deadline=None)
    @given(values)
    def same(value):
        assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)

    same()
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})
