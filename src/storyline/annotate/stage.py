"""``annotate`` declared: sentences, named entities and resolved time expressions.

English documents go through the spaCy model; the others in light mode (rule-based
sentences and time expressions: the model is English-only, its parse and entity labels
would be noise). The work runs where the run's executor runs it (a worker loads the
model once); results come back in the pile's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from storyline.annotate import AnnotateConfig, Annotator, model_version
from storyline.clean import is_english
from storyline.model import Document
from storyline.stage import Context, Stage, code_version

__all__ = ["ANNOTATE"]


def annotate_one(doc: Document, config: AnnotateConfig, ctx: Context) -> Document:
    """Find the sentences, named entities and time expressions of one document."""
    return next(annotate_all([doc], config, ctx))


def annotate_all(docs: list[Document], config: AnnotateConfig, ctx: Context) -> Iterator[Document]:
    """Annotate ``docs`` in order through the run's executor: the English ones with the
    model, the others in light mode; each batch's documents as soon as it is done."""
    foreign = [d for d in docs if not is_english(d.language)]
    light = {d.id: d for d in Annotator(replace(config, entities=False), ctx.executor).pipe(foreign)} if foreign else {}
    english = Annotator(config, ctx.executor).pipe(d for d in docs if is_english(d.language))
    for doc in docs:
        yield light[doc.id] if doc.id in light else next(english)


# the code an annotation depends on: this package, the time-expression grammar and the
# reporting verbs the clause roles use
CODE = ("storyline.annotate", "storyline.timex", "storyline.utils.words")


def _version() -> str:
    return f"{code_version(*CODE)}|{model_version()}"


ANNOTATE = Stage("annotate", "document", annotate_one, pipe=annotate_all,
                 requires=("text", "language", "published", "published_evidence"),
                 assigns=("sentences", "entities", "timexes"), config=AnnotateConfig, version=_version, cached=True)
