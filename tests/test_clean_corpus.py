"""Boilerplate seen across an outlet's articles (clean.corpus)."""

from storyline.clean import RecurringConfig, drop_recurring_lines
from storyline.model import Document

NOTICE = "Views expressed in the comments are the readers' own and not the Harbor Ledger's."
BACKGROUND = "The plant was closed in May after the leak poisoned thirty-one residents."


def doc(i: int, day: str | None, *lines: str, outlet: str | None = "Harbor Ledger") -> Document:
    own = f"Story {i}: the council met on day {i} and voted on the {i}th motion about the river."
    return Document(id=f"{i}.txt", source=f"{i}.txt", text="\n\n".join([own, *lines]), outlet=outlet, published=day)


def test_a_line_an_outlet_repeats_across_weeks_is_dropped_with_its_count():
    docs = [doc(i, f"2031-09-{10 + 3 * i:02d}", NOTICE) for i in range(4)]
    out = drop_recurring_lines(docs)
    for before, after in zip(docs, out):
        assert NOTICE not in after.text and after.text == before.text.split("\n\n")[0]
        assert after.removed[-1].text == NOTICE
        assert after.removed[-1].reason == "recurs in 4 articles of Harbor Ledger (outlet boilerplate)"


def test_news_repeated_in_updates_within_days_is_kept():
    docs = [doc(i, day, BACKGROUND) for i, day in enumerate(["2031-09-10", "2031-09-10", "2031-09-11"])]
    assert drop_recurring_lines(docs) == docs


def test_other_outlets_and_unknown_outlets_are_left_alone():
    docs = [doc(i, f"2031-09-{10 + 3 * i:02d}", NOTICE, outlet=f"Outlet {i}") for i in range(4)]
    docs += [doc(9 + i, f"2031-10-{10 + i:02d}", NOTICE, outlet=None) for i in range(4)]
    assert drop_recurring_lines(docs) == docs


def test_a_recurring_fragment_that_is_not_a_sentence_needs_no_share():
    docs = [doc(i, f"2031-09-{10 + i:02d}", "Check these out on Ledger Money") for i in range(3)]
    docs += [doc(10 + i, f"2031-10-{10 + i:02d}") for i in range(60)]  # 3 of 63: below 5 %
    assert all("Check these out" not in d.text for d in drop_recurring_lines(docs))
    assert drop_recurring_lines(docs, RecurringConfig(min_docs=4)) == docs
    undated = [doc(i, None, "Check these out on Ledger Money") for i in range(3)]
    assert drop_recurring_lines(undated) == undated  # no dates: it may be one story's updates


def test_url_host_stands_in_for_a_missing_outlet():
    from dataclasses import replace

    docs = [replace(doc(i, f"2031-09-{10 + 3 * i:02d}", NOTICE, outlet=None), url=f"https://www.ledger.example/{i}")
            for i in range(4)]
    assert all(NOTICE not in d.text for d in drop_recurring_lines(docs))
    assert "ledger.example" in drop_recurring_lines(docs)[0].removed[-1].reason
