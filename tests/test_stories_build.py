"""A mixed pile becomes one timeline per story plus an index; one story stays one timeline."""

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from conftest import DEMO, ROOT

from storyline.cli import main
from storyline.model import Document, Pile, Story
from storyline.pipeline import build
from storyline.render import render, write
from storyline.render.index import render_index_html

PILE = Path(__file__).resolve().parent / "fixtures" / "pile"
SCHEMA = json.loads((ROOT / "src" / "storyline" / "timeline.schema.json").read_text(encoding="utf-8"))


def _folder_of(doc_id: str) -> str:
    return "tunnel" if doc_id.startswith("tunnel-") else "demo"


def test_a_mixed_pile_is_separated_into_its_stories(tmp_path):
    pile = build([DEMO, PILE])
    assert len(pile.stories) == 2 and pile.summary.stories == 2
    assert pile.story is max(pile.stories, key=lambda s: len(s.documents))
    for story in pile.stories:
        assert len({_folder_of(d.id) for d in story.documents}) == 1, story.label
        assert story.events and story.id and story.label and story.keywords
        for event in story.events:  # a story's timeline cites only its own documents
            assert {ev.document for ev in event.evidence} <= {d.id for d in story.documents}
    sizes = sorted(len(s.documents) for s in pile.stories)
    assert sizes == [len(list(PILE.glob("*.txt"))), len(pile.documents) - len(list(PILE.glob("*.txt")))]
    paths = write(pile, tmp_path)
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    jsonschema.validate(index, SCHEMA)
    assert index["story"] is None and len(index["stories"]) == 2
    for entry in index["stories"]:
        part = json.loads((tmp_path / entry["path"]).read_text(encoding="utf-8"))
        jsonschema.validate(part, SCHEMA)
        assert part["story"]["id"] == entry["id"] and part["stories"] == []
        assert sorted(d["id"] for d in part["documents"]) == sorted(entry["documents"])
        assert (tmp_path / entry["path"]).with_name("timeline.html").exists()
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{e["id"]}/timeline.html"' in html for e in index["stories"])
    assert len(paths) == 3 + 2 * 3


def test_one_story_is_one_timeline_and_mode_one_keeps_a_pile_together(tmp_path):
    demo = build([DEMO])
    assert len(demo.stories) == 1 and demo.story.id and demo.story.events
    assert json.loads(render(demo, "json"))["story"]["id"] == demo.story.id
    together = build([DEMO, PILE], mode="one")
    assert len(together.stories) == 1 and len(together.documents) == len(demo.documents) + 4
    assert together.story.documents == together.documents


def test_cli_keywords_keep_one_story_unless_auto_is_asked(tmp_path):
    runner = CliRunner()
    one = runner.invoke(main, ["build", str(DEMO), str(PILE), "-o", str(tmp_path / "a"), "--no-store",
                               "--keywords", "tunnel", "-q"])
    assert one.exit_code == 0, one.output
    assert (tmp_path / "a" / "timeline.json").exists() and not (tmp_path / "a" / "index.json").exists()
    auto = runner.invoke(main, ["build", str(DEMO), str(PILE), "-o", str(tmp_path / "b"), "--no-store",
                                "--keywords", "tunnel", "--story", "auto", "-q"])
    assert auto.exit_code == 0, auto.output
    assert "index.html" in auto.output


def test_adding_articles_to_the_store_gives_the_same_stories_as_a_fresh_run(tmp_path):
    db = tmp_path / "store.sqlite"
    build([DEMO], db=db)
    again = build([DEMO, PILE], db=db)
    fresh = build([DEMO, PILE])
    assert render(again, "json") == render(fresh, "json")


def test_index_escapes_what_comes_from_sources():
    evil = "<script>alert(1)</script>"
    part = Story([Document("a.txt", "a.txt", "text", title=evil)], [], id=f"x{evil}", label=evil, keywords=(evil,))
    html = render_index_html(Pile(part.documents, stories=[part]))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_new_layout_replaces_the_old_one_and_leaves_other_files(tmp_path):
    pile, demo = build([DEMO, PILE]), build([DEMO])
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    first = write(pile, tmp_path)
    folders = {p.parent.name for p in first if p.parent != tmp_path}
    write(demo, tmp_path)  # one story now: the index and the story folders are stale
    assert not (tmp_path / "index.html").exists() and not any((tmp_path / f).exists() for f in folders)
    assert (tmp_path / "timeline.html").exists() and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    write(pile, tmp_path)  # and back: the single timeline goes
    assert (tmp_path / "index.html").exists() and not (tmp_path / "timeline.html").exists()
    (tmp_path / ".storyline-outputs").write_text("../outside.txt\nnotes.txt\n", encoding="utf-8")
    write(demo, tmp_path)  # a manifest naming anything but an output removes nothing
    assert (tmp_path / "notes.txt").exists()
