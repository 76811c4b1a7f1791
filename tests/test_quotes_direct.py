"""Direct quotes: quotation marks, split quotes, and speakers resolved but never guessed."""

import re

from storyline.annotate.sentences import split_sentences
from storyline.model import Document, Entity
from storyline.quotes.direct import find_quotes, merge_quotes

PEOPLE = ("Ilse Marrow", "Marrow", "Tomas Redding", "Petra Vosk")


def make_doc(doc_id: str, text: str, published: str | None = "2025-09-10") -> Document:
    """Sentences by the rule splitter; PERSON entities where the names are."""
    sentences = split_sentences(text)
    entities = []
    for name in sorted(PEOPLE, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(e.start <= m.start() < e.end for e in entities):
                entities.append(Entity(m.start(), m.end(), "PERSON", name))
    return Document(id=doc_id, source=doc_id, text=text, published=published, sentences=tuple(sentences),
                    entities=tuple(sorted(entities, key=lambda e: e.start)))


def test_named_speaker_after_and_before_the_quote():
    doc = make_doc("a", '"The water in the east is safe to drink again," Mayor Ilse Marrow said on Friday.\n'
                        'Tomas Redding told the inquiry: "I replaced the valve without knowing it had failed."')
    first, second = find_quotes(doc)
    assert first.text == "The water in the east is safe to drink again,"
    assert (first.speaker, first.resolved_by, first.cue) == ("Ilse Marrow", "named", "said")
    assert doc.text[first.start:first.end] == first.text
    assert second.speaker == "Tomas Redding" and second.cue == "told"


def test_said_before_the_name_and_curly_marks():
    doc = make_doc("a", "“We will publish every finding of this inquiry,” said Petra Vosk, the retired judge.")
    (quote,) = find_quotes(doc)
    assert quote.speaker == "Petra Vosk" and quote.said_by == "Petra Vosk"


def test_pronoun_resolves_to_the_last_speaker_not_the_last_name():
    doc = make_doc("a", 'Ilse Marrow said the notice would stay in force.\n'
                        'Her deputy met Tomas Redding on Tuesday.\n'
                        '"Nobody should drink tap water until we say so," she said.')
    (quote,) = find_quotes(doc)
    assert quote.speaker == "Ilse Marrow"
    assert quote.resolved_by.startswith("pronoun 'she' -> Ilse Marrow")


def test_description_resolves_through_the_title_in_front_of_a_name():
    doc = make_doc("a", 'Inquiry chair Judge Petra Vosk opened the hearing.\n'
                        '"Every witness will be heard in public," the judge said.')
    (quote,) = find_quotes(doc)
    assert quote.speaker == "Petra Vosk" and quote.said_by == "the judge"


def test_unresolved_speakers_stay_unresolved():
    doc = make_doc("a", '"The plant must close until the inquiry reports," they said.\n'
                        '"We have seen no evidence of a second leak," a spokesman said.')
    assert [(q.speaker, q.said_by) for q in find_quotes(doc)] == [(None, ""), (None, "a spokesman")]


def test_split_quote_is_one_quote_in_two_parts():
    doc = make_doc("a", '"The valve failed on the night of the third," Redding said, "and nobody noticed it."')
    doc = make_doc("a", doc.text.replace("Redding", "Tomas Redding"))
    (quote,) = find_quotes(doc)
    assert len(quote.parts) == 2 and quote.speaker == "Tomas Redding"
    assert quote.text == "The valve failed on the night of the third, … and nobody noticed it."


def test_scare_quotes_are_not_quotes_and_an_open_quote_runs_to_the_paragraph_end():
    doc = make_doc("a", 'The company called the leak a "minor event".\n'
                        'Ilse Marrow said: "We were told the river was clean. We were told wrong.\n'
                        '"Now we will find out why."')
    quotes = find_quotes(doc)
    assert [q.text for q in quotes] == ["We were told the river was clean. We were told wrong.", "Now we will find out why."]
    assert quotes[0].speaker == "Ilse Marrow"
    assert quotes[1].speaker == "Ilse Marrow" or quotes[1].speaker is None  # never someone else


def test_the_same_quote_in_two_outlets_is_one_shared_quote():
    words = '"The valve failed on the night of the third and nobody noticed," Tomas Redding said.'
    a = make_doc("a", words, "2025-09-15")
    b = make_doc("b", words.replace("noticed", "noticed it"), "2025-09-14")
    c = make_doc("c", '"Nobody should drink tap water until we say so," Ilse Marrow said.', "2025-09-16")
    shared = merge_quotes([q for d in (a, b, c) for q in find_quotes(d)], [a, b, c])
    assert [s.documents for s in shared] == [("a", "b"), ("c",)]
    assert shared[0].date == "2025-09-14" and shared[0].speaker == "Tomas Redding"
    assert shared[0].text.endswith("nobody noticed it,") and len(shared[0].variants) == 1


def test_a_title_in_quotation_marks_is_not_a_quote():
    doc = make_doc("a", 'Delegates met at the "Friends of the River Sallow" conference, Ilse Marrow said.')
    assert find_quotes(doc) == []
