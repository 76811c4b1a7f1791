"""The number ledger (``storyline.claims``): figures, what they count, who says so, as of
when, and the series they form. Invented sentences only."""

import re

import pytest

from storyline.claims import find_claims, parse_number, series, series_svg
from storyline.claims.numbers import find_figures
from storyline.model import Document


@pytest.fixture()
def claims_of(annotator):
    def run(text, published="2031-05-13", doc_id="a.txt", outlet="Ostrava Post"):
        doc = Document(id=doc_id, source=doc_id, text=text, published=published, outlet=outlet,
                       published_evidence="dateline" if published else None)
        doc = next(iter(annotator.pipe([doc])))
        return doc, find_claims(doc)
    return run


@pytest.mark.parametrize("text, value", [
    ("8,000", 8000), ("1.5 million", 1_500_000), ("twelve", 12), ("a dozen", 12), ("Thirty-one", 31),
    ("two hundred thousand", 200_000), ("forty-five", 45), ("$3 million", 3_000_000), ("2.5", 2.5),
])
def test_numbers_are_parsed(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, qualifier, value", [
    ("more than 40 sailors", "more than", 40), ("at least 12 sailors", "at least", 12),
    ("about 300 sailors", "about", 300), ("around 300 sailors", "about", 300),
    ("nearly 90 sailors", "nearly", 90), ("almost 90 sailors", "nearly", 90),
    ("up to 70 sailors", "up to", 70), ("as many as 70 sailors", "up to", 70),
    ("fewer than 9 sailors", "fewer than", 9), ("some 2,000 sailors", "some", 2000),
    ("over 500 sailors", "over", 500), ("57 sailors", "", 57),
])
def test_qualifiers_are_normalised(text, qualifier, value):
    (figure,) = find_figures(text)
    assert (figure.qualifier, figure.value) == (qualifier, value)
    assert text[figure.start:figure.end].split()[0] == text.split()[0]


def test_a_range_keeps_both_ends():
    (figure,) = find_figures("Between 30 and 40 sailors were rescued.")
    assert (figure.value, figure.low, figure.high) == (30, 30, 40)
    assert "Between 30 and 40 sailors".startswith("Between 30 and 40"[: figure.end - figure.start])
    (figure,) = find_figures("It rose from 12 to 31 on the quay.")[-1:]
    assert figure.high is None and figure.value == 31


def test_years_times_ages_ordinals_phones_and_page_furniture_are_not_figures():
    text = ("In 1998 the 60-year-old ferryman, aged 71 by now, rang 0161 496 0183 at 7:30 for the 3rd time, "
            "see page 4, G20 notes, 2 min read, about forty times the usual level, ten days on.")
    assert find_figures(text) == []


def test_numbers_inside_time_expressions_are_skipped(claims_of):
    doc, claims = claims_of("On 3 March 2031, 25 villagers were evacuated from Lindvik, the council said.")
    assert [(c.value, c.what) for c in claims] == [(25, "people displaced")]
    assert doc.text[claims[0].start:claims[0].end] == "25 villagers"


@pytest.mark.parametrize("text", [
    "Floods killed 40 people in the valley of Ostrava on Monday.",
    "In the valley of Ostrava 40 people were killed by the floods.",
    "The floods in the valley of Ostrava left a death toll of 40.",
    "The floods in the valley of Ostrava left 40 dead.",
])
def test_ways_of_saying_killed_count_the_same_thing(claims_of, text):
    _, claims = claims_of(text)
    assert [(c.value, c.key, c.unit) for c in claims] == [(40, "people killed", "people")]


def test_what_is_normalised(claims_of):
    _, claims = claims_of(
        "About 12 tonnes of crude oil leaked into the bay at Marrowick, the port said. "
        "Twelve patients were taken to hospital with burns. "
        "The spill cost the harbour board $4 million. "
        "The port said 3 percent of the catch was lost.")
    assert [(c.value, c.qualifier, c.what, c.unit) for c in claims] == [
        (12, "about", "tonnes of crude oil", "tonnes"),
        (12, "", "people treated in hospital", "people"),
        (4_000_000, "", "dollars", "dollars"),
        (3, "", "percent", "percent"),
    ]


def test_attribution(claims_of):
    _, claims = claims_of(
        "More than 200 people have been injured in the riots, the regional health board said. "
        "Some 900 families have fled their homes, according to volunteers from the Red Lantern mission. "
        "The ministry's latest count puts the number of people detained at 64. "
        "In the harbour 17 boats sank. "
        '"We saw 14 people killed," he said.')
    assert [(c.value, c.attributed_to) for c in claims] == [
        (200, "the regional health board"),
        (900, "volunteers from the Red Lantern mission"),
        (64, "The ministry"),
        (17, None),
        (14, None),  # a pronoun is not resolved: no guessing
    ]


def test_a_pronoun_source_is_the_last_organisation_named_before_it(claims_of):
    doc, claims = claims_of(
        "The Harrow Water Board met engineers from the city on Monday. "
        "Its latest count was 3,400 homes without water. "
        "They said 500 homes had no water.")
    assert [(c.value, c.attributed_to) for c in claims] == [(3400, "The Harrow Water Board"), (500, None)]
    assert claims[0].attributed_evidence.startswith("'its' -> The Harrow Water Board")
    assert claims[1].attributed_evidence == ""


def test_a_name_used_as_a_modifier_is_no_antecedent():
    from storyline.claims.find import _attributive

    text = "during the Sallow contamination; the Velmora Authority said; the Velmora Authority counted; Harrow met"

    def name(words, after=0):
        start = text.index(words, after)
        return start, start + len(words)

    assert _attributive(text, *name("Sallow"))
    assert not _attributive(text, *name("Velmora Authority"))
    assert not _attributive(text, *name("Velmora Authority", text.index("said")))
    assert not _attributive(text, *name("Harrow"))  # no article before it


def test_as_of_date_is_the_day_the_sentence_ties_to_the_figure(claims_of):
    _, claims = claims_of(
        "The Lindvik health board said on Friday that 31 people had been treated in hospital. "
        "By now 45 people have been treated in hospital, officials say.",
        published="2031-05-13")
    first, second = claims
    assert (first.value, first.date) == (31, "2031-05-09")
    assert "Friday" in first.date_evidence
    assert (second.value, second.date) == (45, "2031-05-13")
    assert second.date_evidence.startswith("publication date")


def test_spans_point_into_the_text(claims_of):
    doc, claims = claims_of("Rescuers said at least 52 people were killed when the bridge at Velk collapsed.")
    (claim,) = claims
    assert doc.text[claim.start:claim.end] == "at least 52 people"
    assert doc.text[claim.sentence.start:claim.sentence.end].startswith("Rescuers said")
    assert claim.document == "a.txt" and claim.attributed_to == "Rescuers"


def test_a_cumulative_count_that_goes_down_is_flagged(claims_of):
    a, ca = claims_of("More than 40 people have been treated in hospital, the Lindvik health board said.",
                      published="2031-05-09", doc_id="a.txt", outlet="Lindvik Daily")
    b, cb = claims_of("The Lindvik health board revised the number of people treated in hospital to 38.",
                      published="2031-05-13", doc_id="b.txt", outlet="Velk Herald")
    (s,) = series(ca + cb, [a, b])
    assert [c.value for c in s.claims] == [40, 38] and s.cumulative
    assert all(c.series == s.id for c in s.claims)
    (flag,) = s.flags
    assert flag.startswith("decrease:") and "a.txt" in flag and "b.txt" in flag and "revision" in flag


def test_outlets_disagreeing_on_the_same_day_are_flagged(claims_of):
    a, ca = claims_of("Floods killed 12 people in Lindvik, the mayor said.", doc_id="a.txt", outlet="Lindvik Daily")
    b, cb = claims_of("Floods killed 30 people in Lindvik, police said.", doc_id="b.txt", outlet="Velk Herald")
    c, cc = claims_of("Floods killed more than 10 people in Lindvik.", doc_id="c.txt", outlet="Velk Herald")
    (s,) = series(ca + cb + cc, [a, b, c])
    assert len(s.flags) == 1
    assert s.flags[0].startswith("disagreement on 2031-05-13:")
    assert "a.txt" in s.flags[0] and "b.txt" in s.flags[0]
    # the same figure from a reprint of the same outlet is no disagreement
    d, cd = claims_of("Floods killed 30 people in Lindvik, police said.", doc_id="d.txt", outlet="Lindvik Daily")
    (s,) = series(cb + cd, [b, d])
    assert s.flags == ()


def test_svg_escapes_text_and_plots_only_dated_claims(claims_of):
    a, ca = claims_of("Floods killed 12 people in Lindvik, <script>alert(1)</script> said.", doc_id="a&b.txt")
    b, cb = claims_of("Floods killed 30 people in Lindvik, police said.", doc_id="b.txt",
                      published="2031-05-14")
    c, cc = claims_of("Floods killed 31 people in Lindvik, police said.", doc_id="c.txt", published=None)
    (s,) = series(ca + cb + cc, [a, b, c])
    svg = series_svg(s)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg.lower() and "http" not in svg and "href" not in svg
    # the undated figure (no publication date, no date in its sentence) is listed, not plotted
    assert [c.value for c in s.undated] == [31] and s.undated[0].date is None
    assert len(re.findall(r"<circle\b", svg)) == len(s.dated) == 2 and len(s.claims) == 3
    assert "a&amp;b.txt" in svg and "c.txt" not in svg and "undated" not in svg
    assert ">31<" not in svg  # nor does it stretch the value axis


# --- what joins the running count -------------------------------------------------

@pytest.mark.parametrize("text, kind, evidence", [
    ("The 1918 pandemic killed 50 million people worldwide.", "historical", "1918"),
    ("In 1957, the Asian flu killed 2 million people.", "historical", "1957"),
    ("A plague epidemic of 1347 to 1351 killed about 75 million people.", "historical", "1347"),
    ("Marsh fever has killed 261 people since 2019.", "historical", "2019"),
    ("The old were hit hardest 1968: an outbreak in the port killed up to one million people.", "historical", "1968"),
    ("Seasonal flu kills 250,000 to 500,000 people a year.", "rate", "Seasonal"),
    ("Every year, the fever kills up to 500 people in the valley.", "rate", "Every year"),
    ("Ordinary colds kill 40 people annually in Ostrava.", "rate", "annually"),
    ("The new virus could kill 2 million people, experts warned.", "projection", "could"),
    ("If it spreads, the fever would infect 3,000 people in the valley.", "projection", "would"),
    ("A worst-case scenario sees 50,000 people killed in the valley.", "projection", "worst-case"),
    ("The fever has killed 40 people in the valley since Monday.", "current", ""),
    ("The fever may have killed as many as 159 people in the valley.", "current", ""),
    ("Officials said the fever had killed 20 people and could be to blame for 48 more deaths.", "current", ""),
])
def test_figures_of_another_period_or_world_are_set_aside(claims_of, text, kind, evidence):
    _, claims = claims_of(text)
    first = claims[0]
    assert first.kind == kind and evidence in first.kind_evidence
    assert (first.date is None) == (kind == "historical")  # a historical figure has no as-of date
    (s,) = series(claims, []) or (None,)
    if kind == "current":
        assert s is not None and first.start in [c.start for c in s.claims]
    else:
        assert s is None or first.start not in [c.start for c in s.claims]


def test_a_rate_in_another_clause_leaves_the_count_current(claims_of):
    _, claims = claims_of("Seasonal flu kills 500,000 people a year, while the new virus has killed 20 people.")
    assert [(c.value, c.kind) for c in claims] == [(500_000, "rate"), (20, "current")]
    _, claims = claims_of("The valley fever has killed 100 people so far, out of thousands of deaths every month.")
    assert claims[0].kind == "current"


def test_a_year_before_a_plain_past_figure_sets_it_in_that_year(claims_of):
    _, claims = claims_of("The last big outbreak came in 1968. Asian flu killed two million people. "
                          "The new fever has killed 30 people in Ostrava.")
    assert [(c.value, c.kind) for c in claims] == [(2_000_000, "historical"), (30, "current")]
    assert "1968" in claims[0].kind_evidence


def test_suspected_and_new_figures_count_something_else(claims_of):
    _, claims = claims_of("The fever is suspected in more than 380 deaths in Ostrava. "
                          "Officials confirmed 12 new cases on Monday. "
                          "The fever has killed 30 people in Ostrava.")
    keys = [(c.value, c.key) for c in claims]
    assert keys == [(380, "people killed (suspected)"), (12, "cases (new)"), (30, "people killed")]
    assert len(series(claims, [])) == 3


# --- sources, places -------------------------------------------------------------

def _entities():
    from storyline.model import CanonicalEntity, Mention

    def entity(name, kind, *aliases):
        return CanonicalEntity(name, kind, tuple(sorted({name, *aliases})), 1, ("a",), (Mention("a", 0, 1, name),))

    return [entity("Velmora Water Authority", "organisation", "VWA"), entity("Ana Roth", "person", "Roth"),
            entity("Coastal Broadcasting Service", "organisation", "CBS"), entity("Lindvik", "place", "LV")]


@pytest.mark.parametrize("words, source", [
    ("the VWA", "Velmora Water Authority"),
    ("Health Minister Ana Roth", "Ana Roth"),
    ("the VWA's latest tally of laboratory-confirmed cases", "Velmora Water Authority"),
    ("the CBS's Ana Roth", "Ana Roth"),  # the person of the phrase, not her employer
    ("health officials", "health officials"),
    ("after health officials", "health officials"),
    ("volunteers from the Red Lantern mission", "volunteers from the Red Lantern mission"),
    ("the UNHCR", "the UNHCR"),  # an acronym the model did not tag still names a body
    ("a good friend of mine", None),
    ("Monday", None),
    ("Lindvik", None),  # a place says nothing: its government is not named
    ("the LV", None),  # nor does its acronym
    ("these reports", None),
])
def test_a_source_is_a_person_or_an_organisation(words, source):
    from storyline.claims.source import Sources

    who, evidence = Sources(_entities()).named(words)
    assert who == source
    if source is None:
        assert "not a person or organisation" in evidence or "names no person or organisation" in evidence
        assert words in evidence


def _placed_doc(doc_id, text, places, published="2031-05-13", outlet=None):
    """A document whose place mentions (GPE) are the given names, found in order."""
    from storyline.model import Entity

    from storyline.model import Sentence

    entities, pos = [], 0
    for name in places:
        start = text.index(name, pos)
        entities.append(Entity(start, start + len(name), "GPE", name))
        pos = start + len(name)
    sentences = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    return Document(id=doc_id, source=doc_id, text=text, published=published, outlet=outlet or doc_id,
                    published_evidence="dateline", entities=tuple(entities), sentences=tuple(sentences))


def test_a_series_counts_one_place_and_unstated_figures_take_the_one_place_named():
    from storyline.claims import number_ledger
    from storyline.entities import canonical_entities

    docs = [
        _placed_doc("a", "The fever has killed 26 people in Ostrava, officials said.", ["Ostrava"]),
        _placed_doc("b", "Velkland has confirmed 3 deaths from the fever, officials said.", ["Velkland"],
                    published="2031-05-14"),
        _placed_doc("c", "Worldwide, 300 people have been killed by the fever, officials said.", [],
                    published="2031-05-15"),
        _placed_doc("d", "The fever had killed 29 people in Ostrava by Monday. Officials said 31 people had "
                         "been killed by Tuesday.", ["Ostrava"], published="2031-05-16"),
    ]
    claims, ledger = number_ledger(docs, canonical_entities(docs))
    by_title = {s.title: [c.value for c in s.claims] for s in ledger}
    assert by_title == {"people killed in Ostrava": [26, 29, 31], "people killed in Velkland": [3],
                        "people killed worldwide": [300]}
    unstated = next(c for c in claims if c.value == 31)
    assert unstated.subject == "Ostrava" and "only place its document names" in unstated.subject_evidence
    assert next(c for c in claims if c.value == 3).subject_evidence.startswith("'Velkland has confirmed")
    # a story that names one place for the count: a report that does not name it counts it too
    one = [docs[0], _placed_doc("e", "Officials said 35 people had been killed by the fever.", [], published="2031-05-17")]
    claims, ledger = number_ledger(one, canonical_entities(one))
    assert [(s.title, [c.value for c in s.claims]) for s in ledger] == [("people killed in Ostrava", [26, 35])]
    assert "only place the story names" in claims[-1].subject_evidence
