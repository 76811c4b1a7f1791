"""Where a reprint copies its original, and how many independent sources an event has."""

import pytest
from conftest import SEEDS, needs_shared
from test_dedup import OWN, WIRE

from storyline.dedup import group_duplicates
from storyline.dedup.passages import PassageConfig, find_reprints, paragraphs
from storyline.model import Document, Event, Evidence, Passage, Reprint
from storyline.timeline.sources import count_sources

WIRE = WIRE[:5]  # the wire story of test_dedup, without its last paragraph
FEATURE = [
    "Brenholt has drawn its water from the Sallow for two centuries, and the old pumping house still stands by the weir.",
    "Local historians say the plant opened in 1961 on the site of a tannery that had closed after a flood.",
    "Fishing clubs along the river have stocked trout every spring since the cleanup of the nineteen-nineties.",
    "Anglers first reported hundreds of dead fish below the weir on Thursday, five days before the closure.",
]


def doc(doc_id, paragraphs_, published="2025-09-09", outlet=None):
    return Document(id=doc_id, source=doc_id, text="\n\n".join(paragraphs_), published=published, outlet=outlet)


def test_paragraphs_are_blank_line_blocks_or_lines():
    assert paragraphs("One.\n\n  Two.\nstill two.\n\n\n") == [(0, 4), (8, 23)]
    assert paragraphs("One .\nTwo .\n") == [(0, 5), (6, 11)]
    assert paragraphs("") == []


def test_reprint_says_which_paragraphs_are_copied_and_which_are_its_own():
    edited = [WIRE[0].replace("Tuesday", "Tuesday evening"), *WIRE[1:]]
    docs = [doc("wire.txt", WIRE), doc("herald.txt", edited + OWN, "2025-09-10")]
    docs, groups = group_duplicates(docs)
    (reprint,) = find_reprints(docs, groups)
    assert (reprint.document, reprint.source, reprint.kind) == ("herald.txt", "wire.txt", "reprint")
    assert [(p.first, p.last) for p in reprint.shared] == [(1, 5)]
    assert [(p.first, p.last) for p in reprint.own] == [(6, 7)]
    herald = docs[1]
    assert herald.text[reprint.own[0].start : reprint.own[0].end] == "\n\n".join(OWN)
    assert reprint.description == (
        "herald.txt reprints wire.txt's copy (paragraphs 1–5) and adds its own reporting (paragraphs 6–7)"
    )


def test_a_paragraph_quoted_into_another_story_is_a_shared_passage_not_a_duplicate():
    feature = doc("feature.txt", [*FEATURE[:2], WIRE[1], *FEATURE[2:]], "2025-09-12")
    docs, groups = group_duplicates([doc("wire.txt", WIRE), feature])
    assert groups == []
    (shared,) = find_reprints(docs, groups)
    assert (shared.document, shared.source, shared.kind) == ("feature.txt", "wire.txt", "shared passage")
    assert [(p.first, p.last) for p in shared.shared] == [(3, 3)]
    assert shared.description == "feature.txt shares paragraph 3 with wire.txt"


def test_short_common_paragraphs_do_not_make_a_shared_passage():
    a = doc("a.txt", [*FEATURE, "Read more."])
    b = doc("b.txt", [*OWN, "Read more."])
    assert find_reprints([a, b], []) == []


def test_passage_config_is_validated():
    with pytest.raises(ValueError, match="min_containment"):
        PassageConfig(min_containment=0)


def _event(sources, evidence=()):
    return Event("2025-09-09", ("x",), tuple(evidence), tuple(sources))


def test_wire_copies_count_once_and_an_outlet_counts_once():
    docs = [
        Document("ap.txt", "ap.txt", "t", outlet="AP", published="2025-09-09"),
        Document("herald.txt", "herald.txt", "t", outlet="Herald", duplicate_of="ap.txt"),
        Document("courier.txt", "courier.txt", "t", outlet="Courier", duplicate_of="ap.txt"),
        Document("bbc1.txt", "bbc1.txt", "t", outlet="BBC"),
        Document("bbc2.txt", "bbc2.txt", "t", outlet="BBC"),
        Document("blog.txt", "blog.txt", "t"),
    ]
    (event,) = count_sources([_event([d.id for d in docs])], docs)
    assert event.independent == ("AP", "BBC", "blog.txt")
    assert len(event.sources) == 6


def test_a_sentence_inside_a_shared_passage_is_not_independent():
    text = "Own first paragraph here.\n\nThe copied wire paragraph."
    docs = [
        Document("wire.txt", "wire.txt", "The copied wire paragraph.", outlet="AP"),
        Document("paper.txt", "paper.txt", text, outlet="Paper"),
    ]
    shared = Reprint("paper.txt", "wire.txt", "shared passage", (Passage("paper.txt", 2, 2, 27, len(text)),))
    inside = Evidence("paper.txt", 27, len(text), text[27:])
    outside = Evidence("paper.txt", 0, 25, text[:25])
    wire = Evidence("wire.txt", 0, 26, docs[0].text)
    copied, own = count_sources([_event(["paper.txt", "wire.txt"], [wire, inside]),
                                 _event(["paper.txt", "wire.txt"], [wire, outside])], docs, [shared])
    assert copied.independent == ("AP",)
    assert own.independent == ("AP", "Paper")


@needs_shared(SEEDS)
def test_seed_reprint_is_found_with_its_own_reporting():
    from storyline.clean import CleanConfig, clean
    from storyline.ingest import IngestConfig, read

    docs = [clean(raw, CleanConfig()) for raw in read([str(SEEDS)], IngestConfig())]
    docs, groups = group_duplicates(docs)
    reprints = [r for r in find_reprints(docs, groups) if r.kind == "reprint"]
    assert [(r.document[:3], r.source[:3]) for r in reprints] == [("001", "000")]
    # the Shanghai Daily copy carries Reuters' opening and adds a second agency's story
    assert [(p.first, p.last) for p in reprints[0].shared] == [(1, 5)]
    assert [(p.first, p.last) for p in reprints[0].own] == [(6, 13)]


def test_what_a_reprint_adds_is_its_own_outlets_and_a_wire_credit_names_the_agency():
    from storyline.model import RemovedLine

    wire_text = "Wire lead sentence here."
    copy_text = "Wire lead sentence here.\n\nThe paper's own added sentence."
    docs = [
        Document("wire.txt", "wire.txt", wire_text, outlet="Herald",
                 removed=(RemovedLine("VELMORA, Sept. 9 (MPA) -", "dateline"),)),
        Document("paper.txt", "paper.txt", copy_text, outlet="Paper", duplicate_of="wire.txt"),
    ]
    reprint = Reprint("paper.txt", "wire.txt", "reprint", (Passage("paper.txt", 1, 1, 0, 24),),
                      (Passage("paper.txt", 2, 2, 26, len(copy_text)),))
    lead = [Evidence("wire.txt", 0, 24, wire_text), Evidence("paper.txt", 0, 24, wire_text)]
    added = [Evidence("paper.txt", 26, len(copy_text), copy_text[26:])]
    copied, own = count_sources([_event(["paper.txt", "wire.txt"], lead), _event(["paper.txt"], added)],
                                docs, [reprint])
    assert copied.independent == ("MPA",)
    assert own.independent == ("Paper",)
