"""The store keeps each stage's results across runs in one generic cache, keyed by
(stage, version, config digest, input hash), and the runs' records."""

import json

from storyline.model import Document, RemovedLine
from storyline.store import Store


def test_cached_rows_round_trip_and_persist(store_location):
    path = store_location
    with Store(path) as store:
        store.cache_put("annotate", "v1", "cfg", {"k1": json.dumps({"sentences": [[0, 10]]})})
    with Store(path) as store:
        assert store.cache_get("annotate", "v1", "cfg", ["k1", "missing"]) == {"k1": '{"sentences": [[0, 10]]}'}
        assert store.cache_get("annotate", "v2", "cfg", ["k1"]) == {}  # another version: not reused
        assert store.cache_get("clean", "v1", "cfg", ["k1"]) == {}  # another stage


def test_a_cleaned_document_round_trips_through_the_clean_stage_cache():
    from storyline import registry
    from storyline.caching import DocumentCache
    from storyline.clean import CleanConfig
    from storyline.model import RawDocument

    raw = RawDocument("a", "a.txt", "text", "Body.")
    doc = Document(id="a", source="a.txt", text="Body.", title="T", outlet="O", published="2025-09-09",
                   published_evidence="dateline 'x'", removed=(RemovedLine("Subscribe", "page widget or menu"),))
    with Store() as store:
        cache = DocumentCache(store, registry.get("clean"), CleanConfig())
        cache.keep(raw, doc)
        cache.flush()
        [again] = DocumentCache(store, registry.get("clean"), CleanConfig()).restore([raw])
    assert again == doc


def test_many_keys_are_looked_up_in_batches(store_location):
    with Store(store_location) as store:
        store.cache_put("annotate", "v", "c", {f"k{i}": "[]" for i in range(1200)})
        assert len(store.cache_get("annotate", "v", "c", [f"k{i}" for i in range(1300)])) == 1200


def test_runs_are_recorded(store_location):
    with Store(store_location) as store:
        store.record_run({"dedup": {"seed": 1}}, {"read": 3})
        assert store.runs() == [{"id": 1, "config": {"dedup": {"seed": 1}}, "summary": {"read": 3}}]
        assert store.counts() == {"runs": 1}
