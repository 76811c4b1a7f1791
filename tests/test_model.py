"""The model: a Story is one story, a Pile the corpus; what is never written to timeline.json."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from storyline.model import Attribution, Document, Pile, Rejected, Story, Summary
from storyline.render import render
from storyline.render.contract import pile_dict, story_dict

MODEL = Path(__file__).resolve().parents[1] / "src" / "storyline" / "model"


def _story(sid: str, n: int) -> Story:
    docs = [Document(f"{sid}{i}.txt", f"{sid}{i}.txt", f"Text {i} of {sid}.") for i in range(n)]
    return Story(docs, [], id=sid, label=sid)


def test_the_main_story_has_the_most_documents_the_first_on_a_tie():
    a, b, c = _story("a", 1), _story("b", 2), _story("c", 2)
    pile = Pile(a.documents + b.documents + c.documents, stories=[a, b, c])
    assert pile.story is b
    assert not hasattr(Story([], []), "stories") and not hasattr(pile, "events")
    with pytest.raises(LookupError, match="no stories"):
        Pile([]).story


def test_attributions_and_extra_stay_out_of_the_json_and_extra_out_of_equality():
    plain = Document("a.txt", "a.txt", "Ilse Marrow said so.")
    rich = Document("a.txt", "a.txt", "Ilse Marrow said so.", attributions=(Attribution((0, 11), (12, 16), (17, 19)),),
                    extra={"section": "port", "score": 0.5})
    assert Document("a.txt", "a.txt", "x", extra={"k": 1}) == Document("a.txt", "a.txt", "x")
    assert isinstance(hash(rich), int) and rich != plain  # hashable despite the dict; attributions count
    assert story_dict(Story([rich], [])) == story_dict(Story([plain], []))
    assert "section" not in render(Story([rich], []), "json")


def test_a_pile_of_several_is_an_index_and_of_one_its_story_with_the_piles_skips():
    a, b = _story("a", 1), _story("b", 2)
    skipped = [Rejected("gone.txt", "empty file")]
    several = Pile(a.documents + b.documents, rejected=skipped, summary=Summary(read=4, stories=2), stories=[a, b])
    index = json.loads(render(several, "json"))
    assert index == pile_dict(several) and index["story"] is None and index["events"] == []
    assert [e["id"] for e in index["stories"]] == ["a", "b"] and index["skipped"][0]["source"] == "gone.txt"
    one = json.loads(render(Pile(b.documents, rejected=skipped, summary=Summary(read=3), stories=[b]), "json"))
    assert one["story"]["id"] == "b" and one["stories"] == [] and one["summary"]["read"] == 3
    assert one["skipped"] == index["skipped"]


def test_the_model_imports_no_stage_render_or_export_at_the_top():
    for path in MODEL.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("storyline."):
                assert node.module.split(".")[1] in ("model", "reasons"), f"{path.name}: {node.module}"
