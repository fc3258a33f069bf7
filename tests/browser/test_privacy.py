"""Privacy in a real browser: no request leaves the site, no cookie, a CSP Material works under."""

from __future__ import annotations

from browser.browser_support import goto, new_recorded_context, search

CSP = 'meta[http-equiv="Content-Security-Policy"]'


def test_a_clinicians_visit_makes_no_request_to_another_host(browser, served_site):
    """Home, palette toggle, a playbook, the finder, the directory and a search: only the site's own origin."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url)
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    playbook = served_site.playbooks()[0]
    page.locator(f"article a[href$='{playbook.split('/')[1]}/']").first.click()
    page.locator(f".pb-list a[href$='{playbook}']").click()
    page.wait_for_selector(".pb-header")
    page.locator(".md-tabs__link", has_text="Browse").click()
    page.wait_for_url(served_site.url + "playbooks/")
    page.locator("form.pb-finder:not([hidden]) select[name=domain]").select_option("safety")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Members").click()
    page.wait_for_url(served_site.url + "members/")
    page.wait_for_selector(".pb-member")
    outcome = search(page, "sepsis")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_selector(".pb-header")
    page.go_back()
    goto(page, served_site.url + playbook)
    storage = page.evaluate("() => Object.keys(localStorage)")
    session = page.evaluate("() => Object.keys(sessionStorage)")
    cookies = context.cookies()
    context.close()

    assert outcome.links, "the search showed no result"
    assert recorder.requests, "no request was recorded at all: the recorder is broken"
    assert all(url.startswith(served_site.origin) for url in recorder.requests)
    assert not recorder.problems(), "\n".join(recorder.problems())
    assert cookies == [], f"the site set cookies: {cookies}"
    assert sorted(storage) == ["/.__palette"], f"local storage holds more than the palette choice: {storage}"
    assert session == [], f"session storage is used: {session}"


def test_instant_navigation_stays_on_the_page_under_the_csp(browser, served_site):
    """Material's instant navigation swaps pages without a reload: the CSP does not break it."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url)
    page.evaluate("() => { window.pbSamePage = true }")
    page.locator(".md-tabs__link", has_text="Review").click()
    page.wait_for_url(served_site.url + "playbooks/review/")
    page.wait_for_selector("article table")
    survived = page.evaluate("() => window.pbSamePage === true")
    context.close()
    assert survived, "following a link reloaded the page: instant navigation did not run"
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_every_page_carries_the_csp_before_any_stylesheet_or_script(served_site):
    problems = []
    for path in served_site.pages():
        head = served_site.soup(path).head
        policy = head.select_one(CSP)
        if policy is None:
            problems.append(f"/{path}: no Content-Security-Policy meta tag")
            continue
        content = policy["content"]
        for directive in ("default-src 'none'", "connect-src 'self'", "img-src 'self' data:", "style-src 'self'"):
            if directive not in content:
                problems.append(f"/{path}: the policy lacks {directive!r}")
        fetching = ("stylesheet", "preload", "modulepreload", "preconnect", "dns-prefetch")
        before = [element for element in policy.find_all_previous(["link", "script", "style"])
                  if element.name != "link" or set(element.get("rel", [])) & set(fetching)]
        if before:
            problems.append(f"/{path}: {before} come before the policy")
    assert not problems, "\n".join(problems)


def test_no_page_refers_to_another_host_for_an_asset(served_site):
    """No stylesheet, script, image, font or frame URL points off the site (links to sources may)."""
    problems = []
    for path in served_site.pages():
        soup = served_site.soup(path)
        for element in soup.select("link[href], script[src], img[src], iframe[src], source[src], video, audio"):
            url = element.get("href") or element.get("src") or ""
            if url.startswith(("http:", "https:", "//")) and element.get("rel") != ["canonical"]:
                problems.append(f"/{path}: <{element.name}> loads {url}")
    assert not problems, "\n".join(problems)
