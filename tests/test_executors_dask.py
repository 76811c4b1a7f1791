"""The Dask executor on real clusters on 127.0.0.1: one the executor starts for the run
(``dask:N``) and one the test starts and the build only connects to (``dask://HOST:PORT``).
Results come back in order from other processes, a whole build gives the same files as in
this process, and an unreachable scheduler is the user's one-line mistake."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.executors import Dask

distributed = pytest.importorskip("distributed", reason="the Dask executor needs dask[distributed] (pip install '.[distributed]')")

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
pytestmark = pytest.mark.slow


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.fixture(scope="module")
def scheduler():
    """A 2-worker cluster started by the test, on loopback only; its scheduler address."""
    import dask

    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None, silence_logs=50)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _files(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_cluster_of_its_own_gives_results_in_order_from_other_processes():
    executor = Dask(None, workers=2)
    try:
        items = list(range(30, 0, -1))
        results = list(executor.map(_square_and_pid, items))
        assert executor.workers == 2
    finally:
        executor.close()
    assert [r for r, _ in results] == [x * x for x in items]
    assert os.getpid() not in {pid for _, pid in results}
    assert executor._cluster is None  # stopped with the run
    idle = Dask(None, workers=2)
    assert list(idle.map(_square_and_pid, [])) == [] and idle._cluster is None  # nothing to do: no cluster


def test_a_running_cluster_is_used_and_left_running(scheduler):
    host, port = scheduler.removeprefix("tcp://").rsplit(":", 1)
    assert host == "127.0.0.1"
    executor = Dask(scheduler)
    try:
        assert [r for r, _ in executor.map(_square_and_pid, [4, 2, 3])] == [16, 4, 9]
    finally:
        executor.close()
    with distributed.Client(scheduler, timeout=10) as client:  # still up for the next run
        assert len(client.scheduler_info()["workers"]) == 2


def test_a_build_on_the_cluster_gives_the_files_of_a_build_in_this_process(scheduler, tmp_path, monkeypatch):
    import storyline.dedup.partitioned as partitioned

    joins: list[int] = []
    real = partitioned.group_duplicates_partitioned

    def counted(client, parts, *args, **kwargs):
        joins.append(len(parts))
        return real(client, parts, *args, **kwargs)

    monkeypatch.setattr(partitioned, "group_duplicates_partitioned", counted)
    outputs = {}
    for name, spec in (("local", "local"), ("cluster", "dask://" + scheduler.removeprefix("tcp://"))):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(out), "--no-store", "-q", "--executor", spec])
        assert result.exit_code == 0, result.output
        outputs[name] = _files(out)
    assert outputs["local"].keys() == outputs["cluster"].keys() and len(outputs["local"]) >= 3
    assert [str(p) for p in outputs["local"] if outputs["local"][p] != outputs["cluster"][p]] == []
    assert b"said" in b"".join(outputs["local"].values())  # reported speech was tagged on the cluster
    assert joins == [1]  # the dedup join ran on the cluster (once: the local build joined in-process)
    assert any(b'"duplicate_of": "' in data for data in outputs["cluster"].values())  # and found the demo's copies


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setattr("storyline.executors.dask.CONNECT_TIMEOUT", 2)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(tmp_path / "o"), "--no-store", "-q",
                                       "--executor", f"dask://127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.output
