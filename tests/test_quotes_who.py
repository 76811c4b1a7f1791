"""Who said it, right: an organisation that only reports a person's words, an office
that speaks for a name, the reporter's narration after a reported statement, and the
second half of a "not ... but ..." statement."""

import re

from storyline.model import Document, Entity
from storyline.quotes.direct import find_quotes
from storyline.quotes.reported import find_reported
from test_quotes_direct import make_doc
from test_quotes_reported import att


def _with_org(doc: Document, *names: str) -> Document:
    """``doc`` with ORG entities where ``names`` are written."""
    found = [Entity(m.start(), m.end(), "ORG", name) for name in names for m in re.finditer(re.escape(name), doc.text)]
    return Document(id=doc.id, source=doc.source, text=doc.text, published=doc.published, sentences=doc.sentences,
                    entities=tuple(sorted(doc.entities + tuple(found), key=lambda e: e.start)))


def test_an_organisation_reporting_a_persons_words_is_not_the_speaker():
    doc = _with_org(make_doc("a", 'Ilse Marrow also called the plant owners, asking them to avoid "any hasty public '
                                   'statements" about the leak, the Harbour Council said.'), "the Harbour Council")
    (quote,) = find_quotes(doc)
    assert quote.speaker == "Ilse Marrow"
    assert "'the Harbour Council said' reports it" in quote.resolved_by


def test_an_organisation_quoting_on_its_own_account_stays_the_speaker():
    # no person opens the sentence: the council's own words
    doc = _with_org(make_doc("a", 'The plant must stay shut "until every tank is tested," the Harbour Council said.'),
                    "the Harbour Council")
    (quote,) = find_quotes(doc)
    assert quote.speaker == "the Harbour Council"


def test_reported_speech_through_an_organisation_is_the_persons():
    text = "Ilse Marrow spoke to the owners and said the plant should stay shut for a month, the Harbour Council said."
    doc = _with_org(make_doc("a", text), "the Harbour Council")
    (quote,) = find_reported(doc, [att(text, "the Harbour Council", "said.", "the plant should stay shut for a month")])
    assert quote.speaker == "Ilse Marrow" and quote.cue == "said"


def test_a_named_office_is_the_speaker_as_written():
    doc = make_doc("a", 'Marrow\'s office said of the meeting: "The mayor asked for every sample to be published."')
    (quote,) = find_quotes(doc)
    assert quote.speaker == "Marrow's office"
    assert quote.resolved_by.startswith("an office")


def test_an_office_of_no_known_name_is_not_a_speaker():
    doc = make_doc("a", 'The Council\'s office said: "Every sample will be published."')
    (quote,) = find_quotes(doc)
    assert quote.speaker is None


def test_the_reporters_narration_after_but_he_is_not_the_speakers_words():
    text = ("Tomas Redding said the valve was replaced in August but he gave no sign that the company, "
            "which owns the tanks, would pay for the clean-up.")
    doc = make_doc("a", text)
    content = "the valve was replaced in August but he gave no sign that the company"
    (quote,) = find_reported(doc, [att(text, "Tomas Redding", "said", content)])
    assert quote.text == "the valve was replaced in August"


def test_a_not_but_statement_keeps_its_second_half():
    text = ("Petra Vosk says the inquiry is driven not by a wish to blame the plant, which employs 400 people, "
            "but by a duty to the families.")
    doc = make_doc("a", text)
    content = "the inquiry is driven not by a wish to blame the plant, which employs 400 people"
    (quote,) = find_reported(doc, [att(text, "Petra Vosk", "says", content)])
    assert quote.text.endswith("but by a duty to the families")


def test_a_but_without_not_is_not_carried_on():
    text = "Petra Vosk says the inquiry will report in May, but the families want answers sooner."
    doc = make_doc("a", text)
    (quote,) = find_reported(doc, [att(text, "Petra Vosk", "says", "the inquiry will report in May")])
    assert quote.text == "the inquiry will report in May"


def test_a_person_in_a_place_is_the_speaker_not_the_place():
    doc = make_doc("a", "Our reporter Petra Vosk in Port Velmar says: \"The roads are still closed.\"")
    place = doc.text.index("Port Velmar")
    doc = Document(id=doc.id, source=doc.source, text=doc.text, published=doc.published, sentences=doc.sentences,
                   entities=tuple(sorted(doc.entities + (Entity(place, place + 11, "GPE", "Port Velmar"),),
                                         key=lambda e: e.start)))
    (quote,) = find_quotes(doc)
    assert quote.speaker == "Petra Vosk"
