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
    assert name_key("U.N. Harbour Council") == name_key("UN Harbour Council") == name_key("UN Harbor Council")
    assert name_key("UN Harbour Council") == ("un", "harbor", "council")


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
    docs = [doc("a", "Velor said Kolv met Kolv in Velorgrad. Kolv said Ivo Kolv was in Velor.",
                [("Velor", "GPE"), ("Kolv", "PERSON"), ("Kolv", "ORG"), ("Velorgrad", "GPE"),
                 ("Kolv", "PERSON"), ("Ivo Kolv", "PERSON"), ("Velor", "GPE")])]
    names = by_name(canonical_entities(docs))
    assert names["Velor"].type == "place" and names["Velorgrad"].type == "place"
    assert names["Ivo Kolv"].type == "person" and names["Ivo Kolv"].mentions == 4


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
    docs = [doc("a", "WORLD NEWS\nVELOR\nVELOR and Ivo Kolv talked for an hour on the harbour today.",
                [("WORLD NEWS", "ORG"), ("VELOR", "GPE"), ("VELOR", "GPE"), ("Ivo Kolv", "PERSON")])]
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
    text = "Ivo Kolv and Ana Brook met. Brook left. Velor waited."
    docs = [
        doc("b", text, [("Ivo Kolv", "PERSON"), ("Ana Brook", "PERSON"), ("Brook", "PERSON"), ("Velor", "GPE")]),
        doc("a", "Kolv spoke in Velor.", [("Kolv", "PERSON"), ("Velor", "GPE")]),
    ]
    first = canonical_entities(docs)
    assert [(e.name, e.mentions) for e in first] == [("Ana Brook", 2), ("Ivo Kolv", 2), ("Velor", 2)]
    assert first == canonical_entities(list(reversed(docs)))
    assert first[1].documents == ("a", "b")
    d = first[0].to_dict()
    assert set(d) >= {"name", "type", "aliases", "documents", "mentions", "spans", "roles"}
    full, short = text.index("Ana Brook"), text.index("Brook left")
    assert d["spans"] == [["b", full, full + len("Ana Brook")], ["b", short, short + len("Brook")]]
    assert all(re.fullmatch(r"[a-z]+", e.type) for e in first)


@pytest.mark.slow
def test_the_seeds_name_each_person_once_under_all_their_names():
    """The build's timeline.json lists one entry per real-world entity with its aliases."""
    from conftest import SEEDS

    if not SEEDS.exists():
        pytest.skip(f"test data not found: {SEEDS} (../shared is absent)")
    from storyline.pipeline import build

    story = build([SEEDS]).story
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


# --- one entity per real-world entity (spellings, titles, acronyms) --------------------

def test_british_and_american_spellings_are_one_name():
    assert name_key("Velmora Water Organisation") == name_key("Velmora Water Organization")
    assert name_key("Harbour Defence Centre") == name_key("Harbor Defense Center")
    assert name_key("José Córdova", person=True) == name_key("Jose Cordova", person=True)
    docs = [doc("a", "The Velmora Water Organisation met. The Velmora Water Organization voted. "
                     "The Velmora Water Organisation left.",
                [("The Velmora Water Organisation", "ORG"), ("The Velmora Water Organization", "ORG"),
                 ("The Velmora Water Organisation", "ORG")])]
    [org] = canonical_entities(docs)
    assert org.aliases == ("Velmora Water Organisation", "Velmora Water Organization")
    assert org.name == "Velmora Water Organisation"  # the form written most often
    assert org.mentions == 3


def test_title_and_surname_join_the_one_full_name_whatever_the_label():
    text = "Dr Ilse Kessa of the agency spoke. Dr Kessa said more. Kessa left. Mr Obrin agreed."
    docs = [doc("a", text, [("Ilse Kessa", "PERSON"), ("Dr Kessa", "ORG"), ("Kessa", "ORG"), ("Mr Obrin", "ORG")])]
    names = by_name(canonical_entities(docs))
    kessa = names["Ilse Kessa"]
    assert kessa.type == "person" and kessa.mentions == 3 and kessa.roles == ("Dr",)
    assert names["Obrin"].type == "person" and names["Obrin"].roles == ("Mr",)
    # with two people of that surname, "Dr Kessa" stays apart; a shared office decides
    two = "Ilse Kessa and President Tom Kessa met. Dr Kessa left."
    names = by_name(canonical_entities([doc("b", two, [("Ilse Kessa", "PERSON"), ("Tom Kessa", "PERSON"),
                                                       ("Dr Kessa", "PERSON")])]))
    assert set(names) == {"Ilse Kessa", "Tom Kessa", "Kessa"} and names["Kessa"].roles == ("Dr",)
    office = two.replace("Dr Kessa", "President Kessa")
    names = by_name(canonical_entities([doc("c", office, [("Ilse Kessa", "PERSON"), ("Tom Kessa", "PERSON"),
                                                          ("President Kessa", "PERSON")])]))
    assert set(names) == {"Ilse Kessa", "Tom Kessa"} and names["Tom Kessa"].mentions == 2


def test_a_name_without_its_middle_name_is_the_same_person():
    docs = [doc("a", "Health Minister Jose Angel Oruna spoke. Jose Oruna later said Oruna would stay.",
                [("Jose Angel Oruna", "PERSON"), ("Jose Oruna", "PERSON"), ("Oruna", "PERSON")])]
    [person] = canonical_entities(docs)
    assert person.name == "Jose Angel Oruna" and person.mentions == 3


def test_an_acronym_joins_the_name_written_beside_it():
    text = ("The Harbour Safety Board (HSB) met. Hill Sheep Breeders disagreed. HSB said no. "
            "VWA, the Velmora Water Authority, agreed. The VWA met again.")
    docs = [doc("a", text, [("The Harbour Safety Board (HSB", "ORG"), ("Hill Sheep Breeders", "ORG"),
                            ("HSB", "ORG"), ("VWA", "ORG"), ("the Velmora Water Authority", "ORG"), ("VWA", "ORG")])]
    names = by_name(canonical_entities(docs))
    # two names have the initials HSB; the one written beside it wins
    assert names["Harbour Safety Board"].aliases == ("HSB", "Harbour Safety Board")
    assert names["Hill Sheep Breeders"].mentions == 1
    assert names["Velmora Water Authority"].aliases == ("VWA", "Velmora Water Authority")
    assert names["Velmora Water Authority"].mentions == 3


def test_initials_join_a_name_of_the_same_type_and_the_full_name_is_canonical():
    text = ("Talks in the United States went on. The US said no. Sallow University of Sydney staff met. "
            "Officials in the U.S. agreed. Storms Hit Us Again")
    docs = [doc("a", text, [("the United States", "GPE"), ("US", "GPE"), ("University of Sydney", "ORG"),
                            ("U.S.", "GPE"), ("Us", "GPE")])]
    entities, dropped = resolve(docs)
    names = by_name(entities)
    assert names["United States"].aliases == ("U.S.", "US", "United States")
    assert "Us" not in names and "University of Sydney" in names
    assert any(d.text == "Us" and "function word" in d.reason for d in dropped)


@pytest.mark.parametrize("surface, label, reason", [
    ("RRB", "ORG", "tokenizer debris"),
    ("-LRB-", "ORG", "tokenizer debris"),
    ("We", "ORG", "function word"),
    ("It", "PERSON", "function word"),
    ("Swine Flu", "PERSON", "illness"),
    ("Marsh Fever", "ORG", "illness"),
    ("H1N1", "PERSON", "code"),
    ("K7Q2", "ORG", "code"),
    ("Two Britons", "PERSON", "a count"),
    ("BST", "ORG", "time zone"),
])
def test_words_that_are_not_names_are_never_entities(surface, label, reason):
    text = f"Reports said {surface} was on the list on Monday."
    entities, dropped = resolve([doc("a", text, [(surface, label)])])
    assert entities == []
    assert len(dropped) == 1 and reason in dropped[0].reason


def test_glued_credits_clocks_and_brackets_are_cut_off():
    assert clean_name("Anna Tovar/AP Ilse Marrow", person=True) == ("Ilse Marrow", "")
    assert clean_name("Joe Raedle/Getty Images", person=True)[0] == ""
    assert clean_name("BST Ilse Marrow", person=True) == ("Ilse Marrow", "")
    assert clean_name("the Velmora Water Authority (VWA")[0] == "Velmora Water Authority"
    assert clean_name("Olaf Brenn of Sallow Chemicals", person=True)[0] == "Olaf Brenn"


def test_a_word_the_story_writes_in_lower_case_is_no_name_but_a_surname_stays():
    text = ("Pigs were moved. The pigs ate. Farmers sold pigs and more pigs. "
            "Reporter Matthew Price said the price of pigs fell, and the price rose. Price left.")
    docs = [doc("a", text, [("Pigs", "ORG"), ("Matthew Price", "PERSON"), ("Price", "PERSON")])]
    entities, dropped = resolve(docs)
    assert [(e.name, e.mentions) for e in entities] == [("Matthew Price", 2)]
    assert "common word" in dropped[0].reason and dropped[0].text == "Pigs"


def test_an_acronym_in_running_text_stays_though_its_letters_are_a_common_word():
    text = "WHO said so. Officials who met the WHO agreed, and those who left said the WHO was right."
    docs = [doc("a", text, [("WHO", "ORG"), ("WHO", "ORG"), ("WHO", "ORG")])]
    assert [(e.name, e.mentions) for e in canonical_entities(docs)] == [("WHO", 3)]
    shouted = "SWINE FEARS GROW IN VELOR\nThe swine were moved, and swine fell ill."
    assert canonical_entities([doc("b", shouted, [("SWINE", "ORG")])]) == []


def test_a_lone_word_never_named_as_a_person_is_not_one():
    text = "Patients took Zelvan. Zelvan is a pill. Dr Orla Finch said Finch approved of Zelvan."
    docs = [doc("a", text, [("Zelvan", "PERSON"), ("Zelvan", "PERSON"), ("Orla Finch", "PERSON"),
                            ("Finch", "PERSON"), ("Zelvan", "PERSON")])]
    entities, dropped = resolve(docs)
    assert [e.name for e in entities] == ["Orla Finch"]
    assert {d.text for d in dropped} == {"Zelvan"} and all("not established as a person" in d.reason for d in dropped)


def test_the_canonical_name_is_the_most_complete_common_form():
    text = ("The Velmora Water Authority met. Sallow Velmora Water Authority staff came. "
            "The Velmora Water Authority voted. The Velmora Water Authority left.")
    docs = [doc("a", text, [("The Velmora Water Authority", "ORG"), ("Sallow Velmora Water Authority", "ORG"),
                            ("The Velmora Water Authority", "ORG"), ("The Velmora Water Authority", "ORG")])]
    # the longer form, once beside three of the other, is not the common form
    [org] = canonical_entities(docs)
    assert org.name == "Velmora Water Authority" and org.mentions == 4
