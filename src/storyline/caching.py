"""The one cache: what a document stage made of each document, kept in the store under
(stage name, stage version, config digest, hash of the fields the stage requires); and
what the story stages made of each story (:class:`StoryCache`).

A stage never sees it: the pipeline looks each document up before the stage runs and
keeps what the stage assigned after, ``flush_every`` documents per transaction, so an
interrupted run keeps everything stored before it. A document the stage skipped for what
it is (an empty page: a Rejected) is kept too, and skipped again without the stage; one
storyline failed on (``internal``) is not: it is tried again next time.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Protocol

from storyline.codec import decode, encode, field_hints, model_shape
from storyline.model import Document, RawDocument, Rejected, Story, sha256
from storyline.stage import Stage, config_digest, input_hash

__all__ = ["CacheStore", "DocumentCache", "StoryCache"]

_REJECTED = "rejected"  # the key of a kept skip: no field of Document is named so


class CacheStore(Protocol):
    def cache_get(self, stage: str, version: str, config: str, keys: list[str]) -> dict[str, str]: ...

    def cache_put(self, stage: str, version: str, config: str, rows: dict[str, str]) -> None: ...


class DocumentCache:
    """One document stage's cached results over one run."""

    def __init__(self, store: CacheStore, stage: Stage, config: object, flush_every: int = 256):
        self.store = store
        self.stage = stage
        self.where = (stage.name, f"{stage.version_string()}|{model_shape()}", config_digest(config))
        self.flush_every = flush_every
        self.pending: dict[str, str] = {}
        self.keys: dict[int, str] = {}  # by id() of the items restore() looked up: each hashed once

    def key(self, item: Document | RawDocument) -> str:
        return input_hash(item, self.stage.requires)

    def restore(self, items: list[Document | RawDocument]) -> list[Document | Rejected | None]:
        """Each item's stored result, or None when the stage must run on it."""
        keys = [self.key(item) for item in items]
        self.keys = {id(item): key for item, key in zip(items, keys)}
        found = self.store.cache_get(*self.where, keys)
        return [self._restored(item, found[key]) if key in found else None for item, key in zip(items, keys)]

    def keep(self, item: Document | RawDocument, result: Document | Rejected) -> None:
        if isinstance(result, Rejected):
            if result.internal:  # storyline's own failure: tried again next time
                return
            values = {_REJECTED: encode(result)}
        else:
            values = {name: encode(getattr(result, name)) for name in self.stage.assigns}
        key = self.keys.get(id(item)) or self.key(item)
        self.pending[key] = json.dumps(values, ensure_ascii=False)
        if len(self.pending) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.cache_put(*self.where, self.pending)
            self.pending = {}

    def _restored(self, item: Document | RawDocument, text: str) -> Document | Rejected:
        hints = field_hints(Document)
        values = json.loads(text)
        if _REJECTED in values:
            return decode(Rejected, values[_REJECTED])  # type: ignore[return-value]
        fields = {name: decode(hints[name], values[name]) for name in self.stage.assigns}
        if isinstance(item, Document):
            return replace(item, **fields)
        return Document(id=item.id, source=item.source, **fields)


class StoryCache:
    """What the story stages made of one story, kept under (``"story"``, the stages' names
    and versions, their config digests, a hash of the story as the split handed it over):
    a story whose documents and settings did not change since the last run is not told
    again (an update re-tells only the stories that changed)."""

    def __init__(self, store: CacheStore, stages: list[Stage], configs: list[object]):
        self.store = store
        self.stages = stages
        version = sha256(model_shape(), *(f"{s.name}={s.version_string()}" for s in stages))[:16]
        self.where = ("story", version, sha256(*(config_digest(c) for c in configs))[:16])
        self.top = sorted({n for s in stages for n in s.assigns if not n.startswith("documents.")})
        self.fields = sorted({n.partition(".")[2] for s in stages for n in s.assigns if n.startswith("documents.")})

    def key(self, story: Story) -> str:
        given = [encode(story.documents), encode(story.groups), encode(story.reprints), story.id, story.label,
                 list(story.keywords)]
        return sha256(json.dumps(given, ensure_ascii=False, sort_keys=True))

    def restore(self, story: Story) -> tuple[str, Story | None]:
        """The story's key (give it to :meth:`keep`: encoding a large story twice costs) and
        what the story stages made of it last time, or None."""
        key = self.key(story)
        found = self.store.cache_get(*self.where, [key]).get(key)
        if found is None:
            return key, None
        values = json.loads(found)
        story_hints, doc_hints = field_hints(Story), field_hints(Document)
        docs = [replace(d, **{f: decode(doc_hints[f], v[f]) for f in self.fields})
                for d, v in zip(story.documents, values["documents"], strict=True)]
        return key, replace(story, documents=docs, **{n: decode(story_hints[n], values[n]) for n in self.top})

    def keep(self, key: str, told: Story) -> None:
        values = {n: encode(getattr(told, n)) for n in self.top}
        values["documents"] = [{f: encode(getattr(d, f)) for f in self.fields} for d in told.documents]
        self.store.cache_put(*self.where, {key: json.dumps(values, ensure_ascii=False)})
