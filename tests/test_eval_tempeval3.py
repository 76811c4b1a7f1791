"""TempEval-3 scoring on small hand-written TimeML, and the benchmark on the real data."""

import pytest
from conftest import SHARED, needs_shared

from storyline.eval.tempeval3 import Annotation, Scores, read_timeml, score

TE3 = SHARED / "data" / "timex" / "tempeval3"

SNIPPET = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TITLE>Not scored <TIMEX3 tid="t9" type="DATE" value="2013-03-22">Friday</TIMEX3></TITLE>
<TEXT>
The council <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3> &amp; agreed
to meet again in <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks </TIMEX3>, as it has
<TIMEX3 tid="t3" type="SET" value="P1M">every month</TIMEX3> since <TIMEX3 tid="t4" type="DATE" value="2009">2009</TIMEX3>.
</TEXT>
</TimeML>
"""


def gold_doc():
    return read_timeml(SNIPPET, name="snippet.tml")


def test_reads_text_offsets_and_dct():
    doc = gold_doc()
    assert doc.dct == "2013-03-22"
    assert "&" in doc.text and "<" not in doc.text
    assert [t.text for t in doc.timexes] == ["Thursday", "two weeks", "every month", "2009"]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)  # trailing space trimmed
    assert [t.value for t in doc.timexes] == ["2013-03-21", "P2W", "P1M", "2009"]


def span(doc, text, value, kind="DATE"):
    start = doc.text.index(text)
    return Annotation(start, start + len(text), text, kind, value)


def test_strict_relaxed_and_value_matches():
    doc = gold_doc()
    system = [
        span(doc, "Thursday", "2013-03-21"),  # exact, right value
        span(doc, "in two weeks", "P2W", "DURATION"),  # overlap only, right value
        span(doc, "every month", "P1W", "SET"),  # exact, wrong value
        span(doc, "council", "PRESENT_REF"),  # spurious
    ]
    s = score(doc.timexes, system)
    assert (s.gold, s.system) == (4, 4)
    assert (s.strict_system, s.strict_gold) == (2, 2)
    assert (s.relaxed_system, s.relaxed_gold) == (3, 3)
    assert s.value_gold == 2
    f = s.figures()
    assert f["strict_precision"] == pytest.approx(50.0) and f["strict_recall"] == pytest.approx(50.0)
    assert f["relaxed_f1"] == pytest.approx(75.0)
    # value F1 is the relaxed F1 scaled by the share of matched gold expressions with the right value
    assert f["value_accuracy"] == pytest.approx(100 * 2 / 3)
    assert f["value_f1"] == pytest.approx(75.0 * 2 / 3)


def test_one_system_span_over_two_gold_spans():
    text = "the 2009-2010 season"
    gold = [Annotation(4, 8, "2009", "DATE", "2009"), Annotation(9, 13, "2010", "DATE", "2010")]
    system = [Annotation(4, 13, text[4:13], "DATE", "2009")]
    s = score(gold, system)
    assert (s.relaxed_system, s.relaxed_gold, s.strict_gold, s.value_gold) == (1, 2, 0, 1)


def test_empty_scores_are_zero_not_errors():
    assert Scores().figures()["strict_f1"] == 0.0
    assert score([], []).figures()["value_f1"] == 0.0


@needs_shared(TE3)
def test_benchmark_on_a_few_real_documents():
    from storyline.eval import evaluate

    result = evaluate("tempeval3", TE3, limit=2)
    for key in ("strict_f1", "relaxed_f1", "value_f1", "articles_per_second"):
        assert key in result.metrics
    assert 0 < result.metrics["strict_f1"] <= result.metrics["relaxed_f1"] <= 100
    systems = [(row["system"], row["data"]) for row in result.rows]
    assert ("storyline", "te3-platinum") in systems and ("storyline", "TBAQ-cleaned") in systems
    assert any("HeidelTime (published" in name for name, _ in systems)
    assert len(result.per_item) == 4 and {"missed", "spurious", "wrong_value"} <= set(result.per_item[0])
