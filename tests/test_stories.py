"""Story clustering: one story stays one, separate stories come apart, runs are
deterministic and resumable. The Timeline17 benchmark itself is ``storyline eval stories``."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from conftest import DEMO, SEEDS, needs_shared

from storyline.clean import CleanConfig, clean
from storyline.eval.stories import adjusted_rand_index, bcubed, gold_topic
from storyline.ingest import IngestConfig, read
from storyline.model import Document, Rejected
from storyline.stories import ClusterState, StoryConfig, cluster_stories

RIVER = [
    ("2031-05-02", "Dead fish found in the Orlen river",
     "Hundreds of dead fish floated down the Orlen river near Kessby on Friday. Anglers said the water "
     "smelled of solvent and the river was grey. The Kessby water board took samples from the river."),
    ("2031-05-04", "Orlen river samples show solvent",
     "Samples taken from the Orlen river contain a solvent used in paint, the Kessby water board said. "
     "The board suspects a discharge upstream of Kessby and warned anglers to keep away from the river."),
    ("2031-05-06", "Paint plant admits discharge into Orlen",
     "The Brandt paint plant admitted that a valve failure sent solvent into the Orlen river. The water "
     "board said the discharge killed the fish and that the river would take weeks to recover."),
    ("2031-05-11", "Kessby fines paint plant over river pollution",
     "Kessby council fined the Brandt paint plant for polluting the Orlen river with solvent. The water "
     "board will test the river every week until the fish return and the solvent is gone."),
]
FOOTBALL = [
    ("2031-05-03", "Vantor striker Okafor wanted by Rimhaven",
     "Rimhaven United have made an offer for Vantor striker Tomas Okafor, the club confirmed. The striker "
     "scored twenty goals this season and Vantor want a record transfer fee for him."),
    ("2031-05-05", "Vantor reject Rimhaven bid for Okafor",
     "Vantor rejected a second bid from Rimhaven United for striker Tomas Okafor. The Vantor coach said "
     "the striker is not for sale and that the transfer fee offered was far too low."),
    ("2031-05-08", "Okafor asks Vantor to let him join Rimhaven",
     "Striker Tomas Okafor handed in a transfer request and asked Vantor to accept the Rimhaven offer. "
     "The Rimhaven manager said the club would raise its bid for the striker."),
    ("2031-05-12", "Okafor completes record transfer to Rimhaven",
     "Tomas Okafor joined Rimhaven United for a club record fee after Vantor accepted a third bid. The "
     "striker signed a four year contract and said he wanted to score goals for Rimhaven."),
]


def _docs(stories: dict[str, list[tuple[str, str, str]]]) -> list[Document]:
    return [
        Document(id=f"{name}-{i}", source=f"{name}-{i}.txt", text=text, title=title, published=day)
        for name, items in stories.items()
        for i, (day, title, text) in enumerate(items)
    ]


def _cleaned(folder) -> list[Document]:
    docs = []
    for raw in read([str(folder)], IngestConfig()):
        if isinstance(raw, Rejected):
            continue
        doc = clean(raw, CleanConfig())
        if not isinstance(doc, Rejected):
            docs.append(doc)
    return docs


def _groups(clusters) -> set[tuple[str, ...]]:
    return {c.members for c in clusters}


def test_two_invented_stories_come_apart():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    clusters, _ = cluster_stories(docs)
    assert _groups(clusters) == {tuple(f"football-{i}" for i in range(4)), tuple(f"river-{i}" for i in range(4))}
    labels = {c.members[0].split("-")[0]: c for c in clusters}
    assert "Okafor" in labels["football"].keywords or "striker" in labels["football"].keywords
    assert any(k in labels["river"].keywords for k in ("Orlen", "river", "solvent"))
    assert len({c.id for c in clusters}) == 2
    assert all(c.label and c.keywords for c in clusters)


def test_every_document_in_exactly_one_story():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    docs.append(Document(id="odd", source="odd.txt", text="Recipe: whisk three eggs with sugar and butter, bake.",
                         published="2031-05-07"))
    clusters, _ = cluster_stories(docs)
    members = [m for c in clusters for m in c.members]
    assert sorted(members) == sorted(d.id for d in docs)
    assert all(list(c.members) == sorted(c.members) for c in clusters)


def test_mode_one_puts_everything_in_one_story():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    clusters, _ = cluster_stories(docs, StoryConfig(mode="one"))
    assert len(clusters) == 1 and len(clusters[0].members) == 8


def test_same_result_in_any_input_order():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    first, state = cluster_stories(docs)
    for seed in range(3):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        again, other = cluster_stories(shuffled)
        assert again == first
        assert other.to_json() == state.to_json()


def test_resuming_from_state_equals_a_full_run():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    early = [d for d in docs if d.published <= "2031-05-05"]
    _, state = cluster_stories(early)
    saved = ClusterState.from_json(state.to_json())
    assert saved.to_json() == state.to_json()
    assert saved.can_resume(docs) and saved.processed == len(early)
    resumed, resumed_state = cluster_stories(docs, state=saved)
    full, full_state = cluster_stories(docs)
    assert resumed == full
    assert resumed_state.to_json() == full_state.to_json()
    assert saved.processed == len(early)  # the caller's state is left as it was


def test_state_that_does_not_fit_is_not_resumed():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    _, state = cluster_stories(docs[:3])
    changed = [replace(docs[0], text=docs[0].text + " Updated."), *docs[1:]]
    assert not state.can_resume(changed)
    late = Document(id="aaa", source="a.txt", text=RIVER[0][2], published="2031-04-01")  # sorts first
    assert not state.can_resume([late, *docs])
    assert not state.can_resume(docs, StoryConfig(join_threshold=0.5).stream_settings())
    clusters, fresh = cluster_stories(changed, state=state)
    assert clusters == cluster_stories(changed)[0] and fresh.processed == len(changed)
    with pytest.raises(ValueError, match="format"):
        ClusterState.from_json('{"format": "something else"}')


def test_config_is_validated():
    for bad in (dict(mode="many"), dict(join_threshold=0), dict(merge_threshold=1.5), dict(time_half_life=-1),
                dict(doc_terms=0), dict(doc_terms=700, centroid_terms=600), dict(hash_bits=40), dict(label_terms=0)):
        with pytest.raises(ValueError):
            StoryConfig(**bad)
    with pytest.raises(ValueError, match="unique"):
        cluster_stories(_docs({"river": RIVER}) * 2)


def test_empty_and_single_inputs():
    assert cluster_stories([])[0] == []
    one = _docs({"river": RIVER[:1]})
    clusters, _ = cluster_stories(one)
    assert [c.members for c in clusters] == [("river-0",)]


def _foreign(doc_id: str, language: str | None, day: str = "2031-05-04") -> Document:
    # an invented German line; its English stop-word-free terms ("die", "der") would label a story
    text = "Die Wasserbehörde hat am Dienstag Proben aus dem Fluss genommen, sagte der Sprecher der Behörde."
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, title="Proben aus dem Fluss",
                    published=day, language=language)


def test_documents_not_in_english_form_one_story_per_language():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    docs = [replace(d, language="en") for d in docs[:3]] + docs[3:]  # None counts as English too
    docs += [_foreign("de-1", "de"), _foreign("de-2", "de", "2031-06-20"), _foreign("xx-1", "und")]
    for mode in ("auto", "one"):
        clusters, state = cluster_stories(docs, StoryConfig(mode=mode))
        english = [c for c in clusters if not any(m.startswith(("de-", "xx-")) for m in c.members)]
        apart = clusters[len(english):]  # after the English stories
        assert [(c.label, c.members, c.keywords) for c in apart] == [
            ("German (de): 2 documents", ("de-1", "de-2"), ()),
            ("Language not recognised (und): 1 document", ("xx-1",), ()),
        ]
        assert sorted(m for c in english for m in c.members) == sorted(d.id for d in docs[:8])
        assert len({c.id for c in clusters}) == len(clusters)
        assert state.processed == 8  # the stream read the English articles only
    alone, _ = cluster_stories(_docs({"river": RIVER}))
    mixed, _ = cluster_stories([*_docs({"river": RIVER}), _foreign("de-1", "de")])
    assert mixed[0] == alone[0]  # the other language changes nothing in the English story


def test_a_state_resumes_whatever_other_languages_join():
    docs = _docs({"river": RIVER, "football": FOOTBALL})
    _, state = cluster_stories([d for d in docs if d.published <= "2031-05-05"])
    more = [*docs, _foreign("de-1", "de", "2031-05-01")]  # sorts before every English article
    assert not state.can_resume(more) and state.can_resume(docs)
    resumed, resumed_state = cluster_stories(more, state=state)
    full, full_state = cluster_stories(more)
    assert resumed == full and resumed_state.to_json() == full_state.to_json()
    assert resumed_state.processed == len(docs)


def test_progress_wraps_the_articles_the_stream_reads():
    docs = _docs({"river": RIVER, "football": FOOTBALL}) + [_foreign("de-1", "de")]
    seen: list[tuple[int, list[str]]] = []

    def progress(items, count):
        items = list(items)
        seen.append((count, [d.id for d in items]))
        return items

    cluster_stories(docs, progress=progress)
    (count, ids), = seen
    assert count == 8 and sorted(ids) == sorted(d.id for d in docs[:8])


def test_scores_on_known_cases():
    assert adjusted_rand_index(list("aabb"), list("xxyy")) == pytest.approx(1.0)
    assert adjusted_rand_index(list("aabbcc"), list("xyxyxy")) < 0.0
    assert adjusted_rand_index(list("aaaabb"), list("xxxyzz")) == pytest.approx(0.5872, abs=1e-3)
    p, r, f = bcubed(list("aabb"), list("xxxx"))
    assert (p, r, f) == pytest.approx((0.5, 1.0, 2 / 3))
    assert gold_topic("EgyptianProtest_cnn") == "egypt" and gold_topic("bpoil_bbc") == "bpoil"
    assert gold_topic("LibyaWar_reuters") == "libya" and gold_topic("H1N1_guardian") == "h1n1"


def test_demo_corpus_is_one_story():
    clusters, _ = cluster_stories(_cleaned(DEMO))
    assert len(clusters) == 1


@needs_shared(SEEDS)
def test_seed_articles_are_one_story():
    docs = _cleaned(SEEDS)
    assert len(docs) == 5
    clusters, _ = cluster_stories(docs)
    assert len(clusters) == 1 and len(clusters[0].members) == 5


@needs_shared(SEEDS)
def test_demo_and_seeds_together_are_two_stories():
    demo, seeds = _cleaned(DEMO), _cleaned(SEEDS)
    clusters, _ = cluster_stories(demo + seeds)
    assert _groups(clusters) == {tuple(sorted(d.id for d in demo)), tuple(sorted(d.id for d in seeds))}
