"""Dates for undated articles from what the corpus establishes (stage ``dating``)."""

import pytest

from storyline.dating import DatingConfig, infer_dates
from storyline.model import Document, DuplicateGroup

WIRE = [
    "Harbour pilots will not return to work until the port authority restores their night shift, "
    "union leader Aino Vesk said {when}, deepening a dispute that has idled the docks.",
    "Her talks with port director Ruben Sall on Monday brought no agreement on the rota.",
]
NEWS = "The city council of Varrow approved a new budget for its libraries and parks after a long debate."


@pytest.fixture()
def annotate(annotator):
    def run(*docs):
        return list(annotator.pipe(list(docs)))
    return run


def doc(doc_id, text, published=None, outlet=None):
    return Document(id=doc_id, source=doc_id, text=text, published=published, outlet=outlet,
                    published_evidence="dateline" if published else "no date found in the text or metadata",
                    published_confidence=0.9 if published else None)


def wire(when):
    return "\n\n".join([WIRE[0].format(when=when), WIRE[1], NEWS])


def test_a_reprint_saying_yesterday_is_dated_the_day_after(annotate):
    dated, reprint = annotate(doc("a.txt", wire("on Tuesday"), "2031-03-11"), doc("b.txt", wire("yesterday")))
    out = infer_dates([dated, reprint], [DuplicateGroup("a.txt", ("a.txt", "b.txt"))])
    b = out[1]
    assert b.published == "2031-03-12" and b.published_inferred
    assert 0.5 <= b.published_confidence < 0.9
    assert b.published_evidence.startswith("inferred: 'yesterday' in ")
    assert "Tuesday' (2031-03-11) in a.txt (published 2031-03-11)" in b.published_evidence
    # its own relative dates are now resolved against the inferred day
    assert {t.text: t.value for t in b.timexes}["yesterday"] == "2031-03-11"
    assert out[0] == dated and reprint.published is None  # others untouched, input not mutated


def test_same_wording_in_a_copy_takes_the_copy_day_with_low_confidence(annotate):
    docs = annotate(doc("a.txt", wire("on Tuesday"), "2031-03-11"), doc("b.txt", wire("on Tuesday")))
    alone = infer_dates(docs)[1]
    assert alone.published is None  # "on Tuesday" allows a week of days
    assert alone.published_bounds.not_before == "2031-03-11"
    copy = infer_dates(docs, [DuplicateGroup("a.txt", ("a.txt", "b.txt"))])[1]
    assert copy.published == "2031-03-11" and copy.published_confidence == 0.5
    assert "same wire copy as a.txt" in copy.published_evidence


def test_copies_that_disagree_settle_nothing(annotate):
    docs = annotate(
        doc("a.txt", wire("on Tuesday"), "2031-03-11"),
        doc("c.txt", wire("on Tuesday"), "2031-03-25"),
        doc("b.txt", wire("yesterday")),
    )
    b = infer_dates(docs)[2]
    assert b.published is None
    assert any("disagree" in line for line in b.published_bounds.evidence)


def test_the_same_event_in_other_words_anchors_an_article(annotate):
    dated = doc("a.txt", "Mayor Ilse Marrow on Thursday announced an independent inquiry into the ferry fire "
                "at the old harbour.\n\n" + NEWS, "2031-09-18")
    undated = doc("b.txt", "The mayor, who announced the inquiry yesterday afternoon, did not attend the "
                  "meeting of the residents.\n\n" + NEWS)
    b = infer_dates(annotate(dated, undated))[1]
    assert b.published == "2031-09-19"
    assert "shared words: announced, inquiry" in b.published_evidence


def test_a_higher_cumulative_toll_bounds_an_undated_article(annotate):
    docs = annotate(
        doc("a.txt", "The UN says more than 5,400 people have been killed since the uprising began.\n\n" + NEWS,
            "2031-01-25"),
        doc("c.txt", "The UN says well over 7,500 people have been killed since the uprising began.\n\n" + NEWS,
            "2031-03-13"),
        doc("b.txt", "More than 9,000 people have been killed since the uprising began, the UN says.\n\n" + NEWS),
        doc("d.txt", "At least 6,000 people have been killed in the crackdown so far, the UN says.\n\n" + NEWS),
    )
    out = {d.id: d for d in infer_dates(docs)}
    assert out["b.txt"].published is None
    assert out["b.txt"].published_bounds.not_before == "2031-03-13"
    assert "'More than 9,000' killed" in out["b.txt"].published_bounds.evidence[0]
    d = out["d.txt"].published_bounds
    assert (d.not_before, d.not_after) == ("2031-01-25", "2031-03-13")


def test_nothing_to_go_on_leaves_the_article_undated_without_bounds(annotate):
    docs = annotate(doc("a.txt", wire("on Tuesday"), "2031-03-11"), doc("b.txt", NEWS + "\n\nIt rained."))
    out = infer_dates(docs)
    assert out[1].published is None and out[1].published_bounds is None


def test_inference_can_be_switched_off_and_is_deterministic(annotate):
    docs = annotate(doc("a.txt", wire("on Tuesday"), "2031-03-11"), doc("b.txt", wire("yesterday")))
    assert infer_dates(docs, config=DatingConfig(infer=False)) == docs
    assert infer_dates(docs) == infer_dates(list(docs))
    with pytest.raises(ValueError):
        DatingConfig(min_similarity=0)
