"""Main text and metadata of an HTML page.

:mod:`storyline.clean.body` finds the article body (trafilatura, checked against
readability); its paragraphs then go through the same line cleaning as plain text, so
widget and footer lines it lets through are still dropped. :mod:`storyline.clean.pubdate`
finds the publication date (metadata, ``<time>``, URL, datelines; never a copyright year
or a January-1st fallback) with its evidence and confidence; when the page has none, a
dateline the line cleaning finds in the body text is kept.
"""

from __future__ import annotations

from storyline.clean.body import extract_article
from storyline.clean.nesting import shallow
from storyline.clean.pubdate import find_published
from storyline.clean.text import CleanText, clean_lines


def clean_html(html: str, url: str | None = None) -> CleanText:
    """Extract and clean the article in ``html``; empty text when there is none.

    Raises :class:`~storyline.clean.nesting.TooDeep` for a page nested deeper than the
    parser goes (a page nested merely deeper than its default is flattened first)."""
    html = shallow(html)
    article = extract_article(html, url)
    if not article.text and article.title is None:
        return CleanText()
    out = clean_lines(article.text, title=article.title)
    out.removed[:0] = article.removed
    out.outlet = article.sitename or out.outlet
    out.author = out.author or _author(article.author)
    found = find_published(html, url)
    if found is not None:
        out.published, out.published_evidence = found.date, found.evidence
        out.published_confidence = found.confidence
    return out


def _author(names: str | None) -> str | None:
    """trafilatura's "Jane Doe; City Hall correspondent" -> "Jane Doe"."""
    if not names:
        return None
    return names.split(";")[0].strip() or None
