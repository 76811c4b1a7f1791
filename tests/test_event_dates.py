"""A line is filed under the date of the event it reports: its main clause's, or its
statement's; a date it only mentions is not its date, and the future stays ahead."""

import datetime as dt

import pytest

from storyline.annotate import clause_future
from storyline.annotate.clauses import clause_roles, light_role
from storyline.annotate.parse import load_clause_model
from storyline.model import Document
from storyline.timeline import summarize
from storyline.timex import find_candidates, resolve
from storyline.timeline.candidates import dated_sentences


def roles_of(sentence: str) -> dict[str, str]:
    doc = load_clause_model()(sentence)
    spans = [(c.start, c.end) for c in find_candidates(sentence)]
    return {sentence[a:b]: role for (a, b), (role, _) in zip(spans, clause_roles(doc, spans))}


@pytest.mark.parametrize(("sentence", "expression", "role"), [
    # mentions inside the sentence, not its event
    ("The envoy said the army had crushed the protests, which have killed 300 people since March.", "March", "mention"),
    ("Velmora restated its backing for a harbour plan floated last November.", "last November", "mention"),
    ("The minister said he would cooperate but would not agree to a January plan for elections.", "January", "mention"),
    ("Fares have doubled since the 2001 strikes on the ferry line.", "2001", "mention"),
    ("The poet was born on 31 July 1921 in a fishing village.", "31 July 1921", "mention"),
    ('"We must move together," said Dorin, whose talks with the mayors on Monday ended without a deal.', "Monday", "mention"),
    ("After the vote in May, the coalition split.", "May", "mention"),
    ("Tuesday's vote on the budget was delayed.", "Tuesday", "mention"),
    # the main clause's event
    ("Two council members vetoed the harbour budget in October.", "October", "event"),
    ("The ferry capsized on April 20, killing 11 passengers.", "April 20", "event"),
    # the statement
    ("The port authority said on Tuesday it would close the north quay.", "Tuesday", "statement"),
    ("On Monday, the company announced that it had sealed the leak.", "Monday", "statement"),
    # the reported event
    ("Coastguard officials said the trawler sank on Thursday.", "Thursday", "reported"),
])
def test_what_a_time_expression_dates(sentence, expression, role):
    assert roles_of(sentence)[expression] == role


def test_light_mode_knows_ranges_and_births_only():
    s = "The strike has lasted since March and the union was born in 1921."
    assert light_role(s, s.index("March"), s.index("March") + 5)[0] == "mention"
    assert light_role(s, s.index("1921"), s.index("1921") + 4)[0] == "mention"
    t = "The ferry capsized on Tuesday."
    assert light_role(t, t.index("Tuesday"), t.index("Tuesday") + 7) == ("", "")


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    # a June article: what is due, expected or awaited lies ahead
    ("The dividend, which is due to be announced on 27 July, may be cancelled.", "27 July", "2010-07-27"),
    ("The crew may not stop the leak until a relief well is drilled, sometime in August.", "August", "2010-08"),
    ("The council will vote on Monday.", "Monday", "2010-06-21"),
    # and what was done lies behind
    ("The council voted on Monday.", "Monday", "2010-06-14"),
    ("The results were announced on 27 May.", "27 May", "2010-05-27"),
])
def test_the_future_resolves_forward(sentence, expression, value):
    at = sentence.index(expression)
    future = clause_future(sentence, at, at + len(expression))
    assert resolve(expression, dt.date(2010, 6, 20), future=future).value == value


def build_doc(annotator, text: str, published: str) -> Document:
    doc = Document(id="a.txt", source="a.txt", text=text, published=published, published_evidence="test")
    return next(annotator.pipe([doc]))


def test_a_mention_does_not_date_the_line(annotator):
    text = ("Harbour talks stalled in Velmora on Wednesday as the two unions refused to meet.\n\n"
            "The envoy said the army had crushed the protests, which have killed 300 people since March.")
    doc = build_doc(annotator, text, "2012-01-25")
    cands = dated_sentences(doc, lead_sentences=6)
    march = [c for c in cands if c.date.startswith("2011-03") or c.date.startswith("2012-03")]
    assert march and not any(c.line for c in march)  # March still counts, but the line is not filed there
    lead = [c for c in cands if c.date == "2012-01-25" and "since March" in c.text]
    assert lead and "only as a mention" in lead[0].dated_by
    events = summarize([doc])
    assert all(not e.date.startswith(("2011-03", "2012-03")) for e in events)


def test_the_statement_dates_the_line(annotator):
    text = ("The port authority said on Tuesday that the trawler sank on 2 March.\n\n"
            "Divers reached the wreck of the trawler in the bay on Friday.")
    doc = build_doc(annotator, text, "2012-03-14")
    cands = {c.date: c for c in dated_sentences(doc) if "port authority" in c.text}
    assert cands["2012-03-13"].line and not cands["2012-03-02"].line
    assert "statement" in cands["2012-03-13"].dated_by


def test_an_announced_event_is_planned(annotator):
    text = ("The harbour board is expected to vote on the new quay on 27 July, officials said.\n\n"
            "Dock workers walked out in protest at the plan on Monday morning.")
    doc = build_doc(annotator, text, "2010-07-05")
    events = {e.date: e for e in summarize([doc])}
    assert events["2010-07-27"].planned
    assert not events["2010-07-05"].planned


@pytest.mark.parametrize("text", ["May God give the people of Lornholt strength.",
                                  "The rescue ended. May the families find peace."])
def test_may_opening_a_wish_is_not_the_month(annotator, text):
    doc = build_doc(annotator, text, "2010-01-20")
    assert [t.text for t in doc.timexes] == []


def test_may_the_month_is_still_a_date(annotator):
    doc = build_doc(annotator, "The harbour wall collapsed in May after a week of storms.", "2010-06-20")
    assert [(t.text, t.value) for t in doc.timexes][0] == ("May", "2010-05")


def test_the_attacks_of_sept_11_are_2001s(annotator):
    doc = build_doc(annotator, "The senator compared the market crash with the attacks of Sept. 11 and urged calm.",
                    "2008-09-24")
    assert [(t.text, t.value) for t in doc.timexes] == [("Sept. 11", "2001-09-11")]


@pytest.mark.parametrize(("sentence", "expression"), [
    ("As of Jan. 1, the harbour fund held 30 percent of the town's savings.", "Jan. 1"),
    ("The bill includes a tax credit for ferries retroactive to January 1.", "January 1"),
])
def test_a_cut_off_date_is_a_mention(annotator, sentence, expression):
    doc = build_doc(annotator, sentence, "2010-07-08")
    [timex] = [t for t in doc.timexes if t.text == expression]
    assert timex.role == "mention"


def test_a_dateline_date_is_the_lines_event(annotator):
    doc = build_doc(annotator, "LONDON, Sept 22 (Reuters) - Ferry fares in the bay rose by a third.", "2011-09-22")
    [timex] = doc.timexes
    assert (timex.value, timex.role) == ("2011-09-22", "event") and "the dateline" in timex.evidence


def test_a_year_glued_to_the_days_comma_is_read(annotator):
    doc = build_doc(annotator, "Dorin was mayor of Lornholt from Jan 2,2003 to Jan 4,2007.", "2010-09-28")
    assert [(t.text, t.value) for t in doc.timexes] == [("Jan 2,2003", "2003-01-02"), ("Jan 4,2007", "2007-01-04")]


def test_a_statement_in_a_relative_clause_is_a_mention(annotator):
    text = "Mayor Ilse Dorin, who said on Monday there was no risk to the harbour, struck a more cautious tone."
    doc = build_doc(annotator, text, "2025-09-10")
    [monday] = [t for t in doc.timexes if t.text == "Monday"]
    assert monday.role == "mention"
