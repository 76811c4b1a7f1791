"""One article given as a JSON object: storyline's own fields, news-please's and trafilatura's.

The same object may come from a JSON Lines feed (a line each) or a ``.json`` file (one
object, or a list of them). Three vocabularies are understood, and may be mixed:

* storyline's: ``text`` or ``html``, ``id``, ``url``, ``image``, ``title``, ``outlet``,
  ``author``, ``published``;
* news-please's (``NewsArticle.get_serializable_dict()`` and its JSON file storage):
  ``maintext``, ``title``, ``date_publish`` (``"2019-05-06 10:00:00"``, or ``"None"``),
  ``url``, ``source_domain``, ``authors`` (a list), ``image_url``. Its ``date_download``
  and ``date_modify`` are when the page was crawled or changed, so they are not used;
* trafilatura's JSON output (``trafilatura --json``, ``extract(output_format="json")``):
  ``text`` (or ``raw_text``), ``title``, ``date``, ``source`` (the page's URL),
  ``source-hostname`` (the site's name), ``hostname``, ``author`` (names separated by
  ``;``), ``image``; ``url`` and ``sitename`` as in its ``bare_extraction`` dictionaries.
  Its ``filedate`` is the day of the extraction, so it is not used.

Each field a record declares becomes the document's meta, with evidence naming the
field for the publication date and the URL: what the input declares wins over what
cleaning finds in the text (see :mod:`storyline.clean`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from storyline.ingest.url import is_url
from storyline.model import RawDocument, Rejected

# the article's body, by kind and field, in the order they are preferred
BODY_FIELDS = (("html", "html"), ("text", "text"), ("text", "maintext"), ("text", "raw_text"))
NO_BODY = "no 'text', 'html' or 'maintext' field"
# the outlet: a name the record gives, then a site name, then the web domain
OUTLET_FIELDS = ("outlet", "sitename", "source-hostname", "source_domain", "hostname")
# the publication day; never a crawl or extraction date (date_download, filedate)
DATE_FIELDS = ("published", "date_publish", "date")
IMAGE_FIELDS = ("image", "image_url")

_SURROGATE = re.compile("[\ud800-\udfff]")
JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def has_body(record: object) -> bool:
    """Is ``record`` an object with one of the body fields (``text``, ``html``, ``maintext``…)?"""
    return isinstance(record, dict) and any(isinstance(record.get(key), str) for _, key in BODY_FIELDS)


def article(record: object, where: str, default_id: str, fmt: str) -> RawDocument | Rejected:
    """The RawDocument a JSON value stands for, or why it is none.

    ``where`` is its source (``feed.jsonl:3``, ``crawl.json#2``), ``default_id`` its id
    when it gives none, ``fmt`` the format named in evidence (``"JSONL"``, ``"JSON"``).
    """
    if not isinstance(record, dict):
        return Rejected(where, f"not a JSON object ({JSON_TYPES.get(type(record), 'a value')})", code="no-article")
    bodies = [(kind, key, record[key]) for kind, key in BODY_FIELDS if isinstance(record.get(key), str)]
    if not bodies:
        return Rejected(where, NO_BODY, code="no-article")
    filled = [(kind, body) for kind, _, body in bodies if body.strip()]
    if not filled:
        return Rejected(where, f"empty '{bodies[0][1]}' field", code="empty")
    kind, body = filled[0]
    doc_id = _id(record.get("id"), default_id)
    meta = {key: whole(value) for key, value in _meta(record, fmt).items()}
    return RawDocument(id=whole(doc_id), source=where, kind=kind, body=whole(body), meta=meta)


def whole(text: str) -> str:
    """``text`` with each lone surrogate (a ``"\\ud800"`` escape JSON allows but Unicode does
    not) replaced by U+FFFD, as a browser shows it."""
    return _SURROGATE.sub("\ufffd", text)


def _id(value: Any, default: str) -> str:
    """The record's own ``id`` (a string or an integer), else the default."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return default


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _meta(record: dict[str, Any], fmt: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    if title := _text(record, "title"):
        meta["title"] = title
    if outlet := next(filter(None, (_text(record, key) for key in OUTLET_FIELDS)), None):
        meta["outlet"] = outlet
    if author := _author(record):
        meta["author"] = author
    url = _text(record, "url")
    if url is None and is_url(_text(record, "source") or ""):
        url, field = _text(record, "source"), "source"
    else:
        field = "url"
    if url:
        meta["url"] = url
        meta["url_evidence"] = f"{fmt} field '{field}'"
    if image := next(filter(None, (_text(record, key) for key in IMAGE_FIELDS)), None):
        meta["image"] = image
    for key in DATE_FIELDS:
        published = _iso_date(record.get(key))
        if published:
            meta["published"] = published
            meta["published_evidence"] = f"{fmt} field '{key}'"
            break
    return meta


def _author(record: dict[str, Any]) -> str | None:
    """``author`` (trafilatura separates names with ``;``) or news-please's ``authors`` list,
    as ``"Jane Doe, Al Roe"``."""
    names: list[str] = []
    given = record.get("authors")
    if isinstance(given, list):
        names = [name.strip() for name in given if isinstance(name, str) and name.strip()]
    if not names and (single := _text(record, "author")):
        names = [name.strip() for name in single.split(";") if name.strip()]
    return ", ".join(dict.fromkeys(names)) or None


def _iso_date(value: Any) -> str | None:
    """``2012-03-13``, an ISO date-time or news-please's ``2012-03-13 09:30:00`` ->
    ``"2012-03-13"``; anything else (``None``, ``"None"``, ``13 March 2012``) -> None."""
    if not isinstance(value, str):
        return None
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value.strip()).isoformat()[:10]
        except ValueError:
            continue
    return None
