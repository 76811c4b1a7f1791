"""Each document's language; documents not in English are kept apart in stories of their own.

The German, Portuguese and Indonesian texts below are invented for these tests.
"""

import json

import jsonschema
import pytest
from conftest import DEMO, ROOT

from storyline.clean import clean
from storyline.clean.language import UNDETERMINED, detect, document_language, is_english, language_name, normalise_code
from storyline.model import RawDocument
from storyline.pipeline import build
from storyline.render import render
from storyline.store import Store

SCHEMA = json.loads((ROOT / "src" / "storyline" / "timeline.schema.json").read_text(encoding="utf-8"))

FOREIGN = {
    "de-grippe.txt": (
        "Neue Grippefälle in Niedersachsen bestätigt\n\n"
        "Die Gesundheitsbehörden in Niedersachsen haben am Dienstag drei weitere Fälle der neuen Grippe "
        "bestätigt. Nach Angaben des Landesministeriums befinden sich die Patienten in häuslicher Quarantäne, "
        "es geht ihnen den Umständen entsprechend gut. Zwei der Erkrankten waren kurz zuvor von einer Reise "
        "zurückgekehrt. Die Behörden rufen die Bevölkerung dazu auf, sich regelmäßig die Hände zu waschen."
    ),
    "de-hallenbad.txt": (
        "Wolfsbrunn eröffnet neues Hallenbad\n\n"
        "In der Stadt Wolfsbrunn ist am Wochenende ein neues Hallenbad eröffnet worden. Der Bürgermeister "
        "sprach bei der Feier von einem wichtigen Tag für die Familien der Region. Die Baukosten lagen nach "
        "Angaben der Stadtverwaltung bei rund zwölf Millionen Euro, deutlich mehr als ursprünglich geplant. "
        "Kritiker im Gemeinderat bemängeln, dass die Eintrittspreise für Kinder zu hoch seien."
    ),
    "pt-ponte.txt": (
        "Obras da ponte de Vila Serena atrasam\n\n"
        "A prefeitura de Vila Serena anunciou que as obras da nova ponte sobre o rio devem terminar apenas no "
        "fim do ano. Segundo o secretário de obras, as chuvas fortes dos últimos meses atrasaram o trabalho "
        "das equipes. Os moradores reclamam do trânsito intenso no centro da cidade e pedem mais ônibus nos "
        "horários de pico."
    ),
    "id-cabai.txt": (
        "Harga cabai di Sukamaju melonjak\n\n"
        "Harga cabai di pasar tradisional kota Sukamaju naik hampir dua kali lipat dalam sepekan terakhir. "
        "Para pedagang mengatakan pasokan dari petani berkurang karena hujan yang terus turun sejak awal bulan. "
        "Dinas perdagangan berjanji akan menggelar operasi pasar untuk menstabilkan harga sebelum hari raya."
    ),
}
ENGLISH = (
    "Council closes the Old Tarn Bridge\n\n"
    "Engineers closed the Old Tarn Bridge to all traffic on Monday after inspectors found a crack in its "
    "main span. The council said repairs would take at least six months and asked drivers to use the ring road."
)


@pytest.mark.parametrize("name, code", [("de-grippe.txt", "de"), ("de-hallenbad.txt", "de"),
                                        ("pt-ponte.txt", "pt"), ("id-cabai.txt", "id")])
def test_the_language_of_a_text(name, code):
    assert detect(FOREIGN[name]) == code
    assert detect(ENGLISH) == "en"


def test_short_or_unreliable_texts_are_english_only_when_the_classifier_says_so():
    assert detect("Swine flu: the latest") == "en"  # best guess English, however unsure
    assert detect("12 34 56 -- 78") == UNDETERMINED  # nothing to go on
    assert detect("") == UNDETERMINED
    assert not is_english(UNDETERMINED) and is_english(None) and is_english("en")


def test_a_declared_language_wins_when_it_is_a_code():
    assert normalise_code("pt-BR") == "pt" and normalise_code(" EN ") == "en" and normalise_code("de_AT") == "de"
    assert normalise_code("Deutsch, bitte") is None and normalise_code(None) is None
    assert document_language(None, ENGLISH, declared="de") == "de"
    assert document_language(None, ENGLISH, declared="not a code") == "en"  # detected instead


def test_clean_sets_the_language_and_the_store_keeps_it():
    doc = clean(RawDocument("p", "p.txt", "text", FOREIGN["pt-ponte.txt"]))
    assert doc.language == "pt"
    declared = clean(RawDocument("q", "q.txt", "text", ENGLISH, meta={"language": "en-GB"}))
    assert declared.language == "en"
    from storyline import registry
    from storyline.caching import DocumentCache
    from storyline.clean import CleanConfig

    raw = RawDocument("p", "p.txt", "text", FOREIGN["pt-ponte.txt"])
    with Store(":memory:") as store:
        kept = DocumentCache(store, registry.get("clean"), CleanConfig())
        kept.keep(raw, doc)
        kept.flush()
        [again] = DocumentCache(store, registry.get("clean"), CleanConfig()).restore([raw])
    assert again.language == "pt"


def test_language_names():
    assert language_name("de") == "German" and language_name("pt") == "Portuguese"
    assert language_name(UNDETERMINED) == "Language not recognised"
    assert language_name("qqq") == "qqq"  # no name known: the code


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("foreign")
    for name, text in FOREIGN.items():
        (folder / name).write_text(text, encoding="utf-8")
    return build([DEMO, folder]), set(FOREIGN)


def _names(story):
    return {d.source.rsplit("/", 1)[-1] for d in story.documents}


def test_documents_not_in_english_are_kept_apart_per_language(mixed):
    pile, foreign = mixed
    english = [s for s in pile.stories if all(d.language == "en" for d in s.documents)]
    apart = [s for s in pile.stories if s not in english]
    assert english and all(not (_names(s) & foreign) for s in english)
    assert [(s.label, _names(s)) for s in apart] == [
        ("German (de): 2 documents", {"de-grippe.txt", "de-hallenbad.txt"}),
        ("Indonesian (id): 1 document", {"id-cabai.txt"}),
        ("Portuguese (pt): 1 document", {"pt-ponte.txt"}),
    ]
    assert pile.stories[-len(apart):] == apart  # after the English stories
    assert [s.id for s in apart] == ["german-de", "indonesian-id", "portuguese-pt"]


def test_the_summary_and_the_json_say_what_was_kept_apart(mixed):
    pile, _ = mixed
    assert pile.summary.not_english == {"de": 2, "id": 1, "pt": 1}
    assert "4 not in English (de 2, id 1, pt 1), kept apart" in pile.summary.lines()
    data = json.loads(render(pile, "json"))
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["not_english"] == {"de": 2, "id": 1, "pt": 1}
    languages = {d["source"].rsplit("/", 1)[-1]: d["language"] for d in data["documents"]}
    assert languages["de-grippe.txt"] == "de" and languages["pt-ponte.txt"] == "pt"
    assert {languages[n] for n in languages if n not in FOREIGN} == {"en"}


def test_no_english_entity_labels_on_other_languages(mixed):
    pile, foreign = mixed
    for story in pile.stories:
        if _names(story) <= foreign:
            assert story.entities == [] and all(d.entities == () for d in story.documents)
    assert any(d.entities for d in pile.documents if d.language == "en")  # the English ones keep theirs


def test_only_english_documents_go_through_the_english_model(tmp_path, monkeypatch):
    from storyline.annotate import stage

    seen: dict[str, bool] = {}
    real = stage.Annotator

    class Recording(real):
        def pipe(self, docs):
            docs = list(docs)
            seen.update({d.source.rsplit("/", 1)[-1]: self.config.entities for d in docs})
            return super().pipe(docs)

    monkeypatch.setattr(stage, "Annotator", Recording)
    for name, text in FOREIGN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    story = build([DEMO, tmp_path])
    assert {n for n, full in seen.items() if not full} == set(FOREIGN)  # light mode: no spaCy model
    assert all(full for n, full in seen.items() if n not in FOREIGN)
    assert all(d.sentences for d in story.documents if d.language != "en")
    # the pile keeps the order it was read in
    from storyline.ingest import IngestConfig, read
    from storyline.pipeline import prepare

    order = [raw.id for raw in read([str(DEMO), str(tmp_path)], IngestConfig()) if hasattr(raw, "body")]
    kept = [d.id for d in prepare([DEMO, tmp_path]).documents]
    assert kept == [i for i in order if i in set(kept)] and len(kept) == len(story.documents)
