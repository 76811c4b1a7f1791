"""``reported_speech`` and ``quotes`` declared: who said what."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from storyline.clean import is_english
from storyline.model import Document, Story
from storyline.quotes import QuotesConfig, tagger_named
from storyline.quotes.direct import story_quotes
from storyline.quotes.reported import Attributor
from storyline.stage import Context, Stage, code_version

__all__ = ["QUOTES", "REPORTED_SPEECH"]

STEP = 256  # documents tagged at a time: the progress bar and the store follow each step


def attribute_one(doc: Document, config: QuotesConfig, ctx: Context) -> Document:
    """Tag the reported speech of one document (Source, Cue, Content spans)."""
    return next(attribute_all([doc], config, ctx))


def attribute_all(docs: list[Document], config: QuotesConfig, ctx: Context) -> Iterator[Document]:
    """Tag the sentences with a reporting verb of the English documents, ``STEP`` at a
    time, through the run's executor; a document in another language gets no attributions
    (the tagger is English). ``config.tagger`` chooses the tagger; one that cannot run
    here is a ConfigError before any work."""
    if config.tagger != "crf":
        tagger_named(config.tagger)  # the neural tagger's packages are there
    attributor = Attributor(executor=ctx.executor, tagger=config.tagger)
    for start in range(0, len(docs), STEP):
        part = docs[start : start + STEP]
        found = attributor.attribute([d for d in part if is_english(d.language)])
        for doc in part:
            yield replace(doc, attributions=tuple(found.get(doc.id, ())))


def _version() -> str:
    """The taggers' weights and parser (Attributor.version) and the quotes package's code.
    (A version takes no settings: both models are in it, and the choice,
    ``QuotesConfig.tagger``, is in the settings' digest.)"""
    return f"{Attributor.version()}|{code_version('storyline.quotes', 'storyline.utils.words')}"


def _wanted(build: object) -> bool:
    return bool(build.quotes.reported and build.annotate.entities)  # type: ignore[attr-defined]


def tell_quotes(story: Story, config: QuotesConfig, ctx: Context) -> Story:
    """The story's quotes, one per statement across outlets, speakers under their
    entities' names; reported speech with them when it was tagged."""
    docs = story.documents
    tagged = bool(docs) and all(d.attributions is not None for d in docs)  # None: never tagged
    attributions = {d.id: list(d.attributions or ()) for d in docs} if tagged else None
    return replace(story, quotes=story_quotes(docs, story.entities, attributions))


REPORTED_SPEECH = Stage("reported_speech", "document", attribute_one, pipe=attribute_all,
                        requires=("text", "sentences", "language"), assigns=("attributions",),
                        config=QuotesConfig, settings="quotes", version=_version, cached=True, when=_wanted)
QUOTES = Stage("quotes", "story", tell_quotes, requires=("documents.sentences", "entities"), assigns=("quotes",),
               config=QuotesConfig,
               version=partial(code_version, "storyline.quotes", "storyline.entities", "storyline.utils"))
