"""Readers' words and calls to write them are not the article.

An editor's rules, applied to the cleaned text line by line:

* **A comment section.** A page whose text holds two or more comment stamps ("At 19:23
  on 26 Apr 2009, Theboywho wrote:", "Posted by: Mike | September 26, 2008 11:57 AM",
  "Report abuse", "June 15, 2011 at 11:14 am |", a blog post's own "By NAME |
  September 25, 2008; 11:19 AM ET")
  has a comment section: everything from the first stamp on is dropped.
* **A reader's message** quoted in a live page ("Harry Brown in Macau e-mails: ...",
  "Ana Jones, a nurse in Leeds, writes: ...") is dropped, line by line.
* **A blog post's stamp** glued to its first sentence ("Susan Watts | 18:00 UK time,
  Saturday, 25 April 2009 Experts are ...") is cut off the sentence.
* **A call to comment or a letters footer** ("Have Your Say", "Send us your comments",
  "Letters for publication should be sent to ...", "Click here to ...") is dropped.

Each dropped line is kept in ``Document.removed`` with its reason.
"""

from __future__ import annotations

import re

from storyline.model import RemovedLine

__all__ = ["BLOG_STAMP", "COMMENT_STAMP", "READER_MESSAGE", "CALL_TO_COMMENT", "drop_comments"]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}[:.]\d{2}"
# a stamp a comment system prints; the generic "NAME wrote:" counts only beside a certain one
_CERTAIN = (
    rf"^\s*At\s+{_CLOCK}\s*(?:[ap]\.?m\.?)?\s+(?:on\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}\s*,[^:]{{1,80}}\bwrote\b|"
    r"\bPosted\s+by\s*:\s*[^|]{1,80}\||"
    rf"\|\s*{_MONTH}\s+\d{{1,2}}\s*,?\s*\d{{4}}\s*[;,]?\s*{_CLOCK}|"
    r"\bReport\s+abuse\b|\bRecommend\s+this\s+comment\b|\bThis\s+comment\s+was\s+removed\b|"
    rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\s+at\s+{_CLOCK}\s*[ap]\.?m\.?\s*\|"  # "June 15, 2011 at 11:14 am |"
)
COMMENT_STAMP = re.compile(_CERTAIN + r"|\bwrote\s*:", re.I)
_CERTAIN_STAMP = re.compile(_CERTAIN, re.I)
# a blog post's byline and time glued to its first sentence: "Susan Watts | 18:00 UK time,
# Saturday, 25 April 2009 Experts are ...": the stamp goes, the sentence stays
BLOG_STAMP = re.compile(
    rf"^(?:By\s+)?(?:[A-Z][\w'.-]*\s+){{1,4}}\|\s*{_CLOCK}\s*(?:[ap]\.?m\.?\s*)?(?:UK\s+time|GMT|BST|ET|EST|EDT)?\s*,?\s*"
    rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*,?\s*)?\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\s+(?=\S)"
)
READER_MESSAGE = re.compile(
    r"^(?:\d{3,4}\s+)?(?:[A-Z][\w'.-]*\s+){1,4}"  # "1614 A-cui", "Ana Jones"
    r"(?:(?:from|in)\s+(?:[A-Z][\w'.-]*\s*){1,3}|,\s*[^:“\"]{2,80},\s*)"  # "from Beijing", ", a nurse in Leeds,"
    r"(?:e-?mails?|writes|wrote|texts|tweets)\s*:",
)
CALL_TO_COMMENT = re.compile(
    r"\bHave\s+Your\s+Say\b|\bSend\s+us\s+your\s+(?:comments|views|experiences|pictures|photos)\b|"
    r"\bLetters\s+for\s+publication\b|\bclick\s+here\b|\bComment\s+on\s+this\s+(?:story|article)\b|"
    r"\bYou\s+can\s+send\s+us\s+your\b|\bTell\s+us\s+what\s+you\s+think\b|\bJoin\s+the\s+debate\b|"
    r"^\s*Also\s*:\s",
    re.I,
)


def drop_comments(text: str) -> tuple[str, list[RemovedLine]]:
    """``text`` without its comment section, readers' messages and calls to comment,
    and the lines dropped; the separators between kept lines are kept as they were."""
    parts = re.split(r"(\n+)", text)
    lines, seps = parts[0::2], parts[1::2]
    stamps = [i for i, line in enumerate(lines) if COMMENT_STAMP.search(line)]
    certain = [i for i in stamps if _CERTAIN_STAMP.search(lines[i])]
    cut = stamps[0] if len(stamps) >= 2 and certain else len(lines)
    removed: list[RemovedLine] = []
    kept: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        reason = ("reader comments" if i >= cut else
                  "reader's message" if READER_MESSAGE.search(line) else
                  "call to comment" if CALL_TO_COMMENT.search(line) else None)
        if reason:
            removed.append(RemovedLine(line, reason))
            continue
        stamp = BLOG_STAMP.match(line)
        if stamp:
            removed.append(RemovedLine(stamp.group(0).strip(), "blog post stamp"))
            line = line[stamp.end() :]
        if kept:
            kept.append(seps[i - 1])  # the separator before this line (there is one: i > 0)
        kept.append(line)
    return "".join(kept), removed
