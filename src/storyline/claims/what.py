"""What a figure counts: the counted noun after it ("40 people", "60 tonnes of ammonium
liquor") and the verb or modifier that says what happened to them ("killed", "treated in
hospital"), normalised so that "killed 40 people", "40 people were killed", "a death toll
of 40" and "40 dead" all count "people killed"."""

from __future__ import annotations

import re
from dataclasses import dataclass

# family -> (what, cue pattern, cumulative)
FAMILIES: dict[str, tuple[str, str, bool]] = {
    "killed": ("people killed", r"killed|kill(?:s|ing)?|dead|died|deaths?|death toll|toll|lost their lives|"
               r"perished|fatalities|slain|massacred", True),
    "injured": ("people injured", r"injured|wounded|hurt|injuries|injuring|wounding", True),
    "hospital": ("people treated in hospital", r"hospitali[sz]ed|hospitals?|treated|admitted", True),
    "ill": ("people ill", r"fell ill|ill|sick|sickened|infected|infections?|poisoned|cases", True),
    "arrested": ("people arrested", r"arrested|detained|jailed|imprisoned|arrests", True),
    "missing": ("people missing", r"missing|unaccounted for", False),
    "displaced": ("people displaced", r"displaced|fled|evacuated|homeless|uprooted", True),
    "refugees": ("refugees", r"refugees", True),
}
_CUE = re.compile("|".join(rf"(?P<{name}>\b(?:{cue})\b)" for name, (_, cue, _) in FAMILIES.items()), re.I)
_PEOPLE = {
    "people", "persons", "civilians", "residents", "children", "men", "women", "protesters", "protestors",
    "patients", "soldiers", "troops", "fighters", "rebels", "refugees", "migrants", "workers", "victims",
    "casualties", "dead", "deaths", "wounded", "injured", "demonstrators", "adults", "students", "individuals",
    "inhabitants", "passengers", "villagers", "citizens", "locals", "tourists", "pupils", "employees", "detainees", "prisoners", "policemen", "officers", "lives",
}
_UNITS = {
    "tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes", "ton": "tonnes", "kilometres": "kilometres",
    "kilometers": "kilometres", "km": "kilometres", "metres": "metres", "meters": "metres", "miles": "miles",
    "kilograms": "kilograms", "kg": "kilograms", "kilos": "kilograms", "litres": "litres", "liters": "litres",
    "gallons": "gallons", "barrels": "barrels", "dollars": "dollars", "pounds": "pounds", "euros": "euros",
    "percent": "percent", "per cent": "percent", "%": "percent", "hectares": "hectares", "acres": "acres",
}
_IRREGULAR = {"people", "children", "men", "women", "police", "personnel", "staff", "fish", "sheep", "cattle",
              "dead", "wounded", "injured", "crew", "livestock", "km", "kg"}
_STOP = set("""the a an of in on at to by for from with and or but have has had were was is are be been being will
would could should may might can it its they them their he she his her who which that this these those now already
still also not more less than since after before during as so said says all each other some per were nearly about
into over under there here when where while what only just again even than then very""".split())
# no part-of-speech tags: words that end a noun phrase after "tonnes of ..." ("liquor drain into")
_VERBISH = re.compile(r"\w+(?:ed|ing)|drain|drains|leak|leaks|spill|spills|escape|escapes|reach|reached|flow|flows|"
                      r"enter|went|go|get|got|may|might|would|could|was|were", re.I)
_PARTICIPLE = re.compile(r"^\s+(killed|dead|injured|wounded|arrested|detained|missing|displaced|hospitali[sz]ed)\b", re.I)


@dataclass(frozen=True)
class Counted:
    """What a figure counts. ``key`` names its series: figures with the same key count the
    same thing; ``family`` is set for counts of people with a known fate."""

    end: int  # end of the counted phrase in the text
    unit: str  # "people", "tonnes", "percent", "countries"
    what: str  # "people killed", "tonnes of ammonium liquor", "residents"
    key: str  # "people killed", "tonnes of liquor"
    family: str | None = None
    noun: str = ""  # the counted noun as written: "civilians"


def family_of(what_or_key: str) -> str | None:
    return next((name for name, (what, _, _) in FAMILIES.items() if what == what_or_key), None)


def cumulative(family: str | None) -> bool:
    return bool(family) and FAMILIES[family][2]


def counted_after(text: str, fig_start: int, fig_end: int, clause_start: int, clause_end: int) -> Counted | None:
    """The counted phrase right after the figure that ends at ``fig_end``, or None when no
    noun follows it ("risen to 31,")."""
    after = text[fig_end:clause_end]
    if after.startswith("%") or re.match(r"\s*per\s?cent\b", after, re.I):
        end = fig_end + (1 if after.startswith("%") else re.match(r"\s*per\s?cent\b", after, re.I).end())
        return Counted(end, "percent", "percent", "percent", noun="percent")
    m = _PARTICIPLE.match(after)
    if m:  # "40 dead", "12 injured"
        family = _family_from_cue(m.group(1))
        return Counted(fig_end + m.end(), "people", FAMILIES[family][0], FAMILIES[family][0], family, m.group(1))
    words = list(re.finditer(r"\s+([A-Za-z][a-z]*(?:-[a-z]+)*)", after))
    phrase: list[re.Match] = []
    code = re.match(r"\s+[A-Z]+\d[A-Z\d]*(?=\s)", after)  # "898 H1N1 flu infections": a strain code before the noun
    pos = code.end() if code else 0
    for w in words[:3]:
        if w.start() != pos or w.group(1).lower() in _STOP or w.group(1)[0].isupper():
            break
        phrase.append(w)
        pos = w.end()
        if _is_plural(w.group(1)) or w.group(1).lower() in _UNITS:
            break
    if not phrase or not (_is_plural(phrase[-1].group(1)) or phrase[-1].group(1).lower() in _UNITS):
        return None
    head = phrase[-1].group(1).lower()
    end = fig_end + phrase[-1].end()
    noun = " ".join(w.group(1).lower() for w in phrase)
    if head in _UNITS:
        unit = _UNITS[head]
        of = re.match(r"\s+of\s+", text[end:clause_end])
        stuff: list[re.Match] = []
        if of:
            pos = end + of.end()
            for w in re.finditer(r"([a-z][a-z-]*)(?=\W|$)", text[pos:clause_end]):
                if len(stuff) == 3 or w.start() != (stuff[-1].end() + 1 if stuff else 0) or w.group(1) in _STOP \
                        or _VERBISH.fullmatch(w.group(1)):
                    break
                stuff.append(w)
        if stuff:
            thing = " ".join(w.group(1) for w in stuff)
            return Counted(pos + stuff[-1].end(), unit, f"{unit} of {thing}", f"{unit} of {stuff[-1].group(1)}",
                           noun=noun)
        return Counted(end, unit, unit, unit, noun=noun)
    if head in _PEOPLE:
        family = family_near(text, fig_start, end, clause_start, clause_end)
        if family is None and head in ("dead", "deaths", "casualties", "lives"):
            family = "killed"
        if family is None and head == "refugees":
            family = "refugees"
        if family:
            return Counted(end, "people", FAMILIES[family][0], FAMILIES[family][0], family, noun)
        return Counted(end, "people", head, head, None, noun)
    return Counted(end, head, noun, head, None, noun)


def family_near(text: str, fig_start: int, np_end: int, clause_start: int, clause_end: int) -> str | None:
    """The fate of counted people: a cue just before the figure ("has killed", "a death toll
    of") or the first within ten words after the counted noun ("were taken to hospital")."""
    before = text[max(clause_start, fig_start - 40):fig_start]
    words_before = re.search(r"((?:[\w'-]+\s+){0,4})$", before).group(1)
    # a cue right after another number counts that number ("26 deaths in Mexico and 701 people")
    cues = [c for c in _CUE.finditer(words_before)
            if not re.search(r"\d\s+(?:[\w'-]+\s+){0,2}$", before[:len(before) - len(words_before) + c.start()])]
    if cues:
        return cues[-1].lastgroup
    after = text[np_end:clause_end]
    window = re.match(r"((?:[^\w,;:.!?]*[\w'-]+){0,10})", after).group(1)
    cue = _CUE.search(window)
    return cue.lastgroup if cue else None


def family_in_sentence(sentence: str, offset: int) -> str | None:
    """For a bare figure ("had risen to 31"): the cue nearest to it in its sentence."""
    cues = sorted(_CUE.finditer(sentence), key=lambda m: abs(m.start() - offset))
    return cues[0].lastgroup if cues else None


def _family_from_cue(word: str) -> str:
    return _CUE.fullmatch(word).lastgroup


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous"))


_SUSPECTED = re.compile(r"\b(?:suspected|possible|possibly|probable|probably|presumed|feared|unconfirmed|"
                        r"(?:may|might|could) have|believed to|thought to)\b", re.I)
_NEW = frozenset({"new", "additional", "further", "fresh", "daily", "more"})


def qualified(counted: Counted, text: str, fig_start: int, sentence_start: int, sentence_end: int) -> Counted:
    """What a figure counts, told apart when it is not the confirmed running total:
    suspected ("suspected cases", "possible fatalities", "may have killed as many as
    159", "suspected in more than 380 deaths") or new ("12 new cases", "five more deaths"):
    "people killed (suspected)", "cases (new)". The cue is in the counted phrase, or up to
    four words before the figure or after it, no comma between."""
    before = text[max(sentence_start, fig_start - 50):fig_start].split(",")[-1]
    after = re.match(r"[^,;.]*", text[counted.end:sentence_end]).group(0)
    near = " ".join(before.split()[-4:] + text[fig_start:counted.end].split() + after.split()[:4])
    noun = set(counted.noun.split())
    what, key = counted.what, counted.key
    if _SUSPECTED.search(near) and "(suspected)" not in key:
        what = what if "suspect" in what else f"{what} (suspected)"
        key = f"{key} (suspected)"
    elif noun & _NEW:
        what = what if noun & set(what.split()) & _NEW else f"{what} (new)"
        key = f"{key} (new)"
    if (what, key) == (counted.what, counted.key):
        return counted
    return Counted(counted.end, counted.unit, what, key, counted.family, counted.noun)
