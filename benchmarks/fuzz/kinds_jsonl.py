"""JSON Lines kinds: nesting, huge integers, lone surrogates, odd dates, non-objects,
long lines, CRLF, NUL, odd field types, floods of bad lines, HTML-injection metadata."""

from __future__ import annotations

import gzip
import json
import random

from kinds import Made, article, article_html, kind, put

FIELDS = ("id", "url", "title", "outlet", "author", "published")
ODD_DATES = ["0001-01-01", "9999-12-31", "0000-00-00", "2012-02-30", "2012-13-01", "+002012-03-13",
             "2012-03-13T25:00:00", "2012-W11-2", "20120313", "  2012-03-13  ", "2012-03-13T09:30:00+99:00",
             "9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00-23:59", "1970-01-01", "-0001-01-01",
             "2012-03-13\u0000", "\ud800", "2012\u200b-03-13", "٢٠١٢-٠٣-١٣", "x" * 5000]
ODD_VALUES = [None, True, 0, -1, 1.5e308, float("nan"), float("inf"), [], {}, [1, 2], {"a": "b"}, "",
              "   ", 10**40, -(10**20)]
INJECT = ['<script>alert("fz")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
          "</title><script>alert(1)</script>", "\x1b[31mred\x1b[0m", "line\nbreak", "tab\there",
          "\u202egnp.exe", "<iframe src=//evil></iframe>", "{{7*7}}", "`rm -rf`", "]]><!--"]


def _dump(record, rng: random.Random) -> bytes:
    """One JSON line; ASCII-escaped or raw (lone surrogates then as invalid UTF-8 bytes)."""
    text = json.dumps(record, ensure_ascii=rng.random() < 0.6)
    return text.encode("utf-8", "surrogatepass")


def _good(rng: random.Random) -> dict:
    record = {"text": article(rng)}
    if rng.random() < 0.5:
        record["title"] = "Repairs after the storm"
    return record


def _write(folder, rng, lines: list[bytes], name: str | None = None, crlf: bool = False):
    name = name or rng.choice(["feed.jsonl", "feed.ndjson", "FEED.JSONL", "feed.jsonl.gz"])
    data = (b"\r\n" if crlf else b"\n").join(lines) + rng.choice([b"\n", b"", b"\n\n\n"])
    if name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    return put(folder, name, data)


@kind("jsonl_nesting", "jsonl")
def jsonl_nesting(rng, folder, ctx):
    """Arrays/objects nested 100-200,000 deep, as the line or inside a field."""
    depth = rng.choice([100, 999, 1000, 5000, 200_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    deep = opener * depth + "1" + closer * depth
    lines = [deep.encode(), ('{"text": %s}' % deep).encode(), ('{"text": "%s", "title": %s}' % (
        article(rng).replace("\n", "\\n"), deep)).encode(), _dump(_good(rng), rng)]
    rng.shuffle(lines)
    return Made([_write(folder, rng, lines)])


@kind("jsonl_bigint", "jsonl")
def jsonl_bigint(rng, folder, ctx):
    """Integers of 4,299-50,000 digits as id, published, text or the whole line."""
    digits = rng.choice([4299, 4300, 4301, 5000, 50_000])
    big = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))
    field = rng.choice(["id", "published", "text", "title", None])
    record = _good(rng)
    if field is None:
        line = big.encode()
    else:
        line = _dump(record, rng)[:-1] + f', "{field}": {big}}}'.encode()
        line = line.replace(b'"text": ', b'"text": ', 1)
    return Made([_write(folder, rng, [line, _dump(_good(rng), rng)])])


@kind("jsonl_surrogate", "jsonl")
def jsonl_surrogate(rng, folder, ctx):
    """Lone surrogates (escaped \\ud800 or raw CESU bytes) in text, html, title, id, url, published."""
    record = _good(rng)
    lone = rng.choice(["\ud800", "\udfff", "\udc80", "\ud83d", "x\ud800y"])
    target = rng.choice(["text", "html", "title", "outlet", "author", "url", "id", "published", "key"])
    if target == "text":
        cut = rng.randrange(len(record["text"]))
        record["text"] = record["text"][:cut] + lone + record["text"][cut:]
    elif target == "html":
        record.pop("text")
        record["html"] = article_html(rng).replace("<p>", "<p>" + lone, 1)
    elif target == "key":
        record[lone] = "value"
    else:
        record[target] = lone
    return Made([_write(folder, rng, [_dump(record, rng), _dump(_good(rng), rng)])])


@kind("jsonl_dates", "jsonl", expect="doc")
def jsonl_dates(rng, folder, ctx):
    """``published`` at the ends of the calendar (0001-01-01, 9999-12-31), invalid, or not a string."""
    lines = []
    for _ in range(rng.randint(1, 4)):
        record = _good(rng)
        record["published"] = rng.choice(ODD_DATES + ODD_VALUES)
        lines.append(json.dumps(record).encode())  # \u-escaped: a lone surrogate is valid JSON
    return Made([_write(folder, rng, lines)], expect="doc")  # odd dates are ignored, the text stays


@kind("jsonl_nonobject", "jsonl")
def jsonl_nonobject(rng, folder, ctx):
    """Lines that are arrays, strings, numbers, null, NaN, Infinity, or malformed JSON."""
    pool = [b"[]", b'"text"', b"42", b"null", b"true", b"NaN", b"-Infinity", b"[{\"text\": \"x\"}]",
            b"{", b"}", b'{"text": "unterminated', b"{'text': 'single quotes'}", b'{"text": "a",}',
            b'{"text" "x"}', b"\xff\xfe{}", b"{}", b'{"a": 1}' * 3, b"\x00", b"\t", b"// comment"]
    lines = [rng.choice(pool) for _ in range(rng.randint(1, 8))] + [_dump(_good(rng), rng)]
    rng.shuffle(lines)
    return Made([_write(folder, rng, lines)])


@kind("jsonl_fields", "jsonl")
def jsonl_fields(rng, folder, ctx):
    """Odd field types: text a list/number/null/empty, html and text both, duplicate keys and ids."""
    lines = []
    for _ in range(rng.randint(1, 6)):
        record = {}
        for key in rng.sample(("text", "html") + FIELDS, rng.randint(1, 6)):
            record[key] = rng.choice(ODD_VALUES + [article(rng), article_html(rng), "dup-id"])
        lines.append(_dump(record, rng))
    lines.append(b'{"text": "first", "text": "%s", "id": "dup-id"}' % article(rng).replace("\n", " ").encode())
    return Made([_write(folder, rng, lines)])


@kind("jsonl_inject", "jsonl", expect="doc")
def jsonl_inject(rng, folder, ctx):
    """HTML-injection, escape sequences and newlines in title/outlet/author/url/id of a real article."""
    record = _good(rng)
    marker = f"fz{ctx.case_id}"
    payloads = []
    for key in ("title", "outlet", "author", "url", "id"):
        if rng.random() < 0.7:
            payload = rng.choice(INJECT).replace("fz", marker)
            record[key] = payload
            payloads.append(payload)
    if rng.random() < 0.3:
        record.pop("text")
        # not "]]><!--": an unclosed comment hides the rest of the page, rightly
        title = rng.choice([p for p in INJECT if "<!--" not in p]).replace("fz", marker)
        record["html"] = article_html(rng, title=title)
    made = Made([_write(folder, rng, [_dump(record, rng)])], expect="doc")
    made.payloads = ['<script>alert("%s")' % marker, "<img src=x onerror", "<iframe src=//evil"]
    return made


@kind("jsonl_lines", "jsonl", cost=3.0, weight=4)
def jsonl_lines(rng, folder, ctx):
    """CRLF, lone CR, NUL (raw and \\u0000), U+2028, a 2-5 MB line, a BOM, or UTF-16 for the whole file."""
    style = rng.randrange(7)
    good = _good(rng)
    if style == 0:
        return Made([_write(folder, rng, [_dump(good, rng), _dump(_good(rng), rng)], crlf=True)], expect="doc")
    if style == 1:
        data = b"\r".join([_dump(good, rng), _dump(_good(rng), rng)])
        return Made([put(folder, "cr.jsonl", data)])
    if style == 2:
        good["text"] = good["text"].replace(" ", rng.choice(["\u0000", " \u0000 ", "\u2028", "\u0085"]), 3)
        line = _dump(good, rng)
        if rng.random() < 0.5:
            line = line.replace(b"\\u0000", b"\x00")
        pad = b"\n" * rng.choice([0, 9000])  # a NUL past the binary sniff window
        return Made([put(folder, "nul.jsonl", pad + line + b"\n" + _dump(_good(rng), rng))])
    if style == 3:
        good["text"] = (article(rng, 4) + "\n\n") * (rng.randint(2_000_000, 5_000_000) // 1000)
        return Made([_write(folder, rng, [_dump(good, rng), _dump(_good(rng), rng)])])
    if style == 4:
        return Made([put(folder, "bom.jsonl", b"\xef\xbb\xbf" + _dump(good, rng) + b"\n")], expect="doc")
    if style == 5:
        data = "\n".join(json.dumps(_good(rng)) for _ in range(2)).encode(rng.choice(["utf-16", "utf-32"]))
        return Made([put(folder, "wide.jsonl", data)])
    return Made([put(folder, "blank.jsonl", b"\n" * rng.randint(1, 10000) + b"   \r\n")])


@kind("jsonl_flood", "jsonl", cost=4.0, weight=2)
def jsonl_flood(rng, folder, ctx):
    """1,000-20,000 bad lines around one good one (a flood of one-line reasons)."""
    n = rng.choice([1000, 5000, 20000])
    bad = rng.choice([b"{", b"[]", b'{"text": ""}', b'{"title": "no text"}', b"\xff"])
    lines = [bad] * n
    lines.insert(rng.randrange(n), _dump(_good(rng), rng))
    return Made([_write(folder, rng, lines, name="flood.jsonl")])
