"""Timeline17's Penn-Treebank tokenization is undone when the text is read (clean stage)."""

import re

import pytest
from conftest import T17, needs_shared

from storyline.clean import CleanConfig, clean
from storyline.clean.detok import detokenize
from storyline.model import RawDocument


@pytest.mark.parametrize(
    "tokenized, prose",
    [
        # brackets, also inside a token, and PTB's backslash escapes
        ("The ferry -LRB- built in 1988 -RRB- sank .", "The ferry (built in 1988) sank."),
        ("Read clause -LSB- 4 -RSB- and -LCB- draft -RCB- .", "Read clause [4] and {draft}."),
        ("Call 555-RRB-201-3344 now .", "Call 555)201-3344 now."),
        ("The 9\\/11 panel and\\/or the \\*\\*\\* board .", "The 9/11 panel and/or the *** board."),
        # double quotes: PTB marks opening and closing
        ("She said `` the dam held '' on Friday .", "She said “the dam held” on Friday."),
        ("`` We will rebuild , '' the mayor said .", "“We will rebuild,” the mayor said."),
        ("It was `` over . ''", "It was “over.”"),
        # single quotes: ` opens, the next ' closes; a lone ' is an apostrophe or an opener
        ("The so-called ` relief fund ' was empty .", "The so-called ‘relief fund’ was empty."),
        ("The growers ' union met .", "The growers' union met."),
        ("Ms Vane said : ' I saw the water rise . '", "Ms Vane said: ‘I saw the water rise.’"),
        ("' Nobody came , ' he wrote .", "‘Nobody came,’ he wrote."),
        ("`` He called it ` a farce , ' '' said Mr Holt .", "“He called it ‘a farce,’” said Mr Holt."),
        ("and then it failed ' , she said .", "and then it failed', she said."),  # opened a line before
        ("They played rock 'n' roll .", "They played rock 'n' roll."),
        # clitics, any case
        ("Marlow 's harbour is n't safe , they 're sure .", "Marlow's harbour isn't safe, they're sure."),
        ("We 've said we 'll go , I 'm told , and she 'd agreed .",
         "We've said we'll go, I'm told, and she'd agreed."),
        ("IT 'S OVER , WE CA N'T WAIT", "IT'S OVER, WE CAN'T WAIT"),
        ("Do n'tforget it", "Don'tforget it"),
        ("He wo n't and ca n't come .", "He won't and can't come."),
        ("It can not be done .", "It can not be done."),
        # punctuation and percent against the word before
        ("Why ? Because ; it rose 40 % : fast !", "Why? Because; it rose 40%: fast!"),
        ("On Sept. 11 , 2001 , the towers fell .", "On Sept. 11, 2001, the towers fell."),
        # currency signs against the number after
        ("It cost $ 5 million -LRB- US$ 3.2 m -RRB- .", "It cost $5 million (US$3.2 m)."),
        ("It cost C$ 40 , not $ US .", "It cost C$40, not $ US."),
        # a repeated period after an abbreviation or an ellipsis is dropped
        ("The storm reached the U.S. .", "The storm reached the U.S."),
        ("Tents , blankets , etc. .", "Tents, blankets, etc."),
        ("He paused ... .", "He paused..."),
        ("Ask the U.S. . ''", "Ask the U.S.”"),
        ("What now . . ?", "What now..?"),
        # an ellipsis sits on the word before it
        ("Wait ... then go .", "Wait... then go."),
        # kept as written: spaced hyphen and dash, # (not always a pound sign)
        ("The port - closed for weeks -- reopened .", "The port - closed for weeks -- reopened."),
        ("It raised # 20,000 .", "It raised # 20,000."),
        # spacing collapsed, nothing else
        ("  a   b  ", "a b"),
        ("", ""),
    ],
)
def test_detokenize(tokenized, prose):
    assert detokenize(tokenized) == prose


def test_joins_no_two_words():
    line = "The bridge 's keepers , `` tired '' -LRB- and cold -RRB- , left at 6 p.m. ."
    assert detokenize(line).split() == ["The", "bridge's", "keepers,", "“tired”", "(and", "cold),", "left", "at",
                                        "6", "p.m."]


T17_BODY = """\
Flooding hit Marlow 's old quarter on Sept. 11 , 2001 -LRB- a Tuesday -RRB- .
`` We lost everything , '' said one shop owner , who did n't want to be named .
Repairs will cost $ 12 million , about 30 % of the town 's budget , officials in the U.S. .
"""


def test_t17_layout_is_detokenized_one_sentence_a_line():
    raw = RawDocument("1.htm.txt", "x", "text", T17_BODY, {"layout": "t17", "published": "2001-09-12"})
    text = clean(raw, CleanConfig(min_chars=10)).text
    assert "-RRB-" not in text and "``" not in text and " 's" not in text
    assert len(text.splitlines()) == len(T17_BODY.splitlines())
    assert text.splitlines()[0] == "Flooding hit Marlow's old quarter on Sept. 11, 2001 (a Tuesday)."


def test_other_layouts_are_untouched():
    raw = RawDocument("a.txt", "a.txt", "text", T17_BODY, {"published": "2001-09-12"})
    assert "Marlow 's old quarter" in clean(raw, CleanConfig(min_chars=10)).text


# what a detokenized line must not keep: bracket names, PTB quotes, split clitics,
# a space before punctuation (a line-initial "," - a sentence split in the wrong
# place - has no space before it and is allowed)
DEBRIS = re.compile(r"-[LR][RSC]B-|``|''|\sn't|\s'(?:s|re|ve|ll|d|m)\b|\s[,.;:?!%](?:\s|$)|\\[/*]", re.I)


@needs_shared(T17 / "H1N1_bbc")
def test_a_real_timeline17_folder_leaves_no_debris():
    files = sorted((T17 / "H1N1_bbc" / "InputDocs").rglob("*.htm.txt"))
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 1000
    debris = [out for out in map(detokenize, lines) if DEBRIS.search(out)]
    assert debris == []
