"""A story stage that raises on a story leaves that stage (and the stages that read what it
sets) out of that story, with an internal reason naming the story and the stage; the build
and the other story stages go on."""

from dataclasses import replace
from pathlib import Path

import pytest

from storyline import registry
from storyline.pipeline import build, tell
from storyline.stage import Stage

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def _breaks(story, config, ctx):
    raise KeyError("a bug in a story stage")


def _reads_broken(story, config, ctx):
    return replace(story, label="should never be set")


def _marks(story, config, ctx):
    return replace(story, keywords=("marked",))


FRAGILE = Stage("fragile", "story", _breaks, requires=("quotes",), assigns=("keywords",))
READER = Stage("reader", "story", _reads_broken, requires=("keywords",), assigns=("label",))
MARKER = Stage("marker", "story", _marks, requires=("quotes",), assigns=("keywords",))


@pytest.fixture(scope="module")
def pile():
    with registry.registered(FRAGILE, after="quotes"), registry.registered(READER, after="fragile"), \
            registry.registered(MARKER, after="reader"):
        return build([DEMO], entities=False)


def test_the_build_goes_on_and_keeps_the_story(pile):
    assert pile.stories
    story = pile.stories[0]
    assert story.events and story.quotes  # the stages before the failure ran
    assert story.keywords == ("marked",)  # a later stage that does not need it ran too
    assert story.positions or story.comparisons  # and so did the built-in stages after it


def test_each_stage_left_out_is_reported_as_internal(pile):
    failures = [r for r in pile.rejected if r.internal and r.stage in ("fragile", "reader")]
    assert [r.stage for r in failures] == ["fragile", "reader"] * len(pile.stories)
    assert "KeyError" in failures[0].reason and failures[0].source.startswith("story ")
    assert "fragile" in failures[1].reason  # the stage it needed
    assert all(r.code == "internal" for r in failures)
    assert pile.summary.failed >= len(failures)
    assert all(s.label != "should never be set" for s in pile.stories)


def test_telling_one_story_by_hand_still_raises():
    story = build([DEMO], entities=False).stories[0]
    with registry.registered(FRAGILE, after="quotes"):
        with pytest.raises(KeyError):
            tell(story)
