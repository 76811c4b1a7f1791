"""The store keeps parses and cleaning results across runs, keyed by content."""

from storyline.annotate.parse import Parse
from storyline.model import Document, Entity, RemovedLine, Sentence
from storyline.store import Store

PARSE = Parse((Sentence(0, 10), Sentence(11, 20)), (Entity(0, 5, "PERSON", "Ilse "),), ((12, 19),))


def test_parses_round_trip_and_persist(tmp_path):
    path = tmp_path / "sub" / "store.sqlite"
    with Store(path) as store:
        store.put_parses({"k1": PARSE})
    with Store(path) as store:
        assert store.get_parses(["k1", "missing"]) == {"k1": PARSE}


def test_cleaned_documents_round_trip():
    doc = Document(id="a", source="a", text="Body.", title="T", outlet="O", published="2025-09-09",
                   published_evidence="dateline 'x'", removed=(RemovedLine("Subscribe", "page widget or menu"),))
    with Store() as store:
        store.put_cleaned({"h": doc})
        data = store.get_cleaned(["h"])["h"]
    assert data["title"] == "T" and data["published"] == "2025-09-09"
    assert data["removed"] == [{"text": "Subscribe", "reason": "page widget or menu"}]


def test_many_keys_are_looked_up_in_batches():
    with Store() as store:
        store.put_parses({f"k{i}": PARSE for i in range(1200)})
        assert len(store.get_parses([f"k{i}" for i in range(1300)])) == 1200


def test_runs_are_recorded():
    with Store() as store:
        store.record_run({"dedup": {"seed": 1}}, {"read": 3})
        assert store.runs() == [{"id": 1, "config": {"dedup": {"seed": 1}}, "summary": {"read": 3}}]
        assert store.counts() == {"cleaned": 0, "parses": 0, "timexes": 0, "attributions": 0, "runs": 1}
