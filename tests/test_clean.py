"""Cleaning keeps article prose, drops page furniture with a reason, finds title, outlet, date."""

import pytest
from conftest import SEEDS, needs_shared

from storyline.clean import CleanConfig, clean
from storyline.clean.boilerplate import boilerplate_reason
from storyline.clean.dateline import parse_date_line
from storyline.model import Document, RawDocument, Rejected

PROSE = (
    "The river authority said on Tuesday that samples taken below the weir showed high levels "
    "of ammonium, and that more tests would follow this week."
)


def text_doc(body: str, **meta) -> RawDocument:
    return RawDocument("a.txt", "a.txt", "text", body, meta)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Widget is loading comments...", "page widget or menu"),
        ("Share this article", "page widget or menu"),
        ("Comments (3)", "page widget or menu"),
        ("• wide-browser-and-larger", "CSS class or breakpoint name"),
        ("0 : 0", "separator or score, no words"),
        ("6 years ago", "crawl timestamp"),
        ("Copyright © 2025 Sallow Gazette. All rights reserved.", "copyright footer"),
        ("Additional reporting by A. Person; Editing by B. Person", "reporting and editing credits"),
        ("The minister speaks in Moscow on January 18. (Photo: Agency)", "photo caption"),
        ("Заголовок открываемого материала", "text in another script (page furniture)"),
        ("- Terms of Use", "footer link or licence"),
    ],
)
def test_furniture_lines_get_a_reason(line, reason):
    assert boilerplate_reason(line) == reason


def test_prose_is_not_furniture():
    assert boilerplate_reason(PROSE) is None
    assert boilerplate_reason('"We will share the results," she said.') is None


@pytest.mark.parametrize(
    "line, date",
    [
        ("Tuesday, 13 March 2012", "2012-03-13"),
        ("February 8, 2012 / 7:06 PM / 6 years ago", "2012-02-08"),
        ("AFP , Wednesday 25 Jan 2012", "2012-01-25"),
        ("Published: 2025-09-16", "2025-09-16"),
        ("Sept. 9, 2025", "2025-09-09"),
    ],
)
def test_date_lines(line, date):
    assert parse_date_line(line).date == date


def test_a_sentence_with_a_date_is_not_a_date_line():
    assert parse_date_line("Russia vetoed the resolution on February 4, 2012 in New York.") is None


def test_dateline_weekday_mismatch_is_reported():
    assert "does not match" in parse_date_line("Monday, 13 March 2012").evidence


def test_title_outlet_date_and_removed_lines():
    body = "\n".join([
        "- Sallow Gazette",
        "Permit suspended after river leak",
        "Subscribe",
        "Thursday, 11 September 2025",
        PROSE,
        "",
        PROSE,
        "Copyright © 2025 Sallow Gazette. All rights reserved.",
    ])
    doc = clean(text_doc(body))
    assert isinstance(doc, Document)
    assert doc.title == "Permit suspended after river leak"
    assert doc.outlet == "Sallow Gazette"
    assert (doc.published, doc.published_evidence) == ("2025-09-11", "dateline 'Thursday, 11 September 2025'")
    assert doc.text == PROSE  # the repeated paragraph is kept once
    reasons = [r.reason for r in doc.removed]
    assert reasons == ["masthead", "page widget or menu", "dateline", "repeated paragraph", "copyright footer"]


def test_wire_dateline_gives_the_agency_and_leaves_the_sentence():
    doc = clean(text_doc("Thirty-one in hospital\nVELMORA, Sept. 9 (MPA) - " + PROSE))
    assert doc.outlet == "MPA"
    assert doc.text == PROSE
    assert doc.removed[0].text == "VELMORA, Sept. 9 (MPA) -"


@pytest.mark.parametrize("line, author", [
    ("By Jane Doe", "Jane Doe"),
    ("By MARTA KOVAC, Harbor Ledger", "Marta Kovac"),
    ("(Reporting by Ines Alvar and Tomas Brek; Editing by Lee Park)", "Ines Alvar, Tomas Brek"),
    ("Additional reporting by Ines Alvar in Velmora; Writing by Tomas Brek; Editing by Lee Park", "Tomas Brek"),
    ("Reporting by Ines Alvar in Velmora and Tomas Brek in Sallowdale", "Ines Alvar, Tomas Brek"),
    ("By Staff Reporter", None),
])
def test_bylines_and_credits_give_the_author(line, author):
    doc = clean(text_doc("Residents meet\n" + line + "\n" + PROSE))
    assert doc.author == author
    assert doc.text == PROSE


def test_dates_carry_a_confidence():
    dateline = clean(text_doc("Tuesday, 13 March 2012\n" + PROSE))
    given = clean(text_doc(PROSE, published="2012-03-14"))
    undated = clean(text_doc(PROSE))
    assert dateline.published_confidence == 0.9 and given.published_confidence == 0.9
    assert undated.published_confidence is None and not undated.published_inferred


def test_undated_text_says_so():
    doc = clean(text_doc("Residents meet\n" + PROSE))
    assert doc.published is None
    assert doc.published_evidence == "no date found in the text or metadata"


def test_metadata_given_with_the_input_wins():
    doc = clean(text_doc("Tuesday, 13 March 2012\n" + PROSE, published="2012-03-14",
                         published_evidence="JSONL field 'published'", outlet="Velmora Minute"))
    assert doc.published == "2012-03-14" and doc.published_evidence == "JSONL field 'published'"
    assert doc.outlet == "Velmora Minute"


def test_timeline17_layout_keeps_every_line():
    body = "Gulf spill : BP says it will act .\nThe well leaks 5,000 barrels a day .\n"
    doc = clean(RawDocument("1.htm.txt", "x", "text", body, {"layout": "t17", "published": "2010-05-24"}),
                CleanConfig(min_chars=10))
    assert doc.text.splitlines() == ["Gulf spill: BP says it will act.", "The well leaks 5,000 barrels a day."]
    assert doc.removed == ()


def test_too_little_text_is_rejected_with_a_reason():
    result = clean(text_doc("Latest News\nSubscribe\n"))
    assert isinstance(result, Rejected)
    assert result.source == "a.txt" and "no article text" in result.reason


HTML = f"""<!doctype html><html><head><title>Leak report | Evening Post</title>
<meta property="og:site_name" content="Velmora Evening Post">
<meta property="og:title" content="Boil-water notice for the city">
<meta property="article:published_time" content="2025-09-10T18:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all</div>
<article><h1>Boil-water notice for the city</h1>
<p>{PROSE}</p><p>{PROSE.replace('Tuesday', 'Wednesday')}</p>
<p>The mayor ordered all households to boil tap water before drinking it until further notice.</p>
</article><footer>Copyright © 2025 Velmora Evening Post. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_html_main_text_and_metadata():
    doc = clean(RawDocument("p.html", "p.html", "html", HTML))
    assert doc.title == "Boil-water notice for the city"
    assert doc.outlet == "Velmora Evening Post"
    assert doc.published == "2025-09-10"
    assert doc.published_evidence == "<meta property=\"article:published_time\"> '2025-09-10T18:00:00Z'"
    assert doc.published_confidence >= 0.9
    assert "boil tap water" in doc.text
    for furniture in ("Home", "cookies", "Copyright", "Privacy"):
        assert furniture not in doc.text


SEED_FURNITURE = [
    "Widget is loading comments", "Latest News", "Subscribe", "Newsfeed", "log in or register",
    "browser", "tablet", "0 : 0", "years ago", "Copyright", "Terms of Use", "ICP", "Short link",
    "Заголовок", "Stay tuned", "Additional reporting", "(Photo",
]


@needs_shared(SEEDS)
def test_seed_articles_clean_to_prose_with_their_dates():
    docs = {p.name[:3]: clean(RawDocument(p.name, str(p), "text", p.read_text())) for p in sorted(SEEDS.glob("*.txt"))}
    assert {k: d.published for k, d in docs.items()} == {
        "000": "2012-03-13", "001": None, "002": None, "003": "2012-02-08", "004": "2012-01-25",
    }
    assert docs["003"].outlet == "Reuters" and docs["004"].outlet == "AFP" and docs["001"].outlet == "Shanghai Daily"
    for doc in docs.values():
        for furniture in SEED_FURNITURE:
            assert furniture not in doc.text, (doc.id, furniture)
    # paragraphs repeated inside one article are kept once, and no article sentence is lost
    assert docs["001"].text.count("He declined to say how many") == 1
    assert docs["002"].text.count("make the first step\u201d towards") == 1
    assert "Russia and China vetoed a previous European attempt in October" in docs["004"].text
    assert docs["003"].text.startswith("The outcome of any talks on Syria")


@pytest.mark.parametrize("path, date", [
    ("archive/2031/09/16/ledger.txt", "2031-09-16"),
    ("crawl/2031-09-16_ledger.txt", "2031-09-16"),
    ("https://ledger.example/news/20310916-leak", "2031-09-16"),
    ("notes/2031/13/40/x.txt", None),
    ("ids/1234567890.txt", None),
])
def test_date_in_path(path, date):
    from storyline.clean.pathdate import date_in_path

    found = date_in_path(path)
    assert (found[0] if found else None) == date


def test_a_path_date_is_a_fallback_with_lower_confidence():
    undated = clean(RawDocument("x.txt", "archive/2031/09/16/x.txt", "text", PROSE, {}))
    assert undated.published == "2031-09-16" and undated.published_confidence == 0.7
    assert undated.published_evidence == "file path '2031/09/16' in archive/2031/09/16/x.txt"
    dated = clean(RawDocument("x.txt", "archive/2031/09/16/x.txt", "text", "Tuesday, 13 March 2012\n" + PROSE, {}))
    assert dated.published == "2012-03-13"
    url = clean(RawDocument("x.txt", "feed.jsonl:3", "text", PROSE, {"url": "https://l.example/2031/09/17/x"}))
    assert url.published == "2031-09-17" and url.published_evidence.startswith("URL '2031/09/17'")


def test_a_short_question_asked_again_between_answers_is_text_but_a_repeated_block_is_not():
    q = "What did you see that morning?"
    a1 = "Dead fish along the bank below the weir, hundreds of them, and a smell like a cleaning cupboard."
    a2 = "Nothing unusual at first, then the water turned a milky grey colour within about an hour or so."
    doc = clean(text_doc("\n".join(["Anglers remember the spill", q, a1, q, a2])))
    assert doc.text.split("\n\n") == [q, a1, q, a2]
    block = clean(text_doc("\n".join(["Anglers remember the spill", q, a1, a2, q, a1, a2])))
    assert block.text.split("\n\n") == [q, a1, a2]
    assert [r.reason for r in block.removed] == ["repeated paragraph"] * 3


def test_a_subhead_between_paragraphs_stays_and_a_trailing_label_goes():
    doc = clean(text_doc("\n".join(["Anglers remember", PROSE, "The weir", PROSE.replace("Tuesday", "Friday"), "RSS"])))
    assert doc.text.split("\n\n")[1] == "The weir"
    assert "RSS" not in doc.text and doc.removed[-1].text == "RSS"


def test_an_article_in_another_script_keeps_its_text():
    line = "Жители города собрались вечером в общественном зале, чтобы обсудить утечку с завода."
    doc = clean(text_doc("\n".join(["Собрание жителей в Бренхольте", line, line.replace("вечером", "утром")])))
    assert line in doc.text
    latin = clean(text_doc("\n".join(["Residents meet", PROSE, "Поделиться"])))
    assert "Поделиться" not in latin.text
