"""One bad input never stops a run (issue #14): each defect the fuzzing found, beside a good
article, and the rules that keep them fixed: one printable line per reason, the user's
mistakes apart from storyline's own failures, a failing document skipped alone."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import storyline
from storyline.cli import main
from storyline.clean import clean
from storyline.clean.body import reconcile
from storyline.errors import ConfigError
from storyline.ingest import IngestConfig, read
from storyline.ingest.files import read_at_most
from storyline.model import RawDocument, Rejected
from storyline.pipeline import prepare
from storyline.reasons import one_line, quoted, skip_lines
from storyline.store import Store

GOOD = (
    "Harbour crane collapses in Velmora\n"
    "A harbour crane collapsed at the Velmora container port on Monday, injuring two workers, "
    "the port authority said.\n\n"
    "The authority said the crane had been inspected in January and that an inquiry would report "
    "by the end of April. Dock workers stopped work on Tuesday morning.\n"
)
OTHER = GOOD.replace("Velmora", "Brannock").replace("crane", "gantry")
PARAGRAPHS = "".join(
    f"<p>Paragraph {n}: a harbour crane collapsed at the Velmora container port on Monday, "
    "injuring two workers, the port authority said.</p>" for n in range(5)
)


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def light(inputs, **options):
    return storyline.build([str(i) for i in inputs], entities=False, **options)


def sources(story):
    return {d.source for d in story.documents}


# --- 1. JSONL integers over 4,300 digits --------------------------------------------------


def test_jsonl_integer_too_long_is_one_malformed_record(tmp_path, good):
    feed = tmp_path / "big.jsonl"
    record = json.dumps({"text": OTHER, "n": 0})
    feed.write_text(record[:-2] + "1" * 5000 + "}\n" + json.dumps({"text": OTHER}) + "\n", encoding="utf-8")
    story = light([good, feed])
    assert str(good) in sources(story) and f"{feed}:2" in sources(story)
    [bad] = [r for r in story.rejected if r.source == f"{feed}:1"]
    assert bad.reason.startswith("malformed JSON") and "4300" in bad.reason


# --- 2. lone surrogates: in a JSONL text, in a file name, in the store ------------------------


def test_lone_surrogate_in_jsonl_text_becomes_a_replacement_character(tmp_path, good):
    feed = tmp_path / "s.jsonl"
    text = OTHER.replace("\n", "\\n").replace("two workers", "two \\ud800 workers")
    feed.write_text('{"text": "' + text + '", "title": "x\\udfff"}\n', encoding="utf-8")
    story = light([good, feed], db=tmp_path / "store.sqlite")
    [doc] = [d for d in story.documents if d.source.startswith(str(feed))]
    assert "two \ufffd workers" in doc.text and "\ud800" not in doc.text


def test_file_name_that_is_not_utf8_is_stored_and_built(tmp_path, good):
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write(OTHER.encode())
    db = tmp_path / "store.sqlite"
    first = light([good, os.fsdecode(name)], db=db)
    assert os.fsdecode(name) in sources(first)
    again = light([good, os.fsdecode(name)], db=db)
    assert again.summary.cached == 2  # stored the first time, so reused
    shown = Rejected(os.fsdecode(name), "x").shown()
    assert "caf\\xe9.txt" in shown and shown.isprintable()


def test_store_round_trips_lone_surrogates(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.record_run({"input": "caf\udce9.txt"}, {"read": 1})
        store.state_put("stories", "k", json.dumps({"ids": ["caf\udce9.txt"]}, ensure_ascii=False))
        assert store.runs()[0]["config"] == {"input": "caf\udce9.txt"}
        assert json.loads(store.state_get("stories", "k")) == {"ids": ["caf\udce9.txt"]}


# --- 4. a page whose two extractions share words but no line ----------------------------------


def test_reconcile_without_any_agreed_line_keeps_trafilatura():
    ours = ["alpha beta gamma delta", "epsilon zeta eta theta"]
    theirs = ["gamma delta epsilon zeta"]  # shares only the words across ours' line break
    kept, how = reconcile(ours, theirs, precise=lambda: [], page_text=lambda: "")
    assert (kept, how) == (ours, "trafilatura")


def test_malformed_small_page_is_a_reason_not_a_crash(tmp_path, good):
    page = tmp_path / "m.html"
    page.write_text('<li></li><article class="story">Leak alarm sounded at the tank farm, the operator told'
                    '<iframe src=//evil>e tank was sealed by noon, and no one was hurt.</article>', encoding="utf-8")
    story = light([good, page])
    assert str(good) in sources(story)
    assert str(page) in sources(story) or any(r.source == str(page) for r in story.rejected)


# --- 6. FIFOs and other special files --------------------------------------------------------


def test_fifo_without_writer_ends_at_the_deadline(tmp_path, good):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    story = light([good, fifo], ingest__timeout=0.5)
    assert time.monotonic() - started < 30
    [bad] = story.rejected
    assert bad.source == str(fifo) and "FIFO" in bad.reason


def test_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)

    def writer():
        with open(fifo, "wb") as f:
            f.write(OTHER.encode())

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    [doc] = list(read([str(fifo)], IngestConfig(timeout=10)))
    thread.join(5)
    assert isinstance(doc, RawDocument) and "Brannock" in doc.body


def test_fifo_inside_a_folder_is_counted_not_read(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "d" / "f.txt")
    (tmp_path / "d" / "gone.txt").symlink_to(tmp_path / "nowhere")
    items = list(read([str(tmp_path / "d")]))
    reasons = {os.path.basename(i.source): i.reason for i in items if isinstance(i, Rejected)}
    assert reasons == {"f.txt": "not a regular file (a FIFO)",
                       "gone.txt": "a symbolic link to nothing (dangling or a loop)"}
    assert [i.id for i in items if isinstance(i, RawDocument)] == ["a.txt"]


# --- 8. folders that cannot be searched ------------------------------------------------------


def test_unsearchable_folder_is_not_taken_for_a_topic(tmp_path, monkeypatch):
    from pathlib import Path

    from storyline.ingest import t17

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_dir", denied)
    assert t17.is_topic(tmp_path) is False


# --- 9. huge --max-bytes ---------------------------------------------------------------------


@pytest.mark.parametrize("limit", [100_000_000_000, 9_223_372_036_854_775_806, 2**70])
def test_huge_max_bytes_reads_what_is_there(tmp_path, good, limit):
    story = light([good], max_bytes=limit)
    assert sources(story) == {str(good)}


def test_read_at_most_reads_one_byte_past_the_limit():
    import io

    assert read_at_most(io.BytesIO(b"abcdef"), 3) == b"abcd"
    assert read_at_most(io.BytesIO(b"abc"), 10**12) == b"abc"


# --- 13. reasons are one printable line --------------------------------------------------------


@pytest.mark.parametrize("reason", ["three\nline\nreason", "bell\x07 and \x1b[2J clear", "tab\tand\r\nCRLF"])
def test_a_reason_is_always_one_printable_line(reason):
    made = Rejected("a.txt", reason)
    assert "\n" not in made.reason and made.reason.isprintable()
    assert made.reason == one_line(reason)


@pytest.mark.parametrize("name", ["x\nskipped evil.txt: fake", "\x1b[31mred.txt", "a b.txt", "\u202eevil.txt"])
def test_names_are_quoted_and_escaped(name):
    shown = quoted(name)
    assert shown.startswith('"') and shown.endswith('"') and shown.isprintable()
    assert "\n" not in shown and "\x1b" not in shown and "\u202e" not in shown


def test_cli_never_prints_a_control_character_from_a_file_name(tmp_path, good):
    bad = tmp_path / "x\nskipped evil.txt: fake\nread 99, usable 99.txt"
    bad.write_bytes(b"\0\1\2")
    escape = tmp_path / "\x1b[2J\x1b[31mred.txt"
    escape.write_bytes(b"\0\1")
    result = CliRunner().invoke(main, ["build", str(good), str(bad), str(escape), "-o", str(tmp_path / "o"),
                                       "--no-store", "--no-entities"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert all(line.isprintable() for line in lines)
    assert sum(line.startswith("skipped ") for line in lines) == 2
    assert sum(line.startswith("read ") for line in lines) == 1


def test_a_flood_of_skips_is_summarised():
    items = [Rejected(f"feed.jsonl:{n}", "no 'text' or 'html' field") for n in range(1000)]
    items += [Rejected(f"x{n}.bin", "binary content (not text or HTML)") for n in range(5)]
    lines = skip_lines(items, first=20)
    assert len(lines) == 20 + 3
    assert lines[20] == "... and 985 more skipped inputs:"
    assert lines[21:] == ["  980 no 'text' or 'html' field", "  5 binary content"]


def test_cli_prints_a_bounded_number_of_lines_for_a_flood(tmp_path, good):
    feed = tmp_path / "tiny.jsonl"
    feed.write_text("".join(json.dumps({"n": n}) + "\n" for n in range(500)), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(good), str(feed), "-o", str(tmp_path / "o"), "--no-store",
                                       "--no-entities"])
    assert result.exit_code == 0
    assert len(result.stderr.splitlines()) < 40
    skipped = json.loads((tmp_path / "o" / "timeline.json").read_text())["skipped"]
    assert len(skipped) == 500  # the file keeps every one


# --- 14. pages nested deeper than the parser goes ----------------------------------------------


def test_article_inside_300_divs_keeps_its_text():
    html = "<html><body>" + "<div>" * 300 + PARAGRAPHS + "</div>" * 300 + "</body></html>"
    doc = clean(RawDocument("n.html", "n.html", "html", html))
    assert not isinstance(doc, Rejected)
    assert doc.text.count("Paragraph") == 5


def test_article_inside_300_tables_keeps_its_text():
    html = "<html><body>" + "<table><tr><td>" * 300 + PARAGRAPHS + "</td></tr></table>" * 300 + "</body></html>"
    doc = clean(RawDocument("t.html", "t.html", "html", html))
    assert not isinstance(doc, Rejected) and "Paragraph 4" in doc.text


def test_page_deeper_than_the_parser_says_so():
    html = "<html><body>" + "<div>" * 3000 + PARAGRAPHS + "</div>" * 3000 + "</body></html>"
    found = clean(RawDocument("n.html", "n.html", "html", html))
    assert isinstance(found, Rejected) and "nested more than 2,048 levels" in found.reason


# --- the user's mistakes and storyline's failures ---------------------------------------------


@pytest.mark.parametrize("as_given", [str, Path])
def test_a_single_string_or_path_is_one_input_not_a_walk_of_its_characters(good, as_given):
    story = storyline.build(as_given(good), entities=False)
    assert [d.source for d in story.documents] == [str(good)]
    assert [d.source for d in prepare(as_given(good), entities=False).documents] == [str(good)]


def test_published_naming_no_input_is_a_config_error(tmp_path, good):
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^--published names no input: 'nosuch.txt', 'other.txt'$"):
        light([good], published={"nosuch.txt": "2012-04-02", "good.txt": "2012-04-02", "other.txt": "2012-04-03"})
    # an id, a source or a file name, of a usable or a skipped input, all name one
    given = {"good.txt": "2012-04-02", str(good): "2012-04-02", "broken.json": "2012-04-02"}
    for key, day in given.items():
        story = light([good, broken], published={key: day})
        assert story.rejected and all(r.source == str(broken) for r in story.rejected)


def test_cli_published_naming_no_input_is_one_line(tmp_path, good):
    args = ["build", str(good), "-o", str(tmp_path / "o"), "--no-store", "--no-entities", "--published",
            "nosuch.txt=2012-04-02"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == "storyline: --published names no input: 'nosuch.txt'\n"
    assert not (tmp_path / "o").exists()


def test_cli_input_file_lists_inputs(tmp_path, good):
    other = tmp_path / "more" / "other.txt"
    other.parent.mkdir()
    other.write_text(OTHER, encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the pile\n\n  {tmp_path / 'more' / '*.txt'}  \n#{good}\n", encoding="utf-8")
    out = tmp_path / "o"
    args = ["build", str(good), "--input-file", str(listing), "-o", str(out), "--no-store", "--no-entities", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    documents = json.loads((out / "timeline.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(d["source"] for d in documents) == sorted([str(good), str(other)])


def test_cli_input_file_that_cannot_be_read_is_one_line(tmp_path, good):
    missing = tmp_path / "nolist.txt"
    result = CliRunner().invoke(main, ["build", str(good), "--input-file", str(missing), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr == f"storyline: cannot read --input-file {missing}: no such file or directory\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    nothing = CliRunner().invoke(main, ["build", "--input-file", str(empty), "-o", str(tmp_path / "o")])
    assert nothing.exit_code == 2 and "Missing argument" in nothing.stderr


def test_cli_malformed_published_is_a_usage_error_not_an_internal_one(tmp_path, good):
    result = CliRunner().invoke(main, ["build", str(good), "-o", str(tmp_path / "o"), "--published", "nodate"])
    assert result.exit_code == 2 and "expected FILE=YYYY-MM-DD" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("options", [{"max_dates": "10"}, {"max_dates": 0}, {"nosuch": 1}, {"max_bytes": "x"}])
def test_bad_option_values_are_config_errors(options):
    with pytest.raises(ConfigError):
        storyline.build(["x.txt"], **options)


def test_cli_reports_an_internal_error_as_one_line_not_a_usage_error(tmp_path, good, monkeypatch):
    import storyline.pipeline

    def broken(*args, **kwargs):
        raise ValueError("an invariant broke")

    monkeypatch.setattr(storyline.pipeline, "build", broken)
    args = ["build", str(good), "-o", str(tmp_path / "o"), "--no-store"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Usage:" not in result.output and "Traceback" not in result.output
    assert "internal error: ValueError: an invariant broke" in result.stderr
    debug = CliRunner().invoke(main, ["--debug", *args])
    assert debug.exit_code == 1 and "Traceback" in debug.stderr


def test_cli_usage_error_for_a_bad_option_value(tmp_path, good):
    result = CliRunner().invoke(main, ["build", str(good), "-o", str(tmp_path / "o"), "--published", "x=notadate"])
    assert result.exit_code == 2 and "published date" in result.stderr


def test_a_document_storyline_fails_on_is_skipped_alone(tmp_path, good, monkeypatch):
    import storyline.clean.stage
    from storyline.clean import clean as real_clean

    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")

    def flaky(raw, config):
        if "Brannock" in raw.body:
            raise KeyError("a bug")
        return real_clean(raw, config)

    monkeypatch.setattr(storyline.clean.stage, "clean", flaky)
    story = light([good, other])
    assert sources(story) == {str(good)}
    [failed] = story.rejected
    assert failed.internal and failed.stage == "clean" and "internal error in clean: KeyError" in failed.reason
    assert story.summary.failed == 1 and "internal error" in story.summary.lines()[0]


def test_a_document_the_annotator_fails_on_is_skipped_alone(tmp_path, good, monkeypatch):
    from storyline.annotate import Annotator

    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    real_pipe = Annotator.pipe

    def flaky(self, docs):
        docs = list(docs)
        if any("Brannock" in d.text for d in docs):
            raise OverflowError("date value out of range")
        return real_pipe(self, docs)

    monkeypatch.setattr(Annotator, "pipe", flaky)
    story = light([good, other])
    assert sources(story) == {str(good)}
    assert [(r.source, r.stage, r.internal) for r in story.rejected] == [(str(other), "annotate", True)]


def test_reports_list_a_bounded_number_of_skips_and_the_json_all():
    from storyline.model import Story
    from storyline.render import render

    story = Story([], [], rejected=[Rejected(f"f.jsonl:{n}", "no 'text' or 'html' field") for n in range(5000)])
    html, md = render(story, "html"), render(story, "md")
    assert html.count("<li><code>") == 100 and html.count("4900 more: no ") == 1
    assert md.count("\n- ") == 101 and "4900 more" in md
    assert len(json.loads(render(story, "json"))["skipped"]) == 5000


def test_library_warnings_become_one_line_notes(tmp_path, good, monkeypatch):
    import logging
    import warnings

    import storyline.pipeline

    real = storyline.pipeline.build

    def noisy(*args, **kwargs):
        warnings.warn("first line\nsecond line \x1b[31m", UserWarning)
        logging.getLogger("somelib").warning("record %s\nwith bytes \x00\x01", 7)
        return real(*args, **kwargs)

    monkeypatch.setattr(storyline.pipeline, "build", noisy)
    result = CliRunner().invoke(main, ["build", str(good), "-o", str(tmp_path / "o"), "--no-store", "--no-entities"])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert all(line.isprintable() for line in lines)
    assert "warning: UserWarning: first line second line \\x1b[31m" in lines
    assert "warning: somelib: record 7 with bytes \\x00\\x01" in lines


@pytest.mark.parametrize("published", ["0001-01-03", "9999-12-29"])
def test_dating_near_the_ends_of_the_calendar(tmp_path, good, published):
    said = ("Yesterday the harbour crane at Brannock collapsed onto a cargo ship, injuring two workers, "
            "the port authority said on Tuesday. An inquiry will report next Friday.")
    feed = tmp_path / "edge.jsonl"
    feed.write_text(json.dumps({"text": said + "\nDock workers stopped work.", "published": published}) + "\n"
                    + json.dumps({"text": "Port news\n" + said + "\nUnions met the owners."}) + "\n", encoding="utf-8")
    story = light([good, feed])
    assert {str(good), f"{feed}:1", f"{feed}:2"} <= sources(story)
    assert not story.rejected


def test_a_named_link_to_a_file_already_read_is_told(tmp_path, good):
    link = tmp_path / "link.txt"
    link.symlink_to(good)
    items = list(read([str(good), str(link), str(good)]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejected"]
    assert items[1] == Rejected(str(link), f"the same file as {good} (read once)")


def test_line_bounds_match_a_scan_of_the_text():
    import random

    from storyline.entities.furniture import line_bounds

    rng = random.Random(3)
    text = "".join(rng.choice("ab \n") for _ in range(2000))
    for _ in range(300):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(5))
        lo = text.rfind("\n", 0, start) + 1
        hi = text.find("\n", end)
        assert line_bounds(text, start, end) == (lo, hi if hi != -1 else len(text))


def test_ctrl_c_is_one_line_not_a_traceback(tmp_path, good, monkeypatch):
    import storyline.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(storyline.pipeline, "build", interrupted)
    result = CliRunner().invoke(main, ["build", str(good), "-o", str(tmp_path / "o"), "--no-store"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "storyline: interrupted; what was stored so far is kept"
