"""Main text and metadata of an HTML page, via trafilatura and htmldate.

trafilatura finds the article body; its paragraphs then go through the same line
cleaning as plain text, so widget and footer lines it lets through are still dropped.
htmldate reads the publication date from the page's metadata only
(``extensive_search=False``): its fallbacks (a copyright year, January 1st) are not
publication dates.
"""

from __future__ import annotations

import logging

import htmldate
import trafilatura

from storyline.clean.text import CleanText, clean_lines

# trafilatura and htmldate log every page they find hard; the run summary reports instead.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def clean_html(html: str, url: str | None = None) -> CleanText:
    """Extract and clean the article in ``html``; empty text when there is none."""
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if extracted is None:
        return CleanText()
    title = (extracted.title or "").strip() or None
    out = clean_lines(extracted.text or "", title=title)
    out.outlet = (extracted.sitename or "").strip() or out.outlet
    date = _metadata_date(html, url)
    if date is not None:
        out.published = date
        out.published_evidence = "HTML metadata (htmldate, original date)"
    return out


def _metadata_date(html: str, url: str | None) -> str | None:
    try:
        return htmldate.find_date(html, extensive_search=False, original_date=True, url=url)
    except (ValueError, TypeError):
        return None
