"""Time expressions resolve against the reference date, in the direction of the tense."""

import datetime as dt

import pytest

from storyline.annotate.timex import is_future, resolve

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
