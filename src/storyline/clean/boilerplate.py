"""Rules that recognise lines of scraped text that are not article prose.

Each rule returns the reason a line is dropped, or None. The reasons are kept in the
document record so a user can see what cleaning removed and why.
"""

from __future__ import annotations

import re

# Whole-line phrases left by page widgets, share bars, comment systems and menus.
_WIDGET = re.compile(
    r"^(?:widget is loading comments.*|loading comments.*|latest news|most read|most popular|"
    r"related (?:stories|articles|news|coverage)|read more|more on this story|see also|"
    r"subscribe(?: now| to our newsletter.*)?|sign up.*newsletter.*|newsletter|newsfeed|"
    r"share(?: this)?(?: article| story| on \w+)?|tweet|email|print|comments?(?: \(\d+\))?|"
    r"\d+ comments?|leave a comment|add comment|advertisement|advert|sponsored(?: content)?|"
    r"short link:?|permalink|to participate in the discussion|log in or register|"
    r"log ?in|sign in|register|loader|loading\.*|chats?|back to top|skip to (?:main )?content|"
    r"follow us.*|click here.*|cookie(?:s)? (?:policy|settings)|accept(?: all)?(?: cookies)?|"
    r"we use cookies.*|this (?:site|website) uses cookies.*|photo:?|video:?|watch:?|"
    r"listen:?|next article|previous article|top stories|trending|editor'?s picks|"
    r"you may also like|recommended(?: for you)?|all rights reserved\.?|menu|search|home)$",
    re.I,
)
# A section blurb is a line or two; a long paragraph that says "stay tuned" is prose.
_BLURB_WORDS = 40
_STAY_TUNED = re.compile(r"\b(?:stay tuned|breaking news and|latest news and stories)\b", re.I)
_AGO = re.compile(r"^\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$", re.I)
_SCORE = re.compile(r"^[\d\s:/.,|•·-]+$")  # "0 : 0", "|", "-", "12 / 40"
_CSS_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")  # "wide-browser-and-larger"
_COPYRIGHT = re.compile(r"(?:copyright\s*©|©\s*(?:19|20)\d\d|\(c\)\s*(?:19|20)\d\d|all rights reserved)", re.I)
_LICENCE = re.compile(r"(?:ICP|许可证|备\d|hotline|call center|terms of use|privacy policy|contact us|about us)", re.I)
_CREDIT = re.compile(
    r"^(?:additional reporting by|reporting by|writing by|editing by|edited by|compiled by|"
    r"\(reporting by)",
    re.I,
)
_CAPTION = re.compile(r"\((?:photo|picture|image|file photo)\s*:\s*[^)]*\)\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•·|]\s*)+")
_MENU_SEPARATOR = re.compile(r"\s+(?:\||>|»|›|/|•|·)\s+")
# A label in another script is furniture; a longer line in it is an article's own text.
_FURNITURE_LETTERS = 40
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:,\s*[\w ]{1,40})?$")


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00aa\u00ba\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uff21-\uff3a\uff41-\uff5a\ufb00-\ufb06]")


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def latin_share(text: str) -> float:
    """Share of the letters in ``text`` that are Latin (1.0 when there are none)."""
    if text.isascii():
        return 1.0
    letters = _letters(text)
    if not letters:
        return 1.0
    return 1.0 - len(_NON_LATIN.findall(text)) / letters


# Scripts written without spaces between words (Chinese, Japanese kana, Thai, ...).
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = '.!?"”’\')。！？」』）'


def word_count(text: str) -> int:
    """Words in ``text``; in scripts without spaces every two characters count as one."""
    unspaced = len(_UNSPACED.findall(text))
    return len(_UNSPACED.sub("", text).split()) + unspaced // 2


def is_prose(line: str) -> bool:
    """A full sentence: several words and closing punctuation."""
    text = line.strip()
    return word_count(text) >= 6 and text[-1:] in _SENTENCE_END


def menu_items(line: str) -> list[str]:
    """The items of a navigation bar or breadcrumb ("Home | News | Sport"), else []."""
    items = [item.strip() for item in _MENU_SEPARATOR.split(line.strip())]
    if len(items) < 2 or any(not item or len(item.split()) > 4 or item[-1] in ".!?" for item in items):
        return []
    return items


def is_menu(line: str) -> bool:
    return bool(menu_items(line))


def boilerplate_reason(line: str) -> str | None:
    """Why ``line`` is not article prose, or None when it may be."""
    text = line.strip()
    bare = strip_bullet(text)
    bulleted = bare != text
    if not bare or _letters(bare) == 0:
        return "separator or score, no words" if text else None
    if _SCORE.match(bare):
        return "separator or score, no words"
    if _AGO.match(bare):
        return "crawl timestamp"
    if _WIDGET.match(bare.rstrip(".…")):
        return "page widget or menu"
    if _CSS_NAME.match(bare):
        return "CSS class or breakpoint name"
    if latin_share(bare) < 0.5 and _letters(bare) < _FURNITURE_LETTERS and not is_prose(bare):
        return "text in another script (page furniture)"
    if _COPYRIGHT.search(bare) and len(bare.split()) <= 30:
        return "copyright footer"
    if _LICENCE.search(bare) and len(bare.split()) <= 8:
        return "footer link or licence"
    if _CREDIT.match(bare):
        return "reporting and editing credits"
    if _CAPTION.search(bare):
        return "photo caption"
    if _BYLINE.match(bare):
        return "byline"
    if is_menu(bare):
        return "navigation menu or breadcrumb"
    if _STAY_TUNED.search(bare) and len(bare.split()) <= _BLURB_WORDS:
        return "section blurb"
    if bulleted and not is_prose(bare):
        return "menu or list item"
    return None
