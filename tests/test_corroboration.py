"""Where independent outlets report the same figure, speaker or date alike or differently
(storyline.corroboration). Every text here is invented."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from conftest import DEMO, dated_doc

from storyline.claims import number_ledger
from storyline.corroboration import Report, compare_outlets, compare_reports
from storyline.corroboration.stage import CORROBORATION
from storyline.errors import ConfigError
from storyline.model import CanonicalEntity, DuplicateGroup, Passage, Quote, Reprint, SharedQuote, Story
from storyline.stage import Context, NoConfig

MONDAY, TUESDAY, WEDNESDAY = "2024-05-06", "2024-05-07", "2024-05-08"


def doc(doc_id, outlet, published, sentences, duplicate_of=None):
    """A document of ``outlet`` from (sentence, [(expression, value, granularity)]) pairs."""
    d = dated_doc(doc_id, sentences, published, duplicate_of, role="event")
    return replace(d, outlet=outlet)


def story(docs, groups=(), reprints=(), quotes=()):
    claims, series = number_ledger(docs, [])
    return Story(documents=list(docs), events=[], groups=list(groups), reprints=list(reprints),
                 quotes=list(quotes), claims=claims, series=series)


def toll(doc_id, outlet, published, figure, day=None):
    """A document reporting the flood's death toll, as of ``day`` (expression, value)."""
    when = f" on {day[0]}" if day else ""
    sentence = f"The floods in the valley have killed {figure} people{when}, rescuers said."
    return doc(doc_id, outlet, published, [("Rain kept falling over the valley.", []),
                                           (sentence, [(day[0], day[1], "day")] if day else [])])


def figures(comparisons):
    return [c for c in comparisons if c.kind == "figure"]


# --------------------------------------------------------------------------- figures


def test_two_outlets_with_different_tolls_for_one_day_disagree_with_both_sources():
    a = toll("a.txt", "Kessel Post", TUESDAY, "42", ("Monday", MONDAY))
    b = toll("b.txt", "Orlin Herald", TUESDAY, "57", ("Monday", MONDAY))
    [comparison] = figures(compare_outlets(story([a, b])))
    assert comparison.disagree and comparison.day == MONDAY
    assert "killed" in comparison.about
    by_value = {s.value: s for s in comparison.sides}
    assert set(by_value) == {"42", "57"}
    assert [x.document for x in by_value["42"].accounts] == ["a.txt"]
    assert [x.outlet for x in by_value["57"].accounts] == ["Orlin Herald"]
    account = by_value["57"].accounts[0]
    assert "57 people" in account.text and account.text == b.text[account.start:account.end]
    assert "Kessel Post" in comparison.why and "Orlin Herald" in comparison.why


def test_outlets_giving_one_figure_agree_and_are_counted():
    docs = [toll(f"{n}.txt", outlet, TUESDAY, "42", ("Monday", MONDAY))
            for n, outlet in enumerate(["Kessel Post", "Orlin Herald", "Dovrik Times"])]
    [comparison] = figures(compare_outlets(story(docs)))
    assert not comparison.disagree
    [side] = comparison.sides
    assert side.outlets == 3 and len(side.accounts) == 3


def test_one_outlet_alone_is_no_comparison():
    docs = [toll("a.txt", "Kessel Post", TUESDAY, "42", ("Monday", MONDAY)),
            toll("b.txt", "The Kessel Post", TUESDAY, "57", ("Monday", MONDAY))]  # one outlet, twice
    assert figures(compare_outlets(story(docs))) == []


def test_documents_of_no_named_outlet_count_once_per_site():
    a = replace(toll("a.txt", None, TUESDAY, "42", ("Monday", MONDAY)), url="https://www.kessel.example/floods")
    b = replace(toll("b.txt", None, TUESDAY, "57", ("Monday", MONDAY)), url="https://kessel.example/floods-update")
    assert figures(compare_outlets(story([a, b]))) == []  # one site: no second outlet
    c = replace(b, url="https://orlin.example/floods")
    [comparison] = figures(compare_outlets(story([a, c])))
    assert comparison.disagree


def test_a_wire_reprint_is_not_a_second_outlet():
    wire = toll("wire.txt", "Valley Wire", TUESDAY, "42", ("Monday", MONDAY))
    copy = replace(toll("copy.txt", "Orlin Herald", TUESDAY, "42", ("Monday", MONDAY)), duplicate_of="wire.txt")
    group = DuplicateGroup("wire.txt", ("wire.txt", "copy.txt"))
    reprint = Reprint("copy.txt", "wire.txt", "reprint", (Passage("copy.txt", 1, 2, 0, len(copy.text)),))
    assert figures(compare_outlets(story([wire, copy], [group], [reprint]))) == []
    # with an independent third outlet: the copy is listed, but counted once with its wire
    other = toll("other.txt", "Dovrik Times", TUESDAY, "42", ("Monday", MONDAY))
    [comparison] = figures(compare_outlets(story([wire, copy, other], [group], [reprint])))
    [side] = comparison.sides
    assert side.outlets == 2
    assert {x.document for x in side.accounts} == {"wire.txt", "copy.txt", "other.txt"}


def test_a_reprint_that_differs_from_its_wire_is_no_disagreement_between_outlets():
    wire = toll("wire.txt", "Valley Wire", TUESDAY, "42", ("Monday", MONDAY))
    copy = toll("copy.txt", "Orlin Herald", TUESDAY, "45", ("Monday", MONDAY))
    reprint = Reprint("copy.txt", "wire.txt", "reprint", (Passage("copy.txt", 1, 2, 0, len(copy.text)),))
    assert figures(compare_outlets(story([wire, copy], reprints=[reprint]))) == []


def test_a_toll_rising_over_the_days_is_a_series_not_a_disagreement():
    docs = [toll("a.txt", "Kessel Post", MONDAY, "42"), toll("b.txt", "Orlin Herald", TUESDAY, "57"),
            toll("c.txt", "Dovrik Times", WEDNESDAY, "80")]
    assert not [c for c in compare_outlets(story(docs)) if c.disagree]


def test_a_lower_bound_and_a_larger_exact_figure_are_no_disagreement():
    docs = [toll("a.txt", "Kessel Post", TUESDAY, "more than 5,000"), toll("b.txt", "Orlin Herald", TUESDAY, "5,400")]
    assert figures(compare_outlets(story(docs))) == []
    # a lower bound above the exact figure cannot be right with it
    docs = [toll("a.txt", "Kessel Post", TUESDAY, "more than 6,000"), toll("b.txt", "Orlin Herald", TUESDAY, "5,400")]
    [comparison] = figures(compare_outlets(story(docs)))
    assert comparison.disagree


# --------------------------------------------------------------------------- speakers


def _quote(doc_, words, speaker, said_by, resolved_by="named"):
    start = doc_.text.index(words)
    return Quote(doc_.id, start, start + len(words), words, ((start, start + len(words)),), speaker, said_by,
                 "said", resolved_by)


def _entity(name, kind, *aliases):
    return CanonicalEntity(name, kind, tuple(sorted({name, *aliases})), 1, (), ())


PEOPLE = [_entity("Ada Corvin", "person", "Corvin"), _entity("Teo Baran", "person"),
          _entity("Kessel Water Board", "organisation")]


def _speaker_story(second_speaker, resolved_by="named"):
    words = "We will not reopen the dam on the Kessel river before the inquiry publishes its findings"
    a = doc("a.txt", "Kessel Post", TUESDAY, [(f'"{words}," Mayor Ada Corvin said.', [])])
    b = doc("b.txt", "Orlin Herald", TUESDAY, [(f'"{words}," {second_speaker} said.', [])])
    appearances = (_quote(a, words, "Ada Corvin", "Mayor Ada Corvin"),
                   _quote(b, words, second_speaker, second_speaker, resolved_by))
    told = story([a, b], quotes=[SharedQuote(words, "Ada Corvin", ("a.txt", "b.txt"), TUESDAY, (), appearances)])
    return replace(told, entities=PEOPLE)


def test_the_same_words_given_to_different_speakers_disagree():
    [comparison] = [c for c in compare_outlets(_speaker_story("Teo Baran")) if c.kind == "speaker"]
    assert comparison.disagree
    assert sorted(s.value for s in comparison.sides) == ["Ada Corvin", "Teo Baran"]
    assert {a.document for s in comparison.sides for a in s.accounts} == {"a.txt", "b.txt"}


def test_one_speaker_under_two_names_agrees():
    [comparison] = [c for c in compare_outlets(_speaker_story("Corvin")) if c.kind == "speaker"]
    assert not comparison.disagree and comparison.sides[0].outlets == 2


def test_a_speaker_found_through_a_pronoun_is_not_held_against_another_outlet():
    comparisons = compare_outlets(_speaker_story("Teo Baran", resolved_by="pronoun 'he' -> Teo Baran"))
    assert not [c for c in comparisons if c.disagree]


def test_a_person_and_an_organisation_given_the_same_words_are_no_disagreement():
    # the mayor may speak for the board, or the board quote its chair
    assert not [c for c in compare_outlets(_speaker_story("Kessel Water Board")) if c.disagree]


# --------------------------------------------------------------------------- dates

_SIGNING = "Ministers of the two river states signed the Dovrik water treaty at the old customs house {day}."


def _signed(doc_id, outlet, published, day, value, text=_SIGNING):
    sentence = text.format(day=f"on {day}")
    return doc(doc_id, outlet, published, [(sentence, [(day, value, "day")])])


def test_the_same_event_dated_two_days_by_two_outlets_disagrees():
    a = _signed("a.txt", "Kessel Post", WEDNESDAY, "Monday", MONDAY)
    b = _signed("b.txt", "Orlin Herald", WEDNESDAY, "Tuesday", TUESDAY)
    [comparison] = [c for c in compare_outlets(story([a, b])) if c.kind == "date"]
    assert comparison.disagree
    assert sorted(s.value for s in comparison.sides) == [MONDAY, TUESDAY]


def test_a_repeated_event_or_a_day_one_outlet_could_not_report_is_no_date_disagreement():
    again = _SIGNING.replace("signed", "signed again")
    a = _signed("a.txt", "Kessel Post", WEDNESDAY, "Monday", MONDAY, again)
    b = _signed("b.txt", "Orlin Herald", WEDNESDAY, "Tuesday", TUESDAY, again)
    assert not [c for c in compare_outlets(story([a, b])) if c.kind == "date"]
    early = _signed("a.txt", "Kessel Post", MONDAY, "Monday", MONDAY)  # printed before Tuesday
    late = _signed("b.txt", "Orlin Herald", WEDNESDAY, "Tuesday", TUESDAY)
    assert not [c for c in compare_outlets(story([early, late])) if c.kind == "date"]


# --------------------------------------------------------------------------- order and stage


def test_comparisons_do_not_depend_on_the_order_of_documents():
    docs = [toll("a.txt", "Kessel Post", TUESDAY, "42", ("Monday", MONDAY)),
            toll("b.txt", "Orlin Herald", TUESDAY, "57", ("Monday", MONDAY)),
            toll("c.txt", "Dovrik Times", TUESDAY, "42", ("Monday", MONDAY)),
            _signed("d.txt", "Kessel Post", WEDNESDAY, "Monday", MONDAY),
            _signed("e.txt", "Orlin Herald", WEDNESDAY, "Tuesday", TUESDAY)]
    first = compare_outlets(story(docs))
    assert [c.kind for c in first if c.disagree] == ["figure", "date"]
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert compare_outlets(story(shuffled)) == first


def test_the_stage_sets_the_comparisons():
    docs = [toll("a.txt", "Kessel Post", TUESDAY, "42", ("Monday", MONDAY)),
            toll("b.txt", "Orlin Herald", TUESDAY, "57", ("Monday", MONDAY))]
    given = story(docs)
    told = CORROBORATION.run(given, NoConfig(), Context(stage="corroboration"))
    assert told.comparisons == compare_outlets(given) and told.comparisons
    assert given.comparisons == []  # the input is not changed
    assert CORROBORATION.scope == "story" and CORROBORATION.assigns == ("comparisons",)


# --------------------------------------------------------------------------- two reports


def _verdict(a, b, pa=TUESDAY, pb=TUESDAY):
    return compare_reports(Report(a, "Kessel Post", pa), Report(b, "Orlin Herald", pb))


def test_two_reports_of_different_tolls_for_one_day_disagree_on_the_figure():
    v = _verdict("Floods in the valley have killed 42 people, the governor said on Monday.",
                 "The death toll from the floods stood at 57 on Monday, according to the Red Cross.")
    assert (v.kind, v.about) == ("disagree", "figure")
    assert "42" in v.why and "57" in v.why


def test_two_reports_of_one_toll_agree_and_a_bound_is_no_disagreement():
    assert _verdict("Floods in the valley have killed 42 people, officials said.",
                    "The floods have killed 42 people in the valley, rescuers said.").kind == "agree"
    v = _verdict("More than 5,000 people have been killed in the fighting, the agency says.",
                 "The agency says 5,400 people have been killed in the fighting.")
    assert v.kind == "agree" and "may both be right" in v.why  # compatible as written, no disagreement


def test_two_numbers_from_one_source_or_two_estimates_disagree():
    v = _verdict("At least 233 people have been killed in the protests, according to Lantern Watch.",
                 "Lantern Watch said at least 223 people have been killed in the protests.")
    assert (v.kind, v.about) == ("disagree", "figure")
    # "up to" a number in a report is the suspected count, not a ceiling
    v = _verdict("The fever has killed up to 149 people in the province.",
                 "The fever has killed 152 people in the province, officials said.")
    assert v.kind == "disagree"
    v = _verdict("The fever has killed up to 149 people in the province.",
                 "The fever may have killed as many as 149 people in the province.")
    assert v.kind == "agree"


def test_two_reports_of_different_days_are_a_series():
    v = _verdict("Floods in the valley have killed 42 people, officials said.",
                 "Floods in the valley have killed 90 people, officials said.", pa=MONDAY, pb="2024-05-20")
    assert v.kind == "unrelated"


def test_two_reports_giving_one_quote_to_two_speakers_disagree():
    v = _verdict('"We will not raise taxes this year," Finance Minister Ada Corvin said.',
                 '"We will not raise taxes this year," Prime Minister Teo Baran said.')
    assert (v.kind, v.about) == ("disagree", "speaker")
    v = _verdict('"We will not raise taxes this year," said Ada Corvin.',
                 '"We will not raise taxes this year," Corvin told reporters.')
    assert (v.kind, v.about) == ("agree", "speaker")


def test_two_reports_dating_one_event_differently_disagree_on_the_date():
    v = _verdict(_SIGNING.format(day="on Monday"), _SIGNING.format(day="on Tuesday"), pa=WEDNESDAY, pb=WEDNESDAY)
    assert (v.kind, v.about) == ("disagree", "date")
    v = _verdict(_SIGNING.format(day="on Monday"), _SIGNING.format(day="on Monday"), pa=WEDNESDAY, pb="2024-05-09")
    assert (v.kind, v.about) == ("agree", "date")


def test_a_report_with_no_real_day_is_refused_in_one_line():
    with pytest.raises(ConfigError, match=r"^report of Orlin Herald: published '2024-13-01' is not a day"):
        _verdict("Floods killed 42 people.", "Floods killed 57 people.", pb="2024-13-01")


def test_reports_about_different_things_are_unrelated():
    v = _verdict("The ministers met in Dovrik on Monday.", "Heavy rain closed the port of Kellan on Monday.")
    assert v.kind == "unrelated"


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo():
    from storyline.pipeline import build

    return build([DEMO]).story


def test_the_demo_wire_copy_counts_once_and_its_revised_count_is_no_disagreement(demo):
    comparisons = compare_outlets(demo)
    docs = {d.id: d for d in demo.documents}
    [source] = {d.duplicate_of for d in demo.documents if d.duplicate_of}  # the demo's wire story
    wire = {source} | {d.id for d in demo.documents if d.duplicate_of}
    assert len(wire) == 2 and docs[source].outlet not in {docs[d].outlet for d in wire - {source}}
    carried = [s for c in comparisons for s in c.sides if wire <= {a.document for a in s.accounts}]
    assert carried, "the wire story's figure is reported by other outlets too"
    for side in carried:  # the reprint counts as its source's outlet, not its own
        others = {a.outlet for a in side.accounts if a.document not in wire}
        assert side.outlets == len(others | {docs[source].outlet})
    for c in comparisons:
        for side in c.sides:
            assert side.outlets >= 1
            for a in side.accounts:
                assert a.text == docs[a.document].text[a.start:a.end] and a.value in a.text
    # the hospital count rises from 12 to more than 40 and is revised to 38 over the days: a series, no
    # disagreement; the demo's one figure disagreement is within a day (9 Sept, 26 against 31: examples/README.md)
    assert [c.day for c in comparisons if c.kind == "figure" and c.disagree] == ["2025-09-09"]
    assert [c for c in comparisons if c.kind == "figure" and c.sides[0].outlets >= 3]


def test_the_demo_build_lists_the_hospital_count_two_outlets_give_differently(demo):
    from storyline.render.markdown import render_markdown

    # examples/README.md: on 9 Sept Sallow Valley Radio gives the hospital's early 26, the MPA wire the authority's 31
    [differ] = [c for c in demo.comparisons if c.disagree]
    assert (differ.kind, differ.day) == ("figure", "2025-09-09")
    outlets = {s.value: {a.outlet for a in s.accounts} for s in differ.sides}
    assert outlets["26"] == {"Sallow Valley Radio"}
    assert {"Sallowdale Courier", "Tarnbridge Herald"} <= outlets["31"]  # the wire's two reprints
    assert [s.value for s in differ.sides] == ["31", "26"]  # the side more independent outlets give first
    assert "Sallow Valley Radio 26" in differ.why and "Tarnbridge Herald" in differ.why
    shown = render_markdown(demo).split("## Where outlets differ", 1)[1]
    assert "**26** (1 independent outlet): Sallow Valley Radio 16_" in shown
    assert "**31** (" in shown and "Tarnbridge Herald 04_" in shown
