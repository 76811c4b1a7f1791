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

__all__ = ["OPEN_QUOTES", "CLOSE_QUOTES", "EXTRAS", "ptb_form", "ptb_tokens", "parse", "doc_features"]

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
    """Per-token values of one ``Doc``, read once, that the features of every token use."""

    words: list[str]
    lower: list[str]
    tags: list[str]
    lemmas: list[str]
    ents: list[str]
    deps: list[str]
    heads: list[int]
    left: list[int]  # left edge of the token's subtree
    right: list[int]  # right edge of the token's subtree
    sent_start: list[bool]
    kids: list[list[str]]  # dependency relations of the token's children
    quotes: list[str]  # see _quote_state
    cue_like: list[bool]  # a cue-lexicon lemma with a verb, noun, preposition or adjective tag
    in_lexicon: list[bool]  # the lemma is in the cue lexicon
    sent_pos: list[str]  # where the token stands to its sentence's cue-lexicon words
    sent_q: list[bool]  # whether its sentence holds a quote mark
    sent_no: list[int]  # the index of its sentence in the text
    prev_cue: list[bool]  # whether the sentence before its sentence holds a cue-lexicon word
    # nearest positions (-1: none) before / after each token
    open_before: list[int]
    open_after: list[int]
    close_before: list[int]
    close_after: list[int]
    cue_before: list[int]
    cue_after: list[int]


def _nearest(n: int, marks: list[bool]) -> tuple[list[int], list[int]]:
    """Per token, the nearest marked index strictly before it and strictly after it (-1: none)."""
    before, after = [-1] * n, [-1] * n
    last = -1
    for i in range(n):
        before[i] = last
        if marks[i]:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        after[i] = last
        if marks[i]:
            last = i
    return before, after


def _columns(doc, lexicon: frozenset[str] | set[str]) -> _Columns:
    words, tags, lemmas, ents, deps, heads, left, right, sent_start = [], [], [], [], [], [], [], [], []
    for t in doc:
        words.append(t.text)
        tags.append(t.tag_)
        lemmas.append(t.lemma_.lower())
        ents.append((t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O")
        deps.append(t.dep_)
        heads.append(t.head.i)
        left.append(t.left_edge.i)
        right.append(t.right_edge.i)
        sent_start.append(bool(t.is_sent_start) or t.i == 0)
    n = len(words)
    kids: list[list[str]] = [[] for _ in range(n)]
    for i, h in enumerate(heads):
        if h != i:
            kids[h].append(deps[i])
    quotes = _quote_state(words)
    in_lexicon = [lemma in lexicon for lemma in lemmas]
    cue_like = [in_lexicon[i] and tags[i][:1] in ("V", "N", "I", "J") for i in range(n)]
    # per sentence: where the token stands to the sentence's cue-lexicon words, whether
    # the sentence holds a quote mark, and whether the sentence before holds a cue word
    sent_pos, sent_q, sent_no, prev_cue = ["none"] * n, [False] * n, [0] * n, [False] * n
    starts = [i for i in range(n) if sent_start[i]] + [n]
    before_cue = False
    for k, (s, e) in enumerate(zip(starts, starts[1:])):
        cues = [j for j in range(s, e) if cue_like[j]]
        has_q = any(words[j] in ("``", "''") for j in range(s, e))
        for j in range(s, e):
            sent_q[j], sent_no[j], prev_cue[j] = has_q, k, before_cue
            if cues:
                sent_pos[j] = ("before" if j < cues[0] else "after" if j > cues[-1]
                               else "at" if cue_like[j] else "between")
        before_cue = bool(cues)
    open_before, open_after = _nearest(n, [q == "o" for q in quotes])
    close_before, close_after = _nearest(n, [q == "c" for q in quotes])
    cue_before, cue_after = _nearest(n, cue_like)
    return _Columns(
        words=words, lower=[w.lower() for w in words], tags=tags, lemmas=lemmas, ents=ents,
        deps=deps, heads=heads, left=left, right=right, sent_start=sent_start, kids=kids,
        quotes=quotes, cue_like=cue_like, in_lexicon=in_lexicon, sent_pos=sent_pos, sent_q=sent_q,
        sent_no=sent_no, prev_cue=prev_cue, open_before=open_before, open_after=open_after,
        close_before=close_before, close_after=close_after, cue_before=cue_before, cue_after=cue_after,
    )


def doc_features(doc, lexicon: frozenset[str] | set[str], parse_features: bool = True,
                 extras: frozenset[str] | set[str] = frozenset()) -> list[list[str]]:
    """One list of ``name=value`` features per token of ``doc``; ``extras`` names the
    optional feature groups the model was trained with (see :data:`EXTRAS`)."""
    c = _columns(doc, lexicon)
    feats: list[list[str]] = []
    for i in range(len(c.words)):
        f = _word_features(c, i)
        if parse_features:
            f += _parse_features(c, i)
        f += _context_features(c, i)
        if extras:
            f += _extra_features(c, i, extras, parse_features)
        feats.append(f)
    return feats


def _word_features(c: _Columns, i: int) -> list[str]:
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
    if c.sent_start[i]:
        f.append("sent_start")
    if i + 1 == n or c.sent_start[i + 1]:
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
    f.append(f"qopen<={_bin(i - c.open_before[i]) if c.open_before[i] >= 0 else 'none'}")
    f.append(f"qclose>={_bin(c.close_after[i] - i) if c.close_after[i] >= 0 else 'none'}")
    f.append(f"qclose<={_bin(i - c.close_before[i]) if c.close_before[i] >= 0 else 'none'}")
    f.append(f"qopen>={_bin(c.open_after[i] - i) if c.open_after[i] >= 0 else 'none'}")
    f.append(f"para_quote={'y' if c.open_before[i] >= 0 or c.open_after[i] >= 0 or quotes[i] == 'o' else 'n'}")
    # nearest cue-lexicon word
    f.append(f"cueL={_bin(i - c.cue_before[i]) if c.cue_before[i] >= 0 else 'none'}")
    f.append(f"cueR={_bin(c.cue_after[i] - i) if c.cue_after[i] >= 0 else 'none'}")
    return f


_CUE_KIDS = ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent")
_EDGE_OF = ("nsubj", "ccomp", "nsubjpass", "pobj", "dobj", "xcomp")


def _cue_path(c: _Columns, i: int) -> tuple[str, int, int]:
    """The relation under which token ``i`` hangs from the nearest cue word above it
    (``none``), the depth, and the child of the cue on the way."""
    heads, node, depth = c.heads, i, 0
    while heads[node] != node and depth < 12:
        depth += 1
        if c.cue_like[heads[node]]:
            return c.deps[node], depth, node
        node = heads[node]
    return "none", depth, node


def _parse_features(c: _Columns, i: int) -> list[str]:
    """The token's dependency relation, its head, and the relation under which it hangs
    from the nearest cue word above it."""
    h, dep = c.heads[i], c.deps[i]
    hcue = str(c.in_lexicon[h])
    f = [
        "dep=" + dep,
        "hlem=" + c.lemmas[h],
        "htag=" + c.tags[h],
        "hdep=" + c.deps[h],
        f"hdir={'L' if h < i else 'R' if h > i else 'root'}",
        "hcue=" + hcue,
        "dep|hcue=" + dep + "|" + hcue,
    ]
    rel, depth, node = _cue_path(c, i)
    f.append("cuerel=" + rel)
    f.append(f"cuerel|d={rel}|{_bin(depth) if rel != 'none' else '-'}")
    if rel != "none":
        f.append(f"cuerel|q={rel}|{c.quotes[i]}")
        if i == c.left[node]:
            f.append("cuerel_ledge=" + rel)
        if i == c.right[node]:
            f.append("cuerel_redge=" + rel)
    if c.cue_like[i]:
        kids = sorted(set(c.kids[i]))
        f.append("cuekids=" + "|".join(k for k in kids if k in _CUE_KIDS))
    if i == c.left[i] and dep in _EDGE_OF:
        f.append("ledge_of=" + dep)
    f.append(f"sub_ledge={c.left[i] == i}")
    f.append(f"sub_redge={c.right[i] == i}")
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



# Optional feature groups a model may be trained with (its ``extras``): ``para`` the
# sentence's place in the paragraph and whether the sentence before holds a cue word (a
# quotation going on); ``scue`` the distance to the nearest cue word of the same sentence
# and whether a comma lies between; ``qtrans`` the quote states around the token;
# ``vkids`` a verb's subject/complement children; ``path`` the relation under the cue with
# the token's own relation and tag; ``hhead`` the head's head.
EXTRAS = ("vkids", "para", "scue", "path", "qtrans", "hhead")


def _extra_features(c: _Columns, i: int, extras, parse_features: bool) -> list[str]:
    """The optional feature groups of :data:`EXTRAS` named in ``extras``."""
    n, f = len(c.words), []
    if "para" in extras:
        q = c.quotes[i]
        f += [f"sentno={min(c.sent_no[i], 2)}", f"prevcue={c.prev_cue[i]}", f"prevcue|q={c.prev_cue[i]}|{q}",
              f"sentno|q={min(c.sent_no[i], 2)}|{q}"]
    if "scue" in extras:
        b, a = c.cue_before[i], c.cue_after[i]
        same_b = b >= 0 and c.sent_no[b] == c.sent_no[i]
        same_a = a >= 0 and c.sent_no[a] == c.sent_no[i]
        f.append(f"scueL={_bin(i - b) if same_b else 'none'}")
        f.append(f"scueR={_bin(a - i) if same_a else 'none'}")
        # a comma or a quote mark between the token and the nearest cue of its sentence
        if same_b:
            f.append(f"comma_to_cueL={',' in c.words[b + 1:i]}")
        if same_a:
            f.append(f"comma_to_cueR={',' in c.words[i + 1:a]}")
    if "qtrans" in extras:
        ql = c.quotes[i - 1] if i else "<"
        qr = c.quotes[i + 1] if i + 1 < n else ">"
        f.append(f"q3={ql}{c.quotes[i]}{qr}")
        f.append(f"q|w-1={c.quotes[i]}|{c.lower[i - 1] if i else '<s>'}")
    if parse_features:
        h, dep = c.heads[i], c.deps[i]
        if "vkids" in extras and (c.tags[i][:1] == "V" or c.cue_like[i]):
            kids = sorted(set(k for k in c.kids[i] if k in _CUE_KIDS))
            f.append("vkids=" + "|".join(kids))
            comp = "ccomp" in kids or "xcomp" in kids
            f.append(f"lem|comp={c.lemmas[i]}|{comp}")
        if "path" in extras:
            rel, depth, node = _cue_path(c, i)
            f.append(f"cuerel|dep={rel}|{dep}")
            f.append(f"cuerel|tag={rel}|{c.tags[i][:2]}")
        if "hhead" in extras:
            g = c.heads[h]
            f.append(f"h2cue={c.in_lexicon[g]}|{c.deps[h]}")
            f.append(f"hlem|dep={c.lemmas[h]}|{dep}")
    return f
