"""The one cache: a document stage's results kept in the store by (stage, version, config
digest, hash of the fields it requires), reused only when running again would give the
same result. Every text here is invented for these tests."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

import pytest

from storyline import registry
from storyline.annotate import AnnotateConfig
from storyline.caching import DocumentCache
from storyline.codec import decode, encode, field_hints
from storyline.model import Document, Pile
from storyline.pipeline import BuildConfig, Pipeline
from storyline.stage import config_digest
from storyline.store import Store

ARTICLE = (
    "Ferry link to Orrin Isle restored\n"
    "Wednesday, 4 June 2031\n\n"
    "The ferry to Orrin Isle sailed again on Monday, nine days after a gearbox failure.\n"
    "Its operator said a second vessel would join the route in late August.\n"
)


def _doc(name: str = "a.txt", text: str = ARTICLE, published: str | None = "2031-06-04") -> Document:
    """An article of an invented story, cleaned, its date from its dateline."""
    return Document(id=name, source=name, text=text, published=published,
                    published_evidence="dateline" if published else None, language="en")


def _annotate(docs: list[Document], store: Store, entities: bool) -> tuple[list[Document], int]:
    config = BuildConfig.from_options(entities=entities)
    pipeline = Pipeline([registry.get("annotate")], config, store=store, given=registry.assigned_before("annotate"))
    pile = pipeline.run(Pile(docs))
    return pile.documents, pile.summary.cached


@pytest.mark.parametrize("entities", [False, True])
def test_a_second_run_reuses_every_document_and_gives_the_same_bytes(tmp_path, entities):
    docs = [_doc("a.txt"), _doc("b.txt", published=None),
            _doc("c.txt", ARTICLE.replace("Monday", "Thursday"), published="2031-06-06")]
    with Store(tmp_path / "store.sqlite") as store:
        first, reused = _annotate(docs, store, entities)
        assert reused == 0 and store.cache_counts()["annotate"] == 3
    with Store(tmp_path / "store.sqlite") as store:
        second, reused = _annotate(docs, store, entities)
        assert reused == 3
    assert first == second
    assert json.dumps([asdict(d) for d in first]) == json.dumps([asdict(d) for d in second])
    assert first[0].timexes and (first[0].entities != ()) == entities


def test_the_key_follows_what_the_stage_requires_and_nothing_else():
    cache = DocumentCache(Store(), registry.get("annotate"), AnnotateConfig())
    doc = _doc()
    assert cache.key(doc) != cache.key(replace(doc, published="2031-06-11"))
    assert cache.key(doc) != cache.key(replace(doc, published_evidence="the URL"))
    assert cache.key(doc) != cache.key(replace(doc, text=doc.text + " More."))
    assert cache.key(doc) != cache.key(replace(doc, language="de"))
    assert cache.key(doc) == cache.key(replace(doc, id="other", title="T", source="elsewhere"))


def test_speed_settings_are_left_out_of_the_config_digest():
    assert config_digest(AnnotateConfig()) == config_digest(AnnotateConfig(n_process=2, batch_size=4, chunk=8))
    assert config_digest(AnnotateConfig()) != config_digest(AnnotateConfig(entities=False))


def test_a_moved_publication_date_is_resolved_again(tmp_path):
    doc = _doc()
    with Store(tmp_path / "s.sqlite") as store:
        [before], _ = _annotate([doc], store, entities=False)
        [after], reused = _annotate([replace(doc, published="2031-06-11")], store, entities=False)
    assert reused == 0
    monday = {t.text: t.value for t in before.timexes}["Monday"], {t.text: t.value for t in after.timexes}["Monday"]
    assert monday == ("2031-06-02", "2031-06-09")


def test_model_values_survive_the_json_round_trip():
    config = BuildConfig.from_options(entities=False)
    [doc] = Pipeline([registry.get("annotate")], config, given=registry.assigned_before("annotate")).run(
        Pile([_doc()])).documents
    hints = field_hints(Document)
    for name in ("sentences", "timexes", "published_bounds", "removed", "attributions"):
        text = json.dumps(encode(getattr(doc, name)))
        assert decode(hints[name], json.loads(text)) == getattr(doc, name)
    assert asdict(doc)["timexes"]


@dataclass(frozen=True)
class Inner:
    start: int
    label: str | None = None


@dataclass(frozen=True)
class Outer:
    spans: tuple[Inner, ...]
    pair: tuple[int, str]
    counts: dict[str, int]
    nested: dict[str, list[Inner]]
    maybe: Inner | None
    either: int | str
    words: list[str]


def test_the_codec_rebuilds_each_shape_the_model_uses_and_refuses_others():
    value = Outer((Inner(1, "a"), Inner(2)), (3, "x"), {"k": 4}, {"n": [Inner(5, None)]}, None, "s", ["w"])
    again = decode(Outer, json.loads(json.dumps(encode(value))))
    assert again == value and type(again.spans) is tuple and type(again.pair) is tuple and type(again.words) is list
    assert decode(Inner | None, None) is None and decode(Inner | None, {"start": 7}) == Inner(7)
    with pytest.raises(TypeError, match="cannot decode"):
        decode(int | str, 1.5)
    with pytest.raises(TypeError, match="cannot decode"):
        decode(set[int], [1])
    with pytest.raises(TypeError, match="cannot encode"):
        encode({1, 2})


def test_a_story_whose_documents_did_not_change_is_not_told_again(tmp_path, monkeypatch):
    from conftest import DEMO

    from storyline.pipeline import Pipeline as RealPipeline
    from storyline.pipeline import build
    from storyline.render import render

    told: list[str] = []
    real_tell = RealPipeline.tell
    monkeypatch.setattr(RealPipeline, "tell", lambda self, story, *rest: told.append(story.id) or real_tell(self, story, *rest))
    db = tmp_path / "store.sqlite"
    first = build([DEMO], db=db, entities=False)
    assert told == [s.id for s in first.stories] and Store(db).cache_counts()["story"] == len(first.stories)
    told.clear()
    again = build([DEMO], db=db, entities=False)
    assert told == [] and render(again, "json") == render(first, "json")
    # one article less: its story changed, so it is told again
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    for path in sorted(DEMO.iterdir())[1:]:
        (smaller / path.name).write_bytes(path.read_bytes())
    build([smaller], db=db, entities=False)
    assert told != []


def test_a_page_skipped_for_what_it_is_is_kept_and_a_failure_is_not(tmp_path, monkeypatch):
    import storyline.clean.stage as clean_stage
    from storyline.pipeline import build

    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (pile / "short.txt").write_text("A note of two lines.\nNothing else.\n", encoding="utf-8")
    (pile / "broken.txt").write_text("A page the cleaner will fail on. " * 20, encoding="utf-8")
    cleaned: list[str] = []
    failing = [True]
    real = clean_stage.clean

    def spy(raw, config):
        cleaned.append(raw.source.rsplit("/", 1)[-1])
        if raw.source.endswith("broken.txt") and failing[0]:
            raise RuntimeError("a bug of storyline's")
        return real(raw, config)

    monkeypatch.setattr(clean_stage, "clean", spy)
    db = tmp_path / "store.sqlite"
    first = build([pile], db=db, entities=False)
    assert sorted(cleaned) == ["article.txt", "broken.txt", "short.txt"]
    skipped = {r.source.rsplit("/", 1)[-1]: r for r in first.rejected}
    assert skipped["broken.txt"].internal and not skipped["short.txt"].internal
    cleaned.clear()
    failing[0] = False
    second = build([pile], db=db, entities=False)
    assert cleaned == ["broken.txt"]  # the failure is tried again; the short page is skipped from the store
    again = {r.source.rsplit("/", 1)[-1]: r for r in second.rejected}
    assert again["short.txt"] == skipped["short.txt"] and again["short.txt"].code == skipped["short.txt"].code
    assert "broken.txt" not in again
