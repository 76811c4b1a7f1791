"""Time expressions resolve against the reference date, in the direction of the tense."""

import datetime as dt

import pytest

from storyline.timex import is_future, resolve

TUESDAY = dt.date(2012, 3, 13)
WEDNESDAY_JAN = dt.date(2012, 1, 25)


@pytest.mark.parametrize(
    "expression, ref, future, value, granularity",
    [
        ("on Tuesday", TUESDAY, False, "2012-03-13", "day"),  # same weekday: that day
        ("on Monday", TUESDAY, False, "2012-03-12", "day"),
        ("last Tuesday", TUESDAY, False, "2012-03-06", "day"),
        ("next Tuesday", TUESDAY, False, "2012-03-20", "day"),
        ("Monday", WEDNESDAY_JAN, True, "2012-01-30", "day"),
        ("Tuesday next week", WEDNESDAY_JAN, False, "2012-01-31", "day"),
        ("yesterday", TUESDAY, False, "2012-03-12", "day"),
        ("tomorrow", TUESDAY, False, "2012-03-14", "day"),
        ("February 4", TUESDAY, False, "2012-02-04", "day"),
        ("December 28", dt.date(2012, 1, 3), False, "2011-12-28", "day"),  # past tense crosses the year
        ("January 2", dt.date(2011, 12, 30), True, "2012-01-02", "day"),
        ("13 March 2012", None, False, "2012-03-13", "day"),
        ("March 2011", None, False, "2011-03", "month"),
        ("last November", dt.date(2012, 2, 8), False, "2011-11", "month"),
        ("last November's", dt.date(2012, 2, 8), False, "2011-11", "month"),
        ("October", WEDNESDAY_JAN, False, "2011-10", "month"),
        ("January", dt.date(2012, 2, 8), False, "2012-01", "month"),
        ("this week", WEDNESDAY_JAN, False, "2012-W04", "week"),
        ("last month", TUESDAY, False, "2012-02", "month"),
        ("earlier this month", TUESDAY, False, "2012-03", "month"),
        ("last year", TUESDAY, False, "2011", "year"),
        ("two days ago", TUESDAY, False, "2012-03-11", "day"),
        ("in 2011", None, False, "2011", "year"),
        ("the 1990s", None, False, "199", "decade"),
    ],
)
def test_resolves(expression, ref, future, value, granularity):
    res = resolve(expression, ref, future)
    assert (res.value, res.granularity) == (value, granularity)


@pytest.mark.parametrize("duration", ["11 months", "more than a year", "year-long", "the past year", "a second month"])
def test_durations_do_not_date_events(duration):
    assert resolve(duration, TUESDAY).value is None
    assert resolve(duration, TUESDAY).how == "duration"


def test_relative_expression_without_reference_stays_unresolved():
    res = resolve("on Monday", None)
    assert res.value is None and "no reference date" in res.how


def test_the_next_day_is_not_future_tense():
    sentence = "The count rose from 12 on September 8 to 31 the next day."
    start = sentence.index("September 8")
    assert not is_future(sentence, start, start + len("September 8"))
    assert resolve("September 8", dt.date(2025, 10, 1), future=True).value == "2025-09-08"


def test_tense_is_read_from_the_clause_around_the_expression():
    sentence = "Forces will not stop fighting, Lavrov said on Tuesday, underscoring divisions."
    start = sentence.index("on Tuesday")
    assert not is_future(sentence, start, start + len("on Tuesday"))
    vote = "Diplomats said there could be a vote as early as Monday or Tuesday next week."
    start = vote.index("Monday")
    assert is_future(vote, start, start + len("Monday"))


def test_long_texts_are_parsed_in_pieces_cut_at_line_breaks():
    from storyline.annotate.parse import pieces

    text = "\n".join(f"Line {i} of a long live blog about the leak." for i in range(2000))
    parts = pieces(text, max_chars=1000)
    assert len(parts) > 50
    assert "".join(piece for _, piece in parts) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in parts)
    assert all(len(piece) <= 1000 for _, piece in parts)
    assert all(piece.startswith("\n") for _, piece in parts[1:])


# --- TIMEX3 values: durations, sets, times, quarters, seasons, holidays ------------------

FRIDAY = dt.date(2013, 3, 22)


@pytest.mark.parametrize(
    "expression, future, kind, timeml, value",
    [
        ("three years", None, "DURATION", "P3Y", None),
        ("the past two years", None, "DURATION", "P2Y", None),
        ("a mere 24 hours", None, "DURATION", "PT24H", None),
        ("5 1/2 hours", None, "DURATION", "PT5H30M", None),
        ("a decade", None, "DURATION", "P10Y", None),
        ("the next few months", None, "DURATION", "PXM", None),
        ("16-hour", None, "DURATION", "PT16H", None),
        ("two to three weeks", None, "DURATION", "P3W", None),
        ("every morning", None, "SET", "XXXX-XX-XXTMO", None),
        ("each July", None, "SET", "XXXX-07", None),
        ("daily", None, "SET", "P1D", None),
        ("Friday afternoon", False, "TIME", "2013-03-22TAF", "2013-03-22"),
        ("last night", False, "TIME", "2013-03-21TNI", "2013-03-21"),
        ("10:35 a.m.", False, "TIME", "2013-03-22T10:35", "2013-03-22"),
        ("15:00 GMT Saturday", True, "TIME", "2013-03-23T15:00", "2013-03-23"),
        ("the third quarter", False, "DATE", "2012-Q3", "2012-Q3"),
        ("the first quarter", False, "DATE", "2013-Q1", "2013-Q1"),
        ("last summer", False, "DATE", "2012-SU", "2012-SU"),
        ("Christmas", False, "DATE", "2012-12-25", "2012-12-25"),
        ("Thanksgiving", True, "DATE", "2013-11-28", "2013-11-28"),
        ("the 20th century", None, "DATE", "19", "19"),
        ("early 2011", None, "DATE", "2011", "2011"),
        ("late last July", False, "DATE", "2012-07", "2012-07"),
        ("six years ago", None, "DATE", "2007", "2007"),
        ("the end of the year", None, "DATE", "2013", "2013"),
        ("the weekend", False, "DATE", "2013-W11-WE", "2013-W11-WE"),
        ("now", None, "DATE", "PRESENT_REF", None),
        ("the near future", None, "DATE", "FUTURE_REF", None),
        ("nineteen ninety-six", None, "DATE", "1996", "1996"),
    ],
)
def test_timeml_values(expression, future, kind, timeml, value):
    res = resolve(expression, FRIDAY, future)
    assert (res.type, res.timeml, res.value) == (kind, timeml, value)


@pytest.mark.parametrize(
    "expression, ref, future, value",
    [
        ("Jan. 14", dt.date(2000, 1, 6), False, "2000-01-14"),  # a deadline a week ahead in a past-tense story
        ("Jan. 14", dt.date(2000, 1, 6), None, "2000-01-14"),  # no tense: the nearest Jan. 14
        ("May", dt.date(2000, 3, 29), None, "2000-05"),  # no tense: a month just ahead is the coming one
        ("March", dt.date(1989, 11, 2), None, "1989-03"),  # ... a month far ahead is last year's
        ("July", dt.date(2013, 3, 22), False, "2012-07"),  # past tense: the last July
        ("June", dt.date(2013, 3, 18), True, "2013-06"),
    ],
)
def test_year_of_a_day_or_month_without_one(expression, ref, future, value):
    assert resolve(expression, ref, future).value == value


def test_tense_reads_the_verb_before_the_expression_first():
    from storyline.timex import tense

    sentence = "The ministers issued a joint statement Friday saying the three countries will join."
    start = sentence.index("Friday")
    assert tense(sentence, start, start + 6) == "past"
    deadline = "Elian must be returned to his father by Jan. 14."
    assert tense(deadline, deadline.index("Jan. 14"), deadline.index("Jan. 14") + 7) == "future"
    plain = "The talks in March."
    assert tense(plain, plain.index("March"), plain.index("March") + 5) == ""
    stock = "Shares fell after lower-than-expected earnings Wednesday."
    assert tense(stock, stock.index("Wednesday"), stock.index("Wednesday") + 9) == "past"


# --- extents: what the grammar marks -------------------------------------------------------


def extents(text):
    from storyline.timex import find_candidates

    return [text[c.start : c.end] for c in find_candidates(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The deal was signed on Friday, March 22, 2013 in Nicosia.", ["Friday, March 22, 2013"]),
        ("The season started about a month earlier than usual.", ["a month"]),
        ("One exception was the pandemic of 2009-2010, when children died.", ["2009", "2010"]),
        ("It rose in the third quarter and third-quarter profit fell.", ["the third quarter", "third-quarter"]),
        ("She spoke at 10:35 a.m. (0735 GMT) Friday.", ["10:35 a.m.", "Friday"]),
        ("He was seen almost two years ago, for more than four hours.", ["almost two years ago", "more than four hours"]),
        ("A four-week course begins next Tuesday.", ["four-week", "next Tuesday"]),
        ("The May deadline may slip; April 7 is the date.", ["May", "April 7"]),
        ("It has been quiet for years, Lavrov said earlier this month.", ["years", "earlier this month"]),
        ("In 2010, 1,500 troops and 2000 people came.", ["2010", "2000"]),
    ],
)
def test_extents_follow_timeml(text, expected):
    assert extents(text) == expected


# --- names and crawl stamps ------------------------------------------------------------------


def expressions(text, entities=(), published="2012-03-13"):
    from storyline.annotate import time_expressions
    from storyline.annotate.parse import Parse
    from storyline.model import Document, Sentence

    doc = Document(id="d", source="d", text=text, published=published, published_evidence="test")
    return time_expressions(doc, Parse((Sentence(0, len(text)),), tuple(entities), ()))


def test_fall_is_a_season_only_where_a_season_can_stand():
    found = expressions("Prices fall in the fall, as after the fall of the wall; sales will rise this fall.")
    assert [e.text for e in found] == ["the fall", "this fall"]


def test_names_with_time_words_are_not_dates():
    from storyline.model import Entity

    text = "Talks on the Arab Spring uprisings, the Sunday Times said on Tuesday."
    paper = text.index("Sunday Times")
    found = expressions(text, [Entity(paper, paper + 12, "ORG", "Sunday Times")])
    assert [e.text for e in found] == ["Tuesday"]


def test_september_11_as_a_name_keeps_its_own_date_and_is_flagged():
    (found,) = expressions("Security was tightened after the September 11 attacks.")
    assert found.resolution.value == "2001-09-11" and found.caveat == "name-like date"
    assert "name-like date" in found.timex("").evidence


def test_crawl_stamp_age_dates_nothing():
    found = expressions("February 8, 2012 / 7:06 PM / 6 years ago\nThe court ruled on Tuesday.", published="2012-02-08")
    by_text = {e.text: e for e in found}
    assert by_text["February 8, 2012"].resolution.value == "2012-02-08"
    assert by_text["7:06 PM"].resolution.timeml == "2012-02-08T19:06"  # the time of the date before it
    assert by_text["6 years ago"].resolution.value is None and "crawl stamp" in by_text["6 years ago"].caveat
    assert by_text["Tuesday"].resolution.value == "2012-02-07"


def test_the_next_day_follows_the_last_date_written_in_full():
    found = expressions("The raid began on March 3, 2011. The next day, troops withdrew.")
    assert [e.resolution.value for e in found] == ["2011-03-03", "2011-03-04"]


def test_timex_model_keeps_calendar_values_only():
    found = expressions("He spoke for three hours on Friday night. He returns every month.")
    timexes = [e.timex("relative to 2012-03-13 (test)") for e in found]
    assert [(t.text, t.value, t.granularity) for t in timexes] == [
        ("three hours", None, None),
        ("Friday night", "2012-03-09", "day"),
        ("every month", None, None),
    ]
    assert timexes[0].evidence == "'three hours': duration, TIMEX3 DURATION PT3H"


def test_the_time_expression_package_needs_no_annotate_and_no_model():
    """``storyline.timex`` is plain Python over strings: importing it loads neither the
    annotate stage nor spaCy (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys, storyline.timex as t; "
        "assert t.resolve('yesterday', __import__('datetime').date(2012, 3, 13)).value == '2012-03-12'; "
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('storyline.annotate')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cached_time_expressions_are_keyed_by_the_grammar_code(monkeypatch):
    """A change to the time-expression package's code changes the key of stored time
    expressions, so a grammar change never reuses stale results."""
    from pathlib import Path

    from storyline.annotate.stage import CODE
    from storyline.stage import code_version

    before = code_version.__wrapped__(*CODE)
    real = Path.read_text

    def edited(self, *args, **kwargs):
        text = real(self, *args, **kwargs)
        return text + "\n# changed\n" if self.parent.name == "timex" and self.name == "rules.py" else text

    monkeypatch.setattr(Path, "read_text", edited)
    assert code_version.__wrapped__(*CODE) != before
