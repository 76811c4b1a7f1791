"""One document's failure stays that document's: the per-document stages run each document
so that an exception inside storyline's own code skips that document, with a one-line reason
marked internal, and the run goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from storyline.model import Document, Rejected

T = TypeVar("T")


def failure(source: str, stage: str, error: BaseException) -> Rejected:
    """The Rejected for a document storyline failed on (not the input's fault)."""
    return Rejected(source, f"internal error in {stage}: {type(error).__name__}: {error}", stage=stage, internal=True)


def isolated(stage: str, source: str, func: Callable[..., T], *args: Any) -> T | Rejected:
    """``func(*args)``, or a :func:`failure` of ``source`` at ``stage`` when it raises an ``Exception``."""
    try:
        return func(*args)
    except Exception as error:  # noqa: BLE001 - isolating one document's failure is the point
        return failure(source, stage, error)


def annotate_each(annotator: Any, docs: list[Document], cache: Any, rejected: list[Rejected],
                  progress: Callable[[Iterable[Document], int], Iterable[Document]]) -> list[Document]:
    """``annotator.pipe`` over ``docs``; when it fails, again one document at a time, so that
    only the documents it fails on are skipped (each with a :func:`failure` in ``rejected``).

    ``progress(documents, count)`` wraps the annotated documents as the annotator hands
    them back (a progress bar: it moves every time the annotator finishes a chunk, see
    ``AnnotateConfig.chunk``), and the documents of the one-at-a-time pass."""
    try:
        return list(progress(annotator.pipe(docs, cache=cache), len(docs)))
    except Exception:  # noqa: BLE001 - find the documents it fails on below
        pass
    kept: list[Document] = []
    reused = 0
    for doc in progress(docs, len(docs)):
        try:
            kept += list(annotator.pipe([doc], cache=cache))
            reused += annotator.reused
        except Exception as error:  # noqa: BLE001
            rejected.append(failure(doc.source, "annotate", error))
    annotator.reused = reused
    return kept


