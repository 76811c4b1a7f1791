"""Surface forms of names: cleaning a mention, the key that compares names, initials.

* :func:`clean_name` strips what is not part of a name: a leading "the", a trailing
  possessive ("'s", "’s", or a bare apostrophe after "s"), surrounding punctuation, and,
  for people, leading titles ("President", "Foreign Minister", "Mr.", "Secretary of
  State", with a nationality before them: "Russian President"); the titles are returned
  as the mention's role.
  Before that, what the model glued to a name is cut off: a photo credit ("Charles
  Dharapak/AP Barack Obama" -> "Barack Obama"), a live page's timestamp ("BST Nicola
  Sturgeon" -> "Nicola Sturgeon"), an acronym in brackets ("World Health Organization
  (WHO" -> "World Health Organization", see :func:`bracketed_acronym`) and tokenizer
  brackets ("-LRB-", "RRB").
* :func:`name_key` is what two forms of one name share: case folded, accents and dots
  of acronyms dropped ("Córdova" -> "cordova", "U.N." -> "un"), curly apostrophes made
  straight, British and American
  spellings made one ("Organisation"/"Organization", "Labour"/"Labor", "Centre"/"Center":
  :func:`spelling`) and, for people, the particles of Arabic and European surnames
  dropped ("al-Assad", "Al-Assad", "Assad" -> "assad"; "van", "von", "de", "bin" between
  names).
* :func:`acronym` is the acronym a written-out name would have ("United Nations" ->
  "UN", "Organisation of Islamic Cooperation" -> "OIC"), :func:`as_acronym` the letters
  of a mention that is one ("U.N." -> "UN"), or None.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["HONORIFICS", "TITLE_WORDS", "acronym", "as_acronym", "bracketed_acronym", "clean_name", "is_title",
           "name_key", "role_before", "spelling", "stands_for"]

# Words of titles and offices that precede a person's name. Multi-word titles are runs of
# these ("Deputy Defense Minister", "Secretary of State"); "of" and "the" only count
# inside such a run.
TITLE_WORDS = frozenset("""
president vice prime minister deputy foreign defense defence interior finance economy
trade justice health education energy oil information culture state secretary general
secretary-general chancellor premier king queen prince princess sheikh emir sultan
crown pope cardinal archbishop bishop ayatollah imam rabbi reverend rev rev.
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir lord lady dame
senator sen sen. representative rep rep. congressman congresswoman governor gov gov.
mayor ambassador envoy special spokesman spokeswoman spokesperson chief head leader
commander general gen gen. lieutenant lt lt. colonel col col. major maj maj. captain
capt capt. admiral adm marshal field sergeant sgt sgt. brigadier
judge justice attorney counsel chairman chairwoman chair director executive officer
ceo cfo coo founder speaker minority majority opposition deputy-prime
councillor councilor councilman councilwoman alderman commissioner inspector superintendent
detective constable sheriff magistrate coroner dean
""".split())
# titles that only a person's name follows ("Dr Fukuda", "Mr Obama"): a name written after one
# is a person's, whatever label the model gave it
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady".split())
_TITLE_GLUE = frozenset({"of", "the", "for", "and"})
# a nationality in front of a title: "Russian President", "U.S. Secretary of State"
_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ch|ic)|U\.?S\.?|UK|U\.K\.|EU|UN|U\.N\.)$")

_PARTICLES_PREFIX = re.compile(r"^(?:al|el|ul|as|ash|ad|an|ar|at|az)[-‐‑](?=\w)", re.IGNORECASE)
_PARTICLE_WORDS = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "van", "von", "der", "den", "de", "da",
                             "di", "du", "la", "le", "del", "della", "dos", "das", "ter", "ten"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to", "a", "an"})
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
# Penn Treebank's bracket tokens, left in tokenized text ("-LRB- Reuters -RRB-")
_TREEBANK = re.compile(r"^-?[LR][RSC]B-?$")
# a live page's clock ("1423 BST Nicola Sturgeon said"): time zones and four-digit times
_CLOCK = frozenset("bst gmt utc est edt cst cdt mst mdt pst pdt cet cest eet eest ist jst aest aedt".split())
# picture agencies and credit words of a photo credit ("Joe Bloggs/AP", "/AFP/Getty Images")
_CREDIT = frozenset("ap afp pa epa reuters getty images rex zuma corbis alamy shutterstock".split())
_BRACKETED = re.compile(r"\(\s*((?:[A-Z]\.?){2,8}|[A-Z][A-Za-z]{1,7})\s*\)?\s*$")
# British -> American spellings that differ in more than a suffix
_SPELLINGS = {"defence": "defense", "offence": "offense", "licence": "license", "programme": "program",
              "catalogue": "catalog", "grey": "gray", "aluminium": "aluminum", "paediatric": "pediatric",
              "anaesthesia": "anesthesia", "haemorrhagic": "hemorrhagic", "oesophageal": "esophageal"}


def _strip_edges(text: str) -> str:
    """Surrounding punctuation off, but not a dot that ends an abbreviation ("U.S.", "Jr.")."""
    out = _EDGE.sub("", text)
    if text.rstrip().endswith(".") and re.search(r"(?:\b\w\.\w|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St))$", out):
        out += "."
    return out


def _unglue(name: str) -> str:
    """The name without what the model glued to it: a photo credit before it, a live page's
    clock, an acronym in brackets after it, tokenizer brackets."""
    if "/" in name:  # "Charles Dharapak/AP Barack Obama", "Joe Raedle/Getty Images"
        words = name.rsplit("/", 1)[1].split()
        while words and words[0].casefold() in _CREDIT:
            words.pop(0)
        name = " ".join(words)
    if "(" in name:  # "World Health Organization (WHO"
        name = name.split("(", 1)[0]
    words = [w for w in name.split() if not _TREEBANK.match(w)]
    while len(words) > 1 and (words[0].casefold() in _CLOCK or re.fullmatch(r"\d{3,4}(?:hrs?|h)?", words[0])):
        words.pop(0)
    return " ".join(words)


def bracketed_acronym(text: str) -> str | None:
    """The acronym a mention carries in brackets: "World Health Organization (WHO" or
    "... (WHO)" -> "WHO"; None when there is none."""
    m = _BRACKETED.search(text)
    return m.group(1).replace(".", "") if m and "(" in text[: m.start() + 1] and m.start() > 0 else None


def clean_name(text: str, person: bool = False) -> tuple[str, str]:
    """``(name, role)`` of a mention's text: the name without article, possessive or
    edge punctuation and, when ``person``, without leading titles, which make the role
    ("" when none). Whitespace is collapsed. The name is "" when nothing is left."""
    name = _unglue(" ".join(text.replace("’", "'").split()))
    name = _POSSESSIVE.sub("", _strip_edges(name))
    name = _strip_edges(name)
    words = name.split(" ")
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    role: list[str] = []
    if person:
        i = 0
        # the name keeps at least one word
        while i < len(words) - 1:
            word = words[i]
            low = word.lower()
            if low in TITLE_WORDS or (role and low in _TITLE_GLUE):
                role.append(word)
                i += 1
            elif not role and _DEMONYM.match(word) and words[i + 1].lower() in TITLE_WORDS:
                i += 1  # the nationality is not part of the role
            else:
                break
        while role and role[-1].lower() in _TITLE_GLUE:
            role.pop()
        words = words[i:]
        if "of" in words[2:]:  # "Stephen Rae of GlaxoSmithKline": the name, not the employer
            words = words[:words.index("of", 2)]
    return " ".join(words), " ".join(role)


def role_before(text: str, start: int) -> str:
    """The title written right before a person's name in ``text`` (on the
    same line): "Foreign Minister" in "Russian Foreign Minister Sergei Lavrov"; "" when none."""
    line_start = text.rfind("\n", 0, start) + 1
    words = text[line_start:start].split()
    role: list[str] = []
    while words:
        word = words[-1]
        low = word.lower()
        if low.rstrip(",") == low and (low in TITLE_WORDS or (role and low in _TITLE_GLUE - {"the"})):
            role.insert(0, word)
            words.pop()
        else:
            break
    while role and role[0].lower() in _TITLE_GLUE:
        role.pop(0)
    return " ".join(role)


@functools.lru_cache(maxsize=65536)
def spelling(word: str) -> str:
    """One spelling for the British and American forms of a (case-folded) word:
    "organisation" -> "organization", "labour" -> "labor", "centre" -> "center",
    "defence" -> "defense"; other words unchanged."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if len(word) >= 6:
        word = re.sub(r"(?<=[a-z]{2})is(e|ed|es|ing|ation|ations|ational)$", r"iz\1", word)
    if len(word) >= 5:
        word = re.sub(r"(?<=[a-z]{2})our(s|ed|ing|ite|ites|able)?$", r"or\1", word)
        word = re.sub(r"(?<=[a-z]{2}[^aeiou])re(s)?$", r"er\1", word) if word.endswith(("tre", "tres")) else word
    return word


def name_key(name: str, person: bool = False) -> tuple[str, ...]:
    """The words two forms of one name share (see the module's docstring)."""
    words: list[str] = []
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    for word in name.replace("’", "'").split():
        if re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
            word = word.replace(".", "")
        word = spelling(word.casefold())
        if person:
            word = _PARTICLES_PREFIX.sub("", word)
        words.append(word)
    if person and len(words) > 1:
        kept = [w for i, w in enumerate(words) if w not in _PARTICLE_WORDS or i == 0]
        words = kept or words
    return tuple(words)


def acronym(name: str) -> str | None:
    """The initials of a name of two or more capitalised words ("United Nations" -> "UN"),
    function words skipped, an acronym inside counting all its letters ("US Senate" ->
    "USS"); None for one word or a name with lowercase words left."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_SKIP]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(as_acronym(w) or w[0] for w in words)


def stands_for(letters: str, name: str) -> bool:
    """Whether an acronym written beside a name can be its initials: its first letter is the
    name's, and the others come in order among the initials and inner capitals of the
    name's words ("CDC" for "Centers for Disease Control and Prevention", "DH" for
    "Department of Health"; not "UK" for "Foreign Office")."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if not letters or not words or words[0][0].upper() != letters[0].upper():
        return False
    capitals = [c for w in words[1:] for i, c in enumerate(w) if i == 0 or c.isupper()]
    it = iter(c.upper() for c in capitals)
    return all(any(c == letter for c in it) for letter in letters[1:].upper())


def as_acronym(name: str) -> str | None:
    """The letters of a mention written as an acronym: "UN", "U.N.", "USDA" (2-6 capital
    letters, dotted or not); None otherwise."""
    if re.fullmatch(r"[A-Z]{2,6}", name):
        return name
    if re.fullmatch(r"(?:[A-Z]\.){2,6}", name):
        return name.replace(".", "")
    return None


def is_title(name: str) -> bool:
    """Whether the name is only title words ("State" of "Secretary of State", "Defense"
    of "Deputy Defense Minister", "Prime Minister"): the model tags such words ORG."""
    words = [w.lower() for w in name.split()]
    return bool(words) and all(w in TITLE_WORDS or w in _TITLE_GLUE for w in words) and words[0] not in _TITLE_GLUE
