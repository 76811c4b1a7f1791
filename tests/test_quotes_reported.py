"""Reported speech: the tagger's attributions kept only when they are words said, with
speakers resolved as for direct quotes, and tagging cached per sentence."""

import pytest

from storyline.model import Document
from storyline.quotes import Attribution
from storyline.quotes.direct import find_quotes, story_quotes
from storyline.quotes.reported import Attributor, candidate_sentences, find_reported
from storyline.store import Store
from test_quotes_direct import make_doc


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def att(text: str, source: str | None, cue: str, content: str) -> Attribution:
    return Attribution(span(text, source) if source else None, span(text, cue), span(text, content))


def test_a_reported_statement_with_a_named_speaker():
    doc = make_doc("a", "Ilse Marrow said that the east bridge would reopen in May.")
    (quote,) = find_reported(doc, [att(doc.text, "Ilse Marrow", "said", "that the east bridge would reopen in May.")])
    assert quote.direct is False
    assert quote.text == "the east bridge would reopen in May"  # "that" and the full stop trimmed
    assert doc.text[quote.start:quote.end] == quote.text
    assert (quote.speaker, quote.said_by, quote.cue, quote.resolved_by) == ("Ilse Marrow", "Ilse Marrow", "said", "named")


def test_a_person_in_apposition_is_the_speaker():
    text = "Petra Vosk, a professor of hydrology at Harbour University, said the river was clean again."
    doc = make_doc("a", text)
    (quote,) = find_reported(doc, [att(text, "Petra Vosk, a professor of hydrology at Harbour University,",
                                       "said", "the river was clean again")])
    assert quote.speaker == "Petra Vosk" and quote.said_by == "Petra Vosk"


def test_statements_only_from_speakers_one_can_name():
    text = ("You say the river is clean.\n"
            "Ilse Marrow declared a state of emergency in the eastern districts.")
    doc = make_doc("a", text)
    found = [att(text, "You", "say", "the river is clean"),
             Attribution(span(text, "Ilse Marrow"), span(text, "declared"),
                         span(text, "a state of emergency in the eastern districts"), clause=False)]
    assert find_reported(doc, found) == []


def test_a_quoted_phrase_inside_a_reported_statement_is_not_repeated_alone():
    text = 'Ilse Marrow said the council was "ready to act at once" if the river flooded again.'
    doc = make_doc("a", text)
    found = {"a": [att(text, "Ilse Marrow", "said", 'the council was "ready to act at once" if the river flooded again')]}
    assert [q.text for q in story_quotes([doc], [])] == ["ready to act at once"]
    (quote,) = story_quotes([doc], [], found)
    assert quote.direct is False and quote.text.startswith("the council was")


def test_attribution_that_is_not_speech_is_left_out():
    text = ("Ilse Marrow backed a plan to close the east bridge for good.\n"
            "Tomas Redding declined to say how many engineers had left the project.\n"
            "A second case was confirmed to have left the harbour by ferry.\n"
            "The council said it would meet again on Monday.")
    doc = make_doc("a", text)
    found = [att(text, "Ilse Marrow", "backed", "a plan to close the east bridge for good"),
             att(text, "Tomas Redding", "declined to say", "how many engineers had left the project"),
             att(text, "A second case", "was confirmed", "to have left the harbour by ferry"),
             att(text, None, "said", "it would meet again on Monday")]
    assert find_reported(doc, found) == []


def test_pronoun_and_description_speakers_and_unresolved_ones():
    text = ("Judge Petra Vosk told the hearing on Tuesday that it would sit for six weeks.\n"
            "She said every witness would be heard in public.\n"
            "The judge added that the report was due by the end of the year.\n"
            "Several engineers said the valve had failed twice before.")
    doc = make_doc("a", text)
    found = [att(text, "She", "said", "every witness would be heard in public"),
             att(text, "The judge", "added", "that the report was due by the end of the year"),
             att(text, "Several engineers", "said", "the valve had failed twice before")]
    quotes = find_reported(doc, found)
    assert [q.speaker for q in quotes] == ["Petra Vosk", "Petra Vosk", None]
    assert quotes[0].resolved_by.startswith("pronoun 'She' -> Petra Vosk")
    assert quotes[1].resolved_by.startswith("description 'The judge'")
    assert quotes[2].said_by == "Several engineers"


def test_direct_quotes_are_not_repeated_and_one_content_keeps_its_nearest_cue():
    text = ('Tomas Redding said: "I replaced the valve without knowing it had failed."\n'
            "Ilse Marrow said on Friday, repeating her warning, that tap water was unsafe to drink.")
    doc = make_doc("a", text)
    direct = find_quotes(doc)
    found = [att(text, "Tomas Redding", "said", '"I replaced the valve without knowing it had failed."'),
             Attribution(span(text, "Ilse Marrow"), span(text, "said", 10), span(text, "that tap water was unsafe to drink")),
             Attribution(span(text, "Ilse Marrow"), span(text, "repeating"), span(text, "that tap water was unsafe to drink"))]
    (quote,) = find_reported(doc, found, direct)
    assert quote.text == "tap water was unsafe to drink" and quote.cue == "repeating"


@pytest.fixture(scope="module")
def tagged_doc():
    from storyline.annotate import Annotator

    text = ("The harbour authority closed the east pier on Monday after a crane collapsed.\n"
            "Harbour master Ilse Marrow said the pier would stay closed until engineers had inspected every crane.\n"
            "Workers were sent home with full pay.")
    (doc,) = Annotator().pipe([Document(id="h", source="h", text=text, published="2025-09-10")])
    return doc


def test_the_tagger_finds_reported_speech_and_the_store_keeps_it(tagged_doc):
    from dataclasses import replace

    from storyline import registry
    from storyline.model import Pile
    from storyline.pipeline import BuildConfig, Pipeline

    assert [tagged_doc.text[s:e][:14] for s, e in candidate_sentences(tagged_doc)] == ["Harbour master"]
    attributor = Attributor()
    found = attributor.attribute([tagged_doc, replace(tagged_doc, id="copy")])
    assert attributor.tagged == 1 and found["copy"] == found["h"]  # a sentence two documents carry: tagged once
    again = attributor.attribute([replace(tagged_doc, id="later")])  # the wire copy in a later step
    assert attributor.tagged == 0 and again["later"] == found["h"]
    assert Attributor().attribute([replace(tagged_doc, id="later")])["later"] == found["h"]  # as if tagged anew
    stage = registry.get("reported_speech")
    with Store(":memory:") as store:
        run = lambda: Pipeline([stage], BuildConfig(), store=store,  # noqa: E731
                               given=registry.assigned_before(stage.name)).run(Pile([tagged_doc]))
        first = run()
        assert store.counts()["reported_speech"] == 1 and first.summary.cached == 0
        assert run().documents == first.documents and list(first.documents[0].attributions) == found["h"]
    (quote,) = [q for q in story_quotes([tagged_doc], [], found) if not q.direct]
    assert quote.speaker == "Ilse Marrow" and quote.appearances[0].cue == "said"
    assert quote.text.startswith("the pier would stay closed until engineers")
    assert [q for q in story_quotes([tagged_doc], []) if not q.direct] == []  # no attributions: direct quotes only


def test_builds_carry_reported_speech_unless_told_not_to(tmp_path):
    from storyline.pipeline import build

    (tmp_path / "a.txt").write_text(
        "Harbour pier closed after crane collapse\n\nTuesday, 9 September 2025\n\n"
        "The harbour authority closed the east pier on Monday after a crane collapsed onto a cargo ship.\n\n"
        "Harbour master Ilse Marrow said the pier would stay closed until engineers had inspected every crane.\n\n"
        "Nobody was hurt, and the ship left for Rotterdam the same evening with minor damage.\n", encoding="utf-8")
    story = build([tmp_path], max_dates=3).story
    reported = [q for q in story.quotes if not q.direct]
    assert [q.speaker for q in reported] == ["Ilse Marrow"]
    from storyline.render import render
    from storyline.render.html import html_pages

    assert "*reported:* the pier would stay closed" in render(story, "md")
    quotes_page = dict(html_pages(story))["quotes.html"]
    assert '<span class="stage">reported:</span> the pier would stay closed' in quotes_page
    assert reported[0].date == "2025-09-09" and reported[0].documents == ("a.txt",)
    assert not [q for q in build([tmp_path], max_dates=3, reported=False).story.quotes if not q.direct]
    assert not [q for q in build([tmp_path], max_dates=3, entities=False).story.quotes if not q.direct]


@pytest.mark.parametrize("sentence, said, not_said", [
    ("The mayor said there was no danger to swimmers and closed the beach on Friday.",
     "there was no danger to swimmers", "closed the beach"),
    ("The engineer said there had been no crack and was sure the bridge would hold.",
     "there had been no crack", "was sure"),
])
def test_what_the_speaker_did_next_is_not_what_they_said(sentence, said, not_said):
    from storyline.quotes import attributions

    contents = [sentence[a.content[0]:a.content[1]] for a in attributions(sentence) if a.content]
    assert any(said in c for c in contents) and not any(not_said in c for c in contents)


def test_a_clause_joined_in_the_content_stays_in_it():
    from storyline.quotes import attributions

    sentence = "The ferry company said there was no fuel left and there would be no sailings on Sunday."
    contents = [sentence[a.content[0]:a.content[1]] for a in attributions(sentence) if a.content]
    assert any("no sailings on Sunday" in c for c in contents)


def test_a_content_nearer_another_cue_is_that_cues(monkeypatch):
    """"X, the minister said, underscoring Y": X is what was said, Y what was underscored,
    whichever of X and Y is nearer to "said"."""
    import storyline.quotes as quotes
    from storyline.quotes.features import ptb_tokens

    sentence = "Talks will resume in May, the minister said, underscoring the gap between the two sides."
    words, _ = ptb_tokens(sentence)
    labels = ["O"] * len(words)
    spans = {"content": (0, words.index(",")), "source": (words.index("the"), words.index("said")),
             "cue": (words.index("said"), words.index("said") + 1)}
    second_cue = words.index("underscoring")
    for kind, (start, end) in spans.items():
        labels[start:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - start - 1)
    labels[second_cue] = "B-cue"
    labels[second_cue + 1:len(words) - 1] = ["B-content"] + ["I-content"] * (len(words) - second_cue - 3)

    class Fixed:
        def tag_docs(self, docs):
            return [labels for _ in docs]

    monkeypatch.setattr(quotes, "tagger_named", lambda name="crf": Fixed())
    found = {sentence[a.cue[0]:a.cue[1]]: sentence[a.content[0]:a.content[1]] for a in quotes.tag_sentences([sentence])[0]}
    assert found["said"] == "Talks will resume in May"
    assert found["underscoring"].startswith("the gap between")
