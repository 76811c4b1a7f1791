"""Web archive kinds: valid WARC/ARC files written with warcio (or by hand for ARC),
then cut, flipped, mislabelled, or given escape sequences and odd headers."""

from __future__ import annotations

import gzip
import io
import random

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kinds import Made, article, article_html, kind, put

_URIS = ["http://news.example/story", "http://x/\x1b[31mred\x1b[0m", "http://x/\x1b]0;pwned\x07",
         "http://x/a\rb", "http://[::1", "javascript:alert(1)", "", "http://x/" + "a" * 70000,
         "http://x/\u202egnp", 'http://x/"><script>alert(1)</script>', "file:///etc/passwd"]
_TYPES = ["text/html; charset=utf-8", "text/html", "TEXT/HTML;charset=bogus-cs", "text/html; charset=utf-7",
          "text/html; charset=utf-16", "application/xhtml+xml", "text/html; charset=\x1b[31m", "image/png"]


def _warc(rng: random.Random, records: int = 2, gz: bool = False, uri: str | None = None,
          content_type: str | None = None, status: str = "200 OK", body: bytes | None = None,
          http_extra: list | None = None) -> bytes:
    """A valid WARC: a warcinfo record, then ``records`` HTML responses (deterministic headers)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    n = 0

    def fixed() -> dict:
        nonlocal n
        n += 1
        return {"WARC-Date": "2021-06-0%dT12:00:00Z" % (n % 9 + 1), "WARC-Record-ID": f"<urn:uuid:fz-{n}>"}

    info = writer.create_warc_record("", "warcinfo", payload=io.BytesIO(b"software: fuzz\r\n"),
                                     warc_content_type="application/warc-fields", warc_headers_dict=fixed())
    writer.write_record(info)
    for i in range(records):
        headers = [("Content-Type", content_type or "text/html; charset=utf-8")] + (http_extra or [])
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        payload = body if body is not None else article_html(rng).encode()
        record = writer.create_warc_record(uri if uri is not None else f"http://news.example/{i}", "response",
                                           payload=io.BytesIO(payload), http_headers=http,
                                           warc_headers_dict=fixed())
        writer.write_record(record)
    return buf.getvalue()


def _arc(rng: random.Random, records: int = 2) -> bytes:
    """A hand-made ARC v1 file (warcio reads ARC but does not write it)."""
    head = b"1 0 Fuzz\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://fz.arc 0.0.0.0 20210601120000 text/plain %d\n" % len(head) + head + b"\n"]
    for i in range(records):
        page = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + article_html(rng).encode()
        out.append(b"http://news.example/%d 127.0.0.1 20210601120000 text/html %d\n" % (i, len(page)) + page + b"\n")
    return b"".join(out)


def _name(rng: random.Random, gz: bool, arc: bool = False) -> str:
    base = "crawl.arc" if arc else rng.choice(["crawl.warc", "CRAWL.WARC"])
    return base + (".gz" if gz else "")


@kind("warc_valid_odd", "archive", expect="doc")
def warc_valid_odd(rng, folder, ctx):
    """A valid WARC (plain or per-record gzip) with one HTML record per page and a warcinfo."""
    gz = rng.random() < 0.5
    return Made([put(folder, _name(rng, gz), _warc(rng, rng.randint(1, 3), gz))], expect="doc")


@kind("warc_truncated", "archive")
def warc_truncated(rng, folder, ctx):
    """A WARC (plain or gzipped records) cut at a random byte."""
    gz = rng.random() < 0.4
    data = _warc(rng, rng.randint(1, 3), gz)
    return Made([put(folder, _name(rng, gz), data[: rng.randrange(1, len(data))])])


@kind("warc_flipped", "archive")
def warc_flipped(rng, folder, ctx):
    """A WARC with 1-20 random bytes changed (headers, lengths, gzip members)."""
    gz = rng.random() < 0.4
    data = bytearray(_warc(rng, rng.randint(1, 3), gz))
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return Made([put(folder, _name(rng, gz), bytes(data))])


@kind("warc_headers", "archive")
def warc_headers(rng, folder, ctx):
    """Content-Length wrong/negative/huge/text, WARC version or type wrong, header folding, huge header."""
    data = _warc(rng, 2)
    style = rng.randrange(8)
    if style == 0:
        value = rng.choice([b"-5", b"99999999999999999999999999", b"abc", b"0", b"1", b"", b"1e3", b"0x10"])
        data = data.replace(b"Content-Length: ", b"Content-Length: " + value + b"\r\nX-Old: ", 2)
    elif style == 1:
        data = data.replace(b"WARC/1.0", rng.choice([b"WARC/0.9", b"WARC/9.9", b"HTTP/1.1", b"", b"WARC/1.0\x00"]), 2)
    elif style == 2:
        data = data.replace(b"WARC-Type: response", b"WARC-Type: " + rng.choice([b"", b"resource", b"revisit",
                                                                                b"conversion", b"\x1b[31m"]))
    elif style == 3:
        data = data.replace(b"WARC-Date:", b"WARC-Date:\r\n folded\r\n\tcontinued", 1)
    elif style == 4:
        data = data.replace(b"WARC-Date:", b"X-Big: " + b"h" * 70000 + b"\r\nWARC-Date:", 1)
    elif style == 5:
        data = data.replace(b"\r\n\r\n", b"\n\n")
    elif style == 6:
        data = data.replace(b"HTTP/1.1 200 OK", rng.choice([b"HTTP/1.1 abc", b"HTTP/1.1", b"999 X", b"",
                                                          b"HTTP/1.1 200 \x1b[31mOK", b"HTTP/1.1 302 Found"]))
    else:
        data = data.replace(b"Content-Type: text/html", b"Content-Type: text/html\r\nContent-Encoding: gzip", 1)
    return Made([put(folder, _name(rng, False), data)])


@kind("warc_escapes", "archive")
def warc_escapes(rng, folder, ctx):
    """Target URIs and content types with terminal escapes, CR, RTL marks, injection, 70 KB, or none."""
    data = _warc(rng, rng.randint(1, 2), rng.random() < 0.3, uri=rng.choice(_URIS),
                 content_type=rng.choice(_TYPES),
                 http_extra=[("X-Note", rng.choice(["\x1b[2J", "a\u0085b", "ok"]))])
    return Made([put(folder, _name(rng, False), data)])


@kind("warc_records", "archive", cost=2.0)
def warc_records(rng, folder, ctx):
    """Odd record sets: only warcinfo, 1,000 tiny pages, non-2xx statuses, binary or empty payloads."""
    style = rng.randrange(5)
    if style == 0:
        data = _warc(rng, 0)
    elif style == 1:
        data = _warc(rng, 1000, body=b"<html><body><p>tiny</p></body></html>")
    elif style == 2:
        data = _warc(rng, 2, status=rng.choice(["404 Not Found", "301 Moved", "500 \x1b[31mboom", "000 X"]))
    elif style == 3:
        data = _warc(rng, 1, body=rng.randbytes(3000) + b"\0")
    else:
        data = _warc(rng, 2, body=b"")
    return Made([put(folder, _name(rng, rng.random() < 0.5), data)])


@kind("warc_gzip", "archive", cost=3.0)
def warc_gzip(rng, folder, ctx):
    """A whole WARC gzipped as one member, a gzip bomb payload, garbage between gzip members."""
    style = rng.randrange(3)
    if style == 0:
        data = gzip.compress(_warc(rng, 2), mtime=0)
    elif style == 1:
        bomb = gzip.compress(b" " * 30_000_000, mtime=0)
        data = _warc(rng, 1, body=bomb, http_extra=[("Content-Encoding", "gzip")])
    else:
        records = _warc(rng, 2, True)
        cut = records.find(b"\x1f\x8b", 10)
        data = records[:cut] + rng.randbytes(50) + records[cut:] if cut > 0 else records
    return Made([put(folder, _name(rng, True), data)])


@kind("warc_not", "archive")
def warc_not(rng, folder, ctx):
    """Something else named .warc/.arc: text, HTML, JSON, binary, an empty file, ASCII-art headers."""
    data = rng.choice([article(rng).encode(), article_html(rng).encode(), b'{"text": "x"}', b"",
                       rng.randbytes(200) + b"\0", b"WARC/1.0\r\n\r\n", b"filedesc://\n",
                       b"WARC/1.0\r\nContent-Length: 5\r\n\r\nabc"])
    return Made([put(folder, _name(rng, False, rng.random() < 0.3), data)])


@kind("arc_mutated", "archive")
def arc_mutated(rng, folder, ctx):
    """A hand-made ARC file, valid, cut short, with wrong lengths or escapes in the URL line."""
    data = _arc(rng, rng.randint(1, 3))
    style = rng.randrange(4)
    if style == 1:
        data = data[: rng.randrange(1, len(data))]
    elif style == 2:
        data = data.replace(b" text/html ", b" text/html 9" if rng.random() < 0.5 else b" text/html -", 1)
    elif style == 3:
        data = data.replace(b"http://news.example/0", b"http://x/\x1b[31m\x1b]0;t\x07", 1)
    gz = rng.random() < 0.3
    if gz:
        data = gzip.compress(data, mtime=0)
    return Made([put(folder, _name(rng, gz, arc=True), data)])
