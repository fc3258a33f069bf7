"""The offline bundle (`make offline`): opened from file://, links, search and no request off the disk."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from browser.browser_support import Recorder, goto, search


def test_offline_build_uses_plain_file_urls_and_ships_its_worker_shim(offline_site):
    assert (offline_site / "index.html").is_file()
    assert (offline_site / "members.html").is_file(), "the offline build still uses directory URLs"
    assert (offline_site / "search" / "search_index.js").is_file(), "the search index is not inlined"
    shim = offline_site / "assets" / "javascripts" / "iframe-worker" / "shim.js"
    assert shim.is_file() and (shim.parent / "LICENSE").is_file()
    for html in offline_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "iframe-worker/shim.js" in text, html


def test_every_relative_link_of_the_offline_bundle_resolves_to_a_file(offline_site):
    """Generated links (playbook headers, listings, directory) work without directory URLs."""
    from bs4 import BeautifulSoup

    broken = []
    # 404.html is for a web server (root-relative links); a folder of files never shows it.
    for html in sorted(set(offline_site.rglob("*.html")) - {offline_site / "404.html"}):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("a[href], link[href], script[src], img[src]"):
            url = element.get("href") or element.get("src")
            parts = urlsplit(url)
            if parts.scheme or url.startswith("#") or not parts.path:
                continue
            target = (html.parent / unquote(parts.path)).resolve()
            if target.is_dir() or not target.exists():
                broken.append(f"{html.relative_to(offline_site)}: {url}")
    assert not broken, "links that do not open from file://:\n" + "\n".join(broken)


def test_offline_bundle_works_from_file_urls(browser, offline_site):
    """Open index.html, follow links to a playbook, its contributor's page and directory entry, search; all file://."""
    context = browser.new_context()
    recorder = Recorder(own_origins=(offline_site.as_uri() + "/",))
    recorder.attach(context)
    page = context.new_page()
    goto(page, (offline_site / "index.html").as_uri())
    page.locator(".md-content a[href$='playbooks/safety/index.html']").first.click()
    page.wait_for_url("**/playbooks/safety/index.html")
    page.locator(".pb-list a").first.click()
    page.wait_for_selector(".pb-header")
    assert page.url.endswith(".html"), page.url
    page.locator(".pb-header__control > summary").click()
    contributor = page.locator(".pb-header dd a").first
    member_page = urlsplit(contributor.evaluate("a => a.href")).path
    member_id = member_page.rsplit("/", 1)[1].removesuffix(".html")
    contributor.click()
    page.wait_for_url(f"**/members/{member_id}.html")
    page.get_by_role("link", name="in the member directory").click()
    page.wait_for_url(f"**/members.html#{member_id}")
    assert page.locator(f"[id='{member_id}']").count() == 1
    outcome = search(page, "sepsis")
    opened = page.locator(".md-search-result__link").first
    target = opened.evaluate("a => a.href")
    opened.click()
    page.wait_for_url(target)
    page.wait_for_selector(".pb-header")
    context.close()
    assert any("sepsis" in link for link in outcome.links), outcome.links
    assert all(url.startswith("file://") for url in recorder.requests), recorder.requests
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_search_from_file_urls_gives_the_suites_first_results_and_did_you_mean(browser, offline_site):
    """The offline bundle runs the same engine from file://: one query of each kind of the relevance suite."""
    from browser.browser_support import first_playbook
    from browser.relevance_suite import SUITE

    context = browser.new_context()
    recorder = Recorder(own_origins=(offline_site.as_uri() + "/",))
    recorder.attach(context)
    page = context.new_page()
    goto(page, (offline_site / "playbooks" / "index.html").as_uri())
    one_of_each = {kind: (query, meant) for kind, query, meant in reversed(SUITE)}
    wrong = {}
    for kind, (query, meant) in one_of_each.items():
        first, _ = first_playbook(page, query, expects_nothing=kind == "none")
        if first != meant:
            wrong[query] = first
    context.close()
    assert not wrong, f"from file://, these queries did not give the meant playbook first: {wrong}"
    assert all(url.startswith("file://") for url in recorder.requests), recorder.requests
    assert not recorder.problems(), "\n".join(recorder.problems())
