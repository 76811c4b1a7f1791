"""A quote is dated by when it was said: the day of its reporting clause, else its
article's day (storyline.quotes.said_on)."""

from __future__ import annotations

import re

import pytest

from storyline.model import Document, Quote, Sentence, Timex
from storyline.quotes.direct import find_quotes, merge_quotes
from storyline.quotes.said_on import said_on, shared_said_on

PUBLISHED = "2031-05-08"  # a Thursday


def _doc(text: str, timexes: list[tuple[str, str | None, str]], published: str | None = PUBLISHED) -> Document:
    """A document whose sentences are its lines and whose time expressions are the
    given (words, value, role), found in the text in order."""
    sentences, pos = [], 0
    for line in text.split("\n"):
        sentences.append(Sentence(pos, pos + len(line)))
        pos += len(line) + 1
    found, at = [], 0
    for words, value, role in timexes:
        start = text.index(words, at)
        at = start + len(words)
        found.append(Timex(start, at, words, value, "day" if value else None, f"'{words}' relative to {published}",
                           role))
    return Document("d1", "d1.txt", text, published=published, published_evidence="dateline 'Thursday 8 May 2031'",
                    sentences=tuple(sentences), timexes=tuple(found))


def _span(doc: Document, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


def test_the_reporting_clause_dates_the_quote() -> None:
    doc = _doc('Minister Arvid Holm said on Tuesday: "The bridge will reopen within a month."',
               [("Tuesday", "2031-05-06", "statement")])
    day, evidence = said_on(doc, [_span(doc, "The bridge will reopen within a month.")], doc.text.index("said"))
    assert day == "2031-05-06"
    assert evidence.startswith("the reporting clause: 'Tuesday'")


def test_without_a_dated_clause_the_article_day_stands_with_its_evidence() -> None:
    doc = _doc('Minister Arvid Holm said: "The bridge will reopen within a month."', [])
    day, evidence = said_on(doc, [_span(doc, "The bridge will reopen within a month.")], doc.text.index("said"))
    assert (day, evidence) == (PUBLISHED, "the article's date (dateline 'Thursday 8 May 2031')")


def test_an_undated_article_leaves_the_quote_undated() -> None:
    doc = _doc('Arvid Holm said: "The bridge will reopen within a month."', [], published=None)
    assert said_on(doc, [_span(doc, "The bridge will reopen within a month.")], doc.text.index("said")) == (None, "")


@pytest.mark.parametrize("text, timex, why", [
    # a date inside the quotation marks is what was said, not when
    ('Arvid Holm said: "We closed it on Monday for good reasons."', ("Monday", "2031-05-05", "statement"), "inside"),
    # the date of the reported event, not of the statement
    ('Arvid Holm said the bridge closed on Monday, adding: "It was unsafe for lorries."',
     ("Monday", "2031-05-05", "reported"), "role"),
    # a statement cannot be reported before it is made
    ('Arvid Holm will speak on Friday. "It was unsafe for lorries," he said.', ("Friday", "2031-05-09", "statement"),
     "future"),
    # another sentence's date
    ('The council met on Monday.\n"It was unsafe for lorries," Arvid Holm said.', ("Monday", "2031-05-05", "statement"),
     "sentence"),
])
def test_dates_that_do_not_date_the_statement_are_not_used(text: str, timex, why: str) -> None:
    doc = _doc(text, [timex])
    quote = re.search(r'"([^"]+)"', text)
    assert quote is not None
    day, evidence = said_on(doc, [quote.span(1)], doc.text.index(" said") + 1)
    assert day == PUBLISHED, why
    assert evidence.startswith("the article's date")


def test_the_nearest_clause_date_to_the_verb_wins() -> None:
    doc = _doc('On Monday the council met; Arvid Holm said on Wednesday: "It was unsafe for lorries."',
               [("Monday", "2031-05-05", "statement"), ("Wednesday", "2031-05-07", "statement")])
    day, _ = said_on(doc, [_span(doc, "It was unsafe for lorries.")], doc.text.index("said"))
    assert day == "2031-05-07"


def test_direct_quotes_carry_the_day_they_were_said() -> None:
    doc = _doc('Arvid Holm said on Tuesday: "The bridge will reopen within a month."\n'
               '"Lorries will have to wait longer," he added.',
               [("Tuesday", "2031-05-06", "statement")])
    quotes = find_quotes(doc)
    assert [q.said_on for q in quotes] == ["2031-05-06", PUBLISHED]


def _quote(document: str, day: str | None, evidence: str) -> Quote:
    return Quote(document, 0, 10, "the words", ((0, 10),), "Arvid Holm", "Holm", "said", "named",
                 said_on=day, said_on_evidence=evidence)


def test_a_shared_quote_prefers_a_reporting_clause_to_an_earlier_article_day() -> None:
    appearances = [_quote("a", "2031-05-07", "the article's date (dateline)"),
                   _quote("b", "2031-05-06", "the reporting clause: 'Tuesday' relative to 2031-05-08"),
                   _quote("c", "2031-05-09", "the reporting clause: 'Friday'")]
    assert shared_said_on(appearances) == ("2031-05-06", "the reporting clause: 'Tuesday' relative to 2031-05-08")
    assert shared_said_on([_quote("a", "2031-05-07", "the article's date (x)"),
                           _quote("b", "2031-05-05", "the article's date (y)")]) == ("2031-05-05", "the article's date (y)")
    assert shared_said_on([_quote("a", None, "")]) == (None, "")


def test_merged_quotes_carry_said_on() -> None:
    first = _doc('Arvid Holm said on Tuesday: "The bridge will reopen within a month."',
                 [("Tuesday", "2031-05-06", "statement")])
    merged = merge_quotes(find_quotes(first), [first])
    assert [(s.said_on, s.date) for s in merged] == [("2031-05-06", PUBLISHED)]
    assert merged[0].to_dict()["said_on"] == "2031-05-06"
    assert merged[0].to_dict()["appearances"][0]["said_on_evidence"].startswith("the reporting clause")
