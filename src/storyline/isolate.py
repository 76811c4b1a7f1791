"""One document's failure stays that document's: the pipeline runs each document stage so
that an exception inside storyline's own code skips that document, with a one-line reason
marked internal, and the run goes on (:func:`storyline.pipeline.Pipeline`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from storyline.model import Rejected

T = TypeVar("T")


def failure(source: str, stage: str, error: BaseException) -> Rejected:
    """The Rejected for a document storyline failed on (not the input's fault)."""
    return Rejected(source, f"internal error in {stage}: {type(error).__name__}: {error}", stage=stage,
                    internal=True, code="internal")


def isolated(stage: str, source: str, func: Callable[..., T], *args: Any) -> T | Rejected:
    """``func(*args)``, or a :func:`failure` of ``source`` at ``stage`` when it raises an ``Exception``."""
    try:
        return func(*args)
    except Exception as error:  # noqa: BLE001 - isolating one document's failure is the point
        return failure(source, stage, error)
