"""Main text and metadata of an HTML page.

:mod:`storyline.clean.body` finds the article body (trafilatura, checked against
readability); its paragraphs then go through the same line cleaning as plain text, so
widget and footer lines it lets through are still dropped. :mod:`storyline.clean.pubdate`
finds the publication date (metadata, ``<time>``, URL, datelines; never a copyright year
or a January-1st fallback) with its evidence and confidence, weighing a wire dateline
with the year that opens the body text among them; when the page has none, a dateline
the line cleaning finds in the body text is kept. :mod:`storyline.clean.canonical` finds
the page's own address and lead image.
"""

from __future__ import annotations

from storyline.clean.body import extract_article
from storyline.clean.canonical import lead_image, page_address
from storyline.clean.nesting import shallow
from storyline.clean.pubdate import find_published, parse_page
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
    tree = parse_page(html)
    out.url = page_address(tree, url)
    out.image = lead_image(tree, article.image, out.url or url)
    found = find_published(html, url or out.url, out.dateline)
    if found is not None:
        out.published, out.published_evidence = found.date, found.evidence
        out.published_confidence = found.confidence
    return out


def _author(names: str | None) -> str | None:
    """trafilatura's "Jane Doe; City Hall correspondent" -> "Jane Doe"."""
    if not names:
        return None
    return names.split(";")[0].strip() or None
