"""The corpus stages on a Dask cluster give exactly the in-process results.

The partitioned containment join (storyline.dedup.partitioned) against
``group_duplicates``, and the ordered story stream with retired stories
(storyline.stories.ordered) against ``cluster_stories``, on a few hundred invented
articles (made-up words, planted reprints, stories with dates) split in partitions that
live on a local cluster of 2 worker processes.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from conftest import ROOT

from storyline.dedup import DedupConfig, group_duplicates
from storyline.model import Document
from storyline.stories import StoryConfig, cluster_stories

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra 'distributed')")


def _synthetic():
    sys.path.insert(0, str(ROOT / "benchmarks" / "dedup"))
    import synthetic

    return synthetic


def _corpus(total: int, days: int, seed: int) -> list[Document]:
    synthetic = _synthetic()
    return [Document(id=a.id, source=a.id, text=a.text, published=a.published, title=title)
            for a, title in synthetic.generate_partition(0, total, total, seed=seed, days=days)]


def _split(docs: list, sizes: list[int]) -> list[list]:
    out, start = [], 0
    for size in sizes:
        out.append(docs[start : start + size])
        start += size
    return out


@pytest.fixture(scope="module")
def client():
    import dask

    with dask.config.set({"distributed.nanny.pre-spawn-environ": {"MALLOC_ARENA_MAX": 1},
                          "distributed.comm.timeouts.connect": "30s"}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None)
        c = distributed.Client(cluster, timeout="60s")
        try:
            yield c
        finally:
            c.close()
            cluster.close()


def test_partitioned_join_gives_the_in_process_groups(client):
    from storyline.dedup.partitioned import group_duplicates_partitioned

    docs = _corpus(400, 60, seed=11)
    docs[5] = replace(docs[5], published=None)  # an undated copy loses the canonical rule's first key
    docs.append(Document(id="short.txt", source="short.txt", text="Too short to shingle."))
    parts = client.scatter(_split(docs, [150, 1, 0, 250]))  # uneven, one partition of one, one empty
    configs = [DedupConfig(), DedupConfig(threshold=0.15, common_min=5, common_share=0.01),
               DedupConfig(threshold=0.9, min_shingles=5)]
    sizes = set()
    for config in configs:
        _, expected = group_duplicates(docs, config)
        found = group_duplicates_partitioned(client, parts, config, range_bits=2)
        assert found == expected, config
        sizes.add(len(expected))
    assert len(sizes) == 3 and min(sizes) >= 20  # the configs matter, and there are copies to find


def test_partitioned_join_writes_groups_and_returns_their_number(client, tmp_path):
    from storyline.dedup.partitioned import group_duplicates_partitioned

    docs = _corpus(200, 30, seed=2)
    _, expected = group_duplicates(docs)
    out = tmp_path / "groups.jsonl"
    assert group_duplicates_partitioned(client, client.scatter(_split(docs, [120, 80])), out=str(out)) == len(expected)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split('"canonical": "')[1].split('"')[0] for line in lines] == [g.canonical for g in expected]


@pytest.mark.parametrize("undated", [False, True])
def test_ordered_stream_gives_the_in_process_stories(client, tmp_path, undated):
    from storyline.stories.ordered import cluster_stories_ordered

    docs = _corpus(360, 365, seed=4)
    docs[7] = replace(docs[7], language="de")
    if undated:  # undated articles come last and may join any story: retired ones come back
        docs[3], docs[200] = replace(docs[3], published=None), replace(docs[200], published=None)
    config = StoryConfig()
    expected, state = cluster_stories(docs, config)
    by_id = {d.id: d for d in docs}
    parts = client.scatter(_split(docs, [100, 200, 60]))
    found = cluster_stories_ordered(client, parts, str(tmp_path), config, lookup=lambda ids: [by_id[i] for i in ids])
    assert found["clusters"] == expected
    assert found["stream_stories"] == len(state.clusters) > 20
    import pickle

    with open(tmp_path / "state.pkl", "rb") as f:
        assert pickle.load(f).to_json() == state.to_json()  # same centroids, frequencies, digest
    if not undated:
        assert found["retired"] > 0 and found["peak_active"] < found["stream_stories"]
