"""On a phone (390x844, touch): what a clinician can reach from the first screen, by tapping.

The drawer opens at its top level on every kind of page; the directory jumps
to a state from its jump list and from its map; the finder's first result
shows without scrolling; keyboard hints show only where there is a keyboard.
"""

from __future__ import annotations

import pytest

from browser.browser_support import DESKTOP, focus_problem, goto, new_recorded_context, tab
from browser.test_phone import DRAWER, PHONE_CONTEXT

# The element of `selector` whose text is `text` (or the first, for null), if the user can see and tap it
# on the current screen: inside the viewport and not covered (the point at its first line's centre hits it).
ON_SCREEN = """([selector, text]) => {
  const found = [...document.querySelectorAll(selector)]
    .filter((element) => text === null || element.textContent.trim().replace(/\\s+/g, " ") === text);
  for (const element of found) {
    const box = element.getBoundingClientRect();
    if (!box.width || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) continue;
    const line = element.getClientRects()[0];  // a link that wraps is tapped on its first line
    const [x, y] = [line.left + line.width / 2, line.top + line.height / 2];
    const hit = document.elementFromPoint(x, y);
    if (hit && (element === hit || element.contains(hit))) return {x, y};
  }
  return null;
}"""
NAV_LINK = f"{DRAWER} .md-nav__link"


@pytest.fixture
def phone(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin, **PHONE_CONTEXT)
    yield context.new_page()
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def on_screen(page, selector: str, text: str | None = None, timeout: int = 5_000) -> dict:
    """Where to tap the element (waiting out the drawer's slide), or a failure naming it."""
    try:
        return page.wait_for_function(ON_SCREEN, arg=[selector, text], timeout=timeout).json_value()
    except Exception:  # noqa: BLE001 - Playwright's timeout, reported as what was not reachable
        pytest.fail(f"{page.url}: {text or selector!r} is not on the screen to tap", pytrace=False)


def tap(page, selector: str, text: str | None = None) -> None:
    point = on_screen(page, selector, text)
    page.touchscreen.tap(point["x"], point["y"])


def open_drawer(page) -> None:
    tap(page, "label.md-header__button[for='__drawer']")
    page.wait_for_function("() => document.getElementById('__drawer').checked")


@pytest.mark.parametrize("kind", ["home", "directory", "member", "playbook", "review"])
def test_the_drawer_opens_at_its_top_level_where_browse_members_and_review_are_reached(phone, served_site, kind):
    page = phone
    path = {"home": "", "directory": "members/", "member": "members/altru/", "review": "playbooks/review/",
            "playbook": served_site.playbooks()[0]}[kind]
    goto(page, served_site.url + path)
    open_drawer(page)
    for section in ("Home", "Browse", "Review"):
        on_screen(page, NAV_LINK, section)
    tap(page, NAV_LINK, "Browse")
    for link in ("Find a playbook", "Quality", "Safety", "Professionalism", "By specialty", "Members"):
        on_screen(page, NAV_LINK, link)
    tap(page, NAV_LINK, "Members")
    page.wait_for_url(served_site.url + "members/")
    goto(page, served_site.url + path)
    open_drawer(page)
    tap(page, NAV_LINK, "Review")
    tap(page, NAV_LINK, "Review dashboard")
    page.wait_for_url(served_site.url + "playbooks/review/")


def test_every_tab_stop_of_the_open_drawer_is_seen(phone, served_site):
    """By keyboard (a desktop zoomed to 400 %): the levels not open hold no Tab stop, Escape closes the drawer."""
    page = phone
    goto(page, served_site.url + "members/")
    page.locator("label.md-header__button[for='__drawer']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked && !document.getAnimations().length")
    in_drawer = f"() => !!document.activeElement.closest('{DRAWER}')"
    stops, problems = [page.evaluate("() => document.activeElement.textContent.trim()")], []
    while len(stops) < 8:
        focus = tab(page)
        if not page.evaluate(in_drawer):
            break
        stops.append(focus and focus["name"])
        problem = focus_problem(page, focus)
        if problem:
            problems.append(problem)
    assert not problems, f"Tab stops {stops}:\n" + "\n".join(problems)
    assert [stop.split("'")[1] if "'" in stop else stop for stop in stops[:3]] == ["Home", "Browse", "Review"], stops
    page.locator(f"{DRAWER} label.md-nav__link", has_text="Browse").focus()
    page.keyboard.press("Enter")
    on_screen(page, NAV_LINK, "Members")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert page.evaluate("() => !document.querySelector('.md-nav--primary nav.md-nav[inert]')")


@pytest.mark.parametrize("way", ["jump list", "map"])
def test_a_tap_lands_on_a_states_section_at_once_however_slow_the_network(phone, served_site, way):
    """From the jump list (the first screen) or a map tile (scrolled to, then tapped at once): the state's heading.

    The tap must not wait on the network: Material's instant navigation fetches
    the directory again on a same-page link and scrolls only once that arrives,
    and a scroll just before the tap then sends the reader back where they were
    (it records the old offset on the new history entry). So any fetch of the
    directory is held until the heading is on the screen, then let through, and
    the heading must still be there once Material has put the fetched page in.
    """
    page = phone
    goto(page, served_site.url + "members/")
    held = []
    page.route(served_site.url + "members/", lambda route: held.append(route))
    page.evaluate("() => { window.pbDocuments = 0; document$.subscribe(() => window.pbDocuments++); }")
    if way == "jump list":
        on_screen(page, ".pb-jump a", "Tumor board")
        tap(page, ".pb-jump a", "North Dakota (2)")
    else:
        tilemap = page.locator(".pb-tilemap")
        tilemap.scroll_into_view_if_needed()
        assert tilemap.get_by_text("TX", exact=True).is_visible()
        assert tilemap.get_by_role("link", name="TX", exact=True).count() == 0, "a state without members is a link"
        tap(page, ".pb-tilemap a", "ND 2")
    page.wait_for_url(served_site.url + "members/#state-nd")
    on_screen(page, "#state-nd")
    if held:
        for route in held:
            route.continue_()
        page.wait_for_function("() => window.pbDocuments > 1")  # Material's document$: the fetched page is in
        on_screen(page, "#state-nd")


def test_the_finders_first_result_is_on_the_first_screen_with_its_facets_one_tap_away(phone, served_site):
    page = phone
    goto(page, served_site.url + "playbooks/")
    page.wait_for_function("() => !document.querySelector('form.pb-finder').hidden")
    first = page.locator(".pb-finder__list > li a").first.inner_text()
    on_screen(page, ".pb-finder__list > li a", first)
    assert not page.locator("#pb-facet-domain").is_visible(), "the facets are not folded on a phone"
    tap(page, ".pb-finder__facets > summary")
    page.locator("#pb-facet-domain").select_option("safety")
    on_screen(page, ".pb-finder__facets > summary", "Filter the list (1 chosen)")
    assert page.locator(".pb-finder__list > li:not([hidden])").count() < page.locator(".pb-finder__list > li").count()


def test_keyboard_hints_show_only_where_there_is_a_keyboard(phone, browser, served_site):
    goto(phone, served_site.url)
    assert phone.locator(".pb-keyboard-hint").count() == 1
    assert not phone.locator(".pb-keyboard-hint").is_visible(), "a phone is told to press /"
    context, recorder = new_recorded_context(browser, served_site.origin, viewport=DESKTOP)
    desktop = context.new_page()
    goto(desktop, served_site.url)
    assert desktop.locator(".pb-keyboard-hint").is_visible()
    goto(desktop, served_site.url + "playbooks/")
    assert desktop.locator("#pb-facet-domain").is_visible(), "the facets are folded on a desktop"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
