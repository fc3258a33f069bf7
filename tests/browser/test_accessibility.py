"""WCAG 2.2 AA in a real browser: axe-core on every page in both schemes, and the keyboard alone."""

from __future__ import annotations

import pytest

from browser.browser_support import (
    FOCUS_INDICATOR,
    MATERIAL_SCHEMES,
    axe_violations,
    focus_problem,
    goto,
    new_recorded_context,
    search,
    tab,
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violation_and_no_error(browser, served_site, scheme, measured):
    """axe-core (wcag2a/2aa/21a/21aa/22aa) on every built page, plus the search results view."""
    context, recorder = new_recorded_context(browser, served_site.origin, color_scheme=scheme)
    page = context.new_page()
    violations, wrong_scheme = [], []
    pages = served_site.pages()
    for path in pages:
        goto(page, served_site.url + path)
        shown = page.evaluate("document.body.dataset.mdColorScheme")
        if shown != MATERIAL_SCHEMES[scheme]:
            wrong_scheme.append(f"/{path} shows scheme {shown!r}")
        violations += axe_violations(page, f"/{path}")
    goto(page, served_site.url)
    search(page, "sepsis")
    violations += axe_violations(page, "search results")
    context.close()
    measured(f"axe pages checked ({scheme})", len(pages))
    assert not wrong_scheme, f"Material did not follow prefers-color-scheme: {scheme}: {wrong_scheme}"
    assert not violations, f"{len(violations)} accessibility violations ({scheme} scheme):\n" + "\n".join(violations)
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_every_page_has_a_skip_link(served_site):
    """Material links 'Skip to content' to a page's first heading; 404.html has no outline to skip into."""
    missing = [f"/{path}" for path in served_site.pages()
               if path != "404.html" and not served_site.soup(path).select_one("a.md-skip[href^='#']")]
    assert not missing, f"pages without a 'Skip to content' link: {missing}"


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(browser, served_site):
    playbook = served_site.playbooks()[0]
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + playbook)
    first = tab(page)
    assert first and first["name"].startswith("a.md-skip"), f"first Tab stop is {first}, not the skip link"
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    assert focus_problem(page, page.evaluate(FOCUS_INDICATOR)) is None
    target = first["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    heading = target.split("#")[1]
    try:  # Material re-renders the content after the jump; focus must land on the new heading
        page.wait_for_function("(id) => document.activeElement.id === id && document.activeElement.isConnected",
                               arg=heading, timeout=5_000)
    except Exception:  # Playwright's TimeoutError
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")
        pytest.fail(f"after the skip link, focus is on {focused}, not on the heading #{heading}")
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.activeElement.id") == heading, "focus left the heading again"
    after = tab(page)
    assert after and after["inContent"], f"after the skip link, Tab went to {after}, not into the content"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("which", ["home", "playbook", "directory", "listing"])
def test_keyboard_focus_is_always_visible(browser, served_site, which):
    """Tab through the page: every stop shows a 2px ring, on screen, not under the header."""
    path = {"home": "", "playbook": served_site.playbooks()[0], "directory": "members/",
            "listing": "playbooks/safety/"}[which]
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + path)
    problems, seen = [], 0
    for _ in range(60):
        focus = tab(page)
        seen += 1
        problem = focus_problem(page, focus)
        if problem:
            problems.append(f"Tab stop {seen}: {problem}")
        if focus and focus["inContent"] and seen > 25:
            break
    context.close()
    assert not problems, f"/{path}:\n" + "\n".join(problems)
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_search_is_reachable_and_usable_by_keyboard(browser, served_site):
    """Tab to the search box, type a topic, arrow to a result and open it with Enter."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url)
    for _ in range(1, 15):
        focus = tab(page)
        if page.evaluate("document.activeElement.matches('.md-search__input')"):
            break
    else:
        pytest.fail("14 presses of Tab never reached the search box")
    assert focus_problem(page, focus) is None, focus_problem(page, focus)
    page.keyboard.type("sepsis")
    page.wait_for_selector(".md-search-result__item", state="visible")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.closest('.md-search-result') ? document.activeElement.href : null")
    assert chosen and "/playbooks/" in chosen, f"ArrowDown did not move to a playbook result (got {chosen})"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => (document.querySelector('.md-content h1') || {}).textContent.toLowerCase().includes('sepsis')")
    assert page.url.split("#")[0] == chosen.split("#")[0]
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("path, links", [
    ("playbooks/safety/", ".pb-list a"),
    ("members/", ".pb-member a"),
])
def test_listing_and_directory_links_are_all_reachable_by_keyboard(browser, served_site, path, links):
    """Every link of a listing or the directory is a Tab stop, in reading order, and opens with Enter."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + path)
    expected = page.eval_on_selector_all(links, "links => links.map(a => a.getAttribute('href'))")
    assert expected, f"/{path} has no links matching {links}"
    reached, problems = [], []
    for _ in range(400):
        focus = tab(page)
        if focus is None or focus["href"] is None:
            continue
        if page.evaluate("(selector) => document.activeElement.matches(selector)", links):
            reached.append(focus["href"])
            problem = focus_problem(page, focus)
            if problem:
                problems.append(problem)
            if len(reached) == len(expected):
                break
    assert reached == expected, f"/{path}: Tab reached {len(reached)} of {len(expected)} links in order"
    assert not problems, "\n".join(problems)
    # Material makes every link absolute; open the first one to a page of this site.
    internal = [index for index, href in enumerate(expected) if href.startswith(served_site.url)]
    target = page.locator(links).nth(internal[0])
    href = target.evaluate("a => a.href")
    target.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("key", ["/", "s"])
def test_a_key_press_opens_search(browser, served_site, key):
    """The shortcut the home page and the accessibility statement promise."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + "members/")
    page.keyboard.press(key)
    page.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.type("sepsis")
    page.wait_for_selector(".md-search-result__item", state="visible")
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
