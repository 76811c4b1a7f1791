"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

One browser for the module; every wait has a timeout. Builds the demo (in the repo), the
seeds (../shared, skipped when absent) and a tiny pile of invented articles carrying
markup, and checks what a reader does: a source chip lands on the highlighted sentence
of the document's page, an event line's date evidence opens, the person and outlet
filters hide and show events, the documents page is one click away, no page logs an
error, and no text from a source became an element. First-contentful-paint is measured
and recorded (``record_property``), never asserted: timing belongs to
benchmarks/reports/measure.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from browser import WAIT, chromium, needs_browser
from conftest import DEMO, SEEDS

pytestmark = [needs_browser, pytest.mark.slow]

PAGES = ("timeline.html", "documents.html", "quotes.html", "positions.html", "figures.html")


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Tab:
    """A page in a fresh context that collects console errors, page errors and dialogs."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri(), wait_until="load", timeout=WAIT)

    def fcp(self) -> float | None:
        """First-contentful-paint in ms, polled from Python: ``wait_for_function`` evaluates
        a string in the page, which the report's CSP (no 'unsafe-eval') refuses."""
        deadline = time.monotonic() + WAIT / 1000
        while not (paints := self.page.evaluate("performance.getEntriesByType('paint').map(e => [e.name, e.startTime])")):
            assert time.monotonic() < deadline, "no paint within the timeout"
            self.page.wait_for_timeout(20)
        return dict(paints).get("first-contentful-paint")


@pytest.fixture
def tab(browser):
    opened = Tab(browser)
    yield opened
    opened.context.close()


def built(inputs: list[Path], out: Path, **options) -> Path:
    from storyline.pipeline import build
    from storyline.render import write

    write(build(inputs, **options), out, formats=("json", "html"))
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return built([DEMO], tmp_path_factory.mktemp("demo") / "out")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    if not SEEDS.exists():
        pytest.skip(f"test data not found: {SEEDS} (../shared is absent)")
    return built([SEEDS], tmp_path_factory.mktemp("seeds") / "out")


@pytest.fixture(params=["demo", pytest.param("seeds", marks=pytest.mark.shared)])
def report(request) -> Path:
    return request.getfixturevalue(request.param)


def story_json(out: Path) -> dict:
    return json.loads((out / "timeline.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- reading the report


def test_every_page_loads_without_an_error(tab, report, record_property):
    data = story_json(report)
    first_doc = sorted((report / "documents").iterdir())[0]
    for name in PAGES:
        tab.open(report / name)
        assert tab.page.locator("h1").count() == 1, name
        if name == "timeline.html":
            fcp = tab.fcp()
            assert fcp is not None and fcp > 0, "the page painted"
            record_property(f"fcp_ms_{report.parent.name}", round(fcp, 1))
            shown = tab.page.locator("#timeline li.event").count() + tab.page.locator("#background li.event").count()
            assert shown == len(data["events"])
    tab.open(first_doc)
    assert tab.page.locator(".doc-text").count() == 1
    assert tab.errors == []


def test_a_source_chip_lands_on_the_highlighted_sentence(tab, report):
    data = story_json(report)
    tab.open(report / "timeline.html")
    chip = tab.page.locator('a.chip-link[href*="#span-"]').first
    href = chip.get_attribute("href")
    chip.click()
    tab.page.wait_for_url("**/documents/doc-*.html#span-*", timeout=WAIT)
    target = tab.page.evaluate("""() => {
        const t = document.querySelector(':target');
        if (!t) return null;
        const r = t.getBoundingClientRect();
        return {tag: t.tagName, id: t.id, top: r.top, bottom: r.bottom, height: window.innerHeight,
                outline: getComputedStyle(t).outlineStyle, text: t.textContent};
    }""")
    assert target is not None and target["tag"] == "MARK" and target["id"] == href.split("#")[1]
    assert 0 <= target["top"] < target["height"] and target["bottom"] > target["top"], "scrolled into view"
    assert target["outline"] == "solid", "highlighted as the target"
    doc_id = tab.page.locator("dl.meta dd code").first.inner_text()
    sentences = [ev["sentence"] for event in data["events"] for ev in event["evidence"] if ev["document"] == doc_id]
    assert any(s in target["text"] for s in sentences), "the mark holds the evidence sentence"
    assert tab.errors == []


def test_an_event_lines_date_evidence_opens(tab, report):
    data = story_json(report)
    reasons = {ev["dated_by"] for event in data["events"] for ev in event["evidence"] if ev["dated_by"]}
    assert reasons
    tab.open(report / "timeline.html")
    why = tab.page.locator("details.why").first
    assert not why.evaluate("d => d.open")
    assert not why.locator("ul.dated-by").is_visible()
    why.locator("summary").click()
    assert why.evaluate("d => d.open")
    line = why.locator("ul.dated-by li").first
    assert line.is_visible()
    shown = line.inner_text()
    assert any(shown.startswith(" ".join(r.split())) for r in reasons), shown
    assert tab.errors == []


def visible_events(tab) -> list[tuple[list[str], bool]]:
    return tab.page.evaluate("""() => [...document.querySelectorAll('#timeline ol.timeline > li.event')]
        .map(li => [[...li.classList], getComputedStyle(li).display !== 'none'])""")


def test_person_and_outlet_filters_hide_and_show_events(tab, demo):
    tab.open(demo / "timeline.html")
    everything = visible_events(tab)
    assert everything and all(shown for _, shown in everything)
    keys = [k for k in tab.page.eval_on_selector_all('input[name="filter"]', "xs => xs.map(x => x.id.slice(2))")
            if k != "all"]
    people, outlets = [k for k in keys if k.startswith("p")], [k for k in keys if k.startswith("o")]
    assert people and outlets
    hid_some = False
    for key in (min(people, key=lambda k: sum(k in c for c, _ in everything)), outlets[-1]):
        tab.page.locator(f'label[for="f-{key}"]').click()
        now = visible_events(tab)
        assert [shown for _, shown in now] == [key in classes for classes, _ in now], key
        assert any(shown for _, shown in now), f"{key} shows its events"
        hid_some |= not all(shown for _, shown in now)
    assert hid_some, "a filter hid events"
    tab.page.locator('label[for="f-all"]').click()
    assert all(shown for _, shown in visible_events(tab))
    assert tab.errors == []


def test_the_documents_page_is_one_click_away(tab, demo):
    data = story_json(demo)
    tab.open(demo / "timeline.html")
    tab.page.locator('nav.toc a[href="documents.html"]').click()
    tab.page.wait_for_url("**/documents.html", timeout=WAIT)
    rows = tab.page.locator("table.docs-table tbody tr")
    assert rows.count() == len(data["documents"])
    title = rows.first.locator("a").first
    expected = title.inner_text()
    title.click()
    tab.page.wait_for_url("**/documents/doc-*.html", timeout=WAIT)
    assert tab.page.locator("h1").inner_text() == expected
    tab.page.locator('nav.toc a[href="../timeline.html"]').click()
    tab.page.wait_for_url("**/timeline.html", timeout=WAIT)
    assert tab.errors == []


# --------------------------------------------------------------------------- hostile sources


EVIL = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
RECORDS = [
    {"title": f"Crane falls on Quenlow pier {EVIL}", "outlet": f"Quenlow Post {IMG}", "published": "2031-05-06",
     "url": "javascript:alert(3)",
     "text": (f"Quenlow Post\n\nA harbour crane collapsed onto the east pier of Quenlow on Monday, the harbour "
              f"authority said. {EVIL} Nobody was hurt, but the pier was closed to ferries until further notice.\n\n"
              f"Harbour master Ilse Marrow said engineers would inspect every crane on the pier this week. {IMG}\n")},
    {"title": "Quenlow pier stays shut after crane collapse", "outlet": "Varn Courier", "published": "2031-05-07",
     "url": "https://varn-courier.example/2031/05/07/quenlow-pier",
     "text": ("Varn Courier\n\nThe east pier of Quenlow stayed closed on Tuesday after a harbour crane collapsed onto "
              "it on Monday, the harbour authority said. Ferries were sent to the west pier instead.\n\n"
              "Harbour master Ilse Marrow said engineers had begun inspecting every crane on the pier.\n")},
    {"title": "Ferries return to Quenlow's east pier", "outlet": "Quenlow Post", "published": "2031-05-12",
     "url": "https://quenlow-post.example/news/ferries-return?a=1&b=<2>",
     "text": ("Quenlow Post\n\nFerries returned to the east pier of Quenlow on Sunday, a week after a harbour crane "
              "collapsed onto it, the harbour authority said. [click](javascript:alert(4))\n\n"
              "Engineers found no fault in the other cranes, harbour master Ilse Marrow said.\n")},
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return built([feed], folder / "out", entities=False, db=None)


def test_no_source_text_becomes_markup(tab, hostile):
    pages = sorted(hostile.rglob("*.html"))
    assert len(pages) == len(PAGES) + len(RECORDS)
    seen_text, web_links = "", 0
    for path in pages:
        tab.open(path)
        found = tab.page.evaluate("""() => ({
            elements: document.querySelectorAll('script, img, iframe, object, embed, form, base, link').length,
            handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                        .filter(n => n.startsWith('on')),
            hrefs: [...document.querySelectorAll('[href]')].map(a => [a.tagName, a.getAttribute('href'), a.rel]),
            text: document.body.innerText,
        })""")
        assert found["elements"] == 0 and found["handlers"] == [], path.name
        for tag, href, rel in found["hrefs"]:
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (path.name, href)
            if "://" in href:
                assert tag == "A" and href.startswith("https://") and rel == "noopener noreferrer", (path.name, href)
                web_links += 1
        seen_text += found["text"]
    assert EVIL in seen_text and "alert(2)" in seen_text, "the markup is shown as text, not dropped"
    assert web_links > 0, "the well-formed https address is linked"
    assert tab.errors == [], "no script ran, no dialog opened, nothing was blocked loudly"
