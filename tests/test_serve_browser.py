"""``storyline serve`` in a real browser: uvicorn in a thread on 127.0.0.1 (a free port),
Debian's Chromium driven by Playwright (launched as tests/test_browser.py does). A reader
opens the story list, a story, searches a phrase, follows an event's source chip to the
document and lands on the highlighted sentence; no page logs an error or runs a script,
and the markup the sources carry stays text. Every wait is bounded."""

from __future__ import annotations


import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
from browser import WAIT, needs_browser, serving, tab  # noqa: E402
from test_serve import HOSTILE, LINE, START, STORY, make_store  # noqa: E402

from storyline.serve import create_app  # noqa: E402

pytestmark = needs_browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over a hand-made store, served by uvicorn on 127.0.0.1 at a free port."""
    with serving(create_app(make_store(tmp_path_factory.mktemp("serve") / "store.sqlite"))) as base:
        yield base


@pytest.fixture(scope="module")
def page():
    with tab() as opened:
        yield opened


def test_a_reader_goes_from_the_list_to_the_highlighted_sentence(server, page):
    page.goto(server + "/", wait_until="load", timeout=WAIT)
    assert page.locator("h1").first.inner_text() == "Stories"
    link = page.locator(".story-list a").first
    assert HOSTILE in link.inner_text()  # the label's markup is text
    link.click()
    page.wait_for_url(f"**/stories/{STORY}", timeout=WAIT)
    sentence = page.locator("#timeline li.sentence p").first
    assert sentence.inner_text() == LINE  # shown as written, no element made of it
    assert page.locator("#timeline img, #timeline b, script").count() == 0

    page.locator("#timeline summary").first.click()  # why this date
    assert "'yesterday'" in page.locator("#timeline .dated-by").first.inner_text()

    page.locator("#timeline a.chip-link").first.click()
    page.wait_for_url("**/documents/a%2F1.txt#span-*", timeout=WAIT)
    mark = page.locator("mark:target")
    assert mark.count() == 1 and mark.inner_text() == LINE
    assert mark.get_attribute("id") == f"span-{START}-{START + len(LINE)}"
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
    assert page.locator("#about a.orig").count() == 0  # a javascript: URL is never a link
    assert page.errors == []


def test_search_a_phrase(server, page):
    page.goto(server + f"/stories/{STORY}", wait_until="load", timeout=WAIT)
    page.fill("input[name=q]", "closed the Quillby bridge")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=closed+the+Quillby+bridge", timeout=WAIT)
    events = page.locator("#events li")
    assert events.count() == 1 and "closed the Quillby bridge" in events.inner_text()
    docs = page.locator("#documents li a")
    assert docs.count() == 1
    docs.first.click()
    page.wait_for_url("**/documents/a%2F1.txt", timeout=WAIT)
    assert page.locator("mark").count() == 1
    assert page.errors == []


def test_the_pages_run_no_script(server, page):
    """The CSP forbids every script: one injected in the page does not run."""
    page.goto(server + "/", wait_until="load", timeout=WAIT)
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'document.body.dataset.ran = 1'; document.body.append(s); }""")
    assert page.evaluate("() => document.body.dataset.ran") is None
    page.errors.clear()  # the refusal is logged as a console error
