"""The Porter stemmer exactly as ROUGE-1.5.5.pl's ``stem`` sub behaves.

ROUGE-1.5.5 ships its own Perl port of Porter (1980) with one change made by its
author (CYL, 2004): in step 4 a word ending in ``-ement`` does not go on to try
``-ment`` and ``-ent`` in the same rule, and the ``-ment`` and ``-ent`` rules are
then tried one after the other on the already shortened word. Every rule below is
the same regular expression the script uses, applied with the same leftmost-match
semantics (Python's ``re.search`` agrees with Perl here), so the stems are
identical to the script's, including on tokens with digits and initial ``y``.

The script only calls :func:`stem` (through ``MorphStem``) on tokens longer than three
characters that are not in the WordNet exception table; :func:`stem` itself returns
words shorter than three characters unchanged, as the Perl sub does.
"""

from __future__ import annotations

import re

__all__ = ["stem"]

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = f"{_c}[^aeiouy]*"  # consonant sequence
_V = f"{_v}[aeiou]*"  # vowel sequence

_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # [C]VC... is m>0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # [C]VC[V] is m=1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # [C]VCVC... is m>1
_VOWEL_IN_STEM = re.compile(f"^({_C})?{_v}")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_R1A_SSES_IES = re.compile("(ss|i)es$")
_R1A_S = re.compile("([^s])s$")
_R1B_EED = re.compile("eed$")
_R1B_ED_ING = re.compile("(ed|ing)$")
_R1B_AT_BL_IZ = re.compile("(at|bl|iz)$")
_R1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_R1C_Y = re.compile("y$")
_R2 = re.compile(
    "(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness"
    "|fulness|ousness|aliti|iviti|biliti|logi)$"
)
_R3 = re.compile("(icate|ative|alize|iciti|ical|ful|ness)$")
_R4 = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")
_R4_MENT = re.compile("ment$")
_R4_ENT = re.compile("ent$")
_R4_ION = re.compile("(s|t)(ion)$")
_R5_E = re.compile("e$")
_R5_LL = re.compile("ll$")


def stem(word: str) -> str:
    """The stem ROUGE-1.5.5.pl's ``stem`` sub gives for ``word`` (lowercase ASCII)."""
    w = word
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:  # initial y is a consonant: the patterns see it as "Y"
        w = "Y" + w[1:]

    # step 1a
    if m := _R1A_SSES_IES.search(w):
        w = w[: m.start()] + m.group(1)
    elif m := _R1A_S.search(w):
        w = w[: m.start()] + m.group(1)
    # step 1b
    if m := _R1B_EED.search(w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif m := _R1B_ED_ING.search(w):
        base = w[: m.start()]
        if _VOWEL_IN_STEM.search(base):
            w = base
            if _R1B_AT_BL_IZ.search(w):
                w += "e"
            elif _R1B_DOUBLE.search(w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    # step 1c
    if m := _R1C_Y.search(w):
        base = w[: m.start()]
        if _VOWEL_IN_STEM.search(base):
            w = base + "i"
    # step 2
    if m := _R2.search(w):
        base = w[: m.start()]
        if _MGR0.search(base):
            w = base + _STEP2[m.group(1)]
    # step 3
    if m := _R3.search(w):
        base = w[: m.start()]
        if _MGR0.search(base):
            w = base + _STEP3[m.group(1)]
    # step 4 (ROUGE's variant: -ement first, then -ment, then -ent or -sion/-tion)
    if m := _R4.search(w):
        base = w[: m.start()]
        if _MGR1.search(base):
            w = base
    if m := _R4_MENT.search(w):
        base = w[: m.start()]
        if _MGR1.search(base):
            w = base
    if m := _R4_ENT.search(w):
        base = w[: m.start()]
        if _MGR1.search(base):
            w = base
    elif m := _R4_ION.search(w):
        base = w[: m.start()] + m.group(1)
        if _MGR1.search(base):
            w = base
    # step 5
    if m := _R5_E.search(w):
        base = w[: m.start()]
        if _MGR1.search(base) or (_MEQ1.search(base) and not _CVC.search(base)):
            w = base
    if _R5_LL.search(w) and _MGR1.search(w):
        w = w[:-1]

    if initial_y:
        w = w[0].lower() + w[1:]
    return w
