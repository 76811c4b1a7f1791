"""Reprints join their original (containment, not Jaccard); same-topic articles do not."""

import pytest

from storyline.dedup import DedupConfig, containment, group_duplicates, shingles
from storyline.model import Document

WIRE = [
    "Thirty-one people were in hospital on Tuesday after drinking water from the Sallow, the regional health authority said.",
    "Tests found ammonium at about forty times the normal level in the river below the Calder plant in Brenholt.",
    "The city closed the channel that feeds its reservoir while engineers flushed the pipes with clean water.",
    "Mayor Ilse Marrow said the tap water remained safe to drink but that the advice was under constant review.",
    "Calder Fieldworks said it had found no fault at the plant and was cooperating fully with the inspectors.",
    "Anglers first reported hundreds of dead fish below the weir on Thursday, five days before the closure.",
]
OWN = [
    "At the Herald's offices in Tarnbridge, readers described a sharp smell from the river over the weekend.",
    "One farmer said he had moved his cattle away from the water meadows as a precaution on Monday morning.",
]
OTHER_TOPIC = [
    "The regulator suspended the discharge permit of the Calder plant on Thursday, halting its production lines.",
    "Inspectors will examine the valve records and the alarm log for the night of the third of September.",
    "Calder Fieldworks said the suspension was premature and that it would appeal within the statutory period.",
    "Residents of Brenholt asked for a public meeting about the plant and the safety of the river.",
]


def doc(doc_id, paragraphs, published=None):
    return Document(id=doc_id, source=doc_id, text="\n\n".join(paragraphs), published=published)


def test_reprint_with_own_reporting_and_trimmed_copy_join_the_original():
    docs = [
        doc("wire.txt", WIRE, "2025-09-09"),
        doc("herald.txt", WIRE + OWN, "2025-09-10"),
        doc("courier.txt", WIRE[:-1], "2025-09-09"),
        doc("gazette.txt", OTHER_TOPIC, "2025-09-11"),
    ]
    out, groups = group_duplicates(docs)
    assert [(g.canonical, g.members) for g in groups] == [
        ("wire.txt", ("wire.txt", "courier.txt", "herald.txt"))
    ]
    assert {d.id: d.duplicate_of for d in out} == {
        "wire.txt": None, "herald.txt": "wire.txt", "courier.txt": "wire.txt", "gazette.txt": None,
    }


def test_canonical_is_earliest_dated_then_fullest():
    docs = [doc("b.txt", WIRE + OWN, "2025-09-09"), doc("a.txt", WIRE, None), doc("c.txt", WIRE, "2025-09-09")]
    _, groups = group_duplicates(docs)
    assert groups[0].canonical == "b.txt"  # dated, same day as c, but fuller


def test_grouping_is_deterministic_and_does_not_mutate_input():
    docs = [doc(f"{i}.txt", WIRE if i % 2 else OTHER_TOPIC) for i in range(6)]
    first = group_duplicates(docs)
    assert group_duplicates(list(docs)) == first
    assert all(d.duplicate_of is None for d in docs)


def test_short_documents_are_not_grouped():
    docs = [doc("a.txt", ["Fish died."]), doc("b.txt", ["Fish died."])]
    assert group_duplicates(docs)[1] == []


def test_containment_is_asymmetric_share_of_the_smaller():
    small, large = shingles(" ".join(WIRE[:3])), shingles(" ".join(WIRE + OWN))
    assert containment(small, large) == 1.0
    assert containment(large, small) < 0.5


def test_config_is_validated():
    with pytest.raises(ValueError, match="threshold"):
        DedupConfig(threshold=0)


# --- exact containment join, labelled fixtures, seeds, synthetic corpus ---------------

import itertools  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from conftest import ROOT, SEEDS, needs_shared  # noqa: E402

from storyline.dedup.join import ShingleStore, containment_pairs, hashed_shingles  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "duplicates"


def _synthetic():
    sys.path.insert(0, str(ROOT / "benchmarks" / "dedup"))
    import synthetic

    return synthetic


def test_hashed_shingles_are_the_string_shingles():
    text = " ".join(WIRE + OWN) + " Ünïcode ÉCOLE straße ΟΔΟΣ ΟΔΟΣ"
    assert len(hashed_shingles(text)) == len(shingles(text))
    a, b = hashed_shingles(" ".join(WIRE[:3])), hashed_shingles(" ".join(WIRE + OWN).upper())
    assert len(set(a.tolist()) & set(b.tolist())) == len(a)  # case and punctuation ignored
    assert hashed_shingles("two words").size == 0


def test_join_finds_exactly_the_pairs_over_the_threshold():
    articles = _synthetic().generate(200, seed=7)
    texts = [a.text for a in articles] + [" ".join(WIRE), " ".join(WIRE[:2] + OTHER_TOPIC)]
    sets = [shingles(t) for t in texts]
    store = ShingleStore.build(texts, 3)
    usable = [i for i, s in enumerate(sets) if len(s) >= 20]
    shares = {
        (i, j): containment(*sorted((sets[i], sets[j]), key=len))
        for i, j in itertools.combinations(usable, 2) if not sets[i].isdisjoint(sets[j])
    }
    for threshold in (0.1, 0.4, 0.9):
        expected = {pair for pair, share in shares.items() if share >= threshold}
        for cap in (1, 32):
            found = {tuple(sorted(p)) for p in containment_pairs(store, usable, threshold, cap=cap)}
            assert found == expected, (threshold, cap)


def test_synthetic_copy_groups_are_recovered():
    synthetic = _synthetic()
    articles = synthetic.generate(300, seed=1)
    docs = [Document(id=a.id, source=a.id, text=a.text, published=a.published) for a in articles]
    out, groups = group_duplicates(docs)
    scores = synthetic.pair_scores({d.id: d.duplicate_of or d.id for d in out}, {a.id: a.group for a in articles})
    assert scores["true_pairs"] > 20
    assert scores["pair_precision"] == 1.0 and scores["pair_recall"] == 1.0
    assert group_duplicates(docs) == (out, groups)


def test_fixture_articles_are_grouped_as_labelled():
    from storyline.eval.duplicates import evaluate, load

    docs, lost, labels = load(FIXTURES)
    assert lost == [] and len(docs) == len(labels["cases"]) >= 25  # labels.json is not read as an article
    result = evaluate(FIXTURES)
    assert result.metrics["pair_precision"] == 1.0
    assert result.metrics["pair_recall"] == 1.0
    assert result.metrics["false_pairs"] == 0
    assert not [item for item in result.per_item if item["outcome"] in ("missed", "false pair")]


@needs_shared(SEEDS)
def test_seed_reprint_is_found_and_nothing_else():
    from storyline.eval.duplicates import evaluate

    result = evaluate(SEEDS)
    assert result.metrics["false_pairs"] == 0 and result.metrics["pair_recall"] == 1.0
    assert len(result.per_item) == 10  # every pair of the five, with containments
    grouped = [(item["a"][:3], item["b"][:3]) for item in result.per_item if item["grouped"]]
    assert grouped == [("000", "001")]


def test_a_promo_line_many_pages_carry_does_not_chain_them_into_one_group():
    promo = ("An ultra-low latency infrastructure for electronic trading and data distribution, "
             "a connected approach to governance, risk and compliance, and our next generation research platform.")
    topics = ["river", "harbour", "orchard", "bridge", "market", "library", "stadium", "airport"]
    pages = [
        doc(f"{t}.txt", [f"The {t} story {i} has words of its own about the {t}, the {t} council and the {t} budget "
                         f"for the year {2000 + i}, reported by staff writer number {i} in the town of {t}ville.", promo])
        for i, t in enumerate(topics)
    ]
    hub = doc("caption.txt", ["Photo: a heron on the shore.", promo])
    config = DedupConfig(common_min=4)
    _, groups = group_duplicates(pages + [hub], config)
    assert groups == []
    # a real reprint still joins its original once the promo's shingles are ignored
    reprint = doc("reprint.txt", [*WIRE, promo])
    _, groups = group_duplicates(pages + [hub, doc("wire.txt", WIRE), reprint], config)
    assert [g.members for g in groups] == [("reprint.txt", "wire.txt")] or \
        [g.members for g in groups] == [("wire.txt", "reprint.txt")]
    # without the rule, the caption page joins every article that carries the promo
    _, chained = group_duplicates(pages + [hub], DedupConfig(common_min=100))
    assert len(chained) == 1 and len(chained[0].members) == len(pages) + 1
