"""Canonical entities of a corpus: one entry per real-world person, organisation, place.

:func:`canonical_entities` reads the model's mentions (``Document.entities``) of every
document and joins those that name the same thing:

1. each mention is cleaned (:func:`~storyline.entities.names.clean_name`: no "the",
   possessive, photo credit, live-page clock or bracketed acronym or, for people, title;
   the title is kept as a role, as is one written right before the name: "Foreign
   Minister" Sergei Lavrov). A name after a person's honorific ("Dr Fukuda", "Mr Obama")
   is a person's whatever the model's label. Dropped: page furniture
   (:mod:`storyline.entities.furniture`), names made only of title words ("State" in
   "Secretary of State", which the model tags ORG) and words that are no names
   (:func:`~storyline.entities.words.not_a_name`: tokenizer debris, function words such
   as "Us", counts, codes such as "H1N1", illnesses such as "Swine Flu" tagged PERSON);
2. mentions with the same key (:func:`~storyline.entities.names.name_key`: case,
   accents, acronym dots, British or American spelling and, in surnames, particles do
   not count: "Bashar al-Assad", "Bashar Al-Assad's", "Bashar Assad"; "World Health
   Organisation", "World Health Organization") are one name, whatever label the model
   gave each ("Lavrov" tagged ORG three times and PERSON eleven is a person: the
   majority decides, but a name written with a person's title is a person's);
3. an acronym joins the written-out name the story shows it with ("World Health
   Organization (WHO)", "WHO, the World Health Organization"), else the one written-out
   name of its type with those initials ("UN", "U.N." -> "United Nations"; "US" ->
   "United States", not "University of Sydney", an organisation); of several, one
   mentioned five times more than all the others together wins ("United States" over a
   slip, "Unites States"). A name with an acronym inside joins its written-out twin ("UN
   Security Council" = "United Nations Security Council");
4. a name without its middle name joins the one full name with the same first name and
   surname ("Jose Cordova" -> "Jose Angel Cordova"); a shorter name joins the one longer
   name of its type that ends with it: a surname, with or without a title ("Assad",
   "Dr Fukuda" -> "Keiji Fukuda") when only one person of the corpus has it, or when
   only one of them shares its office ("President Calderon" -> "Felipe Calderon", not
   "Juan Calderon"); an organisation or place of two words or more ("Security Council"
   -> "UN Security Council", "City Hall" -> "Velmora City Hall") when one longer name of
   its type ends so, or one is mentioned five times more than the others, but not the
   end of a name after "of", "the" ("United States" is not "Humane Society of the
   United States") or after a code ("H3N2 Hong Kong"). Ambiguous short names stay on
   their own: "Clinton" with both "Bill Clinton" and "Hillary Clinton" in the corpus is
   a separate entry;
5. a one-word name tagged mostly ORG joins the one person whose surname it is, when no
   longer organisation ends with it (the model often tags a surname alone as ORG);
   "Sir Liam" joins the one person named Liam;
6. then, on each entity: mentions of words the story writes in lower case are dropped
   ("Pigs", "Schools"; a word of a longer name stays: "Price" of "Matthew Price"), and a
   one-word person whom the story never names in full nor with a title is not
   established as a person ("Relenza", "Devon" tagged PERSON): dropped too.

Types: PERSON -> ``person``; ORG -> ``organisation``; GPE, LOC, FAC -> ``place``
("Moscow" and "Russia" are two places; a capital standing for its government stays a
place); EVENT -> ``event``. NORP (nationalities, religious and political groups:
"Russian", "Syrian", "Western") is left out by default: those mentions are mostly
adjectives ("the Syrian government", "Russian Foreign Minister") that qualify another
entity rather than name one, and joining "Russian" to "Russia" would be guesswork; with
``groups=True`` they are kept as type ``group``. "Russia" and "Russian Federation" are
not joined (no rule relates them without a gazetteer).

The name of an entry is its most complete common form (see ``fullness`` in
:func:`_entity`): a person's full name, an organisation or place written out ("World
Health Organization", not "WHO"; "United States", not "US" or "Us"), the most mentioned
of those. ``aliases`` are every distinct cleaned form. Duplicate documents are counted
like the others: the caller decides which documents to pass. Output is sorted by
mentions (most first), then name, and is the same for the same input.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from storyline.entities.furniture import Furniture
from storyline.entities.names import (HONORIFICS, acronym, as_acronym, bracketed_acronym, clean_name, is_title,
                                      name_key, role_before, stands_for)
from storyline.entities.words import Usage, is_capitals, not_a_name
from storyline.model import CanonicalEntity, Document, Mention
from storyline.utils.disjoint import DisjointSet

__all__ = ["TYPES", "CanonicalEntity", "Dropped", "Mention", "canonical_entities", "canonical_name", "clean_name",
           "resolve"]

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
        return _type_of(self.mentions)

    @property
    def names(self) -> set[str]:
        return {name for _, name, _, _ in self.mentions}


def _majority(types: Iterable[str]) -> str:
    counts = Counter(types)
    return min(counts, key=lambda t: (-counts[t], _TYPE_PRIORITY.index(t)))


def _type_of(rows: Iterable[tuple[Mention, str, str, str]]) -> str:
    """A name written with a person's title ("Dr Keiji Fukuda") is a person's, whatever
    the model tagged its other mentions; otherwise the majority of labels decides."""
    rows = list(rows)
    if any(kind == "person" and role for _, _, kind, role in rows):
        return "person"
    return _majority(kind for _, _, kind, _ in rows)


def canonical_entities(docs: list[Document], groups: bool = False) -> list[CanonicalEntity]:
    """The corpus's entities, one per real-world thing (see the module's docstring)."""
    return resolve(docs, groups)[0]


_GLUE = frozenset({"of", "the", "for", "and", "de", "del", "la", "at", "in", "on"})
_SHOWN_BEFORE = re.compile(r"\b((?:[A-Z]\.?){2,8}),\s+(?:the\s+)?$")
_DOMINANT = 5  # of several candidates, one mentioned this many times more than all the others together


def resolve(docs: list[Document], groups: bool = False) -> tuple[list[CanonicalEntity], list[Dropped]]:
    """The canonical entities and the mentions dropped as furniture, empty or no name."""
    clusters, dropped, shown = _mentions(docs, groups)
    names = _Names(clusters)
    _join_acronyms(names, shown)
    _join_short_names(names)
    usage = Usage(docs, {name for c in clusters.values() for name in c.names})
    # words of the people the story names in full: a lone word among them may be one of them
    named = {w for k in names.keys if names.types[k] == "person" and len(k) > 1 for w in (k[0], k[-1])}
    entities = []
    for keys in names.sets.groups(names.keys):
        group = [clusters[key] for key in keys]
        rows = _names_not_common(group, usage, dropped)
        if rows and _type_of(rows) == "person" and all(len(c.key) == 1 and c.key[0] not in named for c in group) \
                and not any(role for _, _, _, role in rows):
            reason = (f"one word the story never writes as a person's full name or with a title: "
                      f"not established as a person: {rows[0][1]!r}")
            dropped.extend(Dropped(m.document, m.start, m.end, m.text, reason) for m, _, _, _ in rows)
            continue
        if rows:
            entities.append(_entity(rows))
    entities.sort(key=lambda e: (-e.mentions, e.name, e.type))
    dropped.sort(key=lambda d: (d.document, d.start, d.end))
    return entities, dropped


_Key = tuple[str, ...]


def _mentions(docs: list[Document], groups: bool) -> tuple[dict[_Key, _Cluster], list[Dropped], set[tuple[str, _Key]]]:
    """Step 1 and 2: the cleaned mentions by name key; the mentions dropped; and the
    (acronym, key of the name written beside it) pairs the story shows."""
    furniture = Furniture(docs)
    clusters: dict[_Key, _Cluster] = {}
    dropped: list[Dropped] = []
    shown: set[tuple[str, _Key]] = set()
    for doc in docs:
        for entity in doc.entities:
            kind = TYPES.get(entity.label)
            if kind is None or (kind == "group" and not groups):
                continue
            plain = clean_name(entity.text)[0].split()
            if kind != "person" and len(plain) > 1 and plain[0].casefold() in HONORIFICS:
                kind = "person"  # "Dr Fukuda" tagged ORG
            person = kind == "person"
            name, role = clean_name(entity.text, person=person)
            if not name:
                reason = not_a_name(entity.text, kind) or "nothing left of the name"
            elif is_title(name):
                reason = f"a title, not a name: {name!r}"
            else:
                reason = furniture.reason(doc, entity, name) or not_a_name(name, kind)
            if reason:
                dropped.append(Dropped(doc.id, entity.start, entity.end, entity.text, reason))
                continue
            if person and not role:
                role = role_before(doc.text, entity.start)
            key = name_key(name, person=True)
            if kind in ("organisation", "place") and len(key) > 1:
                beside = bracketed_acronym(entity.text) or bracketed_acronym(
                    doc.text[entity.start:entity.end + 12].split(")", 1)[0])
                before = _SHOWN_BEFORE.search(doc.text[max(0, entity.start - 16):entity.start])
                for letters in (beside, before.group(1).replace(".", "") if before else None):
                    if letters and stands_for(letters, name):
                        shown.add((letters, key))
            mention = Mention(doc.id, entity.start, entity.end, entity.text)
            clusters.setdefault(key, _Cluster(key, [])).mentions.append((mention, name, kind, role))
    return clusters, dropped, shown


class _Names:
    """The name keys being joined: longer names first, each with its type, in groups."""

    def __init__(self, clusters: dict[_Key, _Cluster]) -> None:
        self.clusters = clusters
        self.keys = sorted(clusters, key=lambda k: (-len(k), k))  # longer names first
        self.types = {k: _type_of(clusters[k].mentions) for k in self.keys}
        self.sets: DisjointSet[_Key] = DisjointSet(clusters)

    def join(self, short: _Key, candidates: Iterable[_Key], dominant: bool = False) -> bool:
        """Join ``short`` to the one group the candidates belong to, if exactly one (with
        ``dominant``: or to the one mentioned five times more than all the others)."""
        root = self.sets.find
        weight: Counter[_Key] = Counter()
        for c in candidates:
            if root(c) != root(short):
                weight[root(c)] += len(self.clusters[c].mentions)
        if len(weight) > 1 and dominant:
            (top, n), *rest = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= _DOMINANT * sum(m for _, m in rest):
                weight = Counter({top: n})
        if len(weight) == 1:
            self.sets.union(next(iter(weight)), short)
            return True
        return False


def _join_acronyms(names: _Names, shown: set[tuple[str, _Key]]) -> None:
    """Step 3: acronyms join the name the story writes beside them, else the one with
    their initials; then names with an acronym inside join their written-out twin."""
    keys, types, clusters, join, root = names.keys, names.types, names.clusters, names.join, names.sets.find
    expansions: dict[str, _Key] = {}
    by_letters: dict[tuple[str, str], list[_Key]] = defaultdict(list)  # written-out names by initials, type
    for k in keys:
        if len(k) > 1 and types[k] in ("organisation", "place"):
            for letters in dict.fromkeys(acronym(n) for n in clusters[k].names):
                by_letters[(letters, types[k])].append(k)
    for key in keys:
        if types[key] not in ("organisation", "place") or len(key) != 1:
            continue
        letters = {as_acronym(n) for n in clusters[key].names} - {None}
        if len(letters) != 1:
            continue
        letter = letters.pop()
        beside = [k for a, k in sorted(shown) if a == letter and k in clusters]
        if not (beside and join(key, beside, dominant=True)):
            join(key, by_letters.get((letter, types[key]), []), dominant=True)
        written = [k for k in (*beside, *by_letters.get((letter, types[key]), [])) if root(k) == root(key)]
        if written:
            expansions[key[0]] = written[0]
    for key in keys:
        if len(key) > 1 and any(w in expansions for w in key):
            expanded = tuple(x for w in key for x in expansions.get(w, (w,)))
            if expanded in clusters and expanded != key:
                join(key, [expanded])


def _join_short_names(names: _Names) -> None:
    """Steps 4 and 5: short names that end one longer name of their type ("United
    States" does not end "Humane Society of the United States", nor "Hong Kong" "H3N2
    Hong Kong"); a one-word "organisation" that is the surname of one person ("Marrow"
    -> "Ilse Marrow": the small model often tags a surname alone as ORG); "Sir Liam" ->
    the one person named Liam."""
    keys, types, clusters, join = names.keys, names.types, names.clusters, names.join
    by_ending: dict[tuple[_Key, str], list[_Key]] = defaultdict(list)
    by_first: dict[str, list[_Key]] = defaultdict(list)  # people by first name
    for k in keys:
        if types[k] == "person" and len(k) > 1:
            by_first[k[0]].append(k)
        for size in range(1, len(k)):
            prefix = k[:-size]
            if prefix[-1] in _GLUE or any(c.isdigit() for w in prefix for c in w):
                continue
            by_ending[(k[-size:], types[k])].append(k)
    by_ends: dict[tuple[str, str], list[_Key]] = defaultdict(list)  # people by first name and surname
    for k in keys:
        if types[k] == "person" and len(k) > 2:
            by_ends[(k[0], k[-1])].append(k)
    for key in keys:  # "Jose Cordova" -> "Jose Angel Cordova", the one person of that first name and surname
        if types[key] == "person" and len(key) == 2:
            join(key, by_ends.get((key[0], key[1]), []))
    for key in sorted(keys, key=lambda k: (len(k), k)):
        kind = types[key]
        if kind == "person":
            candidates = by_ending.get((key, kind), [])
            if not join(key, candidates):  # "President Calderon" -> the one Calderon who is president
                titled = _offices(clusters[key].mentions)
                join(key, [c for c in candidates if titled & _offices(clusters[c].mentions)])
        elif kind in ("organisation", "place") and len(key) >= 2:
            join(key, by_ending.get((key, kind), []), dominant=True)
    for key in keys:
        if len(key) == 1 and types[key] == "organisation" and not by_ending.get((key, "organisation")):
            join(key, by_ending.get((key, "person"), []))
        if len(key) == 1 and types[key] == "person" and not by_ending.get((key, "person")) and any(
                role.casefold() in ("sir", "dame") for _, _, _, role in clusters[key].mentions):
            join(key, by_first.get(key[0], []))


def _offices(rows: Iterable[tuple[Mention, str, str, str]]) -> set[str]:
    """The titles a person is named with, honorifics ("Mr", "Dr") left out."""
    return {role.casefold() for _, _, _, role in rows if role and role.casefold() not in HONORIFICS}


def _names_not_common(group: list[_Cluster], usage: Usage,
                      dropped: list[Dropped]) -> list[tuple[Mention, str, str, str]]:
    """The group's mentions but those of common words and headline capitals
    (:class:`~storyline.entities.words.Usage`), the words of one of the group's longer
    names excepted ("Price" of "Matthew Price", "MEXICO CITY" of "Mexico City")."""
    rows = [row for cluster in group for row in cluster.mentions]
    names = {name for _, name, _, _ in rows}
    common = {n: usage.common(n) for n in names}
    longer = {w for n in names if not common[n] and len(n.split()) > 1 for w in n.casefold().split()}
    kept = []
    for row in rows:
        m, name, _, _ = row
        words = name.casefold().split()
        if common[name] and not (set(words) <= longer or any(not common[n] and n.casefold() == name.casefold()
                                                              for n in names)):
            dropped.append(Dropped(m.document, m.start, m.end, m.text, common[name]))
        else:
            kept.append(row)
    return kept


def _entity(rows: list[tuple[Mention, str, str, str]]) -> CanonicalEntity:
    counts = Counter(name for _, name, _, _ in rows)
    kind = _type_of(rows)

    top = max(counts.values())
    folded = {n: n.casefold().split() for n in counts}

    def ends(longer: str, short: str) -> bool:
        return len(folded[longer]) > len(folded[short]) and folded[longer][-len(folded[short]):] == folded[short]

    rare_longer = {n for n in counts if counts[n] < 2 and counts[n] < top and any(ends(n, o) for o in counts)}

    def fullness(name: str) -> tuple:
        """The most complete common form. Complete: a person's first name and surname; an
        organisation or place written out ("Centers for Disease Control and Prevention"),
        then with an acronym in it ("UN Security Council"), then a short form that ends a
        longer one ("Security Council"), an acronym or capitals. Common: a longer form
        written once, when another is written more often, comes last ("Mexico World Health
        Organization", a slip for "Mexico. World Health Organization"). Then the most
        mentioned, the most words, not in capitals, without dots, the longest."""
        words = name.split()
        if kind == "person":
            tier = int(len(words) < 2)
        elif name in rare_longer:
            tier = 3
        elif as_acronym(name) or is_capitals(name) or any(ends(o, name) for o in counts if o not in rare_longer):
            tier = 2
        else:
            tier = int(any(as_acronym(w.strip(".,")) for w in words))
        return (tier, -counts[name], -len(words), is_capitals(name), "." in name, -len(name), name)

    roles = Counter(role for _, _, _, role in rows if role)
    spans = tuple(sorted({m for m, _, _, _ in rows}, key=lambda m: (m.document, m.start, m.end)))
    return CanonicalEntity(
        name=min(counts, key=fullness),
        type=kind,
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
