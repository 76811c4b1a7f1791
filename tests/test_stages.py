"""The stage contract, checked for every registered stage (storyline.conformance): empty
input is fine, input is untouched, ids are kept, output is deterministic, settings and
results pickle, and a stage changes only what it declares it assigns. The registry's
order is checked too: each stage's requirements come from an earlier stage."""

import dataclasses

import pytest

from storyline import registry
from storyline.conformance import CHECKS, parametrize_with_checks
from storyline.model import Story
from storyline.render import FORMATS, render
from storyline.stage import Stage, check_order


@parametrize_with_checks(registry.stages())
def test_registered_stage(stage, check):
    check(stage)


def test_every_stage_is_checked_by_every_check():
    assert len(registry.stages()) >= 16 and len(CHECKS) == 6


def test_registry_order_meets_every_requirement():
    check_order(registry.stages(), registry.GIVEN)
    names = [s.name for s in registry.stages()]
    assert len(set(names)) == len(names)
    # document and corpus stages first, then the story stages: one fan-out point
    scopes = [s.scope == "story" for s in registry.stages()]
    assert scopes == sorted(scopes)


def test_a_stage_that_requires_what_comes_later_is_refused():
    late = Stage("too_early", "document", lambda doc, config, ctx: doc, requires=("timexes",))
    with pytest.raises(ValueError, match="too_early.*timexes"):
        registry.register(late, before="annotate")
    assert "too_early" not in [s.name for s in registry.stages()]


def test_a_stage_whose_run_breaks_the_contract_is_caught():
    """The checks can fail: a document stage that changes a field it does not declare."""
    sneaky = Stage("sneaky", "document", lambda doc, config, ctx: dataclasses.replace(doc, title="x"),
                   requires=("text",), assigns=("language",))
    check = dict((c.__name__, c) for c in CHECKS)["check_assigns_only_what_it_declares"]
    with pytest.raises(AssertionError, match="sneaky.*title"):
        check(sneaky)


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_empty_story(fmt):
    assert render(Story(documents=[], events=[]), fmt) == render(Story(documents=[], events=[]), fmt)


def test_the_architecture_page_lists_every_registered_stage():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `") for line in page.splitlines() if line.startswith("| `")}
    assert {s.name for s in registry.stages()} <= rows
