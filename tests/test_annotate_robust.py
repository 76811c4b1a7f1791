"""The annotate stage survives inputs at the edges: publication dates at the ends of the
calendar, a paragraph longer than the model's limit, and a killed parent process.

Every text here is invented for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from storyline.annotate import AnnotateConfig, Annotator, find_timexes
from storyline.annotate.parse import Parse, load_model, parse_texts, pieces
from storyline.annotate.sentences import split_sentences
from storyline.model import Document
from storyline.timex import resolve

# --- 3. dates near year 1 and year 9999 ----------------------------------------------------

EDGE_DAYS = [dt.date(1, 1, 1), dt.date(1, 1, 7), dt.date(9999, 12, 31), dt.date(9999, 12, 25)]
EXPRESSIONS = [
    "next Friday", "last Monday", "Friday", "on Sunday", "this Wednesday", "Tuesday next week", "Monday last week",
    "yesterday", "tomorrow", "today", "the day before yesterday", "the day after tomorrow", "last night",
    "tonight", "Monday morning", "next Friday night", "5 p.m. yesterday", "3pm tomorrow",
    "next week", "last week", "this week", "the following week", "next weekend", "last weekend", "the weekend",
    "next month", "last month", "earlier this month", "the following month", "in six months",
    "next year", "last year", "this year", "the next year", "the prior year", "the year-earlier", "year-end",
    "in two years", "two years ago", "a year later", "ten days ago", "in 3 days", "three weeks ago",
    "a fortnight ago", "the next day", "the previous day", "that day", "the next morning",
    "a decade ago", "in a decade", "this decade", "the 1990s", "the nineties",
    "next century", "last century", "this century", "two centuries ago", "the 21st century",
    "Christmas", "next Christmas", "last Christmas", "Christmas Eve", "New Year's Eve", "New Year's Day",
    "Easter", "Good Friday", "Easter Monday", "Memorial Day", "Thanksgiving", "Labor Day",
    "February 4", "December 31", "January 1", "December", "January", "next January", "last December",
    "next quarter", "last quarter", "the third quarter", "the first half", "the year-ago quarter", "Q4",
    "next spring", "last winter", "this winter", "summer",
    "the end of the year", "the end of next year", "the start of next month", "later this week",
]
_YEAR = r"(?:000[1-9]|00[1-9]\d|0[1-9]\d\d|[1-9]\d{3})"
# what a value of each granularity looks like, its year within 1..9999
_VALUE = {
    "day": None, "month": rf"{_YEAR}-\d\d", "year": _YEAR, "week": rf"{_YEAR}-W\d\d(?:-WE)?",
    "quarter": rf"{_YEAR}-Q[1-4]", "half": rf"{_YEAR}-H[12]", "season": rf"{_YEAR}-(?:SP|SU|FA|WI)",
    "decade": r"\d{3}", "century": r"\d{2}",
}


@pytest.mark.parametrize("ref", EDGE_DAYS, ids=str)
def test_no_expression_breaks_at_the_ends_of_the_calendar(ref):
    for expression in EXPRESSIONS:
        for future in (True, False, None):
            res = resolve(expression, ref, future=future)  # never raises
            if res.value is None:
                continue
            if res.granularity == "day":
                dt.date.fromisoformat(res.value)
            else:
                assert re.fullmatch(_VALUE[res.granularity], res.value), (expression, future, res)
            if res.granularity in ("decade", "century"):
                width = 10 if res.granularity == "decade" else 100
                first = int(res.value) * width
                assert first <= dt.MAXYEAR and first + width - 1 >= dt.MINYEAR, (expression, res)


@pytest.mark.parametrize(
    "expression, ref, future, value",
    [
        ("yesterday", dt.date(1, 1, 1), False, None),
        ("tomorrow", dt.date(1, 1, 1), False, "0001-01-02"),
        ("last Monday", dt.date(1, 1, 7), False, "0001-01-01"),
        ("last Monday", dt.date(1, 1, 1), False, None),
        ("next Friday", dt.date(9999, 12, 31), True, None),
        ("tomorrow", dt.date(9999, 12, 31), True, None),
        ("yesterday", dt.date(9999, 12, 31), False, "9999-12-30"),
        ("last year", dt.date(1, 1, 1), False, None),
        ("next year", dt.date(1, 1, 1), True, "0002"),
        ("next year", dt.date(9999, 12, 31), True, None),
        ("next month", dt.date(9999, 12, 31), True, None),
        ("next week", dt.date(9999, 12, 31), True, None),
        ("this week", dt.date(9999, 12, 31), False, "9999-W52"),
        ("a decade ago", dt.date(1, 1, 1), False, None),
        ("this decade", dt.date(1, 1, 1), False, "000"),
        ("next century", dt.date(9999, 12, 31), True, None),
        ("the 1990s", dt.date(1, 1, 1), False, "199"),
        # what can be said still is: the window around the reference is not a date to build
        ("Christmas", dt.date(1, 1, 1), True, "0001-12-25"),
        ("Christmas", dt.date(9999, 12, 31), False, "9999-12-25"),
        ("February 4", dt.date(1, 1, 1), True, "0001-02-04"),
        ("February 4", dt.date(9999, 12, 31), False, "9999-02-04"),
    ],
)
def test_values_outside_the_calendar_are_left_unresolved(expression, ref, future, value):
    res = resolve(expression, ref, future=future)
    assert res.value == value
    if value is None:
        assert "outside the calendar" in res.how


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-07", "9999-12-31"])
def test_articles_published_at_the_ends_of_the_calendar_are_annotated(published):
    text = ("The council met next Friday and again last Monday. Yesterday the mayor said the dam "
            "would open tomorrow. A decade ago it flooded, and last year too. In two years it will be "
            "done, by Christmas; February 4 is the deadline. The 1990s were dry. Next month, next week "
            "and next century were mentioned. The next day they left.")
    doc = Document(id="edge.txt", source="edge.txt", text=text, published=published,
                   published_evidence="JSONL field 'published'")
    timexes = find_timexes(doc, Parse(split_sentences(text), (), ()))
    assert len(timexes) > 10
    [annotated] = Annotator(AnnotateConfig(entities=False)).pipe([doc])
    assert annotated.timexes == timexes


# --- 7. a line longer than the model's limit -----------------------------------------------


def test_a_line_without_whitespace_is_cut_hard_at_the_limit():
    text = "x" * 2500 + "\nshort line\n" + "y" * 1001
    parts = pieces(text, max_chars=1000)
    assert "".join(piece for _, piece in parts) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in parts)
    assert all(len(piece) <= 1000 for _, piece in parts)
    assert [offset for offset, _ in parts] == [0, 1000, 2000, 2511, 3511]


def test_a_long_line_is_cut_after_a_sentence_end_else_at_whitespace():
    sentence = "The barrier held through the night. "
    text = sentence * 100  # 3,600 characters, no line break
    parts = pieces(text, max_chars=1000)
    assert all(len(piece) <= 1000 for _, piece in parts)
    assert "".join(piece for _, piece in parts) == text
    assert all(piece.rstrip().endswith("night.") for _, piece in parts[:-1])
    words = "barrier " * 400  # no sentence end: the last space before the limit
    parts = pieces(words, max_chars=1000)
    assert all(len(piece) <= 1000 for _, piece in parts)
    assert all(piece.endswith("barrier") for _, piece in parts[:-1])
    assert "".join(piece for _, piece in parts) == words


def test_line_breaks_still_come_first():
    text = "\n".join(f"Line {i} of a live blog. It goes on." for i in range(300))
    parts = pieces(text, max_chars=1000)
    assert all(piece.startswith("\n") for _, piece in parts[1:])
    assert all(len(piece) <= 1000 for _, piece in parts)


def _offsets_are_exact(text: str, parse: Parse) -> None:
    assert all(text[e.start : e.end] == e.text for e in parse.entities)
    assert all(0 <= s.start < s.end <= len(text) for s in parse.sentences)
    assert [s.start for s in parse.sentences] == sorted(s.start for s in parse.sentences)
    assert all(a.end <= b.start for a, b in zip(parse.sentences, parse.sentences[1:]))
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in parse.sentences)


@pytest.fixture(scope="module")
def nlp():
    return load_model()


HEAD = "Maria Santos of the Harbour Authority of Lisbon spoke on Tuesday. "
TAIL = " Prices rose in Portugal, said John Smith. The meeting ended on Friday."


def test_a_paragraph_over_a_million_characters_is_annotated_with_the_model():
    # 1.2 M characters on one line, beyond the model's max_length. The filler has no
    # words, so the model is quick on it (the same length of prose takes it about 20 s):
    # what this shows is no E088 and exact offsets after 120 cuts, not speed on prose.
    text = HEAD + "x" * 1_200_000 + TAIL
    assert len(text) > load_model().max_length
    doc = Document(id="long.txt", source="long.txt", text=text, published="2031-06-04",
                   published_evidence="JSONL field 'published'")
    [annotated] = Annotator().pipe([doc])
    parse = Parse(annotated.sentences, annotated.entities, ())
    _offsets_are_exact(text, parse)
    names = [e.text for e in parse.entities]
    assert names[0] == "Maria Santos" and names[-1] == "John Smith"
    assert text[parse.sentences[-1].start : parse.sentences[-1].end] == "The meeting ended on Friday."
    assert [t.value for t in annotated.timexes] == ["2031-06-03", "2031-05-30"]


def test_prose_cut_inside_a_line_keeps_its_offsets(nlp):
    # the same code path with a small limit: real sentences cut at their ends
    text = " ".join(f"Officials in Lisbon met Maria Santos on day {i} of the talks." for i in range(60))
    [parse] = parse_texts(nlp, [text], max_chars=500)
    [whole] = parse_texts(nlp, [text], max_chars=100_000)
    _offsets_are_exact(text, parse)
    assert [text[s.start : s.end] for s in parse.sentences] == [text[s.start : s.end] for s in whole.sentences]
    assert {e.text for e in parse.entities} >= {"Lisbon", "Maria Santos"}


# --- 11. workers die with their parent -----------------------------------------------------

# The stage in model mode, parsing with 2 workers until killed. Before storyline had its
# own workers, spaCy's (nlp.pipe with n_process) outlived a killed parent, ~150 MB each.
_ANNOTATE = textwrap.dedent("""
    from storyline.annotate import AnnotateConfig, Annotator
    from storyline.model import Document
    text = "Maria Santos met officials in Lisbon on Tuesday. The Harbour Authority agreed. " * 100
    docs = [Document(id=f"{i}.txt", source=f"{i}.txt", text=text + str(i), published="2031-06-04",
                     published_evidence="test") for i in range(1000)]
    print("started", flush=True)
    for doc in Annotator(AnnotateConfig(n_process=2, chunk=1000)).pipe(docs):
        pass
""")
# A pool whose 2 workers are busy for a minute: they could not notice on their own.
_BUSY = textwrap.dedent("""
    import sys, time
    import storyline.executors.local as workers
    import storyline.utils.process as process
    if sys.argv[1] == "polling-only":  # the kernel's help off: the watching thread alone
        process._ask_kernel_for_sigkill = lambda: None
    pool = workers.start_pool(2, context="fork")
    pool.map_async(time.sleep, [60, 60], chunksize=1)
    time.sleep(0.5)
    print("started", flush=True)
    time.sleep(120)
""")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended (nothing may reap it here)


def _kill_and_watch(program: str, how: str, *args: str) -> list[int]:
    """Start ``program``, kill it with ``how`` once it has 2 children, and return those
    still alive 8 seconds later (the watching thread looks once a second)."""
    parent = subprocess.Popen([sys.executable, "-c", program, *args], stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert parent.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = _children(parent.pid)
        assert len(workers) == 2
        time.sleep(1.5)  # at work
        parent.send_signal(getattr(signal, how))
        parent.wait(timeout=10)
        deadline = time.monotonic() + 8
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        return [w for w in workers if _alive(w)]
    finally:
        for pid in [parent.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        parent.wait(timeout=10)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@needs_proc
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_parsing_workers_end_when_the_stage_is_killed(how):
    assert _kill_and_watch(_ANNOTATE, how) == []


@needs_proc
@pytest.mark.parametrize("how, watch", [("SIGKILL", "both"), ("SIGTERM", "both"), ("SIGKILL", "polling-only")])
def test_busy_workers_end_when_their_parent_is_killed(how, watch):
    assert _kill_and_watch(_BUSY, how, watch) == []


def test_parses_in_two_workers_are_those_of_one_process(nlp):
    texts = [
        "Maria Santos met officials in Lisbon on Tuesday.\nThe Harbour Authority agreed.",
        "Prices rose in Portugal, said John Smith. " * 30,
        "",
        "x" * 25_000 + " The Red Cross arrived in Geneva.",
    ] * 3
    serial = list(parse_texts(nlp, texts, 1, 4))
    pooled = list(parse_texts(None, texts, 2, 4))
    assert json.dumps([p.to_json() for p in pooled]) == json.dumps([p.to_json() for p in serial])


def test_the_stage_with_two_workers_gives_the_serial_result():
    text = "Maria Santos met officials in Lisbon on Tuesday. The Harbour Authority agreed on Friday."
    docs = [Document(id=f"{i}.txt", source=f"{i}.txt", text=text.replace("Tuesday", day), published="2031-06-04",
                     published_evidence="test") for i, day in enumerate(["Monday", "Tuesday", "Sunday"] * 2)]
    serial = list(Annotator(AnnotateConfig(n_process=1, chunk=4)).pipe(docs))
    pooled = list(Annotator(AnnotateConfig(n_process=2, chunk=4)).pipe(docs))
    assert json.dumps([asdict(d) for d in pooled]) == json.dumps([asdict(d) for d in serial])
