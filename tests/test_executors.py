"""Executors (storyline.executors): results in the items' order wherever the work runs,
`--executor` read and refused with one line, and a whole build giving the same files with the
work in this process and in a pool of worker processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import ConfigError
from storyline.executors import Dask, ExecutionConfig, Processes, Serial, executor_for
from storyline.pipeline import BuildConfig

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_serial_and_processes_give_results_in_order():
    items = list(range(40, 0, -1))
    assert [r for r, _ in Serial().map(_square_and_pid, items)] == [x * x for x in items]
    pool = Processes(2)
    try:
        results = list(pool.map(_square_and_pid, items))
        again = list(pool.map(_square_and_pid, [3]))  # the pool is kept between maps
    finally:
        pool.close()
    assert [r for r, _ in results] == [x * x for x in items] and again[0][0] == 9
    assert os.getpid() not in {pid for _, pid in results}  # the work ran elsewhere
    idle = Processes(2)
    assert list(idle.map(_square_and_pid, [])) == [] and idle._pool is None  # nothing to do: no pool


def test_executor_specs():
    assert isinstance(executor_for("local"), Serial)
    assert isinstance(executor_for("local", jobs=3), Processes) and executor_for("local", jobs=3).workers == 3
    assert executor_for("processes", jobs=1).workers == 1 and executor_for("processes:4").workers == 4
    for bad in ("processes:0", "processes:x", "local:2", "", "dask:0", "dask://", "dask://host", "dask://h:0",
                "dask://h:99999", "dask://h:8786/x", "tcp://h:8786"):
        with pytest.raises(ConfigError, match="unknown executor"):
            ExecutionConfig(bad)
    with pytest.raises(ConfigError, match="the distributed engine is Dask"):
        ExecutionConfig("ray://head:10001")
    assert isinstance(executor_for("dask", jobs=3), Dask) and executor_for("dask", jobs=3).workers == 3
    assert executor_for("dask:2").workers == 2 and executor_for("dask://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    assert BuildConfig.from_options(executor="processes:2").execution.executor == "processes:2"


def test_a_wrong_executor_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(tmp_path / "o"), "--executor", "cluster"])
    assert result.exit_code == 2 and "unknown executor 'cluster'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_build_gives_the_same_files_in_this_process_and_in_worker_processes(tmp_path):
    outputs = {}
    for name, options in (("local", ["--executor", "local"]), ("processes", ["--executor", "processes:2"])):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["build", str(DEMO), "-o", str(out), "--no-store", "-q", *options])
        assert result.exit_code == 0, result.output
        outputs[name] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert outputs["local"].keys() == outputs["processes"].keys() and len(outputs["local"]) >= 3
    different = [str(p) for p in outputs["local"] if outputs["local"][p] != outputs["processes"][p]]
    assert different == []
    assert b"said" in b"".join(outputs["local"].values())  # reported speech was tagged and shown
