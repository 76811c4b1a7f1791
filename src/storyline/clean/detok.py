"""Undo Penn-Treebank tokenization: turn one tokenized sentence back into prose.

Timeline17 ships its articles tokenized the Penn-Treebank (PTB) way, one sentence a
line::

    Mexico 's health minister said -LRB- on Sept. 11 , 2001 -RRB- : `` We do n't know . ''

:func:`detokenize` gives the line back as an editor would write it::

    Mexico's health minister said (on Sept. 11, 2001): “We don't know.”

The rules, applied token by token (tokens are what the line splits into at spaces):

* bracket names become brackets: ``-LRB- -RRB- -LSB- -RSB- -LCB- -RCB-`` -> ``( ) [ ] { }``,
  also inside a token (``202-RRB-647-6575``); escaped ``\\/`` and ``\\*`` become ``/`` and ``*``;
* double quotes: PTB already tells opening from closing, so two backticks become “
  and two apostrophes become ”;
* single quotes: a backtick opens ‘ and the next lone apostrophe closes it ’; a lone
  apostrophe with nothing open is an opening quote when it starts the line or follows
  ``, : ; (`` and a word follows it (``said , ' I`` -> ``said, ‘I``), otherwise an
  apostrophe left as ``'`` on the word before it (``workers ' union`` -> ``workers' union``);
* no space before ``, . ; : ? ! % ) ] } ...``, closing quotes and clitics
  (``'s 're 've 'll 'd 'm n't``, any case; also ``n't`` split off a longer run such as
  ``Do n'tforget``): ``do n't`` -> ``don't``, ``50 %`` -> ``50%``;
* no space after ``( [ {`` and opening quotes, nor after a currency sign (``$``,
  ``US$``, ``C$``...) followed by a digit: ``$ 5 million`` -> ``$5 million``;
* a period repeated after a word that already ends with one is dropped:
  ``the U.S. .`` -> ``the U.S.``, ``etc. .`` -> ``etc.``, ``... .`` -> ``...``;
  an ellipsis sits on the word before it (``Wait ... then`` -> ``Wait... then``);
* everything else keeps its spaces: ``-`` and ``--`` between words, ``can not``
  (PTB's split of "cannot": two real words either way), ``#`` (a lost £ in the
  BBC and Guardian files, but not always).

No two tokens that were separate words are ever joined: only punctuation, clitics,
brackets, quotes and currency signs lose a space.
"""

from __future__ import annotations

import re

__all__ = ["detokenize"]

BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
ESCAPES = {"\\/": "/", "\\*": "*"}

# the endings PTB splits off a word: "Mexico 's", "do n't", "they 're" (any case)
CLITICS = {"'s", "'re", "'ve", "'ll", "'d", "'m", "n't"}

# tokens that sit right after the word before them
CLOSING = {",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "”", "’", "..."}
# tokens that sit right before the word after them
OPENING = {"(", "[", "{", "“", "‘"}
# after these (or at the start of the line) a lone ' is an opening quote
BEFORE_OPENING_QUOTE = {",", ":", ";", "("}

CURRENCY = re.compile(r"(?:[A-Z]{1,3})?\$")  # $, US$, C$, HK$


def detokenize(line: str) -> str:
    """One PTB-tokenized line as prose (see the module's rules); spacing collapsed."""
    tokens = [_unescape(token) for token in line.split()]
    words: list[str] = []  # the tokens as written, quotes turned typographic
    single_quote_open = False
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if token == "." and before and before != "." and before.endswith("."):
            continue  # "U.S. ." : PTB repeated the abbreviation's period
        if token == "``":
            token = "“"
        elif token == "''":
            token = "”"
        elif token == "`":
            token, single_quote_open = "‘", True
        elif token == "'":
            if single_quote_open:
                token, single_quote_open = "’", False
            elif (before is None or before in BEFORE_OPENING_QUOTE) and after and after[0].isalnum():
                token, single_quote_open = "‘", True
        words.append(token)
    return _join(words)


def _unescape(token: str) -> str:
    """Bracket names and PTB's backslash escapes back to the characters they stand for."""
    token = BRACKETS.get(token, token)
    for name, char in (*BRACKETS.items(), *ESCAPES.items()):
        if name in token:
            token = token.replace(name, char)
    return token


def _join(words: list[str]) -> str:
    """Words joined by single spaces, except where punctuation sits against a word."""
    text = ""
    for i, word in enumerate(words):
        if i and not (_sits_after(word) or _sits_before(words[i - 1], word)):
            text += " "
        text += word
    return text


def _sits_after(word: str) -> bool:
    """True when ``word`` goes right after the one before it, no space."""
    lower = word.lower()
    # "uca n'thandlethetruth": PTB split "can't" out of an unspaced user name
    return word in CLOSING or lower in CLITICS or lower.startswith("n't") or word == "'"


def _sits_before(word: str, following: str) -> bool:
    """True when ``word`` goes right before ``following``, no space."""
    if word in OPENING:
        return True
    return bool(CURRENCY.fullmatch(word)) and following[:1].isdigit()
