"""Stage ``clean``: RawDocument -> Document (or Rejected).

Body text without boilerplate, title, outlet and a publication date with the evidence
for it, and its language (:mod:`storyline.clean.language`). What the input declared
itself (JSONL fields, the Timeline17 folder date) wins over what cleaning finds in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.clean.canonical import web_address
from storyline.config import check_config
from storyline.clean.comments import drop_comments
from storyline.clean.corpus import RecurringConfig, drop_recurring_lines
from storyline.clean.dateline import credited_agency
from storyline.clean.detok import detokenize
from storyline.clean.html import clean_html
from storyline.clean.language import document_language, is_english, language_name
from storyline.clean.nesting import TooDeep
from storyline.clean.pathdate import PATH_CONFIDENCE, date_in_path
from storyline.clean.text import CleanText, clean_lines, normalise_line
from storyline.model import Document, RawDocument, Rejected

__all__ = ["CleanConfig", "RecurringConfig", "clean", "credited_agency", "drop_recurring_lines", "is_english",
           "language_name"]

# a date the input declares itself (JSONL field, WARC header, Timeline17 folder)
INPUT_CONFIDENCE = 0.9


@dataclass(frozen=True)
class CleanConfig:
    """``min_chars``: an article with less cleaned text than this is skipped."""

    min_chars: int = field(default=80, metadata={"range": (0, None)})

    def __post_init__(self) -> None:
        check_config(self)


def _sentence_per_line(body: str) -> CleanText:
    """Timeline17 layout: tokenized text, one sentence a line, nothing to remove.

    Each line is detokenized ("Mexico 's" -> "Mexico's", "-LRB-" -> "(") here, before
    annotation, so every later span indexes prose; a line stays one line.
    """
    lines = [normalise_line(detokenize(line)) for line in body.splitlines()]
    return CleanText(text="\n".join(line for line in lines if line))


def clean(raw: RawDocument, config: CleanConfig = CleanConfig()) -> Document | Rejected:
    """Clean one document; a Rejected names it and says why when nothing usable is left."""
    meta = raw.meta
    if raw.kind == "html":
        try:
            found = clean_html(raw.body, url=meta.get("url"))
        except TooDeep as error:
            return Rejected(raw.source, f"{error}: not parsed", stage="clean", code="malformed")
    elif meta.get("layout") == "t17":
        found = _sentence_per_line(raw.body)
    else:
        found = clean_lines(raw.body)
    found.text, comments = drop_comments(found.text)
    found.removed = [*found.removed, *comments]
    if len(found.text) < config.min_chars:
        what = "no article text" if not found.text else f"only {len(found.text)} characters of article text"
        return Rejected(raw.source, f"{what} after cleaning", stage="clean", code="no-article" if not found.text else "too-short")
    published, evidence = found.published, found.published_evidence
    confidence = found.published_confidence
    if meta.get("published"):
        published = meta["published"]
        evidence = meta.get("published_evidence") or "given with the input"
        confidence = INPUT_CONFIDENCE
    elif published is None:
        in_path = date_in_path(meta.get("url") or found.url) or date_in_path(raw.source)
        if in_path is not None:
            (published, evidence), confidence = in_path, PATH_CONFIDENCE
    return Document(
        id=raw.id,
        source=raw.source,
        text=found.text,
        title=meta.get("title") or found.title,
        outlet=meta.get("outlet") or found.outlet,
        author=meta.get("author") or found.author,
        # a URL the input declares (a JSONL field) wins; one it was fetched from is the fallback
        url=meta.get("url") if meta.get("url_evidence") else found.url or meta.get("url"),
        image=web_address(meta.get("image")) or found.image,
        published=published,
        published_evidence=evidence if published else (evidence or "no date found in the text or metadata"),
        published_confidence=confidence if published else None,
        removed=tuple(found.removed),
        language=document_language(meta.get("title") or found.title, found.text, meta.get("language")),
    )
