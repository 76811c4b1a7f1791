"""Publication dates from HTML: the right source wins, with evidence; junk dates never do."""

import dataclasses

import pytest

from storyline.clean import clean
from storyline.clean.pubdate import PublishedDate, find_published
from storyline.model import Document, RawDocument


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    """A small invented news page around ``head`` and ``body`` fragments."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Harbour bridge reopens</title>{head}</head><body>"
        '<nav class="site-menu"><a href="/">Home</a></nav>'
        f"<h1>Harbour bridge reopens after repairs</h1>{body}"
        "<p>The bridge across the harbour reopened to traffic on the morning after the "
        "crews finished resurfacing the deck, the council said.</p>"
        "<footer>Copyright © 1999-2021 Lantern Coast Courier. All rights reserved.</footer>"
        "</body></html>"
    )


JSON_LD = """<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour bridge reopens",
 "datePublished": "2020-03-04T10:00:00Z", "dateModified": "2020-03-09T08:30:00Z"}
</script>"""


def test_json_ld_date_published_with_its_evidence():
    found = find_published(page(JSON_LD))
    assert found == PublishedDate(
        "2020-03-04", "JSON-LD datePublished '2020-03-04T10:00:00Z'", found.confidence, "metadata"
    )
    assert found.confidence >= 0.85


def test_result_is_a_frozen_dataclass():
    found = find_published(page(JSON_LD))
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.date = "1999-01-01"


def test_broken_json_ld_still_gives_its_date():
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-05-06",}</script>'
    assert find_published(page(broken)).date == "2020-05-06"


def test_open_graph_published_time():
    head = '<meta property="article:published_time" content="2021-11-30T22:15:00-05:00">'
    found = find_published(page(head))
    assert found.date == "2021-11-30"  # the day as written, not shifted to UTC
    assert found.source == "metadata"
    assert 'article:published_time' in found.evidence


def test_published_beats_modified_whatever_the_order():
    head = (
        '<meta property="article:modified_time" content="2022-02-10T09:00:00Z">'
        '<meta property="og:updated_time" content="2022-02-11T09:00:00Z">'
        '<meta name="pubdate" content="2022-01-28">'
    )
    assert find_published(page(head)).date == "2022-01-28"


def test_only_a_modified_date_is_weak_and_says_so():
    head = '<meta property="article:modified_time" content="2022-02-10T09:00:00Z">'
    found = find_published(page(head))
    assert found.date == "2022-02-10"
    assert found.confidence <= 0.3
    assert "modified" in found.evidence


def test_time_element_marked_as_published():
    body = (
        '<div class="byline">By Ada Quill <time class="published" datetime="2019-07-15T06:40">'
        '15 July 2019</time> <time class="updated" datetime="2019-07-18">18 July</time></div>'
    )
    found = find_published(page(body=body))
    assert found.date == "2019-07-15"
    assert found.source == "time element"
    assert found.evidence.startswith('<time datetime="2019-07-15')


def test_url_date_alone():
    found = find_published(page(), url="https://courier.example/news/2020/03/04/harbour-bridge/")
    assert found.date == "2020-03-04"
    assert found.source == "url"
    assert found.evidence == "URL path '/2020/03/04/'"
    assert 0.6 <= found.confidence < 0.9


@pytest.mark.parametrize(
    "url, date",
    [
        ("https://courier.example/2020/6/24/1234/harbour", "2020-06-24"),
        ("https://courier.example/news/harbour-bridge-20200817-abcdef", "2020-08-17"),
        ("https://courier.example/article/2020-12-24/harbour", "2020-12-24"),
    ],
)
def test_url_layouts(url, date):
    assert find_published(page(), url=url).date == date


def test_month_only_url_is_not_a_date():
    assert find_published(page(), url="https://blog.example/2020/07/harbour-bridge.html") is None


def test_url_date_wins_over_metadata_of_another_day():
    head = '<meta property="article:published_time" content="2020-03-06T09:00:00Z">'
    found = find_published(page(head), url="https://courier.example/2020/03/04/harbour-bridge/")
    assert found.date == "2020-03-04"
    assert found.source == "url"
    assert "differs" in found.evidence


def test_agreeing_sources_raise_confidence():
    alone = find_published(page(JSON_LD))
    confirmed = find_published(page(JSON_LD), url="https://courier.example/2020/03/04/bridge/")
    assert confirmed.date == alone.date == "2020-03-04"
    assert confirmed.confidence > alone.confidence
    assert "agrees with url" in confirmed.evidence


def test_copyright_footer_only_gives_none():
    assert find_published(page()) is None
    head = '<meta name="copyright" content="© 1999-2021 Lantern Coast Courier">'
    assert find_published(page(head)) is None


def test_bare_year_and_month_are_not_dates():
    body = '<p class="date">2020</p><p class="post-date">March 2020</p>'
    assert find_published(page(body=body)) is None


def test_script_expiry_date_is_not_taken():
    script = (
        "<script>var consent = {expires: '2030-12-31', renew: \"2031-01-01\"};"
        "document.cookie = 'seen=1; expires=Tue, 31 Dec 2030 23:59:59 GMT';</script>"
    )
    head = '<meta http-equiv="expires" content="Tue, 31 Dec 2030 23:59:59 GMT">'
    assert find_published(page(head + script, body=script)) is None


def test_publication_key_in_an_inline_script_is_taken():
    script = '<script>window.dataLayer = [{"pageType": "article", "publishDate": "2018-10-02T07:00:00"}];</script>'
    found = find_published(page(script))
    assert found.date == "2018-10-02"
    assert "publishDate" in found.evidence


def test_dates_in_comments_and_related_lists_are_ignored():
    body = (
        '<section class="related-articles"><article><h3>Older story</h3>'
        '<time datetime="2017-05-01">1 May 2017</time><meta itemprop="datePublished" content="2017-05-01">'
        "</article></section>"
        '<div id="comments"><p class="comment-date">March 9, 2020 at 5:12 pm</p></div>'
    )
    assert find_published(page(body=body)) is None


def test_article_footer_with_its_date_counts():
    body = (
        '<article><p>The bridge reopened.</p><footer><meta itemprop="datePublished" '
        'content="2020-11-01T07:20:16-03:00"></footer></article>'
    )
    assert find_published(page(body=body)).date == "2020-11-01"


@pytest.mark.parametrize(
    "dateline, lang, date",
    [
        ("Published March 4, 2020 at 10:02 am", "en", "2020-03-04"),
        ("Publicado el 4 de marzo de 2020", "es", "2020-03-04"),
        ("18 февраля 2020, 14:05", "ru", "2020-02-18"),
        ("30 Kasım 2020 Pazartesi", "tr", "2020-11-30"),
        ("2020. augusztus 18. 10:27", "hu", "2020-08-18"),
        ("2020年07月12日 10:00", "ja", "2020-07-12"),
        ("15.04.2020 | 08:15", "de", "2020-04-15"),
        ("04/03/2020", "en-GB", "2020-03-04"),
        ("04/03/2020", "en-US", "2020-04-03"),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020", "ar", "2020-04-24"),
        ("۲۰۲۰-۰۴-۲۴", "fa", "2020-04-24"),
    ],
)
def test_text_datelines_in_common_formats(dateline, lang, date):
    found = find_published(page(body=f'<div class="article-date">{dateline}</div>', lang=lang))
    assert found.date == date
    assert found.source == "text"
    assert found.evidence.startswith("dateline in the page text '")


def test_month_names_are_read_even_when_the_page_declares_another_language():
    body = '<div class="story-date-info">Unica.md, 20 septembrie 2020 16:20</div>'
    assert find_published(page(body=body, lang="en")).date == "2020-09-20"


def test_dateline_with_an_update_first_gives_the_publication():
    body = '<p class="article-meta">Updated 6 March 2020, 09:12 | Published 4 March 2020, 18:40</p>'
    assert find_published(page(body=body)).date == "2020-03-04"


def test_dateline_under_the_headline_but_not_a_photo_caption():
    body = (
        '<div class="wp-caption">The mayor at the ribbon cutting, January 16, 2020.</div>'
        "<p>January 18, 2020</p>"
    )
    found = find_published(page(body=body))
    assert found.date == "2020-01-18"
    assert found.confidence < 0.6


def test_site_header_today_is_weak():
    header = '<header class="site-header"><div class="today-date">Wednesday, 15 April 2020</div></header>'
    html = page().replace("<body>", "<body>" + header)
    found = find_published(html)
    assert found.date == "2020-04-15"
    assert found.confidence < 0.45
    assert "site header" in found.evidence


def test_conflicting_metadata_supported_day_wins():
    head = (
        '<meta property="article:published_time" content="2020-12-29T09:00:00+03:00">'
        '<meta name="date" content="2019-02-12">'
    )
    body = '<time class="entry-date" datetime="2020-12-29">29 December 2020</time>'
    found = find_published(page(head, body))
    assert found.date == "2020-12-29"
    assert found.evidence.startswith('<meta property="article:published_time">')
    assert "time element" in found.evidence  # the confirmation is named


def test_equal_metadata_in_conflict_takes_the_earlier_day():
    # the same instant written twice: once in UTC, once as local time wrongly marked Z
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-04-25T07:25:06Z"}</script>'
        '<meta property="article:published_time" content="2020-04-24T21:25:06+00:00">'
    )
    assert find_published(page(head)).date == "2020-04-24"


def test_far_future_dates_are_read_as_written():
    head = '<meta property="article:published_time" content="2031-09-16T08:00:00Z">'
    assert find_published(page(head)).date == "2031-09-16"


@pytest.mark.parametrize("html", ["", "   ", "plain words and no markup", "<html></html>"])
def test_nothing_there_gives_none(html):
    assert find_published(html) is None


def test_deterministic():
    html = page(JSON_LD, '<div class="date">4 March 2020</div>')
    assert {find_published(html, "https://c.example/2020/03/04/x") for _ in range(3)} == {
        find_published(html, "https://c.example/2020/03/04/x")
    }


# --- a wire dateline with the year dates the article -------------------------------------

WIRE_PROSE = (
    "A passenger ferry struck the main pier on Thursday morning, injuring four people, the harbour "
    "authority said. Divers will inspect the pier on Friday."
)


def text_article(opening: str, after: str = "") -> Document:
    body = f"Ferry strikes pier\n{opening}{WIRE_PROSE}\n\n{after}Services to Brannock are suspended until further notice.\n"
    doc = clean(RawDocument("a.txt", "a.txt", "text", body))
    assert isinstance(doc, Document)
    return doc


@pytest.mark.parametrize(
    ("lead", "day"),
    [
        ("LONDON, June 11, 2010 (Reuters) - ", "2010-06-11"),
        ("WASHINGTON, Jan. 5, 2012 (AP) — ", "2012-01-05"),
        ("PARIS, 3 March 2011 (AFP) - ", "2011-03-03"),
    ],
)
def test_wire_dateline_with_a_year_gives_the_publication_day(lead, day):
    doc = text_article(lead)
    assert doc.published == day
    assert doc.published_evidence == f"wire dateline '{lead.strip(' -—')}'"
    assert doc.text.startswith("A passenger ferry")  # the dateline is not article text
    assert doc.outlet == lead.split("(")[1].split(")")[0]


def test_wire_dateline_on_a_line_of_its_own():
    doc = text_article("LONDON, June 11, 2010 (Reuters) -\n")
    assert (doc.published, doc.text.startswith("A passenger ferry")) == ("2010-06-11", True)


def test_a_wire_dateline_later_in_the_text_is_not_the_article_s():
    doc = text_article("", after="PARIS, 3 March 2011 (AFP) - ")
    assert doc.published is None
    assert "PARIS, 3 March 2011 (AFP)" in doc.text


def test_without_the_year_or_a_real_day_a_wire_dateline_gives_no_date():
    assert "names no year" in text_article("VELMORA, Sept. 9 (MPA) - ").published_evidence
    no_such_day = text_article("LONDON, June 31, 2010 (Reuters) - ")
    assert no_such_day.published is None and "names no year" not in no_such_day.published_evidence


def test_a_date_line_before_the_wire_dateline_wins():
    doc = text_article("Tuesday, 13 March 2012\nLONDON, March 12, 2012 (Reuters) - ")
    assert doc.published == "2012-03-13"


WIRE_BODY = (
    "<article><h1>Ferry strikes pier</h1>"
    f"<p>LONDON, June 11, 2010 (Reuters) - {WIRE_PROSE}</p>"
    "<p>Services to Brannock are suspended until further notice, the ferry company said.</p></article>"
)


def html_article(head: str = "", body: str = WIRE_BODY) -> Document:
    html = f"<!DOCTYPE html><html><head><title>Ferry strikes pier</title>{head}</head><body>{body}</body></html>"
    doc = clean(RawDocument("a.html", "a.html", "html", html))
    assert isinstance(doc, Document)
    return doc


def test_a_wire_dateline_dates_a_page_without_date_metadata():
    doc = html_article(body=WIRE_BODY.replace("<h1>", '<time datetime="2010-06-14"></time><h1>'))
    assert doc.published == "2010-06-11"  # stronger than the page's first <time>
    assert doc.published_evidence == "wire dateline 'LONDON, June 11, 2010 (Reuters)'"


def test_page_metadata_wins_over_the_wire_dateline():
    head = '<meta property="article:published_time" content="2010-06-12T08:00:00Z">'
    assert html_article(head).published == "2010-06-12"


def test_wire_dateline_candidate_in_the_decision():
    dateline = ("2010-06-11", "wire dateline 'LONDON, June 11, 2010 (Reuters)'")
    alone = find_published(page(), dateline=dateline)
    assert alone == PublishedDate("2010-06-11", dateline[1], 0.85, "text")
    confirmed = find_published(page('<meta property="article:published_time" content="2010-06-11">'), dateline=dateline)
    assert confirmed.source == "metadata" and "agrees with text" in confirmed.evidence
    assert find_published(page(), dateline=("not a day", "x")) is None
