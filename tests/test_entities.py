"""Canonical entities: name cleaning, joining rules, furniture, determinism (invented text)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from storyline.entities import CanonicalEntity, canonical_entities, resolve
from storyline.entities.furniture import Furniture
from storyline.entities.names import acronym, as_acronym, clean_name, is_title, name_key, role_before
from storyline.model import Document, Entity, RemovedLine


def doc(doc_id: str, text: str, tags: list[tuple[str, str]], removed: tuple[str, ...] = (),
        duplicate_of: str | None = None) -> Document:
    """A document whose entities are the given (surface, label) pairs, found in order."""
    entities, pos = [], 0
    for surface, label in tags:
        start = text.index(surface, pos)
        entities.append(Entity(start, start + len(surface), label, surface))
        pos = start + len(surface)
    return Document(id=doc_id, source=doc_id, text=text, entities=tuple(entities),
                    removed=tuple(RemovedLine(r, "page widget or menu") for r in removed),
                    duplicate_of=duplicate_of)


def by_name(entities: list[CanonicalEntity]) -> dict[str, CanonicalEntity]:
    return {e.name: e for e in entities}


# --- names -------------------------------------------------------------------------

@pytest.mark.parametrize("text, person, expected", [
    ("President Bashar al-Assad's", True, ("Bashar al-Assad", "President")),
    ("Foreign Minister Mara Kolv", True, ("Mara Kolv", "Foreign Minister")),
    ("Russian President Ivo Tamm", True, ("Ivo Tamm", "President")),
    ("Secretary of State Lena Brook", True, ("Lena Brook", "Secretary of State")),
    ("Mr. Olsen", True, ("Olsen", "Mr.")),
    ("Kolv’s", True, ("Kolv", "")),
    ("the Harbour Council's", False, ("Harbour Council", "")),
    ("Brackens'", False, ("Brackens", "")),
    ("U.S.", False, ("U.S.", "")),
    ("President", True, ("President", "")),  # a name keeps at least one word
    ("President Street", False, ("President Street", "")),  # titles are stripped from people only
])
def test_clean_name(text, person, expected):
    assert clean_name(text, person=person) == expected


def test_name_key_ignores_case_dots_and_particles():
    assert name_key("Bashar al-Assad", person=True) == name_key("Bashar Al-Assad", person=True) \
        == name_key("Bashar Assad", person=True) == ("bashar", "assad")
    assert name_key("al-Assad", person=True) == ("assad",)
    assert name_key("Anna van Dijk", person=True) == ("anna", "dijk")
    assert name_key("U.N. Harbour Council") == name_key("UN Harbour Council") == ("un", "harbour", "council")


def test_acronyms():
    assert acronym("United Nations") == "UN"
    assert acronym("League of Coastal States") == "LCS"
    assert acronym("Harbour") is None and acronym("the harbour council") is None
    assert as_acronym("U.N.") == "UN" and as_acronym("UN") == "UN" and as_acronym("USDA") == "USDA"
    assert as_acronym("Un") is None and as_acronym("NATIONAL LEAGUE") is None


def test_role_before_and_titles():
    text = "Velorian Foreign Minister Mara Kolv said. Talks with Lena Brook ended."
    assert role_before(text, text.index("Mara")) == "Foreign Minister"
    assert role_before(text, text.index("Lena")) == ""
    assert is_title("State") and is_title("Prime Minister") and not is_title("Harbour Council")


# --- joining ----------------------------------------------------------------------

def test_surname_particles_titles_and_possessives_join():
    docs = [
        doc("a", "President Tarek al-Mansour spoke. Mansour's army moved.",
            [("Tarek al-Mansour", "PERSON"), ("Mansour's", "PERSON")]),
        doc("b", "Critics of Tarek Mansour met. Al-Mansour refused.",
            [("Tarek Mansour", "PERSON"), ("Al-Mansour", "PERSON")]),
    ]
    [person] = canonical_entities(docs)
    assert person.name == "Tarek al-Mansour"
    assert person.type == "person"
    assert person.aliases == ("Al-Mansour", "Mansour", "Tarek Mansour", "Tarek al-Mansour")
    assert person.mentions == 4 and person.documents == ("a", "b")
    assert person.roles == ("President",)
    assert [(m.document, docs[0 if m.document == "a" else 1].text[m.start:m.end]) for m in person.spans][0] \
        == ("a", "Tarek al-Mansour")


def test_ambiguous_surname_stays_apart():
    docs = [doc("a", "Omar Kell and Dana Kell met. Kell left.",
                [("Omar Kell", "PERSON"), ("Dana Kell", "PERSON"), ("Kell", "PERSON")])]
    names = by_name(canonical_entities(docs))
    assert set(names) == {"Omar Kell", "Dana Kell", "Kell"}


def test_acronyms_join_written_out_name_dotted_or_not():
    docs = [
        doc("a", "The United Nations said the U.N. would vote.", [("The United Nations", "ORG"), ("U.N.", "ORG")]),
        doc("b", "The UN Harbour Council met. The Harbour Council voted. UN envoys left.",
            [("The UN Harbour Council", "ORG"), ("The Harbour Council", "ORG"), ("UN", "ORG")]),
        doc("c", "The United Nations Harbour Council voted.", [("The United Nations Harbour Council", "ORG")]),
    ]
    names = by_name(canonical_entities(docs))
    assert names["United Nations"].aliases == ("U.N.", "UN", "United Nations")
    assert names["United Nations"].mentions == 3
    council = names["United Nations Harbour Council"]
    assert council.aliases == ("Harbour Council", "UN Harbour Council", "United Nations Harbour Council")
    assert council.type == "organisation"


def test_acronym_with_two_candidates_stays_apart():
    docs = [doc("a", "Union of Nations and United Newsagents. UN spoke.",
                [("Union of Nations", "ORG"), ("United Newsagents", "ORG"), ("UN", "ORG")])]
    assert "UN" in by_name(canonical_entities(docs))


def test_capital_is_not_its_country_and_majority_type_wins():
    docs = [doc("a", "Velor said Kolv met Kolv in Velorgrad. Kolv said Kolv was in Velor.",
                [("Velor", "GPE"), ("Kolv", "PERSON"), ("Kolv", "ORG"), ("Velorgrad", "GPE"),
                 ("Kolv", "PERSON"), ("Kolv", "PERSON"), ("Velor", "GPE")])]
    names = by_name(canonical_entities(docs))
    assert names["Velor"].type == "place" and names["Velorgrad"].type == "place"
    assert names["Kolv"].type == "person" and names["Kolv"].mentions == 4


def test_norp_left_out_unless_asked():
    docs = [doc("a", "The Velorian government and Velor talked.", [("Velorian", "NORP"), ("Velor", "GPE")])]
    assert [e.name for e in canonical_entities(docs)] == ["Velor"]
    assert {(e.name, e.type) for e in canonical_entities(docs, groups=True)} == {("Velor", "place"), ("Velorian", "group")}


def test_title_words_tagged_org_are_dropped():
    text = "Secretary of State Lena Brook and Deputy Defense Minister Ivo Tamm met."
    docs = [doc("a", text, [("State", "ORG"), ("Lena Brook", "PERSON"), ("Defense", "ORG"), ("Ivo Tamm", "PERSON")])]
    entities, dropped = resolve(docs)
    assert {e.name: e.roles for e in entities} == {"Lena Brook": ("Secretary of State",),
                                                   "Ivo Tamm": ("Deputy Defense Minister",)}
    assert [d.text for d in dropped] == ["State", "Defense"]


# --- furniture -------------------------------------------------------------------

def test_page_words_are_furniture():
    docs = [doc("a", "Latest News\nHome\nThe Harbour Council met in Velor on Monday to vote.",
                [("Latest News", "ORG"), ("Home", "ORG"), ("Harbour Council", "ORG"), ("Velor", "GPE")])]
    entities, dropped = resolve(docs)
    assert {e.name for e in entities} == {"Harbour Council", "Velor"}
    assert [d.reason for d in dropped] == ["page word 'Latest News'", "page word 'Home'"]


def test_capitalised_short_line_is_furniture_but_not_in_a_sentence():
    docs = [doc("a", "WORLD NEWS\nVELOR\nVELOR and Kolv talked for an hour on the harbour today.",
                [("WORLD NEWS", "ORG"), ("VELOR", "GPE"), ("VELOR", "GPE"), ("Kolv", "PERSON")])]
    entities, dropped = resolve(docs)
    assert by_name(entities)["VELOR"].mentions == 1  # the one in the sentence
    assert len(dropped) == 2 and all("capitalised short line" in d.reason or "page word" in d.reason for d in dropped)


def test_short_line_in_several_independent_documents_is_furniture():
    body = "\nKolv met the Harbour Council in Velor on Monday to talk about ships."
    a = doc("a", "Coastal Gazette" + body, [("Coastal Gazette", "ORG"), ("Kolv", "PERSON")])
    b = doc("b", "Coastal Gazette\nBrook told the Harbour Council nothing new at all today.",
            [("Coastal Gazette", "ORG"), ("Brook", "PERSON")])
    entities, dropped = resolve([a, b])
    assert "Coastal Gazette" not in by_name(entities)
    assert {d.document for d in dropped} == {"a", "b"}
    # a reprint repeating its original's line is not a second witness
    copy = doc("c", "Coastal Gazette" + body, [("Coastal Gazette", "ORG"), ("Kolv", "PERSON")], duplicate_of="a")
    assert "Coastal Gazette" in by_name(canonical_entities([a, copy]))


def test_line_removed_as_furniture_elsewhere_is_furniture():
    a = doc("a", "Velor\nKolv met the council in Velor on Monday to talk about ships.",
            [("Velor", "GPE"), ("Kolv", "PERSON"), ("Velor", "GPE")])
    b = doc("b", "Brook told the council nothing new at all today.", [("Brook", "PERSON")], removed=("- Velor",))
    entities, dropped = resolve([a, b])
    assert by_name(entities)["Velor"].mentions == 1
    assert "removed as furniture" in dropped[0].reason
    assert Furniture([a]).reason(a, a.entities[0], "Velor") is None  # without b's removed line


def test_marks_and_line_breaks_are_not_names():
    docs = [doc("a", "Share | Tweet\nThe Harbour\nCouncil met.", [("Share | Tweet", "ORG"), ("Harbour\nCouncil", "ORG")])]
    entities, dropped = resolve(docs)
    assert entities == []
    assert [d.reason for d in dropped] == ["not a name (no letter, or marks such as | © @ or a web address)",
                                           "crosses a line break"]


# --- output ----------------------------------------------------------------------

def test_sorted_and_deterministic():
    docs = [
        doc("b", "Kolv and Brook met. Brook left. Velor waited.", [("Kolv", "PERSON"), ("Brook", "PERSON"),
                                                                    ("Brook", "PERSON"), ("Velor", "GPE")]),
        doc("a", "Kolv spoke in Velor.", [("Kolv", "PERSON"), ("Velor", "GPE")]),
    ]
    first = canonical_entities(docs)
    assert [(e.name, e.mentions) for e in first] == [("Brook", 2), ("Kolv", 2), ("Velor", 2)]
    assert first == canonical_entities(list(reversed(docs)))
    assert first[1].documents == ("a", "b")
    d = first[0].to_dict()
    assert set(d) >= {"name", "type", "aliases", "documents", "mentions", "spans", "roles"}
    assert d["spans"] == [["b", 9, 14], ["b", 20, 25]]
    assert all(re.fullmatch(r"[a-z]+", e.type) for e in first)


@pytest.mark.slow
def test_the_seeds_name_each_person_once_under_all_their_names():
    """The build's timeline.json lists one entry per real-world entity with its aliases."""
    from conftest import SEEDS

    if not SEEDS.exists():
        pytest.skip(f"test data not found: {SEEDS} (../shared is absent)")
    from storyline.pipeline import build

    story = build([SEEDS])
    entities = {e["name"]: e for e in story.to_dict()["entities"]}
    assert {"Assad", "Bashar Assad"} <= set(entities["Bashar al-Assad"]["aliases"])
    assert "Lavrov" in entities["Sergei Lavrov"]["aliases"] and entities["Sergei Lavrov"]["type"] == "person"
    assert "UN" in entities["United Nations"]["aliases"]
    assert "Moscow" in entities and "Moscow" not in entities["Russia"]["aliases"]
    named = [a for e in entities.values() for a in e["aliases"]]
    assert len(named) == len(set(named)), "an alias belongs to one entity"


def test_canonical_name_reads_words_the_way_entities_are_named():
    from storyline.entities import canonical_name
    from storyline.model import Mention

    un = CanonicalEntity("United Nations", "organisation", ("UN", "United Nations"), 2, ("a",), (Mention("a", 0, 2, "UN"),))
    vosk = CanonicalEntity("Petra Vosk", "person", ("Petra Vosk", "Vosk"), 1, ("a",), (Mention("a", 9, 19, "Petra Vosk"),))
    assert canonical_name("the UN", [un, vosk]) == "United Nations"
    assert canonical_name("Judge Vosk", [un, vosk]) == "Petra Vosk"
    assert canonical_name("the health authority", [un, vosk]) is None and canonical_name(None, [un]) is None


def test_outlet_name_pieces_and_lowercase_words_are_not_entities():
    text = "By Anna Roth, Harbour Herald\nThe weir at Kessel failed, Councillor Ivo Tamm said."
    d = replace(doc("a", text, [("Anna Roth", "PERSON"), ("Herald", "PERSON"), ("weir", "ORG"),
                                ("Kessel", "GPE"), ("Councillor Ivo Tamm", "PERSON")]), outlet="Harbour Herald")
    entities, dropped = resolve([d])
    assert sorted(e.name for e in entities) == ["Anna Roth", "Ivo Tamm", "Kessel"]
    assert by_name(entities)["Ivo Tamm"].roles == ("Councillor",)
    reasons = {x.text: x.reason for x in dropped}
    assert "outlet name 'Harbour Herald'" in reasons["Herald"] and "no capital letter" in reasons["weir"]


def test_a_surname_tagged_as_an_organisation_joins_its_one_person():
    a = doc("a", "Mayor Ilse Marrow opened City Hall in Velmora.", [("Ilse Marrow", "PERSON"), ("Velmora", "GPE")])
    b = doc("b", "Marrow said Velmora City Hall would stay open; City Hall staff agreed.",
            [("Marrow", "ORG"), ("Velmora City Hall", "FAC"), ("City Hall", "FAC")])
    entities = by_name(canonical_entities([a, b]))
    assert entities["Ilse Marrow"].aliases == ("Ilse Marrow", "Marrow") and entities["Ilse Marrow"].type == "person"
    assert entities["Velmora City Hall"].aliases == ("City Hall", "Velmora City Hall")
    # two people with the surname: it stays on its own
    c = doc("c", "Tom Marrow disagreed.", [("Tom Marrow", "PERSON")])
    assert "Marrow" in by_name(canonical_entities([a, b, c]))
