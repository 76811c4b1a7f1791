"""Behaviour tests for storyline.ingest: every input kind, ids, and every bad input."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import IngestConfig, read
from storyline.ingest.errors import human_size, os_reason
from storyline.model import RawDocument, Rejected

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLE = "Storm hits the coast\n\nA storm hit the coast on Monday, officials said.\n"
PAGE = "<!DOCTYPE html><html><head><title>Storm</title></head><body><p>A storm hit.</p></body>"
BINARY = "binary content (not text or HTML)"


def run(inputs, config: IngestConfig | None = None, stdin=None) -> list[RawDocument | Rejected]:
    return list(read([str(i) for i in inputs], config or IngestConfig(), stdin=stdin))


def docs(items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejected(items) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# --- plain files -------------------------------------------------------------------


def test_text_file(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE)
    [doc] = run([path])
    assert doc == RawDocument(id="a.txt", source=str(path), kind="text", body=ARTICLE, meta={})


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.xhtml", "A.HTML"])
def test_html_by_extension(tmp_path, name):
    [doc] = run([write(tmp_path / name, "<p>No doctype, still HTML by its name</p>")])
    assert doc.kind == "html"
    assert doc.id == name


@pytest.mark.parametrize("body", [PAGE, "\n  <html><body>x</body></html>", "<!doctype HTML>\n<p>"])
def test_txt_holding_html_is_sniffed_as_html(tmp_path, body):
    [doc] = run([write(tmp_path / "page.txt", body)])
    assert doc.kind == "html"
    assert doc.body == body


def test_html_without_text_is_passed_on(tmp_path):
    [doc] = run([write(tmp_path / "a.html", "<html><body></body></html>")])
    assert (doc.kind, doc.body) == ("html", "<html><body></body></html>")


def test_text_mentioning_html_stays_text(tmp_path):
    [doc] = run([write(tmp_path / "a.txt", "About <html> tags: they start a page.")])
    assert doc.kind == "text"


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [("README", ARTICLE, "text"), ("story.dat", ARTICLE, "text"), ("page.xyz", PAGE, "html")],
)
def test_unknown_extension_read_when_it_decodes_as_text(tmp_path, name, body, kind):
    [doc] = run([write(tmp_path / name, body)])
    assert (doc.id, doc.kind, doc.body) == (name, kind, body)


def test_gzipped_text_and_html_are_decompressed(tmp_path):
    write(tmp_path / "a.txt.gz", gzip.compress(ARTICLE.encode()))
    write(tmp_path / "b.html.gz", gzip.compress(b"<p>gz page</p>"))
    a, b = run([tmp_path / "a.txt.gz", tmp_path / "b.html.gz"])
    assert (a.id, a.kind, a.body) == ("a.txt.gz", "text", ARTICLE)
    assert (b.id, b.kind, b.body) == ("b.html.gz", "html", "<p>gz page</p>")


def test_corrupt_gzip_is_rejected(tmp_path):
    bad = write(tmp_path / "bad.txt.gz", b"this is not gzip data at all")
    cut = write(tmp_path / "cut.txt.gz", gzip.compress(ARTICLE.encode() * 50)[:40])
    items = run([bad, cut])
    assert [r.source for r in items] == [str(bad), str(cut)]
    assert all(isinstance(r, Rejected) and "corrupt gzip" in r.reason for r in items)


def test_gzip_bomb_is_limited_by_decompressed_size(tmp_path):
    path = write(tmp_path / "big.txt.gz", gzip.compress(b"word " * 100_000))
    [item] = run([path], IngestConfig(max_bytes=10_000))
    assert item == Rejected(str(path), "too large (more than the 10.0 KB limit; raise --max-bytes)")


# --- encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café in Zürich: señor Müller's déjà vu, naïve façade.", "latin-1"),
        ("Grüße aus München, schön", "latin-1"),
        ("The “smart quotes” – and an em—dash cost €5.", "cp1252"),
        ("Москва - столица России. Президент заявил во вторник, что переговоры идут.", "cp1251"),
        ("UTF-8 with a byte-order mark: café", "utf-8-sig"),
        ("UTF-16 with a byte-order mark: café", "utf-16"),
    ],
)
def test_legacy_encodings_are_decoded_not_rejected(tmp_path, text, encoding):
    [doc] = run([write(tmp_path / "old.txt", text.encode(encoding))])
    assert isinstance(doc, RawDocument)
    assert doc.body == text


def test_undecodable_bytes_are_rejected(tmp_path):
    rng = random.Random(0)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    path = write(tmp_path / "noise.txt", noise)
    [item] = run([path])
    assert isinstance(item, Rejected)
    assert item.reason.startswith("undecodable text (not UTF-8")


def test_broken_utf16_is_rejected(tmp_path):
    path = write(tmp_path / "u16.txt", b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00")
    [item] = run([path])
    assert isinstance(item, Rejected)
    assert item.reason.startswith("undecodable text (starts with a utf-16 byte-order mark")


# --- bad inputs: exactly one Rejected, the good file is still read ------------------


def _sparse(path: Path) -> Path:
    with open(path, "wb") as f:
        f.truncate(3_000_000_000)
    return path


BAD_INPUTS = {
    "missing": (lambda d: d / "nope.txt", "no such file or directory"),
    "glob": (lambda d: d / "*.nomatch", "matched no files"),
    "empty": (lambda d: write(d / "empty.txt", b""), "empty"),
    "whitespace": (lambda d: write(d / "blank.txt", b" \n\t\r\n  "), "empty"),
    "bom only": (lambda d: write(d / "bom.txt", b"\xef\xbb\xbf\n"), "empty"),
    "nul bytes": (lambda d: write(d / "img.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" * 9), BINARY),
    "control bytes": (lambda d: write(d / "ctl.html", bytes(range(1, 9)) * 50), BINARY),
    "too large": (
        lambda d: _sparse(d / "huge.txt"),
        "too large (3.0 GB > 20.0 MB limit; raise --max-bytes)",
    ),
    "empty folder": (
        lambda d: (d / "nothing").mkdir() or d / "nothing",
        "no files in folder (hidden files are skipped)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_rejected_and_good_files_are_still_read(tmp_path, case):
    make, reason = BAD_INPUTS[case]
    good = write(tmp_path / "good" / "ok.txt", ARTICLE)
    bad = make(tmp_path)
    items = run([good, bad, good.parent])
    assert items == [
        RawDocument(id="ok.txt", source=str(good), kind="text", body=ARTICLE),
        Rejected(str(bad), reason),
    ]
    assert str(items[1]) == f"{bad}: {reason}"


def test_unreadable_file_is_rejected(tmp_path):
    path = write(tmp_path / "secret.txt", ARTICLE)
    path.chmod(0)
    try:
        with open(path, "rb"):
            pytest.skip("this user can read files without permission (root)")
    except PermissionError:
        pass
    locked = write(tmp_path / "locked" / "a.txt", ARTICLE).parent
    locked.chmod(0)
    try:
        assert run([path, tmp_path]) == [
            Rejected(str(path), "permission denied"),
            Rejected(str(locked), "permission denied"),
        ]
    finally:
        path.chmod(0o644)
        locked.chmod(0o755)


def test_os_errors_become_short_reasons():
    assert os_reason(PermissionError(13, "Permission denied")) == "permission denied"
    missing = FileNotFoundError(2, "No such file or directory")
    assert os_reason(missing) == "no such file or directory"


def test_too_large_without_size_on_disk(tmp_path):
    path = write(tmp_path / "a.txt", "x" * 2000)
    assert run([path], IngestConfig(max_bytes=1000)) == [
        Rejected(str(path), "too large (2.0 KB > 1.0 KB limit; raise --max-bytes)")
    ]


def test_empty_path_is_rejected_not_read_as_current_folder():
    assert run([""]) == [Rejected("", "empty path")]


def test_a_single_string_is_a_programming_error():
    with pytest.raises(TypeError, match="list of paths"):
        list(read("a.txt"))


# --- folders and globs -------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    root = tmp_path / "news"
    for rel in ["b.txt", "a/z.txt", "a/b.html", "c/d/e.txt", ".hidden.txt", ".git/x.txt", "a/.swp"]:
        write(root / rel, f"article {rel}")
    items = run([root])
    expected = ["a/b.html", "a/z.txt", "b.txt", "c/d/e.txt"]
    assert [d.source for d in items] == [str(root / rel) for rel in expected]
    assert [d.kind for d in items] == ["html", "text", "text", "text"]


def test_glob_is_expanded_recursively_and_sorted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ["b.html", "a.html", "x.txt", "sub/c.html"]:
        write(tmp_path / rel, PAGE)
    assert [d.source for d in run(["*.html"])] == ["a.html", "b.html"]
    assert [d.source for d in run(["**/*.html"])] == ["a.html", "b.html", "sub/c.html"]


def test_same_file_reached_twice_is_read_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "d" / "a.txt", ARTICLE)
    write(tmp_path / "d" / "b.txt", ARTICLE)
    given = ["d/a.txt", "./d/a.txt", str(tmp_path / "d" / "a.txt"), "d", "d/*.txt", "no.txt"]
    items = run(given + ["no.txt"])
    assert [i.source for i in items] == ["d/a.txt", "d/b.txt", "no.txt"]
    assert [d.id for d in docs(items)] == ["a.txt", "b.txt"]


# --- ids -----------------------------------------------------------------------------


def test_same_file_names_get_paths_from_the_common_parent(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "in" / "x" / "1.txt", "first")
    write(tmp_path / "in" / "y" / "1.txt", "second")
    write(tmp_path / "in" / "y" / "2.txt", "third")
    items = run(["in/x", "in/y"])
    assert [d.id for d in items] == ["x/1.txt", "y/1.txt", "2.txt"]
    assert [d.source for d in items] == ["in/x/1.txt", "in/y/1.txt", "in/y/2.txt"]


def test_remaining_id_collisions_get_a_numbered_suffix(tmp_path):
    lines = [json.dumps({"id": "a1", "text": text}) for text in "xyz"]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines))
    other = write(tmp_path / "a1", "a file whose name is a1")
    items = run([feed, other])
    assert [d.id for d in items] == ["a1", "a1~2", "a1~3", "a1~4"]


def test_reading_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ["p/3.txt", "p/1.txt", "q/1.txt", "q/z.html", "r.txt"]:
        write(tmp_path / rel, f"text of {rel}")
    write(tmp_path / "feed.jsonl", '{"text": "one"}\n{"text": "two"}\nnot json\n')
    inputs = ["q", "p", "*.txt", "feed.jsonl", "missing.txt"]
    first = run(inputs)
    assert first == run(inputs)
    allowed = {"title", "outlet", "author", "published", "published_evidence", "url", "url_evidence", "image", "layout"}
    assert all(set(d.meta) <= allowed for d in docs(first))
    names = [i.id if isinstance(i, RawDocument) else i.source for i in first]
    assert names == [
        *("q/1.txt", "z.html", "p/1.txt", "3.txt", "r.txt"),
        *("feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3", "missing.txt"),
    ]


# --- JSONL -------------------------------------------------------------------------


def test_jsonl_records(tmp_path):
    first = {"id": "r1", "text": "plain text", "title": " Title ", "outlet": "Reuters"}
    first.update(url="https://x/1", published="2012-03-13")
    lines = [
        json.dumps(first),
        json.dumps({"id": 7, "html": "<p>html</p>", "published": "2012-03-13T23:30:00-05:00"}),
        "",
        json.dumps({"text": "loser", "html": "<p>winner</p>", "published": "13 March 2012"}),
        json.dumps({"text": "no id", "published": 20120313, "title": None}),
    ]
    path = write(tmp_path / "feed.ndjson", "\r\n".join(lines))
    a, b, c, d = run([path])
    assert a == RawDocument(
        id="r1",
        source=f"{path}:1",
        kind="text",
        body="plain text",
        meta={
            "title": "Title",
            "outlet": "Reuters",
            "url": "https://x/1",
            "url_evidence": "JSONL field 'url'",
            "published": "2012-03-13",
            "published_evidence": "JSONL field 'published'",
        },
    )
    assert (b.id, b.kind, b.body, b.meta["published"]) == ("7", "html", "<p>html</p>", "2012-03-13")
    assert (c.id, c.source, c.kind) == ("feed.ndjson:4", f"{path}:4", "html")
    assert c.body == "<p>winner</p>"
    assert c.meta == {}
    assert (d.id, d.kind, d.meta) == ("feed.ndjson:5", "text", {})


def test_jsonl_bad_lines_are_rejected_one_by_one(tmp_path):
    lines = [
        '{"text": "good one"}',
        '{"text": "broken',
        '["a", "list"]',
        '{"title": "no body"}',
        '{"text": "   "}',
        '{"text": ' + '"' + "x" * 200 + '"}',
        "[" * 100_000,
        b'{"text": "caf\xe9"}'.decode("latin-1"),
        '{"text": "good two"}',
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines).encode("latin-1") + b"\n")
    items = run([path], IngestConfig(max_bytes=150))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["RawDocument"] + ["Rejected"] * 7 + ["RawDocument"]
    reasons = {r.source: r.reason for r in rejected(items)}
    assert reasons[f"{path}:2"] == "malformed JSON: Unterminated string starting at column 10"
    assert reasons[f"{path}:3"] == "not a JSON object (an array)"
    assert reasons[f"{path}:4"] == "no 'text', 'html' or 'maintext' field"
    assert reasons[f"{path}:5"] == "empty 'text' field"
    assert reasons[f"{path}:6"] == "too large (more than the 150 bytes limit; raise --max-bytes)"
    assert reasons[f"{path}:7"].startswith("too large")
    assert reasons[f"{path}:8"] == "malformed JSON: not UTF-8"
    assert [d.body for d in docs(items)] == ["good one", "good two"]


def test_jsonl_deeply_nested_line_is_malformed_not_a_crash(tmp_path):
    path = write(tmp_path / "feed.jsonl", "[" * 100_000 + "\n")
    [item] = run([path])
    assert item == Rejected(f"{path}:1", "malformed JSON: nested too deeply")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\n\n  \n", "empty"), (b'{"text": "x"}\0\0\0', BINARY)],
)
def test_unusable_jsonl_file(tmp_path, content, reason):
    path = write(tmp_path / "feed.jsonl", content)
    assert run([path]) == [Rejected(str(path), reason)]


def test_jsonl_with_only_oversized_lines_is_not_called_empty(tmp_path):
    path = write(tmp_path / "feed.jsonl", '{"text": "%s"}\n' % ("x" * 500))
    assert run([path], IngestConfig(max_bytes=100)) == [
        Rejected(f"{path}:1", "too large (more than the 100 bytes limit; raise --max-bytes)")
    ]


def test_gzipped_jsonl_and_a_truncated_one(tmp_path):
    path = write(tmp_path / "feed.jsonl.gz", gzip.compress(b'{"text": "zipped"}\n'))
    [doc] = run([path])
    assert (doc.id, doc.body) == ("feed.jsonl.gz:1", "zipped")
    lines = "".join(json.dumps({"text": f"article {n} " * 20}) + "\n" for n in range(2000))
    packed = gzip.compress(lines.encode())
    cut = write(tmp_path / "cut.jsonl.gz", packed[: len(packed) // 2])
    items = run([cut])
    assert len(docs(items)) > 100
    assert items[-1] == Rejected(
        str(cut), "corrupt gzip data (Compressed file ended before the end-of-stream marker was reached)"
    )


# --- news-please and trafilatura records; .json files --------------------------------

NEWS_PLEASE = {  # the fields of news-please's NewsArticle.get_serializable_dict(), invented values
    "authors": ["Mara Quint", "Olek Brand"],
    "date_download": "2031-09-20 08:15:00",
    "date_modify": "None",
    "date_publish": "2031-09-17 10:00:00",
    "description": "A ferry struck the pier at Velmora.",
    "filename": "ferry.json",
    "image_url": "https://ledger.example/img/ferry.jpg",
    "language": "en",
    "localpath": None,
    "maintext": "A passenger ferry struck the main pier at Velmora on Thursday morning.",
    "source_domain": "ledger.example",
    "text": None,
    "title": "Ferry strikes pier",
    "title_page": None,
    "title_rss": None,
    "url": "https://ledger.example/news/ferry",
}
FERRY_PAGE = (
    "<html><head><title>Ferry strikes pier</title>"
    '<meta property="og:site_name" content="Harbor Ledger">'
    '<link rel="canonical" href="https://ledger.example/news/ferry">'
    '<meta property="og:image" content="https://ledger.example/img/ferry.jpg">'
    '<meta name="author" content="Mara Quint; Olek Brand">'
    '<meta property="article:published_time" content="2019-05-06T10:00:00Z">'
    "</head><body><article><h1>Ferry strikes pier</h1>"
    "<p>A passenger ferry struck the main pier at Velmora on Thursday morning, officials said.</p>"
    "<p>Divers will inspect the pier on Friday, and services to Brannock are suspended.</p>"
    "</article></body></html>"
)


def test_news_please_record(tmp_path):
    path = write(tmp_path / "crawl.jsonl", json.dumps(NEWS_PLEASE) + "\n")
    [doc] = run([path])
    assert (doc.kind, doc.body) == ("text", NEWS_PLEASE["maintext"])
    assert doc.meta == {
        "title": "Ferry strikes pier",
        "outlet": "ledger.example",
        "author": "Mara Quint, Olek Brand",
        "url": "https://ledger.example/news/ferry",
        "url_evidence": "JSONL field 'url'",
        "image": "https://ledger.example/img/ferry.jpg",
        "published": "2031-09-17",
        "published_evidence": "JSONL field 'date_publish'",
    }


def test_crawl_and_modification_dates_are_not_publication_dates(tmp_path):
    record = dict(NEWS_PLEASE, date_publish="None")  # news-please writes str(None)
    path = write(tmp_path / "crawl.jsonl", json.dumps(record) + "\n")
    [doc] = run([path])
    assert "published" not in doc.meta and "published_evidence" not in doc.meta


def test_trafilatura_json_output(tmp_path):
    import trafilatura

    record = json.loads(trafilatura.extract(FERRY_PAGE, output_format="json", with_metadata=True))
    assert {"source", "source-hostname", "date", "filedate"} <= set(record)  # its field names today
    [doc] = run([write(tmp_path / "ferry.json", json.dumps(record))])
    assert doc.id == "ferry.json" and doc.kind == "text"
    assert "Divers will inspect the pier" in doc.body
    assert doc.meta["url"] == "https://ledger.example/news/ferry"
    assert doc.meta["url_evidence"] == "JSON field 'source'"
    assert doc.meta["outlet"] == "Harbor Ledger"
    assert doc.meta["author"] == "Mara Quint, Olek Brand"
    assert doc.meta["image"] == "https://ledger.example/img/ferry.jpg"
    # the page's date, not filedate (the day trafilatura ran)
    assert (doc.meta["published"], doc.meta["published_evidence"]) == ("2019-05-06", "JSON field 'date'")


def test_trafilatura_dictionary_fields_and_raw_text(tmp_path):
    record = {"raw_text": "All on one line.", "url": "https://a.example/x", "sitename": "Lantern Coast Courier",
              "hostname": "a.example", "date": "2019-05-06"}
    [doc] = run([write(tmp_path / "a.jsonl", json.dumps(record) + "\n")])
    assert (doc.body, doc.meta["outlet"], doc.meta["url"]) == ("All on one line.", "Lantern Coast Courier", record["url"])


def test_html_then_text_then_maintext(tmp_path):
    lines = [
        {"maintext": "main", "text": "text", "html": "<p>html</p>"},
        {"maintext": "main", "text": "text"},
        {"maintext": "main", "text": "  "},
        {"maintext": "main", "text": None},
    ]
    path = write(tmp_path / "f.jsonl", "\n".join(json.dumps(r) for r in lines))
    assert [(d.kind, d.body) for d in run([path])] == [("html", "<p>html</p>"), ("text", "text"), ("text", "main"),
                                                        ("text", "main")]


def test_a_json_file_holds_one_article(tmp_path):
    path = write(tmp_path / "ferry.json", json.dumps(NEWS_PLEASE, indent=2))
    [doc] = run([path])
    assert (doc.id, doc.source, doc.body) == ("ferry.json", str(path), NEWS_PLEASE["maintext"])
    assert doc.meta["published_evidence"] == "JSON field 'date_publish'"


def test_a_json_list_gives_one_article_each(tmp_path):
    items = [{"text": "first", "id": "own-id"}, {"title": "no body"}, "a string", {"maintext": "fourth"}]
    path = write(tmp_path / "pile.json", json.dumps(items))
    result = run([path])
    assert [(i.id, i.source, i.body) for i in docs(result)] == [
        ("own-id", f"{path}#1", "first"), ("pile.json#4", f"{path}#4", "fourth")]
    assert rejected(result) == [
        Rejected(f"{path}#2", "no 'text', 'html' or 'maintext' field"),
        Rejected(f"{path}#3", "not a JSON object (a string)"),
    ]


NO_ARTICLE = "no article: expected an object or a list of objects with 'text', 'html' or 'maintext'"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"name": "storyline", "version": "1.0"}', NO_ARTICLE),
        ('[{"name": "a"}, {"name": "b"}]', f"{NO_ARTICLE} (found a list without one)"),
        ("[]", f"{NO_ARTICLE} (found an empty list)"),
        ('"just a string"', f"{NO_ARTICLE} (found a string)"),
        ('{"text": "x",\n "title": }', "malformed JSON: Expecting value at line 2 column 11"),
        ("", "empty"),
    ],
)
def test_a_json_file_that_is_no_article_says_why(tmp_path, content, reason):
    path = write(tmp_path / "data.json", content)
    good = write(tmp_path / "ok.txt", ARTICLE)
    assert run([path, good]) == [Rejected(str(path), reason), RawDocument("ok.txt", str(good), "text", ARTICLE)]


def test_json_lines_named_json_and_gzipped_json(tmp_path):
    lines = write(tmp_path / "feed.json", '{"text": "one"}\n\n{"text": "two"}\n')
    packed = write(tmp_path / "one.json.gz", gzip.compress(json.dumps({"text": "zipped"}).encode()))
    assert [(d.id, d.body) for d in docs(run([lines, packed]))] == [
        ("feed.json:1", "one"), ("feed.json:3", "two"), ("one.json.gz", "zipped")]


def test_json_file_limit_is_the_whole_file(tmp_path):
    path = write(tmp_path / "pile.json", json.dumps([{"text": "x" * 400}, {"text": "y" * 400}]))
    assert run([path], IngestConfig(max_bytes=500)) == [
        Rejected(str(path), f"too large ({human_size(path.stat().st_size)} > 500 bytes limit; raise --max-bytes)")
    ]


# --- WARC --------------------------------------------------------------------------


def write_warc(path: Path, compress: bool) -> Path:
    """Records: 1 warcinfo, 2 HTML page, 3 request, 4 PNG, 5 HTML 404, 6 latin-1 HTML page."""

    latin = "<html><p>Café crème à Zürich</p>" + "<p>More text of the second page.</p>" * 40

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        writer.write_record(_response(writer, "/a", PAGE.encode(), "text/html; charset=utf-8"))
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "x")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/a", "request", payload=io.BytesIO(b""), http_headers=request
            )
        )
        writer.write_record(_response(writer, "/logo.png", b"\x89PNG\r\n\x1a\n\0\0", "image/png"))
        gone = _response(writer, "/gone", b"<p>gone</p>", "text/html", "404 Not Found")
        writer.write_record(gone)
        latin_page = latin.encode("latin-1")
        writer.write_record(_response(writer, "/b", latin_page, "text/html; charset=ISO-8859-1"))
    return path


def _response(writer: WARCWriter, path: str, body: bytes, content_type: str, status="200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        f"https://news.example{path}", "response", payload=io.BytesIO(body), http_headers=headers
    )


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses(tmp_path, name):
    path = write_warc(tmp_path / name, compress=name.endswith(".gz"))
    items = run([path])
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejected", "RawDocument"]
    a, gone, b = items
    assert a == RawDocument(
        id=f"{name}#2",
        source=f"{path}#2",
        kind="html",
        body=PAGE,
        meta={"url": "https://news.example/a"},
    )
    assert gone == Rejected(f"{path}#5", "HTTP status 404, not a page")
    assert (b.id, b.kind, b.meta) == (f"{name}#6", "html", {"url": "https://news.example/b"})
    assert "Café crème à Zürich" in b.body


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("keep", [0.5, -200, -30])
def test_truncated_warc_keeps_what_was_read(tmp_path, compress, keep):
    whole = write_warc(tmp_path / "whole.warc", compress).read_bytes()
    end = int(len(whole) * keep) if keep > 0 else len(whole) + keep
    path = write(tmp_path / ("cut.warc.gz" if compress else "cut.warc"), whole[:end])
    items = run([path])
    assert [d.id for d in docs(items)] == [f"{path.name}#2"]
    problems = [r for r in rejected(items) if "404" not in r.reason]
    assert len(problems) == 1
    assert problems[0].source.startswith(str(path))
    assert "truncated" in problems[0].reason or "malformed" in problems[0].reason


def test_whole_file_gzipped_warc_is_explained(tmp_path):
    plain = write_warc(tmp_path / "plain.warc", compress=False).read_bytes()
    path = write(tmp_path / "crawl.warc.gz", gzip.compress(plain))
    [item] = run([path])
    assert isinstance(item, Rejected)
    assert "non-chunked gzip" in item.reason


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz"])
def test_arc_file(tmp_path, name):
    header_body = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://old.arc 0.0.0.0 20120313000000 text/plain %d\n" % len(header_body)
    page = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Old page</p></html>"
    line = b"http://example.com/old 1.2.3.4 20120313000000 text/html %d\n" % len(page)
    records = [header + header_body + b"\n", line + page + b"\n"]
    if name.endswith(".gz"):  # one gzip member per record, as archives are written
        records = [gzip.compress(record) for record in records]
    [doc] = run([write(tmp_path / name, b"".join(records))])
    assert (doc.id, doc.kind, doc.body) == (f"{name}#2", "html", "<html><p>Old page</p></html>")
    assert doc.meta == {"url": "http://example.com/old"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is a text file, not an archive\n", "not a WARC or ARC archive"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nbroken\r\n\r\n", "malformed WARC at record 1"),
        (b"", "empty"),
    ],
)
def test_not_a_warc(tmp_path, content, reason):
    path = write(tmp_path / "crawl.warc", content)
    [item] = run([path])
    assert isinstance(item, Rejected)
    assert (item.source, item.reason[: len(reason)]) == (str(path), reason)


def test_warc_without_html_pages(tmp_path):
    path = tmp_path / "assets.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(_response(writer, "/i.png", b"\x89PNG", "image/png"))
    assert run([path]) == [Rejected(str(path), "no HTML pages in the archive")]


# --- Timeline17 ----------------------------------------------------------------------


def make_t17(root: Path) -> Path:
    """Two tiny topic folders in the Timeline17 layout; returns the parent folder."""
    sentences = "BP says the oil leak has slowed .\nObama will visit the Gulf on Friday .\n"
    for topic, day in [("bpoil_bbc", "2010-05-24"), ("bpoil_guardian", "2010-05-25")]:
        write(root / topic / "InputDocs" / day / "1.htm.txt", sentences)
        write(root / topic / "timelines" / "x.txt", "2010-04-20\nThe rig explodes .\n-----\n")
        write(root / topic / "keywords.json", '["bp", "oil"]')
        write(root / topic / "notes.txt", "not an article either")
    return root


def test_t17_topic_folder_reads_only_articles_with_their_folder_date(tmp_path):
    t17 = make_t17(tmp_path / "t17")
    [doc] = run([t17 / "bpoil_bbc"])
    assert doc == RawDocument(
        id="1.htm.txt",
        source=str(t17 / "bpoil_bbc" / "InputDocs" / "2010-05-24" / "1.htm.txt"),
        kind="text",
        body="BP says the oil leak has slowed .\nObama will visit the Gulf on Friday .\n",
        meta={
            "published": "2010-05-24",
            "published_evidence": "folder name 'InputDocs/2010-05-24'",
            "layout": "t17",
            "outlet": "BBC",
        },
    )


def test_t17_outlet_comes_from_the_topic_folder_name_when_it_names_one():
    from storyline.ingest.t17 import folder_outlet

    assert folder_outlet("LibyaWar_reuters") == "Reuters"
    assert folder_outlet("Finan_washingtonpost") == "The Washington Post"
    assert folder_outlet("syria_unknownpaper") is None
    assert folder_outlet("syria") is None


def test_t17_parent_folder_and_glob_give_topic_relative_ids(tmp_path, monkeypatch):
    make_t17(tmp_path / "t17")
    monkeypatch.chdir(tmp_path / "t17")
    items = run(["bpoil_*"])
    assert [d.id for d in items] == [
        "bpoil_bbc/InputDocs/2010-05-24/1.htm.txt",
        "bpoil_guardian/InputDocs/2010-05-25/1.htm.txt",
    ]
    assert [d.meta["published"] for d in items] == ["2010-05-24", "2010-05-25"]
    monkeypatch.chdir(tmp_path)
    assert [d.id for d in run(["t17"])] == [
        "t17/bpoil_bbc/InputDocs/2010-05-24/1.htm.txt",
        "t17/bpoil_guardian/InputDocs/2010-05-25/1.htm.txt",
    ]


def test_t17_article_given_directly_keeps_its_date(tmp_path, monkeypatch):
    make_t17(tmp_path / "t17")
    monkeypatch.chdir(tmp_path / "t17" / "bpoil_bbc" / "InputDocs" / "2010-05-24")
    [doc] = run(["1.htm.txt"])
    assert (doc.meta["published"], doc.meta["layout"]) == ("2010-05-24", "t17")


def test_not_a_date_folder_is_not_t17(tmp_path):
    path = write(tmp_path / "InputDocs" / "2010-02-30" / "1.txt", "text")
    [doc] = run([path])
    assert doc.meta == {}


# --- stdin -------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [(PAGE.encode(), "html"), (ARTICLE.encode(), "text")])
def test_stdin(data, kind):
    [doc] = run(["-"], stdin=io.BytesIO(data))
    assert (doc.id, doc.source, doc.kind, doc.body) == ("stdin", "stdin", kind, data.decode())


def test_stdin_empty_and_given_twice():
    assert run(["-", "-"], stdin=io.BytesIO(b"  \n")) == [Rejected("stdin", "empty")]


def test_a_file_named_stdin_is_not_standard_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    items = run(["stdin", "-"], stdin=io.BytesIO(b"from the pipe"))
    assert items == [
        Rejected("stdin", "no such file or directory"),
        RawDocument(id="stdin", source="stdin", kind="text", body="from the pipe"),
    ]


def test_stdin_too_large():
    [item] = run(["-"], IngestConfig(max_bytes=10), stdin=io.BytesIO(b"x" * 11))
    assert item == Rejected("stdin", "too large (more than the 10 bytes limit; raise --max-bytes)")


# --- URLs (loopback only, explicitly allowed; the fetch guard is in test_fetch.py) -------

LOCAL = IngestConfig(allow_hosts=("127.0.0.1",))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the slow route's client hangs up
        pass


@pytest.fixture
def site(monkeypatch):
    """A local web server on 127.0.0.1; yields its base URL and the User-Agents it saw.

    A proxy in the environment must be ignored (it would bypass the fetch guard).
    """
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    agents: list[str] = []
    routes = {
        "/page": ("200 OK", "text/html; charset=utf-8", PAGE.encode()),
        "/plain": ("200 OK", "text/plain; charset=iso-8859-1", "Café au lait".encode("latin-1")),
        "/big": ("200 OK", "text/plain", b"x" * 5000),
        "/image": ("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            agents.append(self.headers.get("User-Agent", ""))
            if self.path == "/slow":
                time.sleep(1.5)
            missing = ("404 Not Found", "text/html", b"<p>nope</p>")
            status, content_type, body = routes.get(self.path, missing)
            self.send_response(int(status.split()[0]))
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", agents
    server.shutdown()
    server.server_close()


def test_url_html_page(site):
    base, agents = site
    [doc] = run([f"{base}/page"], LOCAL)
    url = f"{base}/page"
    assert doc == RawDocument(id=url, source=url, kind="html", body=PAGE, meta={"url": url})
    assert agents == ["storyline/0.1"]


def test_url_text_with_declared_charset(site):
    base, _ = site
    [doc] = run([f"{base}/plain"], LOCAL)
    assert (doc.kind, doc.body) == ("text", "Café au lait")


def test_url_failures_are_rejected_and_the_rest_is_read(site, tmp_path):
    base, _ = site
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/"
    good = write(tmp_path / "ok.txt", ARTICLE)
    urls = [f"{base}/missing", closed, f"{base}/big", f"{base}/image", f"{base}/slow"]
    config = IngestConfig(max_bytes=1000, timeout=0.3, allow_hosts=["127.0.0.1"])
    items = run([*urls, good], config)
    reasons = {r.source: r.reason for r in rejected(items)}
    assert list(reasons) == urls
    assert reasons[f"{base}/missing"] == "HTTP 404 Not Found"
    assert reasons[closed].startswith("cannot fetch:") and "refused" in reasons[closed]
    assert reasons[f"{base}/big"] == "too large (5.0 KB > 1.0 KB limit; raise --max-bytes)"
    assert reasons[f"{base}/image"] == "binary content (not text or HTML)"
    assert reasons[f"{base}/slow"] == "cannot fetch: timed out after 0.3 s"
    assert [d.id for d in docs(items)] == ["ok.txt"]


def test_url_on_loopback_is_refused_unless_allowed(site):
    base, agents = site
    [item] = run([f"{base}/page"])
    assert item == Rejected(
        f"{base}/page",
        "refused: 127.0.0.1 is a loopback address (allow it with --allow-host 127.0.0.1)",
    )
    assert agents == []


# --- config --------------------------------------------------------------------------


def test_config_defaults_and_frozen():
    config = IngestConfig()
    assert (config.max_bytes, config.timeout) == (20_000_000, 20.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_bytes = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_bytes": 0}, "max_bytes must be at least 1"),
        ({"max_bytes": 1.5}, "max_bytes must be a whole number"),
        ({"max_bytes": True}, "max_bytes must be a whole number"),
        ({"timeout": 0}, "timeout must be a positive"),
        ({"timeout": float("nan")}, "timeout must be a positive"),
        ({"timeout": "20"}, "timeout must be a number"),
    ],
)
def test_config_rejects_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        IngestConfig(**kwargs)


# --- shared sample articles --------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(
    not (SHARED / "samples" / "seeds").is_dir(), reason=f"{SHARED}/samples/seeds is absent"
)
def test_seed_articles():
    seeds = SHARED / "samples" / "seeds"
    items = run([seeds])
    assert all(isinstance(i, RawDocument) for i in items)
    assert [d.id for d in items] == sorted(p.name for p in seeds.iterdir())
    assert len(items) == 5
    assert all(d.kind == "text" and d.body.strip() for d in items)
    assert items[0].body.startswith("Russia: Syrian ceasefire must be simultaneous")
