"""``<time datetime>`` (and ``<abbr class="published" title>``) elements of the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from storyline.clean.pubdate.candidates import (
    MODIFIED,
    MODIFIED_WORDS,
    PUBLISHED,
    TIME_ELEMENT,
    Candidate,
    excerpt,
)
from storyline.clean.pubdate.text import in_noise, in_site_header
from storyline.clean.pubdate.values import Months, parse_value

_PUBLISHED_MARK = re.compile(r"publi|pubdate|posted|created|entry-date|article-date|post-date", re.I)


def time_elements(tree: etree._Element, months: Months) -> Iterator[Candidate]:
    """``<time>`` (and ``<abbr class="published">``) outside comments and related lists."""
    first = True
    for element in tree.xpath("//time | //abbr[@title]"):
        marks = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"))))
        if element.tag == "abbr" and not _PUBLISHED_MARK.search(marks):
            continue
        if in_noise(element):
            continue
        value = element.get("datetime") or element.get("title") or element.get("content")
        text = element.text_content()
        day = parse_value(value, months) if value else parse_value(text, months)
        if day is None:
            continue
        shown = value or text
        if element.tag == "time":
            attr = f' datetime="{excerpt(value, 40)}"' if value else ""
            evidence = f"<time{attr}>" if value else f"<time> '{excerpt(text)}'"
        else:
            evidence = f"<abbr title=\"{excerpt(shown, 40)}\">"
        context = f"{marks} {_ancestor_marks(element)}"
        if MODIFIED_WORDS.search(marks):
            yield Candidate(day, MODIFIED, TIME_ELEMENT, evidence, 0.3)
        elif element.get("pubdate") is not None or _PUBLISHED_MARK.search(marks):
            yield Candidate(day, PUBLISHED, TIME_ELEMENT, evidence, 0.8)
        elif MODIFIED_WORDS.search(context):
            yield Candidate(day, MODIFIED, TIME_ELEMENT, evidence, 0.3)
        elif first:
            # the first time element of the page, unless it is the site header's clock
            confidence = 0.35 if in_site_header(element) else 0.6
            yield Candidate(day, PUBLISHED, TIME_ELEMENT, evidence, confidence)
        first = False


def _ancestor_marks(element: etree._Element, depth: int = 2) -> str:
    marks = []
    node = element.getparent()
    while node is not None and depth > 0:
        marks.append(f"{node.get('class') or ''} {node.get('id') or ''}")
        node, depth = node.getparent(), depth - 1
    return " ".join(marks)
