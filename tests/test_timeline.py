"""Date-wise timeline: dates ranked by independent sources, extractive sentences with spans."""

import pytest

from conftest import dated_doc

from storyline.timeline import TimelineConfig, summarize


make_doc = dated_doc  # sentences a blank line apart, roles unknown (light mode)


LEAK = ("Anglers found hundreds of dead fish below the weir on Thursday, the river authority said.",
        [("on Thursday", "2025-09-04", "day")])
NOTICE = ("The mayor ordered a boil-water notice for the whole city on Wednesday evening.",
          [("on Wednesday", "2025-09-10", "day")])
NOTICE_2 = ("A boil-water notice covering the whole city was ordered by the mayor on Wednesday.",
            [("on Wednesday", "2025-09-10", "day")])
REACTION = ('"This is a disaster for the town," said one resident of Brenholt on Wednesday.',
            [("on Wednesday", "2025-09-10", "day")])
MONTH = ("The plant had passed its last inspection in August without any finding.", [("in August", "2025-08", "month")])
DURATION = ("The plant has operated for eleven years without a reported leak.", [("eleven years", None, None)])


@pytest.fixture
def docs():
    return [
        make_doc("a.txt", [LEAK, NOTICE, MONTH], "2025-09-10"),
        make_doc("b.txt", [NOTICE, LEAK], "2025-09-10", duplicate_of="a.txt"),  # a reprint
        make_doc("c.txt", [NOTICE_2, REACTION, DURATION], "2025-09-11"),
    ]


def test_events_are_chronological_and_extractive(docs):
    events = summarize(docs)
    assert [e.date for e in events] == sorted(e.date for e in events)
    texts = {d.id: d.text for d in docs}
    for event in events:
        assert event.summary
        for ev in event.evidence:
            assert texts[ev.document][ev.start : ev.end] == ev.sentence
        assert set(event.sources) == {ev.document for ev in event.evidence}
        for line in event.summary:
            assert any(line == ev.sentence for ev in event.evidence)


def test_independent_sources_rank_dates():
    # 2025-09-10 is named by two independent sources; 2025-09-04 by one story and its reprint
    docs = [
        make_doc("x.txt", [NOTICE], "2025-09-12"),
        make_doc("y.txt", [NOTICE_2], "2025-09-12"),
        make_doc("z.txt", [LEAK], "2025-09-12"),
        make_doc("z2.txt", [LEAK], "2025-09-12", duplicate_of="z.txt"),
    ]
    assert [e.date for e in summarize(docs, TimelineConfig(max_dates=1))] == ["2025-09-10"]


def test_a_reprint_adds_no_support(docs):
    without_reprint = [d for d in docs if d.id != "b.txt"]
    assert ([e.score for e in summarize(docs)] == [e.score for e in summarize(without_reprint)])


def test_a_day_still_named_later_outranks_one_named_only_on_the_day():
    # one source each: the leak is recalled a week later, the notice only reported that day
    docs = [make_doc("a.txt", [NOTICE], "2025-09-10"), make_doc("c.txt", [LEAK], "2025-09-11")]
    assert [e.date for e in summarize(docs, TimelineConfig(max_dates=1))] == ["2025-09-04"]


def test_span_and_days_only_bound_the_timeline(docs):
    dates = [e.date for e in summarize(docs, TimelineConfig(span=("2025-09-05", "2025-09-30")))]
    assert dates == ["2025-09-10"]
    assert all(len(e.date) == 10 for e in summarize(docs, TimelineConfig(days_only=True)))


def test_exact_sentences_fills_each_date():
    other = ("Crews from three towns laid a temporary pipe to the hospital on Wednesday night.",
             [("on Wednesday", "2025-09-10", "day")])
    doc = make_doc("a.txt", [NOTICE, other], "2025-09-11")
    picked = summarize([doc], TimelineConfig(sentences_per_date=2, exact_sentences=True))[0].summary
    assert set(picked) == {NOTICE[0], other[0]}


def test_max_dates_is_met_when_a_date_has_nothing_new_to_say():
    # the 10th is told by one sentence; the 11th only repeats it; the 4th must take its place
    again = (NOTICE_2[0].replace("on Wednesday", "on Thursday"), [("on Thursday", "2025-09-11", "day")])
    docs = [make_doc(f"{n}.txt", [NOTICE], "2025-09-12") for n in "abc"]
    docs += [make_doc("d.txt", [again], "2025-09-12"), make_doc("e.txt", [again], "2025-09-13"),
             make_doc("f.txt", [LEAK], "2025-09-05")]
    events = summarize(docs, TimelineConfig(max_dates=2, sentences_per_date=1, redundancy=0.3))
    assert [e.date for e in events] == ["2025-09-04", "2025-09-10"]


def test_caption_and_page_stamp_lose_to_a_statement():
    caption = ("Residents queue for bottled water outside the town hall in Brenholt , Wednesday , Sept. 10 , 2025 .",
               [("Wednesday , Sept. 10 , 2025", "2025-09-10", "day")])
    stamp = ("Wednesday 10 September 2025 19.52 BST The mayor ordered a boil-water notice for the city .",
             [("Wednesday 10 September 2025", "2025-09-10", "day")])
    doc = make_doc("a.txt", [caption, stamp, NOTICE], "2025-09-10")
    assert summarize([doc], TimelineConfig(sentences_per_date=1))[0].summary == (NOTICE[0],)


def test_a_sentence_that_opens_on_the_date_is_preferred():
    opening = ("On Wednesday the mayor ordered a boil-water notice for the whole city of Brenholt .",
               [("On Wednesday", "2025-09-10", "day")])
    closing = ("The mayor ordered a boil-water notice for the whole city of Brenholt on Wednesday .",
               [("on Wednesday", "2025-09-10", "day")])
    for order in ([closing, opening], [opening, closing]):
        doc = make_doc("a.txt", order, "2025-09-11")
        assert summarize([doc], TimelineConfig(sentences_per_date=1))[0].summary == (opening[0],)


def test_reprinted_sentence_appears_once_with_both_sources(docs):
    notice = next(e for e in summarize(docs) if e.date == "2025-09-10")
    assert sum(line == NOTICE[0] for line in notice.summary) <= 1
    carriers = {ev.document for ev in notice.evidence if ev.sentence == NOTICE[0]}
    if NOTICE[0] in notice.summary:
        assert carriers == {"a.txt", "b.txt"}
    # the paraphrase from c is too close to the chosen line to be a second summary line
    assert not (NOTICE[0] in notice.summary and NOTICE_2[0] in notice.summary)


def test_statement_preferred_over_quote(docs):
    notice = next(e for e in summarize(docs, TimelineConfig(sentences_per_date=1)) if e.date == "2025-09-10")
    assert notice.summary[0] != REACTION[0]


def test_months_are_dates_and_durations_are_not(docs):
    dates = [e.date for e in summarize(docs)]
    assert "2025-08" in dates
    assert not any(DURATION[0] in e.summary for e in summarize(docs))


def test_keywords_filter_sentences(docs):
    events = summarize(docs, TimelineConfig(keywords=("fish",)))
    assert [e.date for e in events] == ["2025-09-04"]


def test_lead_sentence_without_date_speaks_for_publication_day():
    doc = make_doc("d.txt", [("Calder Fieldworks admitted that a valve failure caused the leak into the river.", [])],
                   "2025-09-15")
    assert [e.date for e in summarize([doc])] == ["2025-09-15"]


def test_no_dated_sentence_gives_no_event():
    assert summarize([make_doc("e.txt", [DURATION])]) == []


def test_deterministic(docs):
    assert summarize(docs) == summarize(list(reversed(docs)))


def test_config_validation():
    with pytest.raises(ValueError):
        TimelineConfig(max_dates=0)


def test_full_sentence_preferred_over_a_headline():
    headline = ("Mayor orders boil-water notice for the whole city on Wednesday", [("on Wednesday", "2025-09-10", "day")])
    doc = make_doc("h.txt", [headline, NOTICE], "2025-09-10")
    event = summarize([doc], TimelineConfig(sentences_per_date=1))[0]
    assert event.summary == (NOTICE[0],)


def test_undated_reprint_is_credited_for_the_line_it_carries():
    original = make_doc("a.txt", [NOTICE, LEAK], "2025-09-10")
    reprint = make_doc("b.txt", [(NOTICE[0], []), (LEAK[0], [])], None, duplicate_of="a.txt")  # could not date it
    notice = next(e for e in summarize([original, reprint]) if e.date == "2025-09-10")
    line = notice.summary.index(NOTICE[0])
    assert {(ev.document, ev.line) for ev in notice.evidence if ev.sentence == NOTICE[0]} == {("a.txt", line), ("b.txt", line)}
    assert "b.txt" in notice.sources


def test_a_line_that_leans_on_a_pronoun_loses():
    leaning = ("He ordered a boil-water notice for the whole city of Brenholt on Wednesday evening .",
               [("on Wednesday", "2025-09-10", "day")])
    named = ("Mayor Ilse Marrow ordered a boil-water notice for the whole city on Wednesday evening .",
             [("on Wednesday", "2025-09-10", "day")])
    doc = make_doc("a.txt", [leaning, named], "2025-09-11")
    assert summarize([doc], TimelineConfig(sentences_per_date=1))[0].summary == (named[0],)
