"""Article body from HTML: the paragraphs all arrive, the page furniture does not.

Every page and sentence here is invented for these tests.
"""

import pytest
from lxml import etree

from storyline.clean.body import HEADING_REASON, body_lines, extract_article, html_lines, reconcile
from storyline.clean.boilerplate import boilerplate_reason, is_prose
from storyline.clean.html import clean_html

PARAGRAPHS = [
    "The Tarnbridge river authority closed the eastern towpath on Tuesday after a section of "
    "the embankment slipped into the water during the night.",
    "Engineers from the county council inspected the bank at first light and found a crack "
    "running for about forty metres beside the old mill race.",
    "Walkers and cyclists are being sent along Quarry Lane instead, a detour that adds roughly "
    "fifteen minutes to the route between the station and the marina.",
    "The authority said repairs would start next week and that the path should reopen before "
    "the regatta at the end of the month, weather permitting.",
    "Local councillor Maren Oduya said residents had reported puddles forming on the path for "
    "weeks and asked why nobody had acted sooner.",
    "A spokesperson for the authority replied that the bank had been surveyed in the spring "
    "and that no sign of movement was recorded at the time.",
]
NAVIGATION = ["Home", "Local news", "Sport", "Weather", "Letters to the editor"]
SHARE_BAR = ["Share on Facebook", "Share on Twitter", "Email this story"]
COMMENT = "Typical council, always too late, I walk there every morning and it has been a bog."
RELATED = [
    "Regatta organisers confirm new start line",
    "Mill race restoration wins heritage grant",
    "Station car park to close for resurfacing",
]
NEWSLETTER = "Sign up to the Tarnbridge Herald morning briefing and get the news before breakfast."
FOOTER = "Copyright © 2025 Tarnbridge Herald. All rights reserved."

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8"><title>Towpath closed after embankment slips | Tarnbridge Herald</title>
<meta property="og:site_name" content="Tarnbridge Herald">
</head><body>
<header><div class="logo">Tarnbridge Herald</div>
<nav class="main-menu"><ul>{"".join(f'<li><a href="/{n}">{item}</a></li>' for n, item in enumerate(NAVIGATION))}</ul></nav>
</header>
<main><article class="story">
<h1>Towpath closed after embankment slips</h1>
<div class="share-bar">{"".join(f'<a class="share" href="#">{item}</a>' for item in SHARE_BAR)}</div>
<div class="story-body">
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</div>
</article>
<aside class="related"><h3>Related stories</h3><ul>{"".join(f'<li><a href="/r{n}">{r}</a></li>' for n, r in enumerate(RELATED))}</ul></aside>
<div class="newsletter-box"><p>{NEWSLETTER}</p><button>Subscribe</button></div>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><span class="author">riverwalker</span><p>{COMMENT}</p></div></section>
</main>
<footer class="site-footer"><p>{FOOTER}</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def news_page():
    return clean_html(NEWS_PAGE, "https://herald.example/news/towpath-closed")


def test_every_article_paragraph_reaches_the_text(news_page):
    for paragraph in PARAGRAPHS:
        assert paragraph in news_page.text
    assert news_page.text.index(PARAGRAPHS[0]) < news_page.text.index(PARAGRAPHS[-1])


@pytest.mark.parametrize("furniture", NAVIGATION + SHARE_BAR + RELATED + [COMMENT, NEWSLETTER, FOOTER])
def test_page_furniture_stays_out(news_page, furniture):
    assert furniture not in news_page.text


def test_headline_and_outlet(news_page):
    assert "Towpath closed after embankment slips" in news_page.title
    assert news_page.outlet == "Tarnbridge Herald"
    assert "Towpath closed after embankment slips" not in news_page.text
    assert ("Towpath closed after embankment slips", HEADING_REASON) in [(r.text, r.reason) for r in news_page.removed]


# the same story with a "Read more" box and a share line inside the article's own container
INLINE_FURNITURE_PAGE = NEWS_PAGE.replace(
    "</div>\n</article>",
    '<div class="inline-related"><p><strong>Read more:</strong></p><ul>'
    + "".join(f'<li><a href="/x{n}">{r}</a></li>' for n, r in enumerate(RELATED))
    + "</ul></div><p>Share this article</p></div>\n</article>",
)


def test_furniture_inside_the_article_container_stays_out():
    assert "Read more:" in INLINE_FURNITURE_PAGE
    text = clean_html(INLINE_FURNITURE_PAGE).text
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    for furniture in RELATED + ["Share this article", "Read more"]:
        assert furniture not in text


LIST_PAGE = """<html><body><article>
<h1>What the new bin rota means for your street</h1>
<p>From the first of March the council will collect household waste on a fortnightly cycle,
alternating between general rubbish and recycling, the environment committee decided.</p>
<p>Residents were told to check the following before their first collection day arrives:</p>
<ul>
<li>Put the green bin out by seven in the morning on collection day</li>
<li>Flatten cardboard boxes so that the lid of the blue bin closes fully</li>
<li>Garden waste now needs a separate permit sticker from the library</li>
</ul>
<p>The committee said the change would save about two hundred thousand pounds a year and cut
the number of lorry journeys through the narrow streets of the old town by a third.</p>
<table><tr><th>Bin</th><th>Colour</th><th>Weeks</th></tr>
<tr><td>General waste</td><td>Green</td><td>Odd weeks</td></tr>
<tr><td>Recycling</td><td>Blue</td><td>Even weeks</td></tr></table>
<p>Councillors from the opposition group voted against the plan, arguing that families with
young children would struggle to store two weeks of rubbish in summer heat.</p>
</article></body></html>"""


def test_list_items_reach_the_text_as_lines_without_bullets():
    text = clean_html(LIST_PAGE).text
    for item in (
        "Put the green bin out by seven in the morning on collection day",
        "Flatten cardboard boxes so that the lid of the blue bin closes fully",
        "Garden waste now needs a separate permit sticker from the library",
    ):
        assert item in text.splitlines()
    assert "- Put the green bin" not in text


def test_a_table_row_is_one_line_of_cells():
    lines = extract_article(LIST_PAGE).text.splitlines()
    assert "General waste Green Odd weeks" in lines
    assert "Recycling Blue Even weeks" in lines


def test_empty_and_textless_pages_give_empty_text():
    assert clean_html("").text == ""
    assert clean_html("<html><body></body></html>").text == ""
    assert extract_article("<html><body><div></div></body></html>").text == ""


def _body(xml: str):
    return etree.fromstring(xml)


def test_body_lines_lay_out_each_kind_of_block():
    body = _body(
        "<body><head rend='h1'>Headline</head><head rend='h2'>Standfirst under it</head>"
        "<p>First paragraph.<lb/>Second line of it.</p>"
        "<list rend='ul'><item>Item one</item><item>Item two<list><item>Nested item</item></list></item></list>"
        "<head rend='h3'>A heading inside</head>"
        "<quote><p>Quoted paragraph.</p></quote>"
        "<table><row><cell role='head'>Year</cell><cell role='head'>Boats</cell></row>"
        "<row><cell>2024</cell><cell>31</cell></row></table>"
        "<table><row><cell><p>Layout cell paragraph one.</p><p>Layout cell paragraph two.</p></cell></row></table>"
        "</body>"
    )
    assert body_lines(body) == [
        "First paragraph.",
        "Second line of it.",
        "Item one",
        "Item two",
        "Nested item",
        "A heading inside",
        "Quoted paragraph.",
        "Year Boats",
        "2024 31",
        "Layout cell paragraph one.",
        "Layout cell paragraph two.",
    ]


def test_html_lines_break_at_blocks_only():
    import lxml.html

    element = lxml.html.fromstring(
        "<div><p>One <b>bold</b> word.</p><ul><li>First</li><li>Second</li></ul>Tail text<br>after break</div>"
    )
    assert html_lines(element) == ["One bold word.", "First", "Second", "Tail text", "after break"]


ARTICLE = [f"Paragraph {word} of the story tells what the harbour master said about the new moorings."
           for word in ("one", "two", "three", "four", "five")]


def test_reconcile_drops_edge_furniture_that_only_trafilatura_kept():
    ours = ["Subscribe to our morning briefing for the latest headlines"] + ARTICLE + [
        "About the company: the harbour trust manages forty berths and a chandlery."
    ]
    kept, method = reconcile(ours, ARTICLE, precise=lambda: ARTICLE)
    assert kept == ARTICLE
    assert method == "trafilatura, edge furniture dropped"


def test_reconcile_keeps_edges_that_precision_mode_also_keeps():
    closing = "The harbour master added that the work would be finished before the spring tides."
    ours = ARTICLE + [closing]
    kept, method = reconcile(ours, ARTICLE, precise=lambda: ours)
    assert kept == ours
    assert method == "trafilatura, edges checked"


def test_reconcile_joins_the_two_halves_of_a_split_article_in_page_order():
    first_half = [f"{s} and the first half goes on with more words about the quay wall repairs."
                  for s in ("Opening", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh")]
    second_half = [f"{s} part of the second half describes the ferry timetable and the winter fares."
                   for s in ("Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Last")]
    page = " ".join(first_half + second_half)
    kept, method = reconcile(second_half, first_half, precise=list, page_text=lambda: page)
    assert kept == first_half + second_half
    assert method == "trafilatura + readability (split article)"


def test_reconcile_leaves_trafilatura_alone_when_readability_went_elsewhere_too():
    elsewhere = [f"Readability also took {word} lines from a sidebar about the bowls club fixtures."
                 for word in ("these", "those", "other", "more", "extra", "further")]
    ours = ["Subscribe to our morning briefing for the latest headlines"] + ARTICLE

    def not_needed():
        raise AssertionError("precision mode asked for without need")

    assert reconcile(ours, ARTICLE[:2] + elsewhere, precise=not_needed) == (ours, "trafilatura")
    assert reconcile(ours, [], precise=not_needed) == (ours, "trafilatura")
    assert reconcile(ARTICLE, ARTICLE, precise=not_needed) == (ARTICLE, "trafilatura")


# invented sentences in scripts other than Latin: an article's own text, not page furniture
RUSSIAN = "Городской совет утвердил новый план ремонта моста через реку, и работы начнутся весной."
JAPANESE = "市議会は川に架かる古い橋の修理計画を承認し、工事は来年の春に始まる予定です。"


def test_prose_in_other_scripts_is_not_furniture():
    assert boilerplate_reason(RUSSIAN) is None
    assert boilerplate_reason(JAPANESE) is None
    assert is_prose(JAPANESE)
    assert boilerplate_reason("Главное меню") == "text in another script (page furniture)"
    assert boilerplate_reason("- 网络视听许可证:0000000") is not None


def test_a_long_paragraph_saying_stay_tuned_is_prose():
    paragraph = " ".join(PARAGRAPHS[:2]) + " The authority will publish the repair schedule soon, so stay tuned."
    assert boilerplate_reason(paragraph) is None
    assert boilerplate_reason("Stay tuned for updates and breaking news on politics and more.") == "section blurb"


def test_a_page_with_an_xml_declaration_is_read_like_any_other():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + INLINE_FURNITURE_PAGE.replace("<!DOCTYPE html>", "")
    text = clean_html(page).text
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "Read more" not in text
