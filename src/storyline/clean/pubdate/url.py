"""Dates in URLs: the page's own address, and the lead image's upload folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from lxml import etree

from storyline.clean.pubdate.candidates import PUBLISHED, URL, Candidate, excerpt
from storyline.clean.pubdate.values import make_date

_URL_PATTERNS = (
    # /2020/03/04/, /2020/3/4/, /2020-03-04/, _2020_03_04
    (re.compile(r"(?<!\d)((?:19|20)\d\d)([/_-])(\d{1,2})\2(\d{1,2})(?!\d)"), 0.75),
    # -20200304-, /20200304/
    (re.compile(r"(?<![\d])((?:19|20)\d\d)()(\d\d)(\d\d)(?![\d])"), 0.75),
    # /2020030412345.html: a date opening a long article number
    (re.compile(r"(?<![\d])((?:19|20)\d\d)()(\d\d)(\d\d)(?=\d{4,})"), 0.45),
)


def url_dates(url: str, what: str = "URL path", scale: float = 1.0) -> Iterator[Candidate]:
    """A full date in the URL's path (or query), the first one found."""
    parts = urlsplit(url)
    where = unquote(parts.path) + ("?" + unquote(parts.query) if parts.query else "")
    for pattern, confidence in _URL_PATTERNS:
        for m in pattern.finditer(where):
            day = make_date(int(m[1]), int(m[3]), int(m[4]))
            if day is not None:
                shown = where[max(0, m.start() - 1) : m.end() + 1].strip("?&=")
                evidence = f"{what} '{excerpt(shown, 40)}'"
                yield Candidate(day, PUBLISHED, URL, evidence, round(confidence * scale, 2))
                return


def image_dates(tree: etree._Element) -> Iterator[Candidate]:
    """A date in the path of the page's lead image (``og:image``): the upload folder."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:image", "twitter:image") and meta.get("content"):
            yield from url_dates(meta.get("content"), f"{key} URL path", scale=0.5)
            return
