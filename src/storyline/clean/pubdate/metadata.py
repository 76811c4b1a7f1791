"""Publication dates the page declares: JSON-LD, ``<meta>``, microdata, inline scripts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from lxml import etree

from storyline.clean.pubdate.candidates import (
    METADATA,
    MODIFIED,
    MODIFIED_WORDS,
    PUBLISHED,
    Candidate,
    excerpt,
)
from storyline.clean.pubdate.text import in_noise
from storyline.clean.pubdate.values import Months, parse_value


# ---------------------------------------------------------------------- JSON-LD


def jsonld_dates(tree: etree._Element) -> Iterator[Candidate]:
    """``datePublished``/``dateCreated``/``dateModified`` of the page's own items."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            items = list(jsonld_items(json.loads(script.text or "", strict=False)))
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
                if isinstance(value, str) and (day := parse_value(value)):
                    yield Candidate(day, kind, METADATA, f"JSON-LD {key} '{excerpt(value)}'", confidence)


_JSONLD_KEY = re.compile(r'"(datePublished|dateCreated|uploadDate|dateModified)"\s*:\s*"([^"]{6,40})"')


def _loose_jsonld(text: str) -> dict[str, str]:
    """The first value of each date key in JSON-LD that does not parse."""
    found: dict[str, str] = {}
    for m in _JSONLD_KEY.finditer(text):
        found.setdefault(m[1], m[2])
    return found


def jsonld_items(data: object) -> Iterator[dict]:
    """Top-level JSON-LD objects and ``@graph`` members (not lists of other articles)."""
    if isinstance(data, list):
        for entry in data:
            yield from jsonld_items(entry)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from jsonld_items(data["@graph"])
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
# meta names whose dates are never a publication: expiry, validity, events, rights
_IGNORED_KEYS = re.compile(
    r"expir|(?<![a-z])end|copyright|rights|valid|until|embargo|start_?date|event", re.I
)


def meta_dates(tree: etree._Element, months: Months) -> Iterator[Candidate]:
    """``<meta>`` tags naming a publication (or modification) time.

    Microdata metas in the body (``<meta itemprop>`` inside an article card) are left
    to :func:`microdata_dates`, which knows which item they belong to.
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
        evidence = f'<meta {attr}="{key}"> \'{excerpt(value)}\''
        if MODIFIED_WORDS.search(low):
            if day := parse_value(value, months):
                yield Candidate(day, MODIFIED, METADATA, evidence, 0.3)
        elif low in _PUBLISHED_META:
            if day := parse_value(value, months):
                yield Candidate(day, PUBLISHED, METADATA, evidence, 0.9)
        elif _DATE_KEY.search(low):
            if day := parse_value(value, months):
                yield Candidate(day, PUBLISHED, METADATA, evidence, 0.8)


def microdata_dates(tree: etree._Element, months: Months) -> Iterator[Candidate]:
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
        if in_noise(element):
            continue
        value = element.get("datetime") or element.get("content") or element.text_content()
        day = parse_value(value, months)
        if day is None:
            continue
        seen.add(prop)
        kind = MODIFIED if prop == "dateModified" else PUBLISHED
        evidence = f"<{element.tag} itemprop=\"{prop}\"> '{excerpt(value)}'"
        yield Candidate(day, kind, METADATA, evidence, 0.9 if kind == PUBLISHED else 0.3)


_SCRIPT_KEY = re.compile(
    r"""(datePublished|publishDate|publish_date|published_at|publishedAt|pubDate|"""
    r"""firstPublished|first_published_at|date_published|publicationDate|publishedDate|"""
    r"""publish_time|publishTime|date_publish)["']?\s*[:=]\s*["']([^"'<>]{8,40})["']"""
)


def script_dates(tree: etree._Element) -> Iterator[Candidate]:
    """The first publication-date key in inline scripts (data layers, app state JSON)."""
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() or not script.text:
            continue
        for m in _SCRIPT_KEY.finditer(script.text):
            if day := parse_value(m[2]):
                yield Candidate(day, PUBLISHED, METADATA, f"script key {m[1]} '{excerpt(m[2])}'", 0.55)
                return


def _inside(node: etree._Element, tags: Iterable[str]) -> bool:
    """Whether an ancestor of ``node`` is one of ``tags``."""
    parent = node.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False
