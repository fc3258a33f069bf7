"""The browser checks find what they look for: each is run on a deliberately broken copy of the site."""

from __future__ import annotations

import pytest

from browser.browser_support import (
    PHONE,
    SearchFailed,
    axe_violations,
    focus_problem,
    goto,
    horizontal_overflow,
    new_recorded_context,
    search,
    tab,
)
from browser.conftest import ServedSite, build_and_serve
from conftest import ROOT, make_project

# .invalid never resolves (RFC 2606); Chromium is also told to resolve nothing but loopback.
TRACKER = "https://tracker.example.invalid/pixel.gif"

BROKEN_CSS = """
/* Deliberately broken for tests/browser/test_checks_catch_breakage.py */
.md-typeset .pb-test-faint { color: #c4c4c4; }
.md-typeset .pb-test-wide { width: 60rem; }
.pb-test-no-focus :focus-visible, .pb-test-no-focus:focus-visible { outline: none !important; }
"""
# Written into the built pages after the build: the build's sanitiser refuses each of them.
BROKEN_PAGES = {
    # A theme change that drops contrast below 4.5:1, and a box wider than a phone.
    "about/index.html": '<p class="pb-test-faint">Grey on white.</p>\n'
                        '<div class="pb-test-wide">A fixed-width box.</div>\n',
    # An image from another host: a tracking pixel.
    "privacy/index.html": f'<img src="{TRACKER}" alt="Tracking pixel">\n',
    # A script of the site's own that throws.
    "accessibility/index.html": '<script src="../assets/javascripts/pb-test-broken.js"></script>\n',
    # Inline script in all three forms the CSP must refuse.
    "members/index.html": '<button id="pb-test-handler" onclick="document.title = \'handler ran\'">Handler</button>\n'
                          '<a id="pb-test-link" href="javascript:document.title = \'link ran\'">Link</a>\n'
                          "<script>document.title = 'inline script ran'</script>\n",
}


def break_pages(site) -> None:
    """Write BROKEN_PAGES into the built site, at the end of each page's article."""
    (site / "assets" / "javascripts" / "pb-test-broken.js").write_text(
        "throw new Error('deliberately broken page script');\n", encoding="utf-8")
    for path, markup in BROKEN_PAGES.items():
        page = site / path
        text = page.read_text(encoding="utf-8")
        assert "</article>" in text, path
        page.write_text(text.replace("</article>", markup + "</article>", 1), encoding="utf-8")


def break_search_index(site) -> None:
    """Cut each of the site's search index files (network/search_index.py) short."""
    for index in (site / "search").glob("*.js"):
        text = index.read_text(encoding="utf-8")
        index.write_text(text[:len(text) // 2], encoding="utf-8")


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> ServedSite:
    """One copy of the site with every fault planted; each test looks for its own.

    BROKEN_CSS only adds classes, and BROKEN_PAGES leave the home page's markup whole, so the errors a
    reader meets there come from the cut search index alone.
    """
    css = (ROOT / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8") + BROKEN_CSS
    project = make_project(tmp_path_factory.mktemp("broken"), {"docs/stylesheets/extra.css": css})
    with build_and_serve(project) as served:
        break_pages(served.site)
        break_search_index(served.site)
        yield served


def test_axe_reports_text_below_the_contrast_minimum(browser, broken_site):
    context, _ = new_recorded_context(browser, broken_site.origin)
    page = context.new_page()
    goto(page, broken_site.url + "about/")
    found = axe_violations(page)
    context.close()
    assert any("color-contrast" in line and "pb-test-faint" in line for line in found), found


def test_the_recorder_reports_a_request_to_another_host(browser, broken_site):
    """With the CSP bypassed, the tracking pixel's request is recorded (and refused, never sent)."""
    context, recorder = new_recorded_context(browser, broken_site.origin, bypass_csp=True)
    page = context.new_page()
    goto(page, broken_site.url + "privacy/")
    page.wait_for_timeout(300)
    context.close()
    assert recorder.third_party == [TRACKER]
    assert f"request to another host: {TRACKER}" in recorder.problems()


def test_the_csp_refuses_a_request_to_another_host_and_it_is_reported(browser, broken_site):
    """Chromium refuses the tracking pixel under the site's CSP; the violation and the request are reported."""
    context, recorder = new_recorded_context(browser, broken_site.origin)
    page = context.new_page()
    goto(page, broken_site.url + "privacy/")
    page.wait_for_timeout(300)
    context.close()
    assert recorder.failed == [f"{TRACKER} csp"], f"the CSP did not refuse the request: {recorder.failed}"
    assert any("img-src" in line and "tracker.example.invalid" in line for line in recorder.csp_violations), \
        recorder.console_errors


def test_the_recorder_reports_a_script_that_throws(browser, broken_site):
    context, recorder = new_recorded_context(browser, broken_site.origin)
    page = context.new_page()
    goto(page, broken_site.url + "accessibility/")
    context.close()
    assert any("deliberately broken page script" in line for line in recorder.problems()), recorder.problems()


def test_the_csp_stops_inline_handlers_javascript_links_and_inline_scripts(browser, broken_site):
    """Injected into a built page, none of the three runs, and each raises a securitypolicyviolation event.

    The recorder listens for it from before the page loads.
    """
    context, recorder = new_recorded_context(browser, broken_site.origin)
    page = context.new_page()
    goto(page, broken_site.url + "members/")
    title = page.title()
    page.click("#pb-test-handler")
    page.click("#pb-test-link")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(300)
    after = page.title()
    context.close()
    assert after == title, f"script ran: the title became {after!r}"
    violations = [line.split()[2] for line in recorder.csp_violations if line.startswith("CSP violation:")]
    assert "script-src-attr" in violations, recorder.console_errors
    assert violations.count("script-src-elem") >= 2, recorder.console_errors


def test_the_focus_check_reports_a_missing_focus_ring(browser, broken_site):
    context, _ = new_recorded_context(browser, broken_site.origin)
    page = context.new_page()
    goto(page, broken_site.url)
    page.evaluate("() => document.body.classList.add('pb-test-no-focus')")
    problems = [focus_problem(page, tab(page)) for _ in range(3)]
    context.close()
    assert any(problem and "shows no focus ring" in problem for problem in problems), problems


def test_the_phone_check_reports_a_page_that_scrolls_sideways(browser, broken_site):
    context, _ = new_recorded_context(browser, broken_site.origin, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    goto(page, broken_site.url + "about/")
    problem = horizontal_overflow(page)
    context.close()
    assert problem and "pb-test-wide" in problem, problem


def test_search_reports_a_broken_index(browser, broken_site):
    context, recorder = new_recorded_context(browser, broken_site.origin)
    page = context.new_page()
    goto(page, broken_site.url)
    with pytest.raises(SearchFailed, match="search for 'sepsis' showed no result"):
        search(page, "sepsis", timeout_ms=5_000)
    context.close()
    assert recorder.problems(), "a broken search index raised no error in the browser"

