"""Who said what, the number ledger and the entities, through a whole build and into the reports."""

import json

import jsonschema
import pytest
from conftest import DEMO, ROOT, SEEDS

from storyline.model import Quote, SharedQuote, Story
from storyline.pipeline import build
from storyline.render import render
from storyline.render.html import html_pages

SCHEMA = json.loads((ROOT / "src" / "storyline" / "timeline.schema.json").read_text(encoding="utf-8"))


def test_quotes_are_escaped_in_the_html_report():
    said = Quote("a", 0, 30, "<script>alert(1)</script> is what he said", ((0, 30),), "<b>Ilse</b>", "she", "said", "named")
    story = Story([], [], quotes=[SharedQuote(said.text, said.speaker, ("a",), "2025-09-10", (), (said,))])
    html = dict(html_pages(story))["quotes.html"]
    assert "<script>alert" not in html and "<b>Ilse" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "## Who said what" in render(story, "md")


@pytest.mark.slow
def test_the_demo_ledger_flags_the_revised_hospital_count():
    story = build([DEMO]).story
    data = json.loads(render(story, "json"))
    jsonschema.validate(data, SCHEMA)
    hospital = next(s for s in data["series"] if s["what"] == "people treated in hospital")
    assert any(flag.startswith("decrease") for flag in hospital["flags"])
    claims = {(c["document"], c["start"]): c for c in data["claims"]}
    values = [claims[tuple(ref)]["value"] for ref in hospital["claims"] if claims[tuple(ref)]["date"]]
    assert values[0] == 12 and 40 in values and values[-1] == 38
    assert "## Reported figures" in render(story, "md") and "<svg" in dict(html_pages(story))["figures.html"]


@pytest.mark.slow
def test_the_seeds_who_said_what():
    if not SEEDS.exists():
        pytest.skip(f"test data not found: {SEEDS} (../shared is absent)")
    data = json.loads(render(build([SEEDS]), "json"))
    jsonschema.validate(data, SCHEMA)
    quotes = {q["text"]: q for q in data["quotes"]}
    simultaneous = quotes["This must be simultaneous,"]
    # the wire quote carried by the reprint is one quote with both sources, its speaker canonical
    assert simultaneous["speaker"] == "Sergei Lavrov" and len(simultaneous["documents"]) == 2
    pronoun = next(q for t, q in quotes.items() if t.startswith("A unilateral withdrawal"))
    assert pronoun["speaker"] == "Sergei Lavrov"
    assert any(a["resolved_by"].startswith("pronoun 'he'") for a in pronoun["appearances"])
    # a description resolved to the person it stands for
    described = next(q for t, q in quotes.items() if t.startswith("We agree that the Syrian"))
    assert described["speaker"] == "Sergei Lavrov" and described["appearances"][0]["said_by"] == "the minister"
    # reported speech, with the quoted words inside it not repeated alone
    reported = next(q for t, q in quotes.items() if t.startswith("The Syrian authorities should “make the first step”"))
    assert reported["direct"] is False and reported["speaker"] == "Sergei Lavrov"
    assert "make the first step" not in quotes
    tolls = next(s for s in data["series"] if s["what"] == "people killed")
    assert len(tolls["claims"]) == 5 and any(f.startswith("decrease") for f in tolls["flags"])


@pytest.mark.slow
def test_the_seeds_death_toll_is_one_series_of_syrias_dead_moving_across_reports():
    if not SEEDS.exists():
        pytest.skip(f"test data not found: {SEEDS} (../shared is absent)")
    data = json.loads(render(build([SEEDS]), "json"))
    claims = {(c["document"], c["start"]): c for c in data["claims"]}
    tolls = [s for s in data["series"] if s["what"] == "people killed"]
    assert len(tolls) == 1 and tolls[0]["subject"] == "Syria" and tolls[0]["title"] == "people killed in Syria"
    members = [claims[tuple(ref)] for ref in tolls[0]["claims"]]
    assert {c["document"] for c in members} == {d["id"] for d in data["documents"]}  # one figure in each report
    dated = [c for c in members if c["date"]]
    assert [c["date"] for c in dated] == sorted(c["date"] for c in dated)
    assert len({c["value"] for c in dated}) >= 3  # the toll moves from report to report
    assert all(c["kind"] == "current" and c["attributed_to"] == "United Nations" for c in members)


def test_timeline_filters_by_person_and_outlet_without_script():
    from storyline.model import CanonicalEntity, Document, Event, Evidence, Mention

    docs = [Document(id=i, source=i, text="x" * 80, outlet=o) for i, o in (("a", "Velmora Ledger"), ("b", "Sallow Gazette"))]
    events = [
        Event("2025-09-10", ("Ilse Marrow ordered a boil-water notice.",), (Evidence("a", 0, 40, "x"),), ("a",)),
        Event("2025-09-11", ("The water board closed the channel.",), (Evidence("b", 0, 40, "x"),), ("b",)),
    ]
    # named three times in two documents: enough to be offered as a filter
    spans = (Mention("a", 0, 11, "Ilse Marrow"), Mention("a", 20, 26, "Marrow"), Mention("b", 0, 11, "Ilse Marrow"))
    marrow = CanonicalEntity("Ilse Marrow", "person", ("Ilse Marrow", "Marrow"), 3, ("a", "b"), spans)
    html = render(Story(docs, events, entities=[marrow]), "html")
    assert '<li class="event p0 o1"' in html and '<li class="event o0"' in html  # outlets by events, then name
    assert "#f-p0:checked~ol.timeline>li.event:not(.p0){display:none}" in html
    assert '<label for="f-p0">Ilse Marrow</label>' in html and "<script" not in html
