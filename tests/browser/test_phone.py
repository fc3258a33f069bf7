"""At a phone's size (390x844): no sideways scrolling, and the navigation drawer opens and closes."""

from __future__ import annotations

import pytest

from browser.browser_support import (
    PHONE,
    axe_violations,
    focus_problem,
    goto,
    horizontal_overflow,
    new_recorded_context,
    tab,
)

PHONE_CONTEXT = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DRAWER = ".md-sidebar--primary"


@pytest.fixture
def phone(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin, **PHONE_CONTEXT)
    yield context.new_page(), recorder
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def drawer_box(page) -> dict:
    return page.locator(DRAWER).bounding_box()


def test_every_page_reflows_to_390_pixels_and_passes_axe_there(browser, served_site):
    """A desktop zoomed to 400 % (hover, keyboard, no touch) at 390 CSS pixels: no sideways scrolling, no axe violation.

    Wide tables scroll inside their own frame (the WCAG 1.4.10 exception for
    data tables); axe checks the keyboard can scroll that frame.
    """
    context, recorder = new_recorded_context(browser, served_site.origin, viewport=PHONE)
    page = context.new_page()
    wide, violations = [], []
    for path in served_site.pages():
        goto(page, served_site.url + path)
        problem = horizontal_overflow(page)
        if problem:
            wide.append(problem)
        violations += axe_violations(page, f"/{path} (390 px)")
    context.close()
    assert not wide, "\n".join(wide)
    assert not violations, "\n".join(violations)
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("which", ["playbook", "directory"])
def test_a_playbook_and_the_directory_fit_a_phone(phone, served_site, which):
    page, _ = phone
    goto(page, served_site.url + (served_site.playbooks()[0] if which == "playbook" else "members/"))
    assert horizontal_overflow(page) is None, horizontal_overflow(page)


@pytest.mark.parametrize("path", ["members/", "playbook"])
def test_the_navigation_drawer_opens_and_closes_by_touch(phone, served_site, path):
    page, _ = phone
    path = served_site.playbooks()[0] if path == "playbook" else path
    goto(page, served_site.url + path)
    assert drawer_box(page)["x"] + drawer_box(page)["width"] <= 0, "the drawer is open before it is asked for"
    page.locator("label.md-header__button[for='__drawer']").tap()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.wait_for_function(f"() => document.querySelector('{DRAWER}').getBoundingClientRect().left >= 0")
    shown = [link for link in page.locator(f"{DRAWER} a.md-nav__link").all() if link.is_visible()]
    assert len(shown) >= 3, "the open drawer does not show the site navigation"
    page.locator(".md-overlay").tap(position={"x": PHONE["width"] - 20, "y": PHONE["height"] // 2})
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.wait_for_function(f"() => document.querySelector('{DRAWER}').getBoundingClientRect().right <= 0")


def test_the_navigation_drawer_opens_and_closes_by_keyboard(phone, served_site):
    """At phone width (or a desktop zoomed to 400 %) the menu button takes focus and Escape closes it."""
    page, _ = phone
    goto(page, served_site.url + served_site.playbooks()[0])
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches(\"label[for='__drawer']\")"):
            break
    else:
        pytest.fail("Tab never reached the menu button")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert page.evaluate(f"() => !!document.activeElement.closest('{DRAWER}')"), "focus did not move into the menu"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert page.evaluate("() => document.activeElement.matches(\"label[for='__drawer']\")")


def test_keyboard_focus_is_visible_at_phone_width(phone, served_site):
    """A desktop zoomed to 400 % gets this layout: no Tab stop may hide in the closed drawer."""
    page, _ = phone
    goto(page, served_site.url + served_site.playbooks()[0])
    problems = []
    for stop in range(1, 21):
        problem = focus_problem(page, tab(page))
        if problem:
            problems.append(f"Tab stop {stop}: {problem}")
    assert not problems, "\n".join(problems)
