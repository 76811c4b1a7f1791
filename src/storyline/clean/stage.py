"""``clean`` and ``recurring`` declared: raw documents -> clean article text and metadata."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from storyline.clean import CleanConfig, RecurringConfig, clean, drop_recurring_lines
from storyline.isolate import isolated
from storyline.model import Document, Pile, RawDocument, Rejected
from storyline.stage import Context, Stage, code_version

__all__ = ["CLEAN", "GIVEN_DATES", "LENGTH", "RECURRING", "GivenDates"]

# what cleaning sets on a document (the rest of a Document is filled by later stages)
CLEANED = ("text", "title", "outlet", "author", "url", "image", "published", "published_evidence",
           "published_confidence", "language", "removed")


def _version() -> str:
    """The cleaning code: this package, the date patterns of its dateline reader and the
    shingles of its boilerplate finder."""
    return code_version("storyline.clean", "storyline.timex.dates", "storyline.utils.shingles")


def clean_one(raw: RawDocument, config: CleanConfig, ctx: Context) -> Document | Rejected:
    """Clean one page or text: its article text, title, outlet, date and language."""
    return clean(raw, config)


BATCH = 16  # pages per task of the run's executor


def clean_all(raws: list[RawDocument], config: CleanConfig, ctx: Context) -> Iterator[Document | Rejected]:
    """Clean the pages in order, ``BATCH`` at a time through the run's executor; a page
    cleaning fails on is skipped with an internal reason where it ran, the others go on."""
    batches = [(raws[i : i + BATCH], config) for i in range(0, len(raws), BATCH)]
    for done in ctx.executor.map(clean_batch, batches):
        yield from done


def clean_batch(task: tuple[list[RawDocument], CleanConfig]) -> list[Document | Rejected]:
    """One task of :func:`clean_all`, wherever it runs."""
    raws, config = task
    return [isolated("clean", raw.source, clean, raw, config) for raw in raws]


def drop_recurring(pile: Pile, config: RecurringConfig, ctx: Context) -> Pile:
    """Drop the lines an outlet repeats across many of its articles (promos, policies)."""
    return replace(pile, documents=drop_recurring_lines(pile.documents, config))


def long_enough(doc: Document, config: CleanConfig, ctx: Context) -> Document | Rejected:
    """Skip a document left with less text than ``min_chars`` once recurring lines are gone."""
    if len(doc.text) < config.min_chars:
        return Rejected(doc.source, "only lines its outlet repeats in other articles", stage="clean", code="recurring-only")
    return doc


@dataclass(frozen=True)
class GivenDates:
    """Publication dates the user gives (``--published NAME=YYYY-MM-DD``), by document id,
    source or file name; they win over what the text says."""

    dates: tuple[tuple[str, str], ...] = ()


def apply_given_dates(pile: Pile, config: GivenDates, ctx: Context) -> Pile:
    """Set the publication dates the user gave; a name that matches no input is an error."""
    from storyline.clean.given import check_names, with_given_date

    given = dict(config.dates)
    if not given:
        return pile
    check_names(given, pile.raws, pile.rejected)
    return replace(pile, documents=[with_given_date(d, given) for d in pile.documents])


CLEAN = Stage("clean", "document", clean_one, pipe=clean_all, requires=("kind", "body", "meta"), assigns=CLEANED,
              config=CleanConfig, version=_version, cached=True, reads="raws")
RECURRING = Stage("recurring", "corpus", drop_recurring, requires=("documents.text", "documents.outlet"),
                  assigns=("documents.text", "documents.removed"), config=RecurringConfig)
LENGTH = Stage("length", "document", long_enough, requires=("text",), config=CleanConfig, settings="clean")
GIVEN_DATES = Stage("given_dates", "corpus", apply_given_dates, requires=("raws", "documents.source"),
                    assigns=("documents.published", "documents.published_evidence"), config=GivenDates)
