"""``stories`` declared: the pile split into stories; copies follow their original."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from storyline.model import Document, Pile, Story, StoryCluster, sha256
from storyline.stage import Context, Stage
from storyline.stories import ClusterState, StoryConfig, cluster_stories

__all__ = ["STORIES"]


def find_stories(pile: Pile, config: StoryConfig, ctx: Context) -> Pile:
    """Split the pile into stories (each article in exactly one), resuming the clustering
    state an earlier run kept for the same settings."""
    clusters = _clusters(pile.documents, config, ctx)
    stories = [_story(c, pile) for c in clusters]
    return replace(pile, stories=stories or [Story([], [])])


def _clusters(docs: list[Document], config: StoryConfig, ctx: Context) -> list[StoryCluster]:
    """Every article is clustered; then the copies of one duplicate group go together, to
    the story most of them are in (the canonical member's on a tie), so that a wrong group
    cannot pull a story's articles away."""
    if not docs:
        return []
    key = sha256(json.dumps(config.stream_settings(), sort_keys=True))
    stored = ctx.load_state(key)
    state = ClusterState.from_json(stored) if stored else None
    clusters, state = cluster_stories(docs, config, state,
                                      progress=lambda items, n: ctx.progress(items, n, "stories"))
    ctx.save_state(key, state.to_json())
    story_of = {m: c.id for c in clusters for m in c.members}
    copies: dict[str, list[str]] = {}
    for doc in docs:
        copies.setdefault(doc.duplicate_of or doc.id, []).append(doc.id)
    for canonical, members in copies.items():
        votes = Counter(story_of[m] for m in members)
        top = max(votes.values())
        chosen = story_of[canonical] if votes[story_of[canonical]] == top else min(s for s, n in votes.items() if n == top)
        story_of.update(dict.fromkeys(members, chosen))
    members_of: dict[str, list[str]] = {c.id: [] for c in clusters}
    for doc in docs:
        members_of[story_of[doc.id]].append(doc.id)
    return [replace(c, members=tuple(sorted(members_of[c.id]))) for c in clusters if members_of[c.id]]


def _story(cluster: StoryCluster, pile: Pile) -> Story:
    """The story of one cluster: its own documents, copy groups and reprints."""
    mine = set(cluster.members)
    return Story([d for d in pile.documents if d.id in mine], [],
                 groups=[g for g in pile.groups if g.canonical in mine],
                 reprints=[r for r in pile.reprints if r.document in mine and r.source in mine],
                 id=cluster.id, label=cluster.label, keywords=cluster.keywords)


STORIES = Stage("stories", "corpus", find_stories,
                requires=("documents.text", "documents.published", "documents.duplicate_of", "groups", "reprints"),
                assigns=("stories",), config=StoryConfig)
