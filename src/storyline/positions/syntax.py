"""The clause around each content word of a statement, as the pair rules need it: whether
it is negated (by "not", by a negative judgement of its subject, "is unrealistic", by a
denied noun, "no sign that ..."), under which modal verb, what its clause says and of whom,
and whether a main clause asserts it (:func:`term_of`), read off the dependency parse.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.positions.words import (LIGHT, NEGATIVE_PREFIXES, NEGATIVE_WORDS, NEGATORS, is_content, key_of,
                                       modal_class)

__all__ = ["Term", "depth", "negation_words", "term_of"]

_VERBAL = frozenset({"VERB", "AUX"})
_COMPLEMENTS = frozenset({"acomp", "attr", "oprd", "dobj", "xcomp", "ccomp", "advmod", "npadvmod", "prep", "pobj",
                          "amod", "compound", "conj", "dative", "agent"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_MAIN_CLAUSE = frozenset({"ROOT", "ccomp", "conj", "xcomp", "csubj"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "acomp", "attr", "oprd"})
_DIRECT = frozenset({"acomp", "attr", "oprd", "dobj", "xcomp"})  # negated with the verb they complete
_WHERE_WHEN = frozenset({"in", "at", "on", "near", "across", "during", "since", "within", "around", "inside", "outside",
                         "throughout", "after", "before", "until", "over", "off"})  # prepositions of place and time
_ACTS = frozenset({"step", "move", "withdrawal", "pullout", "ceasefire", "action", "measure", "concession", "stop",
                   "halt", "disarmament", "retreat"})
# nouns whose denial denies what they are about ("no case for", "no sign that", "no plan to")
_ABOUT = frozenset({"case", "reason", "plan", "intention", "need", "sign", "evidence", "chance", "prospect", "proof",
                    "indication", "question", "way", "point", "basis", "ground", "risk", "danger", "threat", "hope",
                    "effect", "use", "sense", "impact"})
# what says only that a thing is, will be or may be: "there will be no rise" against "a rise is unavoidable"
_EXISTS = {w: "@exists" for w in ("", "likely", "unlikely", "inevitable", "unavoidable", "certain", "possible",
                                  "probable", "necessary", "needed", "coming", "way", "cards")}


@dataclass(frozen=True)
class Term:
    """One content word of a statement: ``key`` its lemma or the word standing for its
    kind ("authorities" → "government"); ``bare`` the key without a negating prefix
    ("impossible" → "possible"), else ""; ``negated``: a "not", "no" or "never" governs it;
    ``modal``: the modal class of its clause ("must", "should", "will", "can") or None;
    ``subject``: the key of its clause's subject ("both" for "both sides"), "" if none;
    ``phrase``: the character span of the words around it, to quote in a reason; the
    other fields say how its clause stands (see the functions named beside them)."""

    key: str
    word: str
    bare: str
    verb: bool
    negated: bool
    negator: str
    modal: str | None
    modal_word: str
    subject: str
    phrase: tuple[int, int]
    depth: int = 0  # how many verbs stand above its clause's verb
    ordering: bool = False  # an order word said of a clause or an act (see _ordering)
    main: bool = False  # what a main clause asserts (see _main)
    predicate: str = ""  # what its clause says (see _predicate)
    judged: bool = False  # negated by what its clause says of it ("is unrealistic", "is on hold")
    actor: str = ""  # who its clause is about (see _actor)
    objects: frozenset[str] = frozenset()  # for a verb: the words of what it is said of
    about: frozenset[str] = frozenset()  # what it is said of (see _about)
    proper: bool = False  # a proper noun ("Port-au-Prince", "Assad"): a name, not a question
    again: bool = False  # its clause says "again" ("did not intend to speak to him again")


def term_of(tok, lemma: str, spans: list[tuple[int, int]]) -> Term:
    """The term of one content token (``spans``: each token's character span)."""
    key = key_of(lemma)
    head = _governor(tok)
    negator = _negator(tok) or (_negator(tok.head) if tok.dep_ in _DIRECT else "")
    judged = "" if negator else _judged(tok)
    denied, direct, noun = ("", False, None) if negator or judged else _denied(tok)
    negator = negator or judged or denied
    if not negator and head.dep_ == "xcomp" and head.head.lemma_.lower() in LIGHT:
        negator = _negator(head.head)  # "do not want to withdraw"
    # under a denied noun, the clause it is about is what is claimed ("no evidence that its site was the source")
    main = _main(tok, head) or bool(judged) or direct or bool(denied and (tok.i == head.i or tok.dep_ in _ARGUMENTS))
    if not negator and main and head.i != tok.i:
        negator = _negator(head) or _no_subject(head)  # "the age will not change", "not one cent will go"
    elif not negator and main:
        negator = _no_subject(head)
    modal, modal_word = _modal(head)
    return Term(key, lemma, _bare(tok, lemma, key), tok.pos_ in _VERBAL, bool(negator), negator, modal, modal_word,
                _subject(head), _phrase(tok, head, spans, noun), _clauses_above(head), _ordering(tok), main,
                "@exists" if direct else _predicate(tok, head), bool(judged), _actor(tok, head), _objects(tok),
                _about(tok, head), tok.pos_ == "PROPN" or _in_hyphenated_name(tok, spans),
                any(c.lower_ in _AGAIN for c in (*tok.children, *head.children)))


def _about(tok, head) -> frozenset[str]:
    """What a word is said of, for opposites to be about one thing, each key marked with
    its role: a verb's objects ("o:") and subject ("s:"); an adjective's noun ("a small
    amount") or its clause's subject and verb ("the escape was larger"), all "s:". "cut
    costs" and "costs have risen" are not about one thing: the costs are cut, they rise;
    "the border stays closed" and "we will reopen the border" are: a state (an adjective,
    a participle) is about what an act does to its thing."""
    verb = tok.pos_ in _VERBAL
    found = {f"o:{k}" for k in _objects(tok)} if verb else set()
    if tok.dep_ in ("amod", "compound") and tok.head.i != tok.i:
        found.add(f"s:{key_of(tok.head.lemma_.lower())}")
    clauses = [head, head.head] if head.dep_ in ("xcomp", "acomp", "oprd", "conj") else [head]  # "stays closed"
    for child in (c for clause in clauses for c in clause.children):
        if child.dep_ in _SUBJECTS and child.i != tok.i and child.pos_ in ("NOUN", "PROPN"):
            found |= {f"s:{key_of(t.lemma_.lower())}" for t in (child, *child.children)
                      if t.dep_ in ("compound", *_SUBJECTS)}
    if head.i != tok.i and head.lemma_.lower() not in LIGHT:
        found.add(f"s:{key_of(head.lemma_.lower())}")
    if tok.pos_ == "ADJ" or (tok.tag_ == "VBN" and not any(c.lemma_ == "have" for c in tok.children)):
        found |= {f"o:{k[2:]}" for k in found}  # a state of a thing is about what an act does to it
    return frozenset(found)


def negation_words(doc) -> tuple[str, ...]:
    """The words of a parsed statement that say "not" ("not", "never", "unrealistic",
    "on hold", "little" in "very little effect"), a "not" that contrasts left out, and
    "nor", which carries a "not" on to the next verb rather than turning it back."""
    return tuple(t.lower_ for t in doc if (t.dep_ == "neg" or t.lower_ in NEGATORS) and not _contrastive(t)
                 and t.lower_ != "nor"
                 or t.lemma_.lower() in NEGATIVE_WORDS
                 or (t.lower_ == "hold" and t.head.lower_ == "on")
                 or (t.lower_ == "little" and t.head.lemma_.lower() in _ABOUT and _denial(t.head) == "little"))


def _objects(tok) -> frozenset[str]:
    """The content words of what a verb or an adjective is said of ("expect *the rest of
    the city* to ...", "able *to stop the flow*"): its objects and complements, not a
    clause hung on a preposition; empty for any other word."""
    if tok.pos_ not in _VERBAL and tok.pos_ != "ADJ":
        return frozenset()
    found = set()
    for child in tok.rights:
        if child.dep_ not in ("dobj", "dative", "prep", "prt", "attr", "acomp", "oprd", "xcomp", "ccomp", "pobj") or \
                any(c.dep_ == "pcomp" for c in child.children) or child.lower_ in _WHERE_WHEN:
            continue  # not "after agreeing to finance a fund", nor "in the bay"
        found |= {key_of(t.lemma_.lower()) for t in child.subtree if is_content(t, t.lemma_.lower())}
        if any(t.like_num or t.pos_ == "NUM" for t in child.subtree):
            found.add("@figure")  # "paid out $104 million": a figure, not "dividends"
    return frozenset(found)


def _predicate(tok, head) -> str:
    """What the clause of ``tok`` says: its verb's key, or for "be", "have" and other
    light verbs their complement's ("people are in hospital" → "hospital")."""
    return _EXISTS.get(_said_of(tok, head), _said_of(tok, head))


def _said_of(tok, head) -> str:
    if tok.i == head.i and head.lemma_.lower() not in LIGHT:
        return key_of(tok.lemma_.lower())
    if head.lemma_.lower() not in LIGHT:
        return key_of(head.lemma_.lower())
    for child in head.children:
        if child.dep_ in ("acomp", "attr", "dobj", "oprd") and child.i != tok.i:
            return key_of(child.lemma_.lower())
        if child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj" and g.i != tok.i]
            if objects:
                return key_of(objects[0].lemma_.lower())
    return ""


def _actor(tok, head) -> str:
    """Who the clause of ``tok`` is about: "@self" for "I" and "we" (the speaker), a noun's
    key, or "" (none, another pronoun, or ``tok`` is part of the subject itself)."""
    for child in head.children:
        if child.dep_ in _SUBJECTS:
            if child.left_edge.i <= tok.i <= child.right_edge.i:
                return ""
            if child.lower_ in ("i", "we"):
                return "@self"
            if child.lower_ in _SOMEONE_ELSE:
                return f"@{child.lower_}"  # "which anybody would recommend" is not "I did not recommend it"
            return key_of(child.lemma_.lower()) if child.pos_ in ("NOUN", "PROPN") else ""
    return ""


_AGAIN = frozenset({"again", "anymore"})
# a subject that stands for something said before: never taken for the same thing as a noun
_STANDS_FOR = frozenset({"it", "this", "that", "these", "those"})
# subjects that are never the speaker: "anybody would recommend", "they will not pay"
_SOMEONE_ELSE = frozenset({"anybody", "anyone", "everybody", "everyone", "somebody", "someone", "nobody",
                           "they", "you", "people"})


def _no_subject(head) -> str:
    """The negating word of a clause's subject ("nobody", "no money", "not one cent"), or ""."""
    for child in head.children:
        if child.dep_ in _SUBJECTS:
            words = [t.lower_ for t in child.doc[child.left_edge.i:child.i + 1]]
            return next((w for w in words if w in ("no", "not", "never", "nobody", "nothing", "none")), "")
    return ""


def _denied(tok) -> tuple[str, bool, object]:
    """"no" when ``tok`` is what a denied noun is about ("no case for cutting rates",
    "no sign that the fever passes", "no plans to sell"), else ""; and whether it is that
    thing itself ("cutting"), not a word of a clause under it ("the surface" in "no
    evidence that oil was held beneath the surface")."""
    node, direct = tok, True
    for _ in range(3):
        if node.head.i == node.i or (node.dep_ not in ("pobj", "pcomp", "prep", "acl", "ccomp", "xcomp", "dobj")
                                     and node.dep_ not in _ARGUMENTS):
            return "", False, None
        node = node.head
        if node.lemma_.lower() in _ABOUT and (word := _denial(node)):
            return word, direct, node
        direct = direct and node.pos_ not in _VERBAL
    return "", False, None


def _denial(noun) -> str:
    """"no" or "little" when a noun is denied ("no point", "very little effect"; "a
    little effect" is not), else ""."""
    words = [c.lower_ for c in noun.children]
    if "no" in words:
        return "no"
    return "little" if "little" in words and "a" not in words else ""


def _clauses_above(head) -> int:
    """How many verbs stand above a clause's verb up to the root of its sentence."""
    count, node = 0, head
    for _ in range(12):
        if node.head.i == node.i:
            break
        node = node.head
        count += node.pos_ in _VERBAL
    return count


def _main(tok, head) -> bool:
    """Whether ``tok`` is what a main clause asserts: its verb (or a gerund, "by pulling
    troops out"), or the subject or complement of that verb; not a modifier ("unilateral
    sanctions") nor an infinitive hung on a noun ("pressure on them to stop")."""
    if tok.i == head.i:
        if tok.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return False  # a purpose without a clause: "to halt the oil leak"
        return tok.dep_ in _MAIN_CLAUSE or (tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.lower_ == "by")
    if tok.dep_ in ("compound", "amod"):  # "the hiring plan", "a valid certificate"
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.i == head.i:
        return head.dep_ in _MAIN_CLAUSE  # "stand for a second term"
    return tok.dep_ in _ARGUMENTS and head.dep_ in _MAIN_CLAUSE


def _judged(tok) -> str:
    """The negative word a clause says of its subject, for the words of that subject
    ("a unilateral withdrawal is unrealistic" → "unrealistic" for "unilateral")."""
    node = tok
    for _ in range(4):
        if node.dep_ in _SUBJECTS:
            if node.head.lemma_.lower() in NEGATIVE_WORDS and node.dep_ == "nsubjpass":
                return node.head.lower_  # "the notes are delayed"
            for child in node.head.children:
                if child.dep_ in ("acomp", "attr") and child.lemma_.lower() in NEGATIVE_WORDS:
                    return child.lower_
                if child.dep_ == "prep" and child.lower_ == "on" and any(g.lower_ == "hold" for g in child.children):
                    return "on hold"
            return ""
        if node.head.i == node.i:
            return ""
        node = node.head
    return ""


def depth(head) -> int:
    """How many steps the clause's verb is below the root of its sentence."""
    steps = 0
    while head.head.i != head.i and steps < 9:
        head, steps = head.head, steps + 1
    return steps


def _ordering(tok) -> bool:
    """Whether a word of order ("simultaneous", "first") says who moves when: said of
    a clause ("must be simultaneous", "withdraw first") or of an act ("the first step"),
    not of a thing ("unilateral sanctions")."""
    if tok.dep_ in ("det", "predet", "preconj"):  # "both sides must stop", not "both financial and safety performance"
        return tok.head.dep_ in _SUBJECTS or tok.head.lemma_.lower() in _ACTS
    if tok.dep_ in ("acomp", "attr", "advmod", "oprd", "npadvmod", "ROOT", "nsubj"):
        return True
    return tok.head.lemma_.lower() in _ACTS


def _governor(tok):
    """The verb whose clause ``tok`` belongs to (``tok`` itself for a verb), up to three
    steps up through complements ("the first step" → "make")."""
    node = tok
    for _ in range(3):
        if node.pos_ in _VERBAL:
            return node
        if (node.dep_ not in _COMPLEMENTS and node.dep_ not in _SUBJECTS and node.dep_ not in ("det", "predet")) \
                or node.head.i == node.i:
            break
        node = node.head
    return node if node.pos_ in _VERBAL else tok


_NOT_ONLY = frozenset({"only", "just", "merely", "simply"})


def _in_hyphenated_name(tok, spans: list[tuple[int, int]]) -> bool:
    """Part of a capitalised hyphenated name ("Port-au-Prince"), whatever the tagger said
    (``spans``: each token's character span, to see which touch)."""
    doc, first, last = tok.doc, tok.i, tok.i
    while first > 0 and spans[first - 1][1] == spans[first][0]:
        first -= 1
    while last < len(doc) - 1 and spans[last][1] == spans[last + 1][0]:
        last += 1
    words = doc[first : last + 1]
    return any(t.text == "-" for t in words) and words[0].text[:1].isupper()


def _contrastive(tok) -> bool:
    """A "not" that sets one phrase against another ("next spring, not this summer", "not
    only X but Y") rather than denying the clause."""
    doc = tok.doc
    before = doc[tok.i - 1].text if tok.i else ""
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if after is not None and after.lower_ in _NOT_ONLY:  # "not only X but also Y" asserts X
        return True
    return before in (",", "–", "-", "—") and (after is None or after.pos_ not in _VERBAL)


def _negator(tok) -> str:
    if tok.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" and c.i < tok.i for c in tok.head.children):
        return "nor"  # "will not run nor hand over power": not hand over either
    for child in tok.children:
        if _contrastive(child):
            continue
        word = child.lower_
        if child.dep_ == "neg" or (word in NEGATORS and child.dep_ in ("det", "advmod", "dobj", "nsubj", "preconj")):
            return "not" if word in ("n't", "n’t") else word
    return ""


def _modal(head) -> tuple[str | None, str]:
    for child in head.children:
        if child.dep_ in ("aux", "auxpass") and (found := modal_class(child.lower_)):
            return found, child.lower_
    # "have to go", "need to go": the modal is the head verb's
    parent = head.head
    if head.dep_ == "xcomp" and parent.lemma_.lower() in ("have", "need") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return "must", f"{parent.lower_} to"
    return None, ""


def _subject(head) -> str:
    for child in head.children:
        if child.dep_ in _SUBJECTS:
            if any(c.lower_ == "both" for c in child.children) or child.lower_ == "both":
                return "both"
            if child.lower_ in _STANDS_FOR:
                return "@it"  # "it was not working": what "it" stands for is not known
            if child.pos_ not in ("NOUN", "PROPN"):
                child = _partitive(child)  # "the first of the relief wells": the wells
            return key_of(child.lemma_.lower()) if child is not None and child.pos_ in ("NOUN", "PROPN") else ""
    return ""


def _partitive(word):
    """The noun a part is taken of ("the first of the wells", "some of the money", "half of
    the oil"), or None."""
    of = next((c for c in word.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _bare(tok, lemma: str, key: str) -> str:
    """The word without a negating prefix when it has one that reads as "not"
    ("impossible", "unrealistic", "disagree"); "" otherwise."""
    for prefix in NEGATIVE_PREFIXES:
        if lemma.startswith(prefix) and len(lemma) - len(prefix) >= 4:
            if tok.pos_ == "ADJ" or prefix in ("dis", "non"):
                return key_of(lemma[len(prefix):].lstrip("-"))
    return ""


def _phrase(tok, head, spans: list[tuple[int, int]], denied=None) -> tuple[int, int]:
    """The words to quote for ``tok``: its clause's subject, modal and negation, the verb
    and the words up to ``tok`` and its own dependents, at most eight tokens each side."""
    left = min([tok.i, head.i] + [c.left_edge.i if c.dep_ in _SUBJECTS else c.i for c in head.children
                                   if c.dep_ in _SUBJECTS or c.dep_ in ("aux", "auxpass", "neg")])
    right = max(min(tok.right_edge.i, tok.i + (5 if tok.i == head.i else 8)), head.i)
    if tok.dep_ in ("amod", "compound", "nummod", "poss") and tok.head.i > tok.i:
        right = max(right, tok.head.i)  # "the first step", not "the first"
    said = [c.i for c in head.children if c.dep_ in ("acomp", "attr", "oprd", "dobj") and c.i > right]
    if said and head.i != tok.i:
        right = max(right, min(said[0], tok.i + 8))  # "a deal is impossible", not "a deal"
    left, right = max(left, tok.i - 8), min(right, tok.i + 8)
    if denied is not None:  # from the denial on: "no evidence that its site was the source"
        left = min(left, denied.left_edge.i)
    return spans[left][0], spans[right][1]
