"""HTML kinds: malformed fragments, deep nesting, script/style/iframe payloads,
injection in metadata, entity and encoding-declaration oddities, odd publication dates."""

from __future__ import annotations

from kinds import Made, article, article_html, kind, put

_FRAGMENTS = [
    '<li></li><article class="story">Leak alarm at the {town} plant sounded at noon, officials told'
    '<iframe src=//evil>e tank was drained by evening, the operator said.',
    "<p>unclosed <b>bold <i>italic <p>next</b></i> paragraph<td>cell</table></p>",
    "<html><body><p>{text}",
    "</html></body><p>{text}</p><html>",
    "<![CDATA[{text}]]>",
    "<!-- never closed {text}",
    "<plaintext>{text}",
    "<xmp><p>{text}</p></xmp>",
    "<textarea>{text}",
    "<title>{text}",
    "<noscript><p>{text}</p>",
    "<svg><p>{text}</p><math><mi>x</mi></math></svg>",
    "<p>{text}</p>" + "</div>" * 50,
    "<table><tr><td><p>{text}</p>",
    "<select><option>{text}",
    "<frameset><frame src=x></frameset><p>{text}</p>",
    "<a href='{text}'>",
    "<p " + "a=b " * 5000 + ">{text}</p>",
    "<p title=\"" + "x" * 200_000 + "\">{text}</p>",
]
_ENTITIES = ["&#0;", "&#x110000;", "&#xD800;", "&#xDFFF;", "&#99999999999999999999;", "&#x;", "&amp",
             "&nosuchentity;", "&#x1b;[31m", "&#10;&#13;", "&lt;script&gt;", "&#65279;", "&#x202e;"]
_HEADS = [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<?xml version="1.0" encoding="nonsense"?>',
    '<meta charset="utf-7">',
    '<meta charset="x-unknown-charset">',
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-32">',
    '<meta http-equiv="refresh" content="0;url=file:///etc/passwd">',
    '<base href="javascript:alert(1)//">',
    '<meta property="article:published_time" content="{date}">',
    '<meta name="date" content="{date}">',
    '<script type="application/ld+json">{{"datePublished": "{date}", "author": {{"name": "{inject}"}}}}</script>',
    '<meta name="author" content="{inject}"><meta property="og:site_name" content="{inject}">',
    '<link rel="canonical" href="{inject}"><meta property="og:url" content="http://[::1">',
]
_DATES = ["0001-01-01", "9999-12-31T23:59:59Z", "0000-00-00", "-1", "99999999999999999999", "2012-13-45",
          "1e400", "nan", "2012-03-13T09:30:00+99:99", "\u0000", "yesterday", "3000-01-01", "1899-12-31"]
_INJECT = ['<script>alert("fz")</script>', '"><img src=x onerror=alert(1)>', "\x1b[31mred\x1b[0m",
           "a\nb", "\u202eevil", "javascript:alert(1)"]


def _marked(ctx, text: str) -> str:
    return text.replace("fz", f"fz{ctx.case_id}")


@kind("html_malformed", "html")
def html_malformed(rng, folder, ctx):
    """Malformed fragments: unclosed tags, stray closers, CDATA, plaintext, huge attributes, frames."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        fragment = rng.choice(_FRAGMENTS)
        parts.append(fragment.replace("{text}", article(rng, 2)).replace("{town}", "Greyfield"))
    if rng.random() < 0.5:
        parts.insert(0, "<!doctype html>")
    return Made([put(folder, "bad" + rng.choice([".html", ".htm", ".txt", ".xhtml"]), "".join(parts))])


@kind("html_deep_divs", "html", expect="doc", cost=2.0)
def html_deep_divs(rng, folder, ctx):
    """A real article inside 200-5,000 nested <div>s (or <span>, <section>)."""
    depth = rng.choice([200, 254, 255, 256, 300, 1000, 5000])
    tag = rng.choice(["div", "div", "span", "section", "blockquote"])

    def wrap(body: str) -> str:
        return f"<{tag}>" * depth + body + f"</{tag}>" * depth * rng.choice([1, 0])

    # a page nested past 1,000 levels may be refused (with a reason); up to that it must be read
    return Made([put(folder, "deep.html", article_html(rng, wrap=wrap))], expect="doc" if depth <= 1000 else "any")


@kind("html_deep_tables", "html", cost=2.0)
def html_deep_tables(rng, folder, ctx):
    """An article in tables nested 50-2,000 deep, or inside a list nested as deep."""
    depth = rng.choice([50, 300, 2000])
    tags = rng.choice([("<table><tr><td>", "</td></tr></table>"), ("<ul><li>", "</li></ul>"),
                       ("<table><tbody><tr><th>", "")])

    def wrap(body: str) -> str:
        return tags[0] * depth + body + tags[1] * depth

    return Made([put(folder, "tables.html", article_html(rng, wrap=wrap))])


@kind("html_payloads", "html", expect="doc")
def html_payloads(rng, folder, ctx):
    """A real article with script/style/iframe/object payloads around and inside its paragraphs."""
    marker = f"fz{ctx.case_id}"
    payloads = [f'<script>alert("{marker}")</script>', "<style>body{background:url(javascript:x)}</style>",
                '<iframe src="//evil.example/x"></iframe>', f'<img src=x onerror=alert("{marker}")>',
                '<object data="x.swf"></object>', f"<svg onload=alert('{marker}')>",
                f'<a href="javascript:alert(\'{marker}\')">link</a>', "<script>" + "x" * 100000 + "</script>"]

    def wrap(body: str) -> str:
        paragraphs = body.split("\n")
        out = []
        for p in paragraphs:
            out.append(p.replace(". ", ". " + rng.choice(payloads) + " ", 1) if rng.random() < 0.5 else p)
            out.append(rng.choice(payloads))
        return "\n".join(out)

    made = Made([put(folder, "payloads.html", article_html(rng, wrap=wrap))], expect="doc")
    made.payloads = [f'<script>alert("{marker}")', "<img src=x onerror", f"<svg onload=alert('{marker}')"]
    return made


@kind("html_meta_inject", "html", expect="doc")
def html_meta_inject(rng, folder, ctx):
    """Injection payloads and escape sequences in <title>, author, site name, canonical URL, JSON-LD."""
    inject = _marked(ctx, rng.choice(_INJECT))
    head = "".join(h.replace("{date}", "2019-05-06").replace("{inject}", inject.replace('"', "&quot;"))
                   for h in rng.sample(_HEADS[-3:], rng.randint(1, 3)))
    title = _marked(ctx, rng.choice(_INJECT)).replace("<", "&lt;") if rng.random() < 0.5 else _marked(ctx, rng.choice(_INJECT))
    made = Made([put(folder, "meta.html", article_html(rng, title=title, head=head))], expect="doc")
    made.payloads = [f'<script>alert("fz{ctx.case_id}")', "<img src=x onerror"]
    return made


@kind("html_head_odd", "html")
def html_head_odd(rng, folder, ctx):
    """Encoding declarations that lie (XML UTF-16 on UTF-8, utf-7), refresh to file://, odd dates in meta."""
    heads = [h.replace("{date}", rng.choice(_DATES)).replace("{inject}", "x")
             for h in rng.sample(_HEADS, rng.randint(1, 4))]
    xml = [h for h in heads if h.startswith("<?xml")]
    page = article_html(rng, head="".join(h for h in heads if not h.startswith("<?xml")))
    if xml:
        page = xml[0] + "\n" + page
    return Made([put(folder, "head" + rng.choice([".html", ".xhtml", ".txt"]), page)])


@kind("html_entities", "html")
def html_entities(rng, folder, ctx):
    """Numeric entities out of range (&#x110000;, &#xD800;, &#0;), huge numbers, escapes as entities."""
    def wrap(body: str) -> str:
        words = body.split(" ")
        for _ in range(rng.randint(1, 30)):
            i = rng.randrange(len(words))
            words[i] += rng.choice(_ENTITIES)
        return " ".join(words)

    return Made([put(folder, "ent.html", article_html(rng, wrap=wrap))])


@kind("html_time", "html")
def html_time(rng, folder, ctx):
    """<time> elements, URLs and bylines with dates at the calendar's ends or absurd values."""
    date = rng.choice(_DATES)
    head = f'<meta property="article:published_time" content="{date}">' if rng.random() < 0.5 else ""

    def wrap(body: str) -> str:
        return f'<time datetime="{date}">{date}</time><p class="byline">Published {date}</p>' + body

    page = article_html(rng, head=head, wrap=wrap)
    name = rng.choice(["t.html", f"{date[:20].replace('/', '_') or 'x'}.html", "9999-12-31-story.html"])
    return Made([put(folder, name.replace("\0", "_"), page)])


@kind("html_many", "html", cost=3.0, weight=3)
def html_many(rng, folder, ctx):
    """20,000 tiny paragraphs, or 5,000 links, or 3,000 list items: size without depth."""
    unit = rng.choice(["<p>Word {i}.</p>", '<a href="/x{i}">link {i}</a> ', "<li>item {i}</li>"])
    body = article_html(rng) + "".join(unit.format(i=i) for i in range(rng.choice([3000, 5000, 20000])))
    return Made([put(folder, "many.html", body)])
