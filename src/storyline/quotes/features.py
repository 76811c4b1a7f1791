"""Token features for the attribution tagger: words (a two-word window, neighbouring
lemmas, the next-word bigram), spaCy tags, entities, dependency relations to speech
verbs, quote marks, and where a token stands to the cue words of its sentence.

Tokens are in the Penn Treebank forms CoreNLP writes (the benchmark's form): opening
quotes ``\u0060\u0060``, closing quotes ``''``, ``'s``, ``n't``, ``--``. :func:`ptb_tokens`
brings spaCy's tokens of raw text to those forms; :func:`parse` builds a spaCy ``Doc``
from given tokens (1:1) and runs the tagger, parser, lemmatizer and NER on it. Both are
the annotate stage's model (:mod:`storyline.annotate.parse`), which loads and runs spaCy;
this module only reads the ``Doc``s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline.annotate import parse_tokens as parse
from storyline.annotate import tokenize

__all__ = ["OPEN_QUOTES", "CLOSE_QUOTES", "ptb_form", "ptb_tokens", "parse", "doc_features"]

OPEN_QUOTES = {"``", "`", "\u201c", "\u2018"}
CLOSE_QUOTES = {"''", "'", "\u201d", "\u2019"}
_BRACKETS = {"[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}


def ptb_form(text: str, opening: bool) -> str:
    """``text`` (one token of raw text) in the Penn Treebank form; ``opening`` says
    whether a straight double quote opens a quotation."""
    if text in ("\u201c", "\u201e"):
        return "``"
    if text == "\u201d":
        return "''"
    if text == '"':
        return "``" if opening else "''"
    if text == "\u2018":
        return "`"
    if text in ("\u2014", "\u2013", "\u2015"):
        return "--"
    if text in _BRACKETS:
        return _BRACKETS[text]
    return text.replace("\u2019", "'").replace("\u2018", "'")


def ptb_tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """spaCy's tokens of ``text`` (whitespace dropped) in Penn Treebank form, with the
    character span of each."""
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    for token, start in tokenize(text):
        opening = start == 0 or text[start - 1].isspace() or text[start - 1] in "([{\u2014-"
        words.append(ptb_form(token, opening))
        offsets.append((start, start + len(token)))
    return words, offsets


def _bin(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    return "13+"


def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _quote_state(words: Sequence[str]) -> list[str]:
    """Per token: ``o`` an opening mark, ``c`` a closing mark, ``i`` inside quotes,
    ``n`` outside."""
    state, inside = [], False
    for w in words:
        if w in ("``", "\u201c"):
            inside = True
            state.append("o")
        elif w in ("''", "\u201d") and inside:
            inside = False
            state.append("c")
        elif w in ("''", "\u201d"):
            state.append("c")
        else:
            state.append("i" if inside else "n")
    return state


@dataclass(frozen=True)
class _Columns:
    """Per-token values of one ``Doc`` that the features of every token read."""

    words: list[str]
    lower: list[str]
    tags: list[str]
    lemmas: list[str]
    ents: list[str]
    quotes: list[str]  # see _quote_state
    cue_like: list[bool]  # a cue-lexicon lemma with a verb, noun, preposition or adjective tag
    cue_positions: list[int]
    q_open: list[int]
    q_close: list[int]
    sent_pos: list[str]  # where the token stands to its sentence's cue-lexicon words
    sent_q: list[bool]  # whether its sentence holds a quote mark


def _columns(doc, lexicon: frozenset[str] | set[str]) -> _Columns:
    words = [t.text for t in doc]
    n = len(words)
    tags = [t.tag_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    quotes = _quote_state(words)
    cue_like = [lemmas[i] in lexicon and tags[i][:1] in ("V", "N", "I", "J") for i in range(n)]
    # per sentence: where the token stands to the sentence's cue-lexicon words, and
    # whether the sentence holds a quote mark
    sent_pos = ["none"] * n
    sent_q = [False] * n
    for sent in doc.sents:
        cues = [j for j in range(sent.start, sent.end) if cue_like[j]]
        has_q = any(words[j] in ("``", "''") for j in range(sent.start, sent.end))
        for j in range(sent.start, sent.end):
            sent_q[j] = has_q
            if cues:
                sent_pos[j] = ("before" if j < cues[0] else "after" if j > cues[-1]
                               else "at" if cue_like[j] else "between")
    return _Columns(
        words=words,
        lower=[w.lower() for w in words],
        tags=tags,
        lemmas=lemmas,
        ents=[(t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O" for t in doc],
        quotes=quotes,
        cue_like=cue_like,
        cue_positions=[i for i in range(n) if cue_like[i]],
        q_open=[i for i in range(n) if quotes[i] == "o"],
        q_close=[i for i in range(n) if quotes[i] == "c"],
        sent_pos=sent_pos,
        sent_q=sent_q,
    )


def doc_features(doc, lexicon: frozenset[str] | set[str], parse_features: bool = True) -> list[list[str]]:
    """One list of ``name=value`` features per token of ``doc``."""
    c = _columns(doc, lexicon)
    feats: list[list[str]] = []
    for i, tok in enumerate(doc):
        f = _word_features(doc, c, i)
        if parse_features:
            f += _parse_features(tok, c, i, lexicon)
        f += _context_features(c, i)
        feats.append(f)
    return feats


def _word_features(doc, c: _Columns, i: int) -> list[str]:
    """The token's word, tags, a two-token window, and how far the quote marks and the
    cue-lexicon words around it are."""
    n, lower, tags, quotes = len(c.words), c.lower, c.tags, c.quotes
    f = [
        "bias",
        "w=" + lower[i],
        "lem=" + c.lemmas[i],
        "shape=" + _shape(c.words[i]),
        "suf3=" + lower[i][-3:],
        "tag=" + tags[i],
        "ent=" + c.ents[i],
        "q=" + quotes[i],
        "cue=" + str(c.cue_like[i]),
    ]
    if doc[i].is_sent_start:
        f.append("sent_start")
    if i + 1 == n or doc[i + 1].is_sent_start:
        f.append("sent_end")
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < n:
            f.append(f"tag{d}={tags[j]}")
            f.append(f"q{d}={quotes[j]}")
            if abs(d) == 1:
                f.append(f"w{d}={lower[j]}")
                f.append(f"cue{d}={c.cue_like[j]}")
                f.append(f"ent{d}={c.ents[j][2:] or 'O'}")
        else:
            f.append(f"w{d}=<pad>")
    f.append(f"w-1w={lower[i - 1] if i else '<s>'}|{lower[i]}")
    # quote marks: before/after, distance
    before_open = [j for j in c.q_open if j < i]
    after_close = [j for j in c.q_close if j > i]
    before_close = [j for j in c.q_close if j < i]
    after_open = [j for j in c.q_open if j > i]
    f.append(f"qopen<={_bin(i - before_open[-1]) if before_open else 'none'}")
    f.append(f"qclose>={_bin(after_close[0] - i) if after_close else 'none'}")
    f.append(f"qclose<={_bin(i - before_close[-1]) if before_close else 'none'}")
    f.append(f"qopen>={_bin(after_open[0] - i) if after_open else 'none'}")
    f.append(f"para_quote={'y' if c.q_open else 'n'}")
    # nearest cue-lexicon word
    left = [j for j in c.cue_positions if j < i]
    right = [j for j in c.cue_positions if j > i]
    f.append(f"cueL={_bin(i - left[-1]) if left else 'none'}")
    f.append(f"cueR={_bin(right[0] - i) if right else 'none'}")
    return f


def _parse_features(tok, c: _Columns, i: int, lexicon: frozenset[str] | set[str]) -> list[str]:
    """The token's dependency relation, its head, and the relation under which it hangs
    from the nearest cue word above it."""
    head = tok.head
    f = [
        "dep=" + tok.dep_,
        "hlem=" + head.lemma_.lower(),
        "htag=" + head.tag_,
        "hdep=" + head.dep_,
        f"hdir={'L' if head.i < i else 'R' if head.i > i else 'root'}",
        "hcue=" + str(head.lemma_.lower() in lexicon),
        "dep|hcue=" + tok.dep_ + "|" + str(head.lemma_.lower() in lexicon),
    ]
    # path to the nearest ancestor that is a cue word: which relation hangs below it
    rel, depth, node = "none", 0, tok
    while node.head.i != node.i and depth < 12:
        depth += 1
        if c.cue_like[node.head.i]:
            rel = node.dep_
            break
        node = node.head
    f.append("cuerel=" + rel)
    f.append(f"cuerel|d={rel}|{_bin(depth) if rel != 'none' else '-'}")
    if rel != "none":
        f.append(f"cuerel|q={rel}|{c.quotes[i]}")
        if i == node.left_edge.i:
            f.append("cuerel_ledge=" + rel)
        if i == node.right_edge.i:
            f.append("cuerel_redge=" + rel)
    if c.cue_like[i]:
        kids = sorted({child.dep_ for child in tok.children})
        f.append("cuekids=" + "|".join(k for k in kids if k in ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent")))
    if i == tok.left_edge.i and tok.dep_ in ("nsubj", "ccomp", "nsubjpass", "pobj", "dobj", "xcomp"):
        f.append("ledge_of=" + tok.dep_)
    f.append(f"sub_ledge={tok.left_edge.i == i}")
    f.append(f"sub_redge={tok.right_edge.i == i}")
    return f


def _context_features(c: _Columns, i: int) -> list[str]:
    """Wider word context, neighbouring lemmas, the next-word bigram, and where the
    token stands to its sentence's cue words."""
    n, lower = len(c.words), c.lower
    f = []
    for d in (-2, 2):
        if 0 <= i + d < n:
            f.append(f"w{d}={lower[i + d]}")
    for d in (-1, 1):
        if 0 <= i + d < n:
            f.append(f"lem{d}={c.lemmas[i + d]}")
    f.append(f"ww+1={lower[i]}|{lower[i + 1] if i + 1 < n else '</s>'}")
    f += [f"scue={c.sent_pos[i]}", f"sq={c.sent_q[i]}", f"scue|q={c.sent_pos[i]}|{c.sent_q[i]}"]
    return f
