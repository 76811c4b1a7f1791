"""Byte-level kinds: binary, empty, undecodable, byte-order marks, control characters,
gzip bombs and corrupt gzip, /dev/zero, one enormous paragraph, size-limit extremes."""

from __future__ import annotations

import codecs
import functools
import gzip
import random
import zlib

from kinds import Made, article, article_html, kind, put

_MAGIC = [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"PK\x03\x04\x14\0\x06\0",
          b"\xff\xd8\xff\xe0\0\x10JFIF\0", b"\x7fELF\x02\x01\x01\0", b"GIF89a\x01\0\x01\0"]


def _ext(rng: random.Random) -> str:
    return rng.choice([".txt", ".html", ".htm", "", ".xhtml", ".md", ".TXT"])


@kind("binary", "bytes", expect="reject")
def binary(rng, folder, ctx):
    """Random bytes with NULs, sometimes behind a PNG/PDF/ZIP/ELF magic number."""
    data = rng.choice(_MAGIC + [b""]) + rng.randbytes(rng.randint(16, 20000))
    if b"\0" not in data[:8192]:
        data = data[:10] + b"\0" + data[10:]
    return Made([put(folder, "file" + _ext(rng), data)], expect="reject")


@kind("control_bytes", "bytes")
def control_bytes(rng, folder, ctx):
    """Text sprinkled with control bytes and ANSI escape sequences (below or above the 10% rule)."""
    text = article(rng).encode()
    junk = [b"\x1b[31m", b"\x1b[2J", b"\x07", b"\x08", b"\x1b]0;owned\x07", b"\x0c", b"\x1b[?1049h"]
    share = rng.choice([0.001, 0.02, 0.2])
    out = bytearray()
    for byte in text:
        out.append(byte)
        if rng.random() < share:
            out += rng.choice(junk)
    return Made([put(folder, "ctl" + _ext(rng), bytes(out))])


@kind("empty", "bytes", expect="reject")
def empty(rng, folder, ctx):
    """An empty file, or only whitespace (ASCII, NBSP, ideographic space, BOM-only)."""
    data = rng.choice([b"", b" ", b"\n\n\r\n\t  ", "\u00a0\u3000\u2003\n".encode(), codecs.BOM_UTF8,
                       codecs.BOM_UTF16_LE, codecs.BOM_UTF8 + b"   \n", "\u3000".encode("utf-16")])
    return Made([put(folder, "blank" + _ext(rng), data * rng.randint(1, 50))], expect="reject")


@kind("undecodable", "bytes")
def undecodable(rng, folder, ctx):
    """High bytes that are not UTF-8: random, invalid sequences, overlong forms, mixed in text."""
    style = rng.randrange(4)
    if style == 0:
        data = bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(1, 4000)))
    elif style == 1:
        data = b"".join(rng.choice([b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80",
                                    b"\xff", b"\xfe"]) for _ in range(rng.randint(1, 500)))
    elif style == 2:
        text = article(rng).encode()
        cut = rng.randrange(len(text))
        data = text[:cut] + rng.randbytes(8).replace(b"\0", b"\x81") + text[cut:]
    else:
        data = article(rng).encode(rng.choice(["cp1252", "latin-1", "cp437", "koi8-r", "shift_jis", "utf-7"]),
                                   "replace") + bytes([0x80 + rng.randrange(0x7f)])
    return Made([put(folder, "enc" + _ext(rng), data)])


_UNICODE = [("utf-8-sig", ""), ("utf-16", ""), ("utf-16-le", "\ufeff"), ("utf-16-be", "\ufeff"),
            ("utf-32", ""), ("utf-32-le", "\ufeff"), ("utf-32-be", "\ufeff")]


@kind("bom_valid", "bytes", expect="doc")
def bom_valid(rng, folder, ctx):
    """A real article in UTF-8-with-BOM, UTF-16 or UTF-32 (LE/BE), text or HTML."""
    encoding, mark = rng.choice(_UNICODE)
    body = article(rng) if rng.random() < 0.5 else article_html(rng)
    return Made([put(folder, "bom" + rng.choice([".txt", ".html", ""]), (mark + body).encode(encoding))])


@kind("bom_broken", "bytes")
def bom_broken(rng, folder, ctx):
    """A byte-order mark followed by bytes that are not that encoding, or a mark and nothing."""
    mark = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                       codecs.BOM_UTF32_BE])
    tail = rng.choice([b"", b"\xff" * rng.randint(1, 9), article(rng).encode("utf-8")[: rng.randint(1, 99)],
                       "\ud800".encode("utf-16-le", "surrogatepass"), b"\x00\xd8\x00\xdc" * 3, b"\x00\x00\x11\x00"])
    return Made([put(folder, "bomx" + _ext(rng), mark + tail)])


@kind("utf16_nobom", "bytes")
def utf16_nobom(rng, folder, ctx):
    """UTF-16/32 without a byte-order mark (NUL bytes: read as binary or detected)."""
    encoding = rng.choice(["utf-16-le", "utf-16-be", "utf-32-le"])
    return Made([put(folder, "wide" + _ext(rng), article(rng).encode(encoding))])


@functools.lru_cache(maxsize=8)
def _bomb(megabytes: int, fill: bytes) -> bytes:
    """``megabytes`` MB of ``fill`` as one small gzip member (made in chunks, kept in memory once)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = fill * (1_000_000 // len(fill))
    return b"".join([packer.compress(chunk) for _ in range(megabytes)] + [packer.flush()])


@kind("gzip_bomb", "gzip", expect="reject", cost=3.0, weight=4)
def gzip_bomb(rng, folder, ctx):
    """A small .gz that inflates to 25-200 MB of spaces, letters or zeros (over the 20 MB limit)."""
    size = rng.choice([25, 60, 200])
    fill = rng.choice([b" ", b"a", b"\0", b"news "])
    name = rng.choice(["bomb.txt.gz", "bomb.html.gz", "bomb.jsonl.gz", "bomb.gz", "bomb.ndjson.gz"])
    return Made([put(folder, name, _bomb(size, fill))], expect="reject")


@kind("gzip_corrupt", "gzip")
def gzip_corrupt(rng, folder, ctx):
    """Gzip cut short, bad CRC, flipped bytes, trailing garbage, not gzip at all, or valid (doc)."""
    body = (article_html(rng) if rng.random() < 0.5 else article(rng)).encode()
    data = gzip.compress(body, mtime=0)
    style = rng.randrange(7)
    if style == 0:
        data = data[: rng.randrange(1, len(data))]
    elif style == 1:
        data = data[:-8] + bytes(8)
    elif style == 2:
        data = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        data = bytes(data)
    elif style == 3:
        data = data + rng.randbytes(rng.randint(1, 300))
    elif style == 4:
        data = body
    elif style == 5:
        data = data + data  # two members: still valid
    else:
        data = gzip.compress(b"", mtime=0)
    name = rng.choice(["page.html.gz", "a.txt.gz", "feed.jsonl.gz", "x.gz", "crawl.warc.gz"])
    return Made([put(folder, name, data)])


@kind("dev_zero", "special", expect="reject", cost=2.0, weight=3)
def dev_zero(rng, folder, ctx):
    """/dev/zero (endless NULs) or /dev/null or /dev/urandom given as an input."""
    device = rng.choice(["/dev/zero", "/dev/null", "/dev/urandom"])
    return Made([device], names=[device], expect="reject")


@kind("huge_paragraph", "bytes", cost=60.0, weight=1, solo=True)
def huge_paragraph(rng, folder, ctx):
    """One paragraph of 1,000,000-1,200,000 characters after a normal one (slow: used sparingly)."""
    words = article(rng).split()
    n = rng.randint(1_000_000, 1_200_000)
    para = []
    size = 0
    while size < n:
        word = rng.choice(words)
        para.append(word)
        size += len(word) + 1
    text = article(rng, 1) + "\n\n" + " ".join(para) + "\n"
    if rng.random() < 0.5:
        return Made([put(folder, "long.txt", text)])
    return Made([put(folder, "long.html", f"<html><body><p>{text}</p></body></html>")])


@kind("size_extremes", "options", solo=True, cost=5.0, weight=3)
def size_extremes(rng, folder, ctx):
    """--max-bytes at its extremes (3000, 1e11, 2**63-2, 2**63-1, 1e30) over a few files."""
    limit = rng.choice([3000, 100_000_000_000, 9223372036854775806, 2**63 - 1, 10**30])
    files = [put(folder, "a.txt", article(rng)), put(folder, "b.html.gz", gzip.compress(article_html(rng).encode())),
             put(folder, "c.jsonl", '{"text": "%s"}\n' % article(rng).replace("\n", "\\n"))]
    return Made(files, options={"max_bytes": limit}, cli_args=["--max-bytes", str(limit)])


@kind("over_limit", "options", solo=True, weight=3)
def over_limit(rng, folder, ctx):
    """Each input type just over a small --max-bytes: file, .gz inflated size, JSONL line, WARC record."""
    limit = rng.choice([3000, 5000])  # above the good article's size
    big = article(rng, 4) * 6
    files = [put(folder, "big.txt", big), put(folder, "big.html.gz", gzip.compress(big.encode())),
             put(folder, "big.jsonl", '{"text": "%s"}\n{"text": "x"}\n' % big.replace("\n", "\\n"))]
    return Made(files, options={"max_bytes": limit}, cli_args=["--max-bytes", str(limit)])


@kind("stdin", "special", modes=("cli",), weight=3)
def stdin(rng, folder, ctx):
    """``-`` with binary, empty, UTF-16 or text on standard input (CLI only)."""
    data = rng.choice([b"", rng.randbytes(500) + b"\0", article(rng).encode("utf-16"), article(rng).encode(),
                       b"\xff\xfe\xfd" * 10])
    return Made(["-"], names=["stdin"], stdin=data)


@kind("odd_text", "bytes")
def odd_text(rng, folder, ctx):
    """Odd but valid text: one giant line, only digits, RTL/zero-width marks, emoji, CRLF, lone CRs."""
    base = article(rng)
    style = rng.randrange(6)
    if style == 0:
        base = base.replace("\n", " ") * rng.randint(1, 30)
    elif style == 1:
        base = " ".join(str(rng.getrandbits(64)) for _ in range(rng.randint(10, 3000)))
    elif style == 2:
        base = "".join(c + rng.choice(["\u200b", "\u202e", "\u2066", "\ufeff", ""]) for c in base)
    elif style == 3:
        base = base.replace(" ", " \U0001f600 ")
    elif style == 4:
        base = base.replace("\n", "\r\n")
    else:
        base = base.replace("\n", "\r")
    return Made([put(folder, "odd" + _ext(rng), base.encode("utf-8"))])

