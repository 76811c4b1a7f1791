"""Positions: how two statements of one speaker stand to each other (relate), and each
speaker's statements grouped by question with shifts and reiterations marked
(find_positions, the positions stage). All texts are invented."""

from __future__ import annotations

from dataclasses import replace

import pytest

import storyline
from storyline.model import Position, SharedQuote, Story
from storyline.positions import Said, find_positions, relate, statements_of
from storyline.positions.stage import POSITIONS
from storyline.stage import Context, NoConfig

MAYOR = "Ida Venn"


def said(text: str, day: str, speaker: str = MAYOR) -> Said:
    return Said(text, speaker, day)


def test_a_negation_flip_is_a_shift_and_why_quotes_both_sides():
    relation = relate(said("We will support the new harbour plan.", "2025-03-03"),
                      said("We will not support the new harbour plan.", "2025-04-08"))
    assert relation.kind == "shift"
    assert "not" in relation.changed and "support" in relation.changed
    assert "'We will support the new harbour plan' (3 March 2025)" in relation.why
    assert "'We will not support the new harbour plan' (8 April 2025)" in relation.why


def test_why_names_the_modal_verbs_that_changed():
    relation = relate(said("The ferry tax must rise by the end of June.", "2025-01-02"),
                      said("The ferry tax should rise by the end of June.", "2025-02-02"))
    assert relation.kind == "shift"
    assert relation.changed == ("must", "should")
    assert "'must' → 'should'" in relation.why


def test_opposite_verbs_and_a_changed_order_of_moving_are_shifts():
    opposed = relate(said("We support the ferry plan for the north quay.", "2025-01-02"),
                     said("We oppose the ferry plan for the north quay.", "2025-02-02"))
    assert opposed.kind == "shift" and opposed.changed == ("support", "oppose")
    first = relate(said("Both sides must stop firing at once.", "2025-01-02", "Ada Quell"),
                   said("The army should make the first move and stop firing.", "2025-02-02", "Ada Quell"))
    assert first.kind == "shift" and set(first.changed) == {"both", "first"}


def test_a_negative_word_counts_as_a_negation():
    relation = relate(said("A deal on the quay is possible this year.", "2025-01-02"),
                      said("A deal on the quay is impossible this year.", "2025-02-02"))
    assert relation.kind == "shift"
    assert "impossible" in relation.changed


def test_the_same_claim_again_is_a_reiteration():
    relation = relate(said("We will not support the new harbour plan.", "2025-04-08"),
                      said("We will still not support the harbour plan in its new form.", "2025-05-02"))
    assert relation.kind == "reiteration"
    assert relation.changed == ()
    assert "harbour" in relation.why


def test_statements_on_different_questions_are_unrelated():
    relation = relate(said("We will support the new harbour plan.", "2025-03-03"),
                      said("The library will open on Sundays from next month.", "2025-03-09"))
    assert relation.kind == "unrelated"


def test_a_contrastive_not_does_not_deny_the_claim():
    """"next spring, not this summer" moves a date; it does not deny that the bridge opens."""
    relation = relate(said("The bridge toll will be halved when the bridge opens.", "2025-02-01"),
                      said("The bridge will open next spring, not this summer.", "2025-03-01"))
    assert relation.kind != "shift" or "not" not in relation.changed


def test_a_moved_date_is_a_shift_but_a_precise_one_is_not():
    moved = relate(said("The new bridge over the Orle will be finished by the summer.", "2025-02-01"),
                   said("The new bridge over the Orle will be finished next spring.", "2025-03-01"))
    assert moved.kind == "shift" and "summer" in moved.changed
    precise = relate(said("The new banknotes will reach the banks in the autumn.", "2025-01-15"),
                     said("The new banknotes will reach the banks in October.", "2025-04-09"))
    assert precise.kind != "shift"


def test_opposites_said_of_different_things_are_no_shift():
    relation = relate(said("We will continue drilling in the bay.", "2025-01-02"),
                      said("We must stop the leak in the bay.", "2025-02-02"))
    assert relation.kind != "shift"


def test_a_flip_on_another_object_is_no_shift():
    relation = relate(said("We will not pay any dividends to our shareholders this year.", "2025-06-17"),
                      said("We will pay all fair claims from the fishermen.", "2025-06-21"))
    assert relation.kind != "shift"


def test_a_position_taken_after_it_was_held_open_and_a_dropped_condition_are_shifts():
    taken = relate(said("It is too early to say whether the old bridge is safe.", "2025-01-02"),
                   said("The old bridge is safe for lorries.", "2025-02-02"))
    assert taken.kind == "shift" and "too early to say" in taken.changed
    dropped = relate(said("We will talk to the strikers only if they end the blockade.", "2025-01-02"),
                     said("We will talk to the strikers without preconditions.", "2025-02-02"))
    assert dropped.kind == "shift" and dropped.changed == ("only if", "without preconditions")


def test_unsure_pairs_are_never_called_a_shift():
    """Same question, nothing that says how they differ: unsure, not a guess."""
    relation = relate(said("The harbour plan needs more money from the region.", "2025-01-02"),
                      said("The harbour plan will bring ferries and jobs to the town.", "2025-02-02"))
    assert relation.kind in ("unsure", "unrelated")


ARTICLES = {
    "a1.txt": ("2025-03-03", "Harbour plan wins the mayor's backing\n\n"
               "Mayor Ida Venn backed the new harbour plan on Monday.\n\n"
               "\"We will support the new harbour plan,\" Venn told the council in Orlet.\n\n"
               "The plan would widen the quay and add two berths for ferries.\n\n"
               "\"The school roof will be repaired before the winter,\" Venn said.\n"),
    "a2.txt": ("2025-04-08", "Mayor turns against the harbour plan\n\n"
               "Mayor Ida Venn withdrew her backing for the harbour plan on Tuesday after a costly survey.\n\n"
               "\"We will not support the new harbour plan,\" Venn told reporters outside the town hall in Orlet.\n\n"
               "Residents had complained about the noise of the works.\n\n"
               "\"Nobody asked us,\" a sign at the quay read.\n"),
    "a3.txt": ("2025-05-02", "Mayor repeats her opposition\n\n"
               "Mayor Ida Venn spoke again about the harbour on Friday.\n\n"
               "\"We will still not support the harbour plan in its new form,\" Venn said at a meeting of traders.\n\n"
               "\"The library will open on Sundays from next month,\" Venn added.\n"),
}


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Story:
    folder = tmp_path_factory.mktemp("orlet")
    for name, (_, text) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    pile = storyline.build([str(folder)], published={name: day for name, (day, _) in ARTICLES.items()})
    return pile.story


def _harbour(positions: list[Position]) -> Position:
    found = [p for p in positions if any("harbour" in s.text for s in p.statements)]
    assert len(found) == 1, positions
    return found[0]


def test_find_positions_orders_the_statements_and_marks_shift_then_reiteration(story):
    position = _harbour(find_positions(story))
    assert position.speaker == MAYOR
    assert [s.said_on for s in position.statements] == ["2025-03-03", "2025-04-08", "2025-05-02"]
    assert [(m.kind, m.earlier, m.later) for m in position.marks] == [("shift", 0, 1), ("reiteration", 1, 2)]
    assert "harbour" in position.question and "harbour" in position.terms
    for statement in position.statements:  # every statement points to its words in its document
        text = story.document(statement.document).text
        assert statement.text.rstrip(",") in text[statement.start:statement.end + 1]


def test_other_questions_of_the_speaker_are_not_grouped_with_the_harbour(story):
    position = _harbour(find_positions(story))
    assert not any("library" in s.text or "school" in s.text for s in position.statements)


def test_a_quote_without_a_speaker_is_skipped(story):
    assert any(q.speaker is None for q in story.quotes)  # the sign at the quay
    statements = statements_of(story)
    assert statements and all(s.speaker for s in statements)
    assert all(story.quotes[s.quote].speaker == s.speaker for s in statements)


def test_find_positions_is_deterministic(story):
    first = find_positions(story)
    assert first == find_positions(story)
    shuffled = replace(story, quotes=list(reversed(story.quotes)))
    again = find_positions(shuffled)
    assert [(p.speaker, p.question, [s.text for s in p.statements], [(m.kind, m.earlier, m.later) for m in p.marks])
            for p in again] == [(p.speaker, p.question, [s.text for s in p.statements],
                                 [(m.kind, m.earlier, m.later) for m in p.marks]) for p in first]


def test_two_statements_of_one_day_are_never_marked():
    """One speech does not shift itself: the same flip said on one day stays unmarked."""
    from storyline.model import Quote

    def quote(text: str, start: int) -> SharedQuote:
        appearance = Quote("d1", start, start + len(text), text, ((start, start + len(text)),), MAYOR, "Venn",
                           "said", "named")
        return SharedQuote(text, MAYOR, ("d1",), "2025-03-03", (), (appearance,))

    texts = ["We will support the new harbour plan.", "We will not support the new harbour plan.",
             "We will still not support the harbour plan in its new form."]
    one_day = Story(documents=[], events=[], quotes=[quote(t, 100 * i) for i, t in enumerate(texts)])
    positions = find_positions(one_day)
    assert positions and all(not p.marks for p in positions)


def test_the_stage_sets_the_story_positions(story):
    assert POSITIONS.scope == "story" and POSITIONS.assigns == ("positions",)
    before = replace(story, positions=[])
    after = POSITIONS.run(before, NoConfig(), Context(stage="positions"))
    assert after.positions == find_positions(story)
    assert after.positions and before.positions == []


def test_not_only_is_no_negation():
    relation = relate(said("Tarnhold will not only need help with rescue teams but with new bridges.", "2025-03-03"),
                      said("Tarnhold needs help with rescue teams now.", "2025-03-04"))
    assert relation.kind != "shift", relation.why


def test_statements_sharing_only_a_place_name_are_not_one_question():
    relation = relate(said("Damage in Port-au-Velle is massive, with thousands of homes destroyed.", "2025-03-03"),
                      said("The ports near Port-au-Velle are open but their capacity is not yet clear.", "2025-03-09"))
    assert relation.kind == "unrelated", relation.why


def test_in_a_story_opposites_of_different_actors_are_not_a_shift():
    from storyline.positions.compare import compare
    from storyline.positions.reading import read_all

    earlier = said("The crews have started to pump water from the flooded tunnel under Halden Street.", "2025-03-03")
    later = said("The water has stopped rising in the flooded tunnel under Halden Street.", "2025-03-09")
    a, b = read_all([earlier.text, later.text])
    assert compare(earlier, later, a, b, strict=True).kind != "shift"


def test_in_a_story_a_negation_said_of_another_thing_is_not_a_shift():
    from storyline.positions.compare import compare
    from storyline.positions.reading import read_all

    earlier = said("The port authority has already paid out on 300 claims from fishermen.", "2025-03-03")
    later = said("The port authority will not be paying any bonuses to its directors this year.", "2025-04-09")
    a, b = read_all([earlier.text, later.text])
    assert compare(earlier, later, a, b, strict=True).kind != "shift"


def test_readings_survive_the_cache_being_emptied(monkeypatch):
    from storyline.positions import reading

    monkeypatch.setattr(reading, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(reading, "_readings", {})
    first = ["The pier stays shut.", "The ferry will sail."]
    reading.read_all(first)
    again = reading.read_all(first + ["The bridge reopens in May.", "Tolls will rise."])  # over the limit: emptied
    assert [r.text for r in again] == first + ["The bridge reopens in May.", "Tolls will rise."]


def test_a_part_of_a_thing_is_said_of_that_thing():
    """"the first of the new locks will be finished" / "the dredging is not finished":
    the subject of the part is the locks, so the two are not one claim flipped."""
    earlier = said("The first of the new locks will be finished in the first half of May.", "2025-03-03")
    later = said("The dredging is not finished.", "2025-03-09")
    assert relate(earlier, later).kind != "shift"
    same = relate(said("The first of the new locks will be finished in May.", "2025-03-03"),
                  said("The first of the new locks will not be finished in May.", "2025-03-09"))
    assert same.kind == "shift"


def test_not_again_does_not_undo_what_was_done():
    """"we spoke to the ferry captain" / "we will not speak to him again": both can be true."""
    done = relate(said("Inspectors had briefly spoken to the ferry captain on Monday.", "2025-03-03"),
                  said("Inspectors did not intend to speak to the ferry captain again.", "2025-03-04"))
    assert done.kind != "shift"


def test_what_anybody_would_do_is_not_what_the_speaker_did():
    other = relate(said("Anybody would recommend a second autopsy in these circumstances.", "2025-03-03"),
                   said("I did not recommend a second autopsy.", "2025-05-04"))
    assert other.kind != "shift"
    everyone = relate(said("Everyone will support the new harbour plan.", "2025-03-03"),
                      said("We will not support the new harbour plan.", "2025-05-04"))
    assert everyone.kind != "shift"
    own = relate(said("We will support the new harbour plan.", "2025-03-03"),
                 said("We will not support the new harbour plan.", "2025-05-04"))
    assert own.kind == "shift"


def test_not_possible_to_say_is_still_held_open():
    again = relate(said("It is simply too early to say who is at fault for the flooding.", "2025-03-03"),
                   said("It is simply not possible to say who is at fault for the flooding.", "2025-03-06"))
    assert again.kind != "shift"


def test_two_figures_for_two_months_are_two_reports_not_a_moved_date():
    assert relate(said("Factory orders fell 4 percent in August.", "2025-10-03"),
                  said("Factory orders fell 0.3 percent in September.", "2025-11-05")).kind != "shift"


def test_a_year_made_precise_is_not_moved_but_a_year_moved_is():
    precise = relate(said("The board will consider paying dividends again in 2026.", "2025-03-03"),
                     said("The board will consider paying dividends again in February 2026.", "2025-04-04"))
    assert precise.kind != "shift"
    moved = relate(said("The board will consider paying dividends again in 2026.", "2025-03-03"),
                   said("The board will consider paying dividends again in 2027.", "2025-04-04"))
    assert moved.kind == "shift" and "2027" in moved.why


def test_it_is_not_taken_for_the_thing_a_noun_names():
    assert relate(said("The new valve on the ferry is working.", "2025-03-03"),
                  said("It is not working.", "2025-04-04")).kind != "shift"
    assert relate(said("The new valve on the ferry is working.", "2025-03-03"),
                  said("The new valve on the ferry is not working.", "2025-04-04")).kind == "shift"


def test_held_open_only_against_an_answer_to_the_question_held_open():
    other = relate(said("The harbour plan has made the port company much better.", "2025-03-03"),
                   said("A number of companies are involved, and it is too early to say who is to blame for the delays.",
                        "2025-04-04"))
    assert other.kind != "shift"
    answered = relate(said("The port company is absolutely responsible for the delays.", "2025-03-03"),
                      said("It is too early to say who is to blame for the delays.", "2025-04-04"))
    assert answered.kind == "shift"


def test_not_off_the_table_is_on_the_table():
    assert relate(said("We are not taking any options off the table.", "2025-03-03"),
                  said("All options are on the table.", "2025-03-04")).kind != "shift"


def test_a_modal_change_said_of_two_things_is_no_shift():
    assert relate(said("The mayor and her aides could be investigated over the contracts.", "2025-03-03"),
                  said("The contracts had to be investigated.", "2025-04-04")).kind != "shift"
    assert relate(said("The ministry could delay the vote.", "2025-03-03"),
                  said("The ministry must delay the vote.", "2025-04-04")).kind == "shift"


def test_too_soon_holds_nothing_open_unless_it_says_so():
    assert relate(said("Five people have been taken to hospital with the fever.", "2025-03-03"),
                  said("People are taking a sigh of relief too soon about the fever.", "2025-04-04")).kind != "shift"


def test_both_of_a_pair_of_things_is_no_order_of_actors():
    assert relate(said("These are the first and most urgent steps in a programme I am putting in place to rebuild "
                       "trust in the bank.", "2025-03-03"),
                  said("Putting aside the fraud, the bank as a whole delivered a strong performance in the quarter in "
                       "terms of both financial and safety performance.", "2025-04-04")).kind != "shift"


def test_dates_of_two_acts_are_not_a_date_moved():
    assert relate(said("By April 17 the well had been finished and the pump was ready to be moved off site.",
                       "2025-05-12"),
                  said("Changes to the pump were made in 2019 at the owner's request.", "2025-05-23")).kind != "shift"


def test_nothing_firm_to_hold_open_after_a_could():
    assert relate(said("A breach of the dam could release 10,000 tonnes of water a day.", "2025-03-03"),
                  said("It was still too soon to reach a final conclusion about how much water leaked from the dam "
                       "after a breach flooded the valley.", "2025-04-04")).kind != "shift"


def test_a_question_held_open_against_a_fact_that_does_not_answer_it():
    """"too early to assess the threat of the new fever" is not answered by "most of those in
    hospital were younger"; "absolutely responsible" answers "who is at fault"."""
    assert relate(said("It is too early to fully assess the threat posed by the new fever.", "2025-03-03"),
                  said("Most of the 200 or so people in hospital with the new fever were younger.",
                       "2025-04-04")).kind != "shift"


def test_not_clear_and_premature_hold_a_question_open():
    assert relate(said("It is probably premature to call this a mild outbreak or a severe one.", "2025-03-03"),
                  said("It was not yet clear whether the outbreak would turn mild or severe.", "2025-03-04")).kind != "shift"


def test_nor_carries_the_not_on():
    again = relate(said("He will not run for mayor nor hand the port over to his son once his term ends.", "2025-01-26"),
                   said("He won't hand the port over to his son.", "2025-02-02"))
    assert again.kind != "shift"
    turned = relate(said("He will not run for mayor nor hand the port over to his son.", "2025-01-26"),
                    said("He will hand the port over to his son.", "2025-02-02"))
    assert turned.kind == "shift"
