"""Positions and outlets' disagreements in the outputs: timeline.json (schema, round
trip), timeline.md and positions.html (escaped, linked)."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema

from storyline.export.load import story_from_dict
from storyline.model import Account, Comparison, Mark, Position, Side, Statement, Story
from storyline.render import render
from test_render import SCHEMA_PATH, Page, make_story, pages_of

EVIL = '<script>alert(1)</script>'


def _story() -> Story:
    story = make_story()
    doc = story.documents[0]
    first, second = doc.text[:20], doc.text[20:45]
    statements = (
        Statement(0, first + EVIL, "Ilse Marrow", "2012-02-07", "the article's date (folder)", doc.id, 0, 20),
        Statement(1, second, "Ilse Marrow", "2012-03-13", "the reporting clause: 'Tuesday'", doc.id, 20, 45,
                  direct=False),
    )
    position = Position("Ilse Marrow", "bridge · reopen", ("bridge", "reopen"), statements,
                        (Mark("shift", 0, 1, f"'will reopen' -> 'will not reopen' {EVIL}", ("not",)),))
    account = Account(doc.id, "Velmora Ledger", "2012-02-07", 0, 20, first, "12")
    other = Account(story.documents[1].id, f"Tarn {EVIL}", "2012-02-07", 0, 20, first, "31")
    differ = Comparison("figure", "people in hospital", "2012-02-07", (Side("12", (account,), 1), Side("31", (other,), 1)),
                        "two outlets, the same day")
    alike = Comparison("figure", "fish found dead", None, (Side("hundreds", (account, other), 2),))
    return replace(story, positions=[position], comparisons=[differ, alike])


def test_timeline_json_carries_positions_disagreements_and_agreements() -> None:
    data = json.loads(render(_story(), "json"))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft202012Validator)
    (position,) = data["positions"]
    assert position["marks"] == [{"kind": "shift", "earlier": 0, "later": 1,
                                  "why": f"'will reopen' -> 'will not reopen' {EVIL}", "changed": ["not"]}]
    assert [s["said_on"] for s in position["statements"]] == ["2012-02-07", "2012-03-13"]
    assert [[side["value"] for side in c["sides"]] for c in data["disagreements"]] == [["12", "31"]]
    assert [c["sides"][0]["outlets"] for c in data["agreements"]] == [2]


def test_positions_round_trip_through_timeline_json() -> None:
    story = _story()
    again = story_from_dict(json.loads(render(story, "json")))
    assert again.positions == story.positions
    assert again.comparisons == story.comparisons
    assert render(again, "md") == render(story, "md")


def test_markdown_lists_statements_in_order_with_the_shift_marked() -> None:
    md = render(_story(), "md")
    block = md[md.index("## Positions"):md.index("## Where outlets differ")]
    assert block.index("2012-02-07") < block.index("2012-03-13") < block.index("**shift**")
    differ = md[md.index("## Where outlets differ"):]
    assert "**12** (1 independent outlet)" in differ and "**31** (1 independent outlet)" in differ


def test_positions_page_is_escaped_and_links_its_documents() -> None:
    story = _story()
    pages = pages_of(story)
    html = pages["positions.html"]
    parsed = Page(html)
    assert "script" not in parsed.tags
    assert "&lt;script&gt;" in html
    assert '<section id="positions">' in html and '<section id="disagreements">' in html
    assert '<section id="agreements">' in html
    assert html.count('class="mark shift"') == 1
    hrefs = {value for _, name, value in parsed.attrs if name == "href"}
    assert any(h and h.startswith("documents/") for h in hrefs)
    assert "Positions (1)" in pages["timeline.html"]


def test_no_positions_says_so() -> None:
    html = pages_of(make_story())["positions.html"]
    assert "No speaker was found saying two things on one question." in html
