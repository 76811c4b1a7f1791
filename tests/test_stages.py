"""One contract for every stage: empty input is fine, output is deterministic, input is untouched."""

import copy

import pytest

from storyline.clean import clean
from storyline.dedup import group_duplicates
from storyline.ingest import read
from storyline.model import Document, RawDocument, Story
from storyline.render import FORMATS, render
from storyline.timeline import summarize

BODY = (
    "Calder admits valve failure\nTuesday, 16 September 2025\n\n"
    "Calder Fieldworks admitted on Monday that a failed valve released about 60 tonnes of "
    "ammonium liquor into the River Sallow, ten days after denying any release.\n"
)


def test_empty_inputs():
    assert list(read([])) == []
    assert group_duplicates([]) == ([], [])
    assert summarize([]) == []


def test_annotate_empty(annotator):
    assert list(annotator.pipe([])) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_empty_story(fmt):
    assert render(Story(documents=[], events=[]), fmt) == render(Story(documents=[], events=[]), fmt)


def test_stages_are_deterministic_and_leave_input_alone(annotator):
    raw = RawDocument("a.txt", "a.txt", "text", BODY)
    doc = clean(raw)
    assert clean(raw) == doc
    docs = list(annotator.pipe([doc]))
    assert list(annotator.pipe([doc])) == docs
    assert doc.sentences == ()  # annotate returned new documents
    before = copy.deepcopy(docs)
    grouped, _ = group_duplicates(docs)
    events = summarize(grouped)
    assert docs == before and summarize(grouped) == events
    assert [e.date for e in events] == ["2025-09-15"]
    assert isinstance(grouped[0], Document) and grouped[0].id == "a.txt"
