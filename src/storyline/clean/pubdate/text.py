"""Datelines in the page text, and the places a date must not come from.

A dateline is a short element whose class or id says date, time or published, or the
first short line with a date under the headline. Comment threads, related-article
lists, sidebars, navigation and footers (:func:`in_noise`) and the site's own header
(:func:`in_site_header`, where "today" is shown) are checked here for every source
that reads the page body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from storyline.clean.pubdate.candidates import MODIFIED, PUBLISHED, TEXT, Candidate, excerpt
from storyline.clean.pubdate.values import Months, TextDate, dates_in_text

_DATE_MARK = re.compile(r"date|time|publi|posted|created|dateline|byline|fecha|datum|tarih|stamp|zeit", re.I)
_UPDATE_WORDS = re.compile(
    r"updated|update|modified|actualizad|atualizad|mis à jour|aktualisiert|обновлен|оновлен|"
    r"güncell|aggiornat|bijgewerkt|zaktualizowan",
    re.I,
)
_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "select", "option", "button")


def text_datelines(tree: etree._Element, months: Months) -> Iterator[Candidate]:
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
        if not text or len(text) > 200 or in_noise(element):
            continue
        dates = dates_in_text(text, months)
        if not dates:
            continue
        if in_site_header(element):
            first = dates[0]
            evidence = f"date in the site header '{excerpt(first.text)}' (the day the page was served)"
            yield Candidate(first.day, PUBLISHED, TEXT, evidence, 0.35)
            continue
        first, kind = _published_or_updated(text, dates)
        evidence = f"dateline in the page text '{excerpt(first.text)}'"
        # a numeric date that could be read either way round counts a little less
        confidence = 0.3 if kind == MODIFIED else 0.5 if first.ambiguous else 0.6
        yield Candidate(first.day, kind, TEXT, evidence, confidence)
        seen += 1
        if seen >= 3:
            break
    yield from _date_under_headline(tree, months)


def _published_or_updated(text: str, dates: list[TextDate]) -> tuple[TextDate, str]:
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


def in_site_header(element: etree._Element) -> bool:
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


def _date_under_headline(tree: etree._Element, months: Months) -> Iterator[Candidate]:
    """The first short line with a date within a few hundred characters after the ``<h1>``.

    Only a line that is little more than the date counts (a dateline, a byline with
    a date): a date inside a sentence or a photo caption is about something else.
    """
    headlines = [h for h in tree.iter("h1") if not in_noise(h)]
    if not headlines:
        return
    for line in _lines_after(headlines[0], limit=800):
        if len(line) > 80:
            continue
        dates = dates_in_text(line, months)
        if dates:
            first, kind = _published_or_updated(line, dates)
            yield Candidate(first.day, kind, TEXT, f"dateline in the page text '{excerpt(first.text)}'", 0.45)
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


# ------------------------------------------------------- where dates must not come from

_NOISE_TAGS = {"aside", "footer", "nav"}
_NOISE_WORDS = re.compile(
    r"comment|related|sidebar|recommend|popular|most-?read|trending|footer|"
    r"navbar|navigation|breadcrumb|newsletter|read-?more|more-?news|also-?read|promo|"
    r"outbrain|taboola|disqus|copyright|cookie",
    re.I,
)


def in_noise(element: etree._Element) -> bool:
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
