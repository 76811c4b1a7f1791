"""Publication date of an HTML page, with the evidence for it and a confidence.

:func:`find_published` gathers candidate dates from four kinds of source, then picks
the original publication date:

``metadata``
    JSON-LD ``datePublished``; ``<meta>`` publication-time conventions (Open Graph
    ``article:published_time``, Dublin Core ``dc.date.issued``, Parse.ly, Sailthru, …,
    and any meta whose name says "published"/"date"); microdata
    ``itemprop="datePublished"``; a publication-date key in an inline script's JSON.
``time element``
    ``<time datetime>`` (or ``<abbr class="published" title>``), best when marked as
    the publication time (``pubdate``, ``itemprop``, a "published" class).
``url``
    a full date in the URL: ``/2020/03/04/``, ``/2020/3/4/``, ``-20200304-``,
    ``/2020-03-04/``; a ``YYYYMMDD`` run that opens a long article number counts less.
``text``
    a dateline in the page text: an element whose class or id says date, time or
    published, or the first date just under the headline; numeric dates, month names
    in the page's language (from dateparser's tables) and English, CJK dates.

Never taken: a copyright year, a bare year or month, a January-1st fallback, dates in
scripts other than publication keys (expiry dates, ad schedules), dates inside
comments, related-article lists, sidebars, navigation and footers. A modified or
updated date is used only when nothing else is there, and says so.

Conflicts: each candidate counts its confidence plus 0.1 for every other kind of
source that gives the same day, and the best wins; between equally strong metadata
the earlier day wins (the original publication, not a republication). A full date in
the page's URL beats a different day found in the page unless two other kinds of
source confirm that day: the URL is fixed at first publication, while the page often
carries a later update, or a UTC day shifted from the local one. Dates are read as
written (local time), never converted to UTC, and nothing depends on today's date.

Confidence scale (roughly the chance that the day is right; calibrated on the Media
Cloud 2020 set, where answers at 0.9 and above were right about 97% of the time):

====  ==========================================================================
0.95  publication metadata confirmed by another kind of source (URL, time, text)
0.9   explicit publication metadata: JSON-LD ``datePublished``, a known ``<meta>``
      convention, microdata ``itemprop="datePublished"``
0.8   a meta whose name only says "date"; JSON-LD ``dateCreated``; a ``<time>``
      marked as the publication time
0.75  a full date in the URL (also when it overrules the page)
0.6   a dateline in a date-marked element; the first ``<time>`` of the page
0.55  a publication key in an inline script
0.5   a dateline whose day and month could be read either way (04/03/2020)
0.45  a short date line under the headline; a date opening a long article number
      in the URL
0.38  a date in the lead image's URL (its upload folder)
0.35  a date in the site header ("today", the day the page was served)
0.3   only a modified or updated date was found (the evidence says so)
====  ==========================================================================

Agreement between sources adds 0.05 (capped at 0.97). Below 0.3 nothing is
returned: ``None`` rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

__all__ = ["PublishedDate", "find_published"]

MIN_YEAR, MAX_YEAR = 1995, 2099
MIN_CONFIDENCE = 0.3  # weaker signs alone give no date

PUBLISHED, MODIFIED = "published", "modified"
METADATA, TIME_ELEMENT, URL, TEXT = "metadata", "time element", "url", "text"


@dataclass(frozen=True)
class PublishedDate:
    """A page's publication day (``YYYY-MM-DD``), where it came from and how sure."""

    date: str
    evidence: str
    confidence: float
    source: str  # "metadata" | "time element" | "url" | "text"


@dataclass(frozen=True)
class _Candidate:
    day: dt.date
    kind: str  # PUBLISHED | MODIFIED
    source: str
    evidence: str
    confidence: float


def find_published(html: str, url: str | None = None) -> PublishedDate | None:
    """The original publication date of the page ``html`` (fetched from ``url``), or None."""
    tree = _parse(html)
    candidates: list[_Candidate] = []
    months = None
    if tree is not None:
        months = _month_names(_page_language(tree))
        candidates += _jsonld_dates(tree)
        candidates += _meta_dates(tree, months)
        candidates += _microdata_dates(tree, months)
        candidates += _script_dates(tree)
        candidates += _time_elements(tree, months)
        candidates += _text_datelines(tree, months)
        candidates += _image_dates(tree)
    if url:
        candidates += _url_dates(url)
    return _decide(candidates)


# --------------------------------------------------------------------------- parsing


def _parse(html: str) -> etree._Element | None:
    """The page as an lxml tree; None when it is not HTML at all."""
    if not html or not html.strip():
        return None
    try:
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml_html.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _page_language(tree: etree._Element) -> str | None:
    """The language tag the page declares (``<html lang>``, og:locale, …), lower case."""
    values = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            values.append(meta.get("content"))
    for value in values:
        tag = (value or "").strip().replace("_", "-").lower()
        if _LANGUAGE_TAG.fullmatch(tag):
            return tag
    return None


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
# the zero of each run of ten decimal digits in other scripts: Arabic-Indic, Persian,
# Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,
# Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, full-width
_DIGIT_ZEROS = (
    0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10,
)  # fmt: skip
_DIGITS = {zero + n: ord("0") + n for zero in _DIGIT_ZEROS for n in range(10)}


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------- month names

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# languages whose month names are always known, after the page's own and English
# (pages often declare no language, or the wrong one); earlier ones win a clash
_COMMON_LANGUAGES = (
    "es", "pt", "fr", "de", "it", "nl", "ro", "ru", "uk", "pl", "cs", "sk", "tr", "id",
    "ms", "sv", "da", "nb", "fi", "hu", "el", "bg", "hr", "bs", "sr-Latn", "sl", "sq",
    "lt", "lv", "et", "ca", "tl", "ar",
)  # fmt: skip


@dataclass(frozen=True)
class _Months:
    """Month names of the page's language(s) and the numeric order it writes dates in."""

    names: dict[str, int]  # lower-case name -> month number
    month_first: bool  # "03/04/2020" is March 4th

    def number(self, words: str) -> int | None:
        """The month a captured name stands for: the whole of it, else its first word."""
        words = words.lower()
        return self.names.get(words) or self.names.get(words.split()[0].rstrip("."))


# month names dateparser lacks: the Levantine/Iraqi Arabic (Syriac) names, written
# alone or paired with the other name ("نيسان / أبريل")
_EXTRA_MONTHS = {
    "ar": (
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ),
}  # fmt: skip


@lru_cache(maxsize=64)
def _language_table(language: str) -> tuple[dict[str, int], str]:
    """Month names (lower case, 3+ letters) of one dateparser language, and its date order."""
    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
    except (ImportError, AttributeError):
        return {}, "DMY"
    names: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info.get(key, []):
            name = name.lower().rstrip(".")
            if len(name) >= 3 and not name.isdigit():
                names.setdefault(name, number)
    for number, name in enumerate(_EXTRA_MONTHS.get(language, ()), start=1):
        names.setdefault(name, number)
    return names, info.get("date_order", "DMY")


@lru_cache(maxsize=64)
def _month_names(language: str | None) -> _Months:
    """The month table for a page in ``language`` (a BCP 47 tag), English included."""
    primary = (language or "").split("-")[0]
    languages = dict.fromkeys([primary, "en", *_COMMON_LANGUAGES] if primary else ["en", *_COMMON_LANGUAGES])
    names: dict[str, int] = {}
    for lang in languages:
        for name, number in _language_table(lang)[0].items():
            names.setdefault(name, number)  # the page's own language wins a clash
    # month first only where that is the convention: US English and undeclared English
    month_first = language in (None, "en", "en-us") or primary in ("fil", "tl")
    return _Months(names, month_first)


# ------------------------------------------------------------------ dates in text

_YMD = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(r"(?<![\d.:/-])(\d{1,2})([-/.])(\d{1,2})\2((?:19|20)\d\d)(?![\d])")
_CJK = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")


@dataclass(frozen=True)
class _TextDate:
    day: dt.date
    start: int
    text: str
    ambiguous: bool = False  # "04/03/2020": day and month could be either way round


_WORD = r"[^\W\d_]+"
# a month name of one or two words; a second name for the same month may follow
# ("24 نيسان / أبريل 2020"); which words are month names is looked up afterwards
_MONTH = rf"(?<![^\W\d_])(?P<month>{_WORD}(?:\s{_WORD})?)\.?(?:\s*/\s*{_WORD}(?:\s{_WORD})?)?(?![^\W\d_])"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_LINK = r"(?:\s*(?:de|del|of|,)\s*|\s+|\s*[-/]\s*)"
_NAMED = (
    # "4 March 2020", "4 de marzo de 2020", "18 февраля 2020", "30. ledna 2020"
    re.compile(rf"(?<!\d){_DAY}{_LINK}{_MONTH}{_LINK}{_YEAR}", re.I),
    # "March 4, 2020", "Pebrero 18, 2020"
    re.compile(rf"{_MONTH}\s*{_DAY}(?:,\s*|\s+){_YEAR}", re.I),
    # "2020. augusztus 18.", "2020 m. spalio 26 d."
    re.compile(rf"(?<!\d){_YEAR}\.?\s*(?:m\.\s*)?{_MONTH}\s+(?P<day2>[0-3]?\d)(?!\d)", re.I),
)


def _named_dates(text: str, months: _Months) -> Iterator[tuple[re.Match[str], dt.date]]:
    """Dates with a month name; a match whose word is no month is retried a word later."""
    for pattern in _NAMED:
        position = 0
        while m := pattern.search(text, position):
            number = months.number(m["month"])
            day = m.groupdict().get("day") or m["day2"]
            found = _make_date(int(m["year"]), number, int(day)) if number else None
            if found is not None:
                yield m, found
                position = m.end()
            else:
                position = m.start() + 1


def _dates_in_text(text: str, months: _Months) -> list[_TextDate]:
    """Every full calendar date written in ``text``, in reading order."""
    text = text.translate(_DIGITS)
    found: dict[int, _TextDate] = {}

    def add(start: int, matched: str, day: dt.date | None, ambiguous: bool = False) -> None:
        if day is not None and start not in found:
            found[start] = _TextDate(day, start, matched.strip(), ambiguous)

    for m in _YMD.finditer(text):
        add(m.start(), m.group(0), _make_date(int(m[1]), int(m[3]), int(m[4])))
    for m in _CJK.finditer(text):
        add(m.start(), m.group(0), _make_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _NUMERIC_DMY.finditer(text):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        ambiguous = first <= 12 and second <= 12 and first != second
        if months.month_first and m[2] in "/-" and first <= 12:
            first, second = second, first
        add(m.start(), m.group(0), _make_date(year, second, first), ambiguous)
    for m, day in _named_dates(text, months):
        add(m.start(), m.group(0), day)
    return [found[k] for k in sorted(found)]


_ISO_START = re.compile(r"^\s*((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^\s*((?:19|20)\d\d)(\d\d)(\d\d)(?:T?\d{4,6}(?:Z|[+-]\d{4})?)?\s*$")
_EPOCH = re.compile(r"^\s*(1\d{9})(\d{3})?\s*$")


def _parse_value(value: str | None, months: _Months | None = None) -> dt.date | None:
    """The date in an attribute value (ISO 8601, compact, epoch seconds, or written out)."""
    if not value:
        return None
    value = value.translate(_DIGITS)
    if m := _ISO_START.match(value):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.match(value):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _EPOCH.match(value):
        stamp = dt.datetime.fromtimestamp(int(m[1]), tz=dt.timezone.utc)
        return _make_date(stamp.year, stamp.month, stamp.day)
    if len(value) > 80:
        return None
    dates = _dates_in_text(value, months or _month_names("en"))
    return dates[0].day if dates else None


def _quote(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# ------------------------------------------------------- where dates must not come from

_NOISE_TAGS = {"aside", "footer", "nav"}
_NOISE_WORDS = re.compile(
    r"comment|related|sidebar|recommend|popular|most-?read|trending|footer|"
    r"navbar|navigation|breadcrumb|newsletter|read-?more|more-?news|also-?read|promo|"
    r"outbrain|taboola|disqus|copyright|cookie",
    re.I,
)


def _in_noise(element: etree._Element) -> bool:
    """Inside a comment thread, related-article list, sidebar, navigation or footer.

    Class and id words ("related", "comment", "sidebar", …) count at any depth. The
    tags ``<aside>``, ``<nav>`` and ``<footer>`` count only outside the article: an
    article's own ``<footer>`` holds its byline and date, and some templates wrap the
    whole article in an ``<aside>``.
    """
    node = element
    in_article = False
    noise_tag = False
    while node is not None and isinstance(node.tag, str):
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marks.strip() and _NOISE_WORDS.search(marks):
            return True
        if node.tag in ("article", "main") or "Article" in (node.get("itemtype") or ""):
            in_article = True
        noise_tag = noise_tag or node.tag in _NOISE_TAGS
        node = node.getparent()
    return noise_tag and not in_article


_MODIFIED_WORDS = re.compile(r"modif|updat|revis|lastmod|last-mod|moddate|edited|changed", re.I)
# meta names whose dates are never a publication: expiry, validity, events, rights
_IGNORED_KEYS = re.compile(
    r"expir|(?<![a-z])end|copyright|rights|valid|until|embargo|start_?date|event", re.I
)


# ---------------------------------------------------------------------- JSON-LD


def _jsonld_dates(tree: etree._Element) -> Iterator[_Candidate]:
    """``datePublished``/``dateCreated``/``dateModified`` of the page's own items."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            items = list(_jsonld_items(json.loads(script.text or "", strict=False)))
        except ValueError:  # broken JSON (trailing commas, raw newlines): read the keys
            items = [_loose_jsonld(script.text or "")]
        for item in items:
            for key, kind, confidence in (
                ("datePublished", PUBLISHED, 0.9),
                ("dateCreated", PUBLISHED, 0.8),
                ("uploadDate", PUBLISHED, 0.75),
                ("dateModified", MODIFIED, 0.3),
            ):
                value = item.get(key)
                if isinstance(value, str) and (day := _parse_value(value)):
                    yield _Candidate(day, kind, METADATA, f"JSON-LD {key} '{_quote(value)}'", confidence)


_JSONLD_KEY = re.compile(r'"(datePublished|dateCreated|uploadDate|dateModified)"\s*:\s*"([^"]{6,40})"')


def _loose_jsonld(text: str) -> dict[str, str]:
    """The first value of each date key in JSON-LD that does not parse."""
    found: dict[str, str] = {}
    for m in _JSONLD_KEY.finditer(text):
        found.setdefault(m[1], m[2])
    return found


def _jsonld_items(data: object) -> Iterator[dict]:
    """Top-level JSON-LD objects and ``@graph`` members (not lists of other articles)."""
    if isinstance(data, list):
        for entry in data:
            yield from _jsonld_items(entry)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _jsonld_items(data["@graph"])
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield main


# ------------------------------------------------------------------------- meta

# well-known names of a page's publication time (lower case)
_PUBLISHED_META = {
    "article:published_time", "article:published", "og:published_time",
    "og:article:published_time", "article:published_date", "article.published",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "published-date", "date_published", "publication_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date",
    "sailthru.date", "parsely-pub-date", "bt:pubdate", "citation_publication_date",
    "citation_date", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "article_date_original", "rnews:datepublished", "vr:published_time",
    "release:date", "dc.date.created", "dcterms.created", "datecreated",
    "outbrain-date", "uploaddate", "ya:ovs:upload_date", "analyticsattributes.articledate",
    "shareaholic:article_published_time", "article:post_date",
}  # fmt: skip
_DATE_KEY = re.compile(r"publi|pub_?date|date|created|issued|posted|upload|release|ptime", re.I)


def _meta_dates(tree: etree._Element, months: _Months) -> Iterator[_Candidate]:
    """``<meta>`` tags naming a publication (or modification) time.

    Microdata metas in the body (``<meta itemprop>`` inside an article card) are left
    to :func:`_microdata_dates`, which knows which item they belong to.
    """
    for meta in tree.iter("meta"):
        if meta.get("itemprop") and not _inside(meta, ("head",)):
            continue
        attr, key = next(
            ((a, meta.get(a)) for a in ("property", "name", "itemprop", "http-equiv") if meta.get(a)),
            (None, None),
        )
        value = meta.get("content")
        if not key or not value:
            continue
        low = key.strip().lower()
        if _IGNORED_KEYS.search(low):
            continue
        evidence = f'<meta {attr}="{key}"> \'{_quote(value)}\''
        if _MODIFIED_WORDS.search(low):
            if day := _parse_value(value, months):
                yield _Candidate(day, MODIFIED, METADATA, evidence, 0.3)
        elif low in _PUBLISHED_META:
            if day := _parse_value(value, months):
                yield _Candidate(day, PUBLISHED, METADATA, evidence, 0.9)
        elif _DATE_KEY.search(low):
            if day := _parse_value(value, months):
                yield _Candidate(day, PUBLISHED, METADATA, evidence, 0.8)


def _microdata_dates(tree: etree._Element, months: _Months) -> Iterator[_Candidate]:
    """The first ``itemprop="datePublished"`` (and dateModified) of the page body.

    Related-article cards often carry their own microdata: those inside comment,
    related or sidebar blocks are skipped, and of the rest the first one (the page's
    own article comes before the lists under it) is taken.
    """
    seen: set[str] = set()
    for element in tree.xpath("//body//*[@itemprop]"):
        prop = element.get("itemprop") or ""
        if prop not in ("datePublished", "dateCreated", "dateModified") or prop in seen:
            continue
        if _in_noise(element):
            continue
        value = element.get("datetime") or element.get("content") or element.text_content()
        day = _parse_value(value, months)
        if day is None:
            continue
        seen.add(prop)
        kind = MODIFIED if prop == "dateModified" else PUBLISHED
        evidence = f"<{element.tag} itemprop=\"{prop}\"> '{_quote(value)}'"
        yield _Candidate(day, kind, METADATA, evidence, 0.9 if kind == PUBLISHED else 0.3)


_SCRIPT_KEY = re.compile(
    r"""(datePublished|publishDate|publish_date|published_at|publishedAt|pubDate|"""
    r"""firstPublished|first_published_at|date_published|publicationDate|publishedDate|"""
    r"""publish_time|publishTime|date_publish)["']?\s*[:=]\s*["']([^"'<>]{8,40})["']"""
)


def _script_dates(tree: etree._Element) -> Iterator[_Candidate]:
    """The first publication-date key in inline scripts (data layers, app state JSON)."""
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() or not script.text:
            continue
        for m in _SCRIPT_KEY.finditer(script.text):
            if day := _parse_value(m[2]):
                yield _Candidate(day, PUBLISHED, METADATA, f"script key {m[1]} '{_quote(m[2])}'", 0.55)
                return


# ----------------------------------------------------------------- time elements

_PUBLISHED_MARK = re.compile(r"publi|pubdate|posted|created|entry-date|article-date|post-date", re.I)


def _time_elements(tree: etree._Element, months: _Months) -> Iterator[_Candidate]:
    """``<time>`` (and ``<abbr class="published">``) outside comments and related lists."""
    first = True
    for element in tree.xpath("//time | //abbr[@title]"):
        marks = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"))))
        if element.tag == "abbr" and not _PUBLISHED_MARK.search(marks):
            continue
        if _in_noise(element):
            continue
        value = element.get("datetime") or element.get("title") or element.get("content")
        text = element.text_content()
        day = _parse_value(value, months) if value else _parse_value(text, months)
        if day is None:
            continue
        shown = value or text
        if element.tag == "time":
            attr = f' datetime="{_quote(value, 40)}"' if value else ""
            evidence = f"<time{attr}>" if value else f"<time> '{_quote(text)}'"
        else:
            evidence = f"<abbr title=\"{_quote(shown, 40)}\">"
        context = f"{marks} {_ancestor_marks(element)}"
        if _MODIFIED_WORDS.search(marks):
            yield _Candidate(day, MODIFIED, TIME_ELEMENT, evidence, 0.3)
        elif element.get("pubdate") is not None or _PUBLISHED_MARK.search(marks):
            yield _Candidate(day, PUBLISHED, TIME_ELEMENT, evidence, 0.8)
        elif _MODIFIED_WORDS.search(context):
            yield _Candidate(day, MODIFIED, TIME_ELEMENT, evidence, 0.3)
        elif first:
            # the first time element of the page, unless it is the site header's clock
            confidence = 0.35 if _in_site_header(element) else 0.6
            yield _Candidate(day, PUBLISHED, TIME_ELEMENT, evidence, confidence)
        first = False


def _ancestor_marks(element: etree._Element, depth: int = 2) -> str:
    marks = []
    node = element.getparent()
    while node is not None and depth > 0:
        marks.append(f"{node.get('class') or ''} {node.get('id') or ''}")
        node, depth = node.getparent(), depth - 1
    return " ".join(marks)


# ------------------------------------------------------------------------ text

_DATE_MARK = re.compile(r"date|time|publi|posted|created|dateline|byline|fecha|datum|tarih|stamp|zeit", re.I)
_UPDATE_WORDS = re.compile(
    r"updated|update|modified|actualizad|atualizad|mis à jour|aktualisiert|обновлен|оновлен|"
    r"güncell|aggiornat|bijgewerkt|zaktualizowan",
    re.I,
)
_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "select", "option", "button")


def _text_datelines(tree: etree._Element, months: _Months) -> Iterator[_Candidate]:
    """Datelines: short date-marked elements, then the first date under the headline.

    A date in the site's own header (outside any article) is usually "today" on the
    day the page was fetched: kept only as a weak candidate, and said so.
    """
    seen = 0
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _TEXT_TAGS or element.tag in ("time", "meta"):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _DATE_MARK.search(marks):
            continue
        text = " ".join(element.text_content().split())
        if not text or len(text) > 200 or _in_noise(element):
            continue
        dates = _dates_in_text(text, months)
        if not dates:
            continue
        if _in_site_header(element):
            first = dates[0]
            evidence = f"date in the site header '{_quote(first.text)}' (the day the page was served)"
            yield _Candidate(first.day, PUBLISHED, TEXT, evidence, 0.35)
            continue
        first, kind = _published_or_updated(text, dates)
        evidence = f"dateline in the page text '{_quote(first.text)}'"
        # a numeric date that could be read either way round counts a little less
        confidence = 0.3 if kind == MODIFIED else 0.5 if first.ambiguous else 0.6
        yield _Candidate(first.day, kind, TEXT, evidence, confidence)
        seen += 1
        if seen >= 3:
            break
    yield from _date_under_headline(tree, months)


def _published_or_updated(text: str, dates: list[_TextDate]) -> tuple[_TextDate, str]:
    """The first date of a line not introduced as an update ("Updated 6 March 2020 |
    Published 4 March 2020" gives the 4th), else the first date, as a modified one."""
    since = 0
    for date in dates:
        if not _UPDATE_WORDS.search(text[since : date.start]):
            return date, PUBLISHED
        since = date.start + len(date.text)
    return dates[0], MODIFIED


_ARTICLE_MARK = re.compile(r"article|post|entry|story|content|news", re.I)
# one class or id word naming the site's header: "header", "site-header", "masthead"
_SITE_HEADER_MARK = re.compile(
    r"(?:^|\s)(?:(?:site|main|global|top)[-_]?)?header(?:[-_](?:top|wrap|wrapper|inner|bar))?(?:\s|$)"
    r"|masthead|top-?bar|topnav",
    re.I,
)


def _in_site_header(element: etree._Element) -> bool:
    """Inside the site's own header (where a "today is …" date sits), not an article's."""
    node = element
    while node is not None and isinstance(node.tag, str):
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag == "article" or _ARTICLE_MARK.search(marks):
            return False
        if node.tag == "header" or _SITE_HEADER_MARK.search(marks):
            return True
        node = node.getparent()
    return False


def _date_under_headline(tree: etree._Element, months: _Months) -> Iterator[_Candidate]:
    """The first short line with a date within a few hundred characters after the ``<h1>``.

    Only a line that is little more than the date counts (a dateline, a byline with
    a date): a date inside a sentence or a photo caption is about something else.
    """
    headlines = [h for h in tree.iter("h1") if not _in_noise(h)]
    if not headlines:
        return
    for line in _lines_after(headlines[0], limit=800):
        if len(line) > 80:
            continue
        dates = _dates_in_text(line, months)
        if dates:
            first, kind = _published_or_updated(line, dates)
            yield _Candidate(first.day, kind, TEXT, f"dateline in the page text '{_quote(first.text)}'", 0.45)
            return


_CAPTION = re.compile(r"caption|credit", re.I)


def _lines_after(element: etree._Element, limit: int) -> Iterator[str]:
    """Visible text pieces following ``element`` in document order, ``limit`` characters in all.

    Scripts, photo captions and credits, asides, navigation, related lists and
    comments are skipped with everything inside them.
    """
    skipped = set(element.iter())  # the headline's own text
    size = 0
    started = False
    for node in element.getroottree().getroot().iter():
        if node is element:
            started = True
            pieces = [element.tail]
        elif not started or not isinstance(node.tag, str):
            continue
        elif node in skipped:
            pieces = []
        elif _skip_under_headline(node):
            skipped.update(node.iter())
            pieces = [node.tail]
        else:
            pieces = [node.text, node.tail]
        for piece in pieces:
            piece = " ".join((piece or "").split())
            if piece:
                yield piece
                size += len(piece)
        if size >= limit:
            return


def _skip_under_headline(node: etree._Element) -> bool:
    """A block whose text is no dateline: scripts, captions, asides, related lists."""
    if node.tag in _TEXT_TAGS or node.tag in ("figcaption", "aside", "nav"):
        return True
    marks = f"{node.get('class') or ''} {node.get('id') or ''}"
    return bool(marks.strip()) and bool(_CAPTION.search(marks) or _NOISE_WORDS.search(marks))


def _inside(node: etree._Element, tags: Iterable[str]) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


# -------------------------------------------------------------------------- URL

_URL_PATTERNS = (
    # /2020/03/04/, /2020/3/4/, /2020-03-04/, _2020_03_04
    (re.compile(r"(?<!\d)((?:19|20)\d\d)([/_-])(\d{1,2})\2(\d{1,2})(?!\d)"), 0.75),
    # -20200304-, /20200304/
    (re.compile(r"(?<![\d])((?:19|20)\d\d)()(\d\d)(\d\d)(?![\d])"), 0.75),
    # /2020030412345.html: a date opening a long article number
    (re.compile(r"(?<![\d])((?:19|20)\d\d)()(\d\d)(\d\d)(?=\d{4,})"), 0.45),
)


def _url_dates(url: str, what: str = "URL path", scale: float = 1.0) -> Iterator[_Candidate]:
    """A full date in the URL's path (or query), the first one found."""
    parts = urlsplit(url)
    where = unquote(parts.path) + ("?" + unquote(parts.query) if parts.query else "")
    for pattern, confidence in _URL_PATTERNS:
        for m in pattern.finditer(where):
            day = _make_date(int(m[1]), int(m[3]), int(m[4]))
            if day is not None:
                shown = where[max(0, m.start() - 1) : m.end() + 1].strip("?&=")
                evidence = f"{what} '{_quote(shown, 40)}'"
                yield _Candidate(day, PUBLISHED, URL, evidence, round(confidence * scale, 2))
                return


def _image_dates(tree: etree._Element) -> Iterator[_Candidate]:
    """A date in the path of the page's lead image (``og:image``): the upload folder."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:image", "twitter:image") and meta.get("content"):
            yield from _url_dates(meta.get("content"), f"{key} URL path", scale=0.5)
            return


# --------------------------------------------------------------------- decision


def _decide(candidates: list[_Candidate]) -> PublishedDate | None:
    """The best-supported publication date, or None when only weak signs are there."""
    candidates = [c for c in candidates if c.confidence >= MIN_CONFIDENCE]
    if not candidates:
        return None
    published = [c for c in candidates if c.kind != MODIFIED]
    if not published:
        modified = max(candidates, key=lambda c: c.confidence)
        return PublishedDate(
            modified.day.isoformat(),
            f"only a modified date: {modified.evidence}",
            modified.confidence,
            modified.source,
        )

    def support(c: _Candidate) -> int:
        return len({o.source for o in published if o.day == c.day and o.source != c.source})

    def rank(c: _Candidate) -> tuple[float, int, int]:
        # the best-supported; between equal metadata the earliest day (the original
        # publication), between equal datelines the first on the page
        earliest = -c.day.toordinal() if c.source == METADATA else 0
        return round(c.confidence + 0.1 * support(c), 3), earliest, -published.index(c)

    best = max(published, key=rank)
    # a full date in the page's URL beats a different day in the page, unless two other
    # kinds of source confirm that day (then the URL date is about something else)
    url = next((c for c in published if c.source == URL and c.confidence >= 0.75), None)
    if url is not None and best.day != url.day and best.source != URL and support(best) < 2:
        note = f"{url.evidence}; {best.evidence} differs"
        return PublishedDate(url.day.isoformat(), note, url.confidence, URL)
    agreeing = support(best)
    confidence = min(0.97, best.confidence + (0.05 if agreeing else 0.0))
    evidence = best.evidence
    if agreeing:
        others = sorted({o.source for o in published if o.day == best.day and o.source != best.source})
        evidence += f" (agrees with {', '.join(others)})"
    return PublishedDate(best.day.isoformat(), evidence, round(confidence, 2), best.source)
