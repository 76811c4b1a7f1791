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
    in the page's language (from dateparser's tables) and English, CJK dates. And a
    wire dateline with the year that opens the article ("LONDON, June 11, 2010
    (Reuters) -"), which cleaning finds in the extracted text and passes in.

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
0.85  a wire dateline with the year opening the article
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

from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from storyline.clean.pubdate.candidates import METADATA, MODIFIED, PUBLISHED, TEXT, URL, Candidate
from storyline.clean.pubdate.metadata import jsonld_dates, meta_dates, microdata_dates, script_dates
from storyline.clean.pubdate.text import text_datelines
from storyline.clean.pubdate.time_elements import time_elements
from storyline.clean.pubdate.url import image_dates, url_dates
from storyline.clean.pubdate.values import month_names, page_language, parse_value

__all__ = ["PublishedDate", "find_published", "parse_page"]

MIN_CONFIDENCE = 0.3  # weaker signs alone give no date
# a wire dateline with the year opening the article: below the page's own metadata
WIRE_DATELINE = 0.85


@dataclass(frozen=True)
class PublishedDate:
    """A page's publication day (``YYYY-MM-DD``), where it came from and how sure."""

    date: str
    evidence: str
    confidence: float
    source: str  # "metadata" | "time element" | "url" | "text"


def find_published(
    html: str, url: str | None = None, dateline: tuple[str, str] | None = None
) -> PublishedDate | None:
    """The original publication date of the page ``html`` (fetched from ``url``), or None.

    ``dateline``: the day and evidence of a wire dateline with the year that opens the
    article's text ("LONDON, June 11, 2010 (Reuters) -"), as cleaning found it.
    """
    tree = parse_page(html)
    candidates: list[Candidate] = []
    if dateline is not None and (day := parse_value(dateline[0])):
        candidates.append(Candidate(day, PUBLISHED, TEXT, dateline[1], WIRE_DATELINE))
    months = None
    if tree is not None:
        months = month_names(page_language(tree))
        candidates += jsonld_dates(tree)
        candidates += meta_dates(tree, months)
        candidates += microdata_dates(tree, months)
        candidates += script_dates(tree)
        candidates += time_elements(tree, months)
        candidates += text_datelines(tree, months)
        candidates += image_dates(tree)
    if url:
        candidates += url_dates(url)
    return _decide(candidates)


# --------------------------------------------------------------------------- parsing


def parse_page(html: str) -> etree._Element | None:
    """The page as an lxml tree; None when it is not HTML at all."""
    if not html or not html.strip():
        return None
    try:
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml_html.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


# --------------------------------------------------------------------- decision


def _decide(candidates: list[Candidate]) -> PublishedDate | None:
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

    def support(c: Candidate) -> int:
        return len({o.source for o in published if o.day == c.day and o.source != c.source})

    def rank(c: Candidate) -> tuple[float, int, int]:
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
