"""Wrong option types and ranges are ConfigErrors that name the option, what it must be and
what it was; the CLI reports them as usage errors (exit 2) and anything else as internal."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from typing import Literal

import pytest
from click.testing import CliRunner

import storyline.pipeline
from storyline.annotate import AnnotateConfig
from storyline.cli import main
from storyline.clean import CleanConfig
from storyline.clean.corpus import RecurringConfig
from storyline.config import check_config, check_options, execution_fields
from storyline.dating import DatingConfig
from storyline.dedup import DedupConfig
from storyline.dedup.passages import PassageConfig
from storyline.errors import ConfigError
from storyline.ingest import IngestConfig
from storyline.pipeline import BuildConfig, build
from storyline.quotes import QuotesConfig
from storyline.stories import StoryConfig
from storyline.timeline import TimelineConfig

STAGE_CONFIGS = [IngestConfig, CleanConfig, RecurringConfig, AnnotateConfig, DedupConfig, PassageConfig,
                 StoryConfig, DatingConfig, TimelineConfig, QuotesConfig]


@dataclass(frozen=True)
class Sample:
    count: int = field(default=3, metadata={"range": (1, None)})
    share: float = field(default=0.5, metadata={"above": 0, "range": (None, 1)})
    ratio: float = field(default=0.5, metadata={"range": (0, 1)})
    limit: int | None = field(default=None, metadata={"range": (1, 10)})
    flag: bool = False
    name: str = field(default="a", metadata={"choices": ("a", "b")})
    kind: Literal["x", "y"] = "x"
    words: tuple[str, ...] = ()
    pair: tuple[str, str] | None = None
    inner: DedupConfig = field(default_factory=DedupConfig)


def _bad(**values) -> str:
    config = Sample()
    for name, value in values.items():
        object.__setattr__(config, name, value)  # past the constructor: check_config is the test
    with pytest.raises(ConfigError) as error:
        check_config(config)
    return str(error.value)


@pytest.mark.parametrize(("values", "message"), [
    ({"count": "10"}, "count must be an int >= 1, not '10' (str)"),
    ({"count": 0}, "count must be an int >= 1, not 0 (int)"),
    ({"count": True}, "count must be an int >= 1, not True (bool)"),
    ({"count": 2.0}, "count must be an int >= 1, not 2.0 (float)"),
    ({"share": 0}, "share must be a number in (0, 1], not 0 (int)"),
    ({"share": 1.5}, "share must be a number in (0, 1], not 1.5 (float)"),
    ({"share": float("nan")}, "share must be a number in (0, 1], not nan (float)"),
    ({"share": False}, "share must be a number in (0, 1], not False (bool)"),
    ({"ratio": -0.1}, "ratio must be a number in [0, 1], not -0.1 (float)"),
    ({"limit": 11}, "limit must be an int in [1, 10] or None, not 11 (int)"),
    ({"flag": 1}, "flag must be True or False, not 1 (int)"),
    ({"name": "c"}, "name must be one of 'a', 'b', not 'c' (str)"),
    ({"kind": "z"}, "kind must be one of 'x', 'y', not 'z' (str)"),
    ({"words": ["a"]}, "words must be a tuple of strings, not ['a'] (list)"),
    ({"words": ("a", 1)}, "words must be a tuple of strings, not ('a', 1) (tuple)"),
    ({"pair": ("2020-01-01",)}, "pair must be a tuple of 2 strings or None, not ('2020-01-01',) (tuple)"),
    ({"inner": TimelineConfig()}, "inner must be a DedupConfig, not TimelineConfig("),
])
def test_each_kind_of_wrong_value_is_named(values, message):
    assert _bad(**values).startswith(message)


def test_right_values_pass_and_an_int_is_a_float():
    check_config(Sample(count=1, share=1, ratio=0, limit=10, flag=True, name="b", kind="y", words=("a",),
                        pair=("a", "b")))
    check_options(Sample, {"share": 1, "limit": None})


def test_a_nested_config_is_checked_with_its_path():
    inner = DedupConfig()
    object.__setattr__(inner, "threshold", 2)
    message = _bad(inner=inner)
    assert message.startswith("inner.threshold must be a number in (0, 1], not 2 (int)")


def test_an_unknown_option_is_named():
    with pytest.raises(ConfigError, match="nope is not a Sample option"):
        check_options(Sample, {"nope": 1})


@pytest.mark.parametrize("config_type", STAGE_CONFIGS)
def test_every_stage_default_passes_its_own_check(config_type):
    check_config(config_type())  # the defaults stay within the declared ranges
    check_config(BuildConfig())


@pytest.mark.parametrize("config_type", STAGE_CONFIGS)
def test_every_numeric_stage_option_declares_a_range(config_type):
    hints = typing.get_type_hints(config_type)
    numeric = [f for f in dataclasses.fields(config_type) if hints[f.name] in (int, float, int | None)]
    for f in numeric:
        assert "range" in f.metadata or "above" in f.metadata, f"{config_type.__name__}.{f.name}"
    assert numeric or config_type is QuotesConfig


def test_only_speed_settings_are_execution_fields():
    assert execution_fields(AnnotateConfig) == {"n_process", "batch_size", "chunk"}
    assert execution_fields(TimelineConfig) == frozenset()


@pytest.mark.parametrize(("options", "message"), [
    ({"max_dates": "10"}, r"^max_dates must be an int >= 1 or None, not '10' \(str\)$"),
    ({"max_dates": 0}, r"^max_dates must be an int >= 1 or None, not 0 \(int\)$"),
    ({"threshold": 2}, r"^threshold must be a number in \(0, 1\], not 2 \(int\)$"),
    ({"mode": "many"}, r"^mode must be one of 'auto', 'one', not 'many' \(str\)$"),
    ({"entities": "no"}, r"^entities must be True or False, not 'no' \(str\)$"),
    ({"n_process": 1.5}, r"^n_process must be an int >= 1, not 1.5 \(float\)$"),
    ({"keywords": ["flood", 3]}, r"^keywords must be a tuple of strings, not \('flood', 3\) \(tuple\)$"),
    ({"timeout": float("inf")}, r"^timeout must be a number > 0, not inf \(float\)$"),
    ({"span": ("2020-01-01", "soon")}, r"span dates must be YYYY-MM-DD, got 'soon'"),
    ({"doc_terms": 700}, r"need doc_terms <= centroid_terms"),
])
def test_library_call_with_a_wrong_option_raises_config_error_before_any_work(tmp_path, options, message):
    (tmp_path / "a.txt").write_text("Flood waters rose on Monday. " * 10, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        build([tmp_path / "a.txt"], **options)


def test_direct_construction_is_checked_too():
    with pytest.raises(ConfigError, match=r"^max_dates must be an int >= 1 or None, not '10' \(str\)$"):
        TimelineConfig(max_dates="10")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):  # a ConfigError is a ValueError
        DedupConfig(threshold=0)


def _cli(tmp_path, *args):
    (tmp_path / "a.txt").write_text("Flood waters rose on Monday. " * 10, encoding="utf-8")
    return CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--no-store",
                                     "--no-entities", *args])


def test_cli_reports_an_out_of_range_option_as_a_usage_error(tmp_path):
    result = _cli(tmp_path, "--max-dates", "0")
    assert result.exit_code == 2
    assert "--max-dates" in result.output and "internal error" not in result.output
    assert not (tmp_path / "out").exists()


def test_cli_reports_a_library_config_error_as_a_usage_error(tmp_path):
    result = _cli(tmp_path, "--since", "2020-02-30")
    assert result.exit_code == 2
    assert "Usage:" in result.output and "span dates must be YYYY-MM-DD, got '2020-02-30'" in result.output
    assert "internal error" not in result.output


def test_cli_reports_another_value_error_as_internal(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug deep inside")

    monkeypatch.setattr(storyline.pipeline, "build", broken)
    result = _cli(tmp_path)
    assert result.exit_code == 1
    assert "storyline: internal error: ValueError: a bug deep inside" in result.output
    assert "Usage:" not in result.output
