"""Light annotation (rule-based sentences, no model), stored time expressions, worker pool.

Every text here is invented for these tests.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

import pytest

from storyline.annotate import AnnotateConfig, Annotator
from storyline.annotate.stage import CODE
from storyline.stage import code_version
from storyline.annotate.sentences import split_sentences
from storyline.model import Document
from storyline.pipeline import BuildConfig

ARTICLE = (
    "Harbour dredging resumes\n"
    "Wednesday, 4 June 2031\n\n"
    "Crews at the harbour resumed dredging on Monday after a pause of two weeks.\n"
    "The council said the work would finish by late August. Another phase is planned for next spring.\n"
    "Dredging was last done in 2027 and again in March 2029, the council said on Tuesday."
)


def _article(name: str = "a.txt", text: str = ARTICLE, published: str | None = "2031-06-04") -> Document:
    return Document(id=name, source=name, text=text, published=published,
                    published_evidence="dateline 'Wednesday, 4 June 2031'" if published else None)


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def _dump(docs: list[Document]) -> str:
    return json.dumps([asdict(d) for d in docs], sort_keys=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ferry left. It came back at noon.", ["The ferry left.", "It came back at noon."]),
        ("Mr. Okafor and Dr. Lind met Gen. Sato. They spoke.", ["Mr. Okafor and Dr. Lind met Gen. Sato.", "They spoke."]),
        ("Talks in the U.S. Senate and at the U.N. Council went on. Nobody left.",
         ["Talks in the U.S. Senate and at the U.N. Council went on.", "Nobody left."]),
        ("Painter J. Marlowe won. The jury agreed.", ["Painter J. Marlowe won.", "The jury agreed."]),
        ("It opens on Sept. 9 and closes Dec. 2. Tickets are free.",
         ["It opens on Sept. 9 and closes Dec. 2.", "Tickets are free."]),
        ("Sales rose 3.5 percent. Costs fell 1.2 percent.", ["Sales rose 3.5 percent.", "Costs fell 1.2 percent."]),
        ('"We are ready." The mayor smiled. "Are you?" she asked.',
         ['"We are ready."', "The mayor smiled.", '"Are you?" she asked.']),
        ("He shouted: stop! Then he ran (away.) Later it rained.",
         ["He shouted: stop!", "Then he ran (away.)", "Later it rained."]),
        ("A line without a stop\nand the next line. Two here", ["A line without a stop", "and the next line.", "Two here"]),
        ("  Padded sentence.  \n\n\n   \nAnother one.  ", ["Padded sentence.", "Another one."]),
        ("The price was 12 dollars. 40 people came.", ["The price was 12 dollars.", "40 people came."]),
        ("It ends here. but this goes on.", ["It ends here. but this goes on."]),
        ("Acme Corp. Ltd. grew. So did Brill Inc.", ["Acme Corp. Ltd. grew.", "So did Brill Inc."]),
        ("Doors open at 4 p.m. Friday. The hall closes at 11 p.m. Staff leave later.",
         ["Doors open at 4 p.m. Friday.", "The hall closes at 11 p.m.", "Staff leave later."]),
        ("Tokenized text closes quotes apart . '' Then it goes on .",
         ["Tokenized text closes quotes apart . ''", "Then it goes on ."]),
        ("", []),
    ],
)
def test_rule_sentences(text, expected):
    assert _sentences(text) == expected


def test_sentence_spans_are_trimmed_and_never_cross_a_line_break():
    text = " One. Two.\n\tThree \n"
    spans = split_sentences(text)
    assert [(s.start, s.end) for s in spans] == [(1, 5), (6, 10), (12, 17)]
    assert all("\n" not in text[s.start : s.end] for s in spans)


def test_light_mode_has_no_entities_and_never_loads_the_model(monkeypatch):
    import storyline.annotate as annotate

    def no_model():
        raise AssertionError("light mode asked for the model")

    monkeypatch.setattr(annotate, "worker_model", no_model)
    annotator = Annotator(AnnotateConfig(entities=False))
    text = "Mayor Ilka Brandvold of Quillmoor said on Friday that Norvane Shipping would pay."
    [doc] = annotator.pipe([_article(text=text)])
    assert doc.entities == ()
    assert [t.text for t in doc.timexes] == ["Friday"]


def test_light_mode_finds_the_model_modes_time_expressions(annotator):
    light = Annotator(AnnotateConfig(entities=False))
    [with_model] = annotator.pipe([_article()])
    [without] = light.pipe([_article()])
    # the same expressions and values; only the model reads what each dates in its sentence
    same = lambda t: (t.start, t.end, t.text, t.value, t.granularity)  # noqa: E731
    assert [same(t) for t in without.timexes] == [same(t) for t in with_model.timexes]
    assert any(t.role for t in with_model.timexes) and not any(t.role in ("event", "statement") for t in without.timexes)
    assert [t.text for t in without.timexes] == [
        "Wednesday, 4 June 2031", "Monday", "two weeks", "late August", "next spring", "2027", "March 2029", "Tuesday"]
    assert without.sentences == with_model.sentences


def test_grammar_digest_is_stable_and_short():
    assert code_version(*CODE) == code_version(*CODE) and len(code_version(*CODE)) == 16


def test_pool_gives_the_serial_result_in_order():
    texts = [ARTICLE.replace("Monday", day) for day in ("Monday", "Tuesday", "Friday", "Sunday")]
    docs = [_article(f"{i}.txt", text, published=f"2031-06-{i + 1:02d}") for i, text in enumerate(texts * 3)]
    serial = list(Annotator(AnnotateConfig(entities=False, n_process=1, chunk=5)).pipe(docs))
    pooled = list(Annotator(AnnotateConfig(entities=False, n_process=2, chunk=5)).pipe(docs))
    assert _dump(pooled) == _dump(serial)
    assert [d.id for d in pooled] == [d.id for d in docs]


@pytest.mark.parametrize("context", ["spawn", None])
def test_worker_pool_is_spawn_safe_and_keeps_order(context):
    from storyline.executors import Processes

    docs = [_article(f"{i}.txt", published=f"2031-07-{i + 1:02d}") for i in range(6)]
    config = AnnotateConfig(entities=False, batch_size=2)
    pool = Processes(2, context)
    try:
        pooled = list(Annotator(config, pool).pipe(docs))
    finally:
        pool.close()
    assert [d.id for d in pooled] == [d.id for d in docs]
    assert _dump(pooled) == _dump(list(Annotator(config).pipe(docs)))


def test_light_mode_is_a_build_option():
    assert BuildConfig.from_options(entities=False).annotate.entities is False
    assert BuildConfig().annotate.entities is True
