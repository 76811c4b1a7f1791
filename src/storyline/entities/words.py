"""Words the model tags as names that are not names of a person, organisation or place.

An editor's rules, checked on each cleaned mention (:func:`not_a_name`):

1. tokenizer debris is no name: Penn Treebank's bracket tokens ("-LRB-", "RRB");
2. a function word is no name, capitalised or not ("Us", "We", "It", "Our", "Let's"):
   only an acronym written in capitals ("US", "WHO", "IT") can share its letters;
3. a count is no name: a number written in words, alone or before a plural ("Eleven",
   "Two Britons"; not "Three Mile Island");
4. a person's name has no digits ("H1N1", "H5N1" tagged PERSON), and a code of letters
   and digits in turn ("H1N1", "H3N2") names a strain or a model, not an organisation
   or place;
5. an illness is no name: a person named with a word of illness ("Swine Flu",
   "Influenza H1N1"), an organisation or place of one or two words with one ("Bird Flu",
   "Influenza A", "Malaria"); the name of an institution is longer ("Centers for Disease
   Control", "National Institute for Communicable Diseases");
6. a time zone alone ("BST", "GMT") is no name.

And, on the story as a whole (:class:`Usage`), a one-word name is a common word when the
story writes it in lower case more than twice as often as it capitalises it mid-sentence
("Schools", "Pigs", "Worldwide"), unless it is a word of a longer name of the same entity
("Price" of "Matthew Price"); a name in capitals (of up to three words) that the story
never writes so in running text, after a word in lower case, and writes in lower case
elsewhere, is a fragment of a headline ("SWINE", "ORDINARY"); an acronym in running text
("the WHO said") stays a name even though "who" is a common word. Names of two words or
more in capitals and small letters are never common words: "Health Ministry" names an
organisation though the story also writes "the health ministry".
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from storyline.model import Document

__all__ = ["FUNCTION_WORDS", "ILLNESS_WORDS", "Usage", "is_capitals", "not_a_name"]

FUNCTION_WORDS = frozenset("""
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
this that these those who whom whose which what where when why how there here
a an the and or but nor so yet if then than as of in on at to by for from with without into onto
about above after against along among around before behind below beneath beside between beyond
during except inside near off over past since through throughout under until up upon within
is are was were be been being am do does did have has had will would shall should can could may
might must let let's lets not no yes all any some each every both either neither none other
another such very also just only even still already again ever never always often soon now
today tomorrow yesterday tonight meanwhile however although though because while whereas
hello hi oh ok okay please thanks thank sorry
""".split())

_NUMBER_WORDS = frozenset("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred hundreds thousand thousands million millions billion billions dozen dozens
""".split())

ILLNESS_WORDS = frozenset("""
flu influenza virus viruses fever disease diseases syndrome pox plague pandemic epidemic outbreak
infection infections sars mers ebola cholera measles malaria tuberculosis hepatitis cancer
""".split())

_TIME_ZONES = frozenset("bst gmt utc est edt cst cdt mst mdt pst pdt cet cest eet eest ist jst aest aedt".split())
_TREEBANK = re.compile(r"^-?[LR][RSC]B-?$")
_CODE = re.compile(r"[A-Za-z]+\d+[A-Za-z]+\d*")  # H1N1, H3N2, H5N1


def is_capitals(name: str) -> bool:
    """Whether every letter of the name is a capital (two letters at least)."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def not_a_name(name: str, kind: str) -> str | None:
    """Why a cleaned mention of type ``kind`` ("person", "organisation", "place", ...)
    names nothing (see the module's docstring), or None when it may be a name."""
    words = name.split()
    if not words:
        return None
    folded = [w.casefold().strip(".,'’") for w in words]
    if any(_TREEBANK.match(w) for w in words):
        return f"tokenizer debris, not a name: {name!r}"
    if len(words) == 1 and folded[0] in FUNCTION_WORDS and not is_capitals(name):
        return f"a function word, not a name: {name!r}"
    if folded[0] in _NUMBER_WORDS and (len(words) == 1 or (len(words) <= 3 and folded[-1].endswith("s"))):
        return f"a count, not a name: {name!r}"
    if kind == "person" and any(c.isdigit() for c in name):
        return f"a code, not a person's name: {name!r}"
    if len(words) == 1 and _CODE.fullmatch(words[0]):
        return f"a code (a strain, a model), not a name: {name!r}"
    if any(w in ILLNESS_WORDS for w in folded) and (kind == "person" or len(words) <= 2):
        return f"an illness, not a name: {name!r}"
    if len(words) == 1 and folded[0] in _TIME_ZONES:
        return f"a time zone, not a name: {name!r}"
    return None


class Usage:
    """How a story writes words: in lower case anywhere, or capitalised mid-sentence
    (after a word in lower case, so not at the start of a sentence or headline)."""

    MAX_WORDS = 3

    def __init__(self, docs: Iterable[Document], forms: Iterable[str]):
        wanted = {tuple(f.casefold().split()) for f in forms if 0 < len(f.split()) <= self.MAX_WORDS}
        firsts = {w[0] for w in wanted}
        self.lower: Counter[tuple[str, ...]] = Counter()
        self.capital: Counter[tuple[str, ...]] = Counter()  # capitalised, mid-sentence
        self.shouted: Counter[tuple[str, ...]] = Counter()  # in capitals, mid-sentence
        for doc in docs:
            if doc.duplicate_of:
                continue
            tokens = re.findall(r"[^\W\d_][\w'’-]*|[^\w\s]", doc.text)
            folded = [t.casefold() for t in tokens]
            for i, first in enumerate(folded):
                if first not in firsts:
                    continue
                for n in range(1, self.MAX_WORDS + 1):
                    gram = tuple(folded[i:i + n])
                    if len(gram) < n:
                        break
                    if gram not in wanted:
                        continue
                    surface = tokens[i:i + n]
                    if all(t.islower() for t in surface):
                        self.lower[gram] += 1
                    elif i and tokens[i - 1].islower() and all(t[0].isupper() for t in surface):
                        if all(t.isupper() for t in surface):
                            self.shouted[gram] += 1
                        else:
                            self.capital[gram] += 1

    def common(self, form: str) -> str | None:
        """Why the form is a common word of this story (see the module's docstring), or None."""
        gram = tuple(form.casefold().split())
        low = self.lower[gram]
        if not 0 < len(gram) <= self.MAX_WORDS or low < 2:
            return None
        if is_capitals(form):
            if self.shouted[gram] >= 2:
                return None
            return (f"headline capitals: the story writes {form.casefold()!r} in lower case {low} times "
                    f"and never in capitals in running text")
        if len(gram) == 1 and low > 2 * self.capital[gram]:
            return (f"a common word: the story writes {form.casefold()!r} in lower case {low} times "
                    f"and capitalises it mid-sentence {self.capital[gram]} times")
        return None
