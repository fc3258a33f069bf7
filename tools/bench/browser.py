"""What a clinician's browser pays at scale: the finder's weight and filter time, search's bytes and first result.

Runs the built site in Chromium (the browser tests' machinery, tests/browser/),
served on loopback. Times are medians of a few runs and are reported, never
asserted: `make bench` reads them as ratios between sizes.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

from network.urls import FINDER_PAGE, built_file
from tools.project import ROOT

QUERY = "sepsis screening"
# The generated playbooks about the query's topic (tools/bench/corpus.py names their slugs after it).
TOPIC_SLUG = QUERY.replace(" ", "-")
RUNS = 5
# How long a run waits for a first result, and for the right one first, before it says "never" (ms).
GIVE_UP_MS = 15_000
# Apply a filter as a person does (the select changes) and wait for the layout it causes.
# Resolves once the first playbook among the results on screen is one on the query's topic.
RIGHT_FIRST = """slug => {
  const first = [...document.querySelectorAll('.md-search-result__item a')]
    .map(a => new URL(a.href).pathname)
    .find(path => /playbooks\\/(quality|safety|professionalism)\\/(?!index)[a-z0-9-]+(\\/|\\.html)/.test(path));
  return Boolean(first && first.includes(slug));
}"""
APPLY_FILTER = """(value) => {
  const select = document.querySelector('#pb-facet-domain');
  const started = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  document.body.offsetHeight;
  return performance.now() - started;
}"""


def _support():
    """The browser tests' helpers (tests/browser/browser_support.py), which find Chromium and serve a site."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from browser import browser_support

    return browser_support


@contextlib.contextmanager
def chromium_browser():
    """The system Chromium under Playwright, as the browser tests launch it."""
    support = _support()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = support.launch_chromium(playwright, support.find_chromium())
        try:
            yield browser
        finally:
            browser.close()


def browser_figures(site: Path) -> dict:
    """The finder's and search's figures for the site built in ``site``; a note instead without Chromium."""
    support = _support()
    try:
        executable = support.find_chromium()
    except support.ChromiumNotFound:
        return {"browser_note": "skipped: no Chromium (see tests/browser/browser_support.py)"}
    from playwright.sync_api import sync_playwright

    finder_html = (site / built_file(FINDER_PAGE)).read_bytes()
    index_files = [path.read_bytes() for path in (site / "search").glob("*") if path.is_file()]
    settings = site / "search" / "search_index.json"
    # Material's own file counts as index unless it holds its settings only (the site's engine leaves it so).
    settings_only = settings.is_file() and not json.loads(settings.read_text(encoding="utf-8"))["docs"]
    figures = {"finder_kb": round(len(finder_html) / 1024, 1),
               "finder_gzip_kb": round(len(gzip.compress(finder_html)) / 1024, 1),
               "search_index_gzip_mb": round(sum(len(gzip.compress(data)) for data in index_files) / 2**20, 2)}
    with support.serve_directory(site) as url, sync_playwright() as playwright:
        browser = support.launch_chromium(playwright, executable)
        try:
            figures.update(_finder(browser, support, url))
            figures.update(_search(browser, support, url, settings_only))
        finally:
            browser.close()
    figures["browser_note"] = "measured"
    return figures


def _finder(browser, support, url: str) -> dict:
    context = browser.new_context(viewport=support.DESKTOP)
    page = context.new_page()
    support.goto(page, url + "playbooks/")
    page.wait_for_selector("form.pb-finder:not([hidden])")
    timings = [page.evaluate(APPLY_FILTER, value) for value in ["safety", "quality"] * RUNS]
    cleared = page.evaluate(APPLY_FILTER, "")
    context.close()
    return {"finder_filter_ms": round(statistics.median(timings), 1), "finder_clear_ms": round(cleared, 1)}


def _search(browser, support, url: str, settings_only: bool) -> dict:
    """From a fresh page (empty cache): bytes fetched until the right result comes first, and keystroke to it.

    Also what the page fetched of the index before the search began: nothing for the site's engine
    (Material's search_index.json then holds its settings and no document, and is not counted).
    """
    runs, right, any_result = [], [], []
    for _ in range(RUNS):
        context = browser.new_context(viewport=support.DESKTOP)
        fetched: list = []
        context.on("requestfinished", lambda request, fetched=fetched: fetched.append(request))
        page = context.new_page()
        support.goto(page, url)
        page.wait_for_timeout(500)
        on_load = sum(request.sizes()["responseBodySize"] for request in fetched
                      if _index_file(request.url, url, settings_only))
        shown, milliseconds, found = _type_until_right(page, support)
        right.append(found)
        downloaded = sum(request.sizes()["responseBodySize"] for request in list(fetched))
        runs.append((milliseconds, downloaded, on_load))
        any_result.append(shown)
        context.close()
    return {"search_first_result_ms": round(statistics.median(ms for ms, _, _ in runs)),
            "search_any_result_ms": round(statistics.median(any_result)),
            "search_bytes_mb": round(statistics.median(size for _, size, _ in runs) / 2**20, 2),
            "search_index_on_load_kb": round(max(load for _, _, load in runs) / 1024, 1),
            "search_first_result_right": "yes" if all(right) else "no"}


def _index_file(address: str, url: str, settings_only: bool) -> bool:
    """Whether ``address`` is a file of the search index (Material's search_index.json not, if ``settings_only``)."""
    settings = address.startswith(url + "search/search_index.json")
    return address.startswith(url + "search/") and not (settings and settings_only)


def _type_until_right(page, support) -> tuple[float, float, bool]:
    """Type QUERY into the search box: ms from the first keystroke to the first result, and to the right one first.

    The right one is a playbook on the query's topic. If the right result never comes first, the time until
    the wait gave up, and False.
    """
    field = support._open_search(page)
    field.fill("")
    started = time.perf_counter()
    page.keyboard.type(QUERY)
    try:
        page.wait_for_function(support.SEARCH_SHOWN_OR_CLOSED, timeout=GIVE_UP_MS)
    except Exception:  # Playwright's TimeoutError: nothing shown; the wait below gives up too
        pass
    shown = (time.perf_counter() - started) * 1000
    try:
        page.wait_for_function(RIGHT_FIRST, arg=TOPIC_SLUG, timeout=GIVE_UP_MS)
        return shown, (time.perf_counter() - started) * 1000, True
    except Exception:  # Playwright's TimeoutError: the right result never came first
        return shown, (time.perf_counter() - started) * 1000, False


def relevance_figures(site: Path) -> dict:
    """Precision at 1 of the relevance suite (tests/browser/relevance_suite.py) on ``site``, the shipped playbooks.

    The share of its queries whose meant playbook comes first (for a query that
    finds nothing, first under "Did you mean"), typed in Chromium.
    """
    support = _support()
    try:
        executable = support.find_chromium()
    except support.ChromiumNotFound:
        return {}
    from playwright.sync_api import sync_playwright

    with support.serve_directory(site) as url, sync_playwright() as playwright:
        browser = support.launch_chromium(playwright, executable)
        try:
            return _relevance(browser, support, url)
        finally:
            browser.close()


def _relevance(browser, support, url: str) -> dict:
    from browser.relevance_suite import SUITE

    context = browser.new_context(viewport=support.DESKTOP)
    page = context.new_page()
    support.goto(page, url)
    right = 0
    for kind, query, meant in SUITE:
        try:
            first, _ = support.first_playbook(page, query, expects_nothing=kind == "none")
        except support.SearchFailed:
            first = None
        right += first == meant
    context.close()
    return {"search_precision_at_1": round(right / len(SUITE), 2), "search_suite_queries": len(SUITE)}
