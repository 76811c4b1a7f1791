"""Canonical entities of a corpus: one entry per real-world person, organisation, place.

:func:`canonical_entities` reads the model's mentions (``Document.entities``) of every
document and joins those that name the same thing:

1. each mention is cleaned (:func:`~storyline.entities.names.clean_name`: no "the",
   possessive or, for people, title; the title is kept as a role, as is one written
   right before the name: "Foreign Minister" Sergei Lavrov) and page furniture is
   dropped (:mod:`storyline.entities.furniture`), as are names made only of title words
   ("State" in "Secretary of State", "Defense" in "Deputy Defense Minister", which the
   model tags ORG);
2. mentions with the same key (:func:`~storyline.entities.names.name_key`: case,
   acronym dots and, in surnames, particles do not count: "Bashar al-Assad", "Bashar
   Al-Assad's", "Bashar Assad") are one name, whatever label the model gave each ("Lavrov"
   tagged ORG three times and PERSON eleven is a person: the majority decides);
3. an acronym joins the one written-out name of the corpus with those initials ("UN",
   "U.N." -> "United Nations"; "US" -> "United States"), and a name with an acronym
   inside joins its written-out twin ("UN Security Council" = "United Nations Security
   Council");
4. a shorter name joins the one longer name of its type that ends with it: a surname
   ("Assad" -> "Bashar al-Assad", "Lavrov" -> "Sergei Lavrov") when only one person of
   the corpus has it, an organisation of two words or more ("Security Council" -> "UN
   Security Council") or a place of two words or more ("City Hall" -> "Velmora City
   Hall") when only one longer name of its type ends so. Ambiguous short names
   stay on their own: "Clinton" with both "Bill Clinton" and "Hillary Clinton" in the
   corpus is a separate entry;
5. a one-word name tagged mostly ORG joins the one person whose surname it is, when no
   longer organisation ends with it (the model often tags a surname alone as ORG).

Types: PERSON -> ``person``; ORG -> ``organisation``; GPE, LOC, FAC -> ``place``
("Moscow" and "Russia" are two places; a capital standing for its government stays a
place); EVENT -> ``event``. NORP (nationalities, religious and political groups:
"Russian", "Syrian", "Western") is left out by default: those mentions are mostly
adjectives ("the Syrian government", "Russian Foreign Minister") that qualify another
entity rather than name one, and joining "Russian" to "Russia" would be guesswork; with
``groups=True`` they are kept as type ``group``. "Russia" and "Russian Federation" are
not joined (no rule relates them without a gazetteer).

The name of an entry is its fullest form seen in the corpus: most words, then not in
capitals, then without acronym dots, then longest, then most mentioned (ties: first in
alphabetical order). ``aliases`` are every distinct cleaned form. Duplicate documents are
counted like the others: the caller decides which documents to pass. Output is sorted by
mentions (most first), then name, and is the same for the same input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from storyline.entities.furniture import Furniture
from storyline.entities.names import acronym, as_acronym, clean_name, is_title, name_key, role_before
from storyline.model import CanonicalEntity, Document, Mention

__all__ = ["TYPES", "CanonicalEntity", "Dropped", "Mention", "canonical_entities", "canonical_name", "resolve"]

TYPES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
    "NORP": "group",
}
# when a name's mentions are tagged with two types equally often
_TYPE_PRIORITY = ("person", "organisation", "place", "event", "group")


@dataclass(frozen=True)
class Dropped:
    """A mention left out, and why ("page word 'Home'", "not a name ...")."""

    document: str
    start: int
    end: int
    text: str
    reason: str


@dataclass
class _Cluster:
    key: tuple[str, ...]
    mentions: list[tuple[Mention, str, str, str]]  # mention, cleaned name, type, role

    @property
    def type(self) -> str:
        return _majority(t for _, _, t, _ in self.mentions)

    @property
    def names(self) -> set[str]:
        return {name for _, name, _, _ in self.mentions}


def _majority(types: Iterable[str]) -> str:
    counts = Counter(types)
    return min(counts, key=lambda t: (-counts[t], _TYPE_PRIORITY.index(t)))


def canonical_entities(docs: list[Document], groups: bool = False) -> list[CanonicalEntity]:
    """The corpus's entities, one per real-world thing (see the module's docstring)."""
    return resolve(docs, groups)[0]


def resolve(docs: list[Document], groups: bool = False) -> tuple[list[CanonicalEntity], list[Dropped]]:
    """The canonical entities and the mentions dropped as furniture or empty."""
    furniture = Furniture(docs)
    clusters: dict[tuple[str, ...], _Cluster] = {}
    dropped: list[Dropped] = []
    for doc in docs:
        for entity in doc.entities:
            kind = TYPES.get(entity.label)
            if kind is None or (kind == "group" and not groups):
                continue
            person = kind == "person"
            name, role = clean_name(entity.text, person=person)
            if not name:
                reason = "nothing left of the name"
            elif is_title(name):
                reason = f"a title, not a name: {name!r}"
            else:
                reason = furniture.reason(doc, entity, name)
            if reason:
                dropped.append(Dropped(doc.id, entity.start, entity.end, entity.text, reason))
                continue
            if person and not role:
                role = role_before(doc.text, entity.start)
            key = name_key(name, person=True)
            mention = Mention(doc.id, entity.start, entity.end, entity.text)
            clusters.setdefault(key, _Cluster(key, [])).mentions.append((mention, name, kind, role))

    parent: dict[tuple[str, ...], tuple[str, ...]] = {k: k for k in clusters}

    def root(key: tuple[str, ...]) -> tuple[str, ...]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(short: tuple[str, ...], candidates: Iterable[tuple[str, ...]]) -> None:
        """Join ``short`` to the one group the candidates belong to, if exactly one."""
        roots = {root(c) for c in candidates} - {root(short)}
        if len(roots) == 1:
            parent[root(short)] = roots.pop()

    keys = sorted(clusters, key=lambda k: (-len(k), k))  # longer names first
    types = {k: clusters[k].type for k in keys}

    # 3. acronyms, then names with an acronym inside
    expansions: dict[str, tuple[str, ...]] = {}
    by_letters: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # written-out names by their initials
    for k in keys:
        if len(k) > 1 and types[k] in ("organisation", "place"):
            for letters in dict.fromkeys(acronym(n) for n in clusters[k].names):
                by_letters[letters].append(k)
    for key in keys:
        if types[key] not in ("organisation", "place") or len(key) != 1:
            continue
        letters = {as_acronym(n) for n in clusters[key].names} - {None}
        if len(letters) != 1:
            continue
        letter = letters.pop()
        full = by_letters.get(letter, [])
        join(key, full)
        if len({root(k) for k in full}) == 1:
            expansions[key[0]] = full[0]
    for key in keys:
        if len(key) > 1 and any(w in expansions for w in key):
            expanded = tuple(x for w in key for x in expansions.get(w, (w,)))
            if expanded in clusters and expanded != key:
                join(key, [expanded])

    # 4. short names that end one longer name of their type
    by_ending: dict[tuple[tuple[str, ...], str], list[tuple[str, ...]]] = defaultdict(list)
    for k in keys:
        for size in range(1, len(k)):
            by_ending[(k[-size:], types[k])].append(k)
    for key in sorted(keys, key=lambda k: (len(k), k)):
        kind = types[key]
        if kind == "person" or (kind in ("organisation", "place") and len(key) >= 2):
            join(key, by_ending.get((key, kind), []))
    # 5. a one-word "organisation" that is the surname of one person ("Marrow" -> "Ilse
    #    Marrow": the small model often tags a surname alone as ORG)
    for key in keys:
        if len(key) == 1 and types[key] == "organisation" and not by_ending.get((key, "organisation")):
            join(key, by_ending.get((key, "person"), []))

    members: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    for key in keys:
        members[root(key)].append(clusters[key])
    entities = [_entity(group) for group in members.values()]
    entities.sort(key=lambda e: (-e.mentions, e.name, e.type))
    dropped.sort(key=lambda d: (d.document, d.start, d.end))
    return entities, dropped


def _entity(group: list[_Cluster]) -> CanonicalEntity:
    rows = [row for cluster in group for row in cluster.mentions]
    counts = Counter(name for _, name, _, _ in rows)

    def fullness(name: str) -> tuple:
        return (-len(name.split()), not any(c.islower() for c in name), "." in name, -len(name), -counts[name], name)

    roles = Counter(role for _, _, _, role in rows if role)
    spans = tuple(sorted({m for m, _, _, _ in rows}, key=lambda m: (m.document, m.start, m.end)))
    return CanonicalEntity(
        name=min(counts, key=fullness),
        type=_majority(t for _, _, t, _ in rows),
        aliases=tuple(sorted(counts)),
        mentions=len(spans),
        documents=tuple(sorted({m.document for m in spans})),
        spans=spans,
        roles=tuple(sorted(roles, key=lambda r: (-roles[r], r))),
    )


def canonical_name(words: str | None, entities: list[CanonicalEntity]) -> str | None:
    """The canonical name of the entity ``words`` name ("the UN" -> "United Nations",
    "Foreign Minister Lavrov" -> "Sergei Lavrov"), or None when no entity has that name."""
    if not words:
        return None
    names = {alias: e.name for e in entities for alias in (*e.aliases, e.name)}
    for person in (False, True):
        name, _ = clean_name(words, person=person)
        if name in names:
            return names[name]
    return None
