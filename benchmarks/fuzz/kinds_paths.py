"""Path kinds: hostile file names, special files (FIFO, socket, symlink loops, unreadable
files and folders), odd folders, Timeline17-looking layouts with odd dates, globs.

Tests run as root, where chmod 000 does not stop reading: the "unreadable" kinds then
only check that nothing breaks, not the ``permission denied`` reason.
"""

from __future__ import annotations

import os
import socket

from kinds import Made, article, article_html, kind, put

_NAME_PARTS = ["new\nline", "tab\there", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "bell\x07", "cr\rx",
               "del\x7f", "\u202egnp.txt", "zero\u200bwidth", "e\u0301", "\U0001f4f0", " lead", "trail ",
               "-dash", "--help", "[abc]", "star*", "q?", "back\\slash", "quote'\"", "$(id)", "`id`",
               "%s%n", "colon:12", "hash#3", "..", "...", "http:", "~"]
_BYTES_PARTS = [b"\xff\xfe", b"caf\xe9", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\xf8\x88\x80\x80\x80"]


def _odd_name(rng) -> bytes:
    parts = [rng.choice(_NAME_PARTS).encode() if rng.random() < 0.7 else rng.choice(_BYTES_PARTS)
             for _ in range(rng.randint(1, 3))]
    name = b"".join(parts).replace(b"/", b"_") or b"x"
    return name if name not in (b".", b"..") else name + b"_"


@kind("name_odd", "names", expect="doc")
def name_odd(rng, folder, ctx):
    """A real article in a file whose name has newlines, tabs, ANSI escapes, RTL marks or non-UTF-8 bytes."""
    name = _odd_name(rng) + rng.choice([b".txt", b".html", b".TXT"])
    body = article(rng) if name.endswith((b".txt", b".TXT")) else article_html(rng)
    path = put(folder, name, body)
    given = os.fsdecode(path) if ctx.mode == "lib" else path
    return Made([given], expect="doc")


@kind("name_long", "names")
def name_long(rng, folder, ctx):
    """A 255-byte name, a path over 4,096 bytes (nested folders), or a 100,000-character missing path."""
    style = rng.randrange(3)
    if style == 0:
        stem = rng.choice(["a", "é", "\U0001f4f0"])
        name = (stem * 255).encode()[:251].decode("utf-8", "ignore") + ".txt"
        return Made([put(folder, name, article(rng))], expect="doc")
    if style == 1:
        path = folder
        while len(path) < 3700:  # PATH_MAX is 4,096 bytes
            path = os.path.join(path, "d" * 200)
            try:
                os.mkdir(path)
            except OSError:
                break
        put(path, "deep.txt", article(rng))
        return Made([os.path.join(path, "deep.txt")])
    return Made([os.path.join(folder, "m" * rng.choice([300, 5000, 100_000]))], expect="reject")


@kind("special_fifo", "special", expect="reject", cost=1.0, weight=4)
def special_fifo(rng, folder, ctx):
    """A named pipe with no writer, given directly, by glob, or inside a folder."""
    path = os.path.join(folder, rng.choice(["pipe.txt", "pipe", "pipe.jsonl", "pipe.warc", "pipe.html.gz"]))
    os.mkfifo(path)
    style = rng.randrange(3)
    if style == 0:
        return Made([path], expect="reject")
    if style == 1:
        return Made([os.path.join(folder, "pipe*")], names=[os.path.join(folder, "pipe*")], expect="reject")
    put(folder, "real.txt", article(rng))
    return Made([folder])


@kind("special_socket", "special", expect="reject", weight=4)
def special_socket(rng, folder, ctx):
    """A unix socket file (bound, then closed), given directly or in a folder."""
    path = os.path.join(folder, "sock.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(path)
    return Made([path if rng.random() < 0.6 else folder], expect="reject")


@kind("special_links", "special", weight=6)
def special_links(rng, folder, ctx):
    """Symlink loops, dangling symlinks, a link to /dev/zero, a folder linking to its parent."""
    style = rng.randrange(5)
    a, b = os.path.join(folder, "a.txt"), os.path.join(folder, "b.txt")
    if style == 0:
        os.symlink(b, a)
        os.symlink(a, b)
        return Made([a], expect="reject")
    if style == 1:
        os.symlink(os.path.join(folder, "missing.txt"), a)
        return Made([a if rng.random() < 0.5 else folder], expect="reject")
    if style == 2:
        os.symlink("/dev/zero", a)
        return Made([a], expect="reject")
    if style == 3:
        sub = os.path.join(folder, "sub")
        os.mkdir(sub)
        os.symlink("..", os.path.join(sub, "up"))
        os.symlink(".", os.path.join(sub, "self"))
        put(sub, "real.txt", article(rng))
        return Made([folder, os.path.join(sub, "up", "sub", "up", "sub", "real.txt")], silent_ok=True)
    os.symlink(a, a)
    return Made([a], expect="reject")


@kind("unreadable", "special")
def unreadable(rng, folder, ctx):
    """chmod 000 files and folders (root reads them anyway), a folder with an unreadable subfolder."""
    sub = os.path.join(folder, "locked")
    os.mkdir(sub)
    put(sub, "x.txt", article(rng))
    target = put(folder, "no.txt", article(rng))
    style = rng.randrange(3)
    if style == 0:
        os.chmod(target, 0)
        return Made([target])
    os.chmod(sub, 0)
    return Made([sub if style == 1 else folder])


@kind("folders_odd", "folders")
def folders_odd(rng, folder, ctx):
    """Empty folders, only hidden files, 500 empty files, a folder named like a file type, trailing slashes."""
    style = rng.randrange(5)
    if style == 0:
        return Made([folder + rng.choice(["", "/", "//", "/."])], expect="reject")
    if style == 1:
        put(folder, ".hidden.txt", article(rng))
        os.mkdir(os.path.join(folder, ".git"))
        put(os.path.join(folder, ".git"), "x.txt", article(rng))
        return Made([folder], expect="reject")
    if style == 2:
        for i in range(500):
            put(folder, f"e{i:03}.txt", b"")
        return Made([folder], expect="reject")
    if style == 3:
        odd = os.path.join(folder, "dir.jsonl")
        os.mkdir(odd)
        put(odd, "inner.warc", article(rng))
        return Made([odd])
    sub = os.path.join(folder, "x")
    os.makedirs(os.path.join(sub, "y", "z"))
    put(os.path.join(sub, "y", "z"), "a.txt", article(rng))
    return Made([sub + "/y/../y/./z/"])


_T17_DAYS = ["2010-05-24", "0001-01-01", "9999-12-31", "2010-13-45", "2010-02-30", "0000-00-00",
             "2010-5-4", "20100524", "2010-05-24 ", "\u0662\u0660\u0661\u0660-05-24", "2010-05-24\n",
             "9999-99-99", "1900-01-01"]


@kind("t17_odd", "t17")
def t17_odd(rng, folder, ctx):
    """Timeline17-looking folders: odd date folders, InputDocs as a file or a link, nested topics."""
    topic = os.path.join(folder, rng.choice(["bpoil_bbc", "x_\x1b[31m", "topic"]))
    docs = os.path.join(topic, "InputDocs")
    style = rng.randrange(5)
    os.makedirs(topic)
    if style == 0:
        put(topic, "InputDocs", article(rng))
    elif style == 1:
        os.symlink(topic, docs)
    else:
        for day in rng.sample(_T17_DAYS, rng.randint(1, 4)):
            day_dir = os.path.join(docs, day)
            os.makedirs(day_dir, exist_ok=True)
            body = rng.choice([article(rng).replace(". ", ".\n"), "", "\0\1\2", article_html(rng)])
            put(day_dir, rng.choice(["1.htm.txt", "2.txt", "x"]), body)
    os.makedirs(os.path.join(topic, "timelines"), exist_ok=True)
    put(topic, "keywords.json", '["oil"]')
    if style == 4:
        inner = os.path.join(docs, "InputDocs", "2010-05-24")
        os.makedirs(inner)
        put(inner, "1.htm.txt", article(rng))
    given = rng.choice([folder, topic, docs])
    return Made([given])


@kind("globs_odd", "globs")
def globs_odd(rng, folder, ctx):
    """Globs: unbalanced brackets, ** over a deep tree, matching nothing, matching odd names."""
    put(folder, "[x].txt", article(rng))
    sub = os.path.join(folder, "a", "b")
    os.makedirs(sub)
    put(sub, "c.html", article_html(rng))
    pattern = rng.choice(["[x].txt", "[", "*[", "**/*.html", "**", "nothing-*.txt", "?", "*/*/*", "[!a]*",
                          "a/**/**/**/*", "*.{txt,html}"])
    given = os.path.join(folder, pattern)
    return Made([given], names=[given])
