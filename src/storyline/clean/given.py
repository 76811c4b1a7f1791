"""Publication dates the user gives: matched to documents by id, source or file name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from storyline.errors import UnknownInput
from storyline.model import Document, RawDocument, Rejected

__all__ = ["check_names", "with_given_date"]


def check_names(given: dict[str, str], raws: list[RawDocument], rejected: list[Rejected]) -> None:
    """Every key of ``given`` names an input as :func:`with_given_date` matches it (id,
    source or file name), a skipped one included; else :class:`UnknownInput` names the others."""
    names = {name for raw in raws for name in (raw.id, raw.source, Path(raw.source).name)}
    names.update(name for r in rejected for name in (r.source, Path(r.source).name))
    unknown = [key for key in given if key not in names]
    if unknown:
        raise UnknownInput(f"--published names no input: {', '.join(map(repr, unknown))}")


def with_given_date(doc: Document, given: dict[str, str]) -> Document:
    date = given.get(doc.id) or given.get(doc.source) or given.get(Path(doc.source).name)
    if not date:
        return doc
    return replace(doc, published=date, published_evidence="given by the user (--published)")
