"""The network's own loop in a browser: the variants table, graded recommendations, member pages and the map."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browser.browser_support import axe_violations, focus_problem, goto, horizontal_overflow, new_recorded_context, tab
from browser.test_phone import PHONE_CONTEXT

VARIANTS = "playbooks/safety/sepsis-hour-1-bundle/"
MEMBER = "members/bluestem-community/"


def test_the_rationale_of_a_grade_opens_by_keyboard(browser, served_site):
    """Tab to the first 'Why' toggle, with a visible focus ring, and open it with Enter."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + VARIANTS)
    focus = None
    for _ in range(200):
        focus = tab(page)
        if page.evaluate("() => !!document.activeElement.closest('details.pb-grade__why')"):
            break
    assert focus and focus["name"].startswith("summary"), f"Tab never reached a 'Why' toggle; last stop {focus}"
    assert focus_problem(page, focus) is None, focus_problem(page, focus)
    toggle = page.locator("details.pb-grade__why").first
    assert toggle.get_attribute("open") is None
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('details.pb-grade__why').open")
    assert toggle.locator("p").first.is_visible()
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("path", [VARIANTS, MEMBER, "members/"])
def test_network_pages_have_no_axe_violation_and_keep_keyboard_focus_visible(browser, served_site, path):
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + path)
    violations = axe_violations(page, f"/{path}")
    problems, in_content = [], False
    for stop in range(1, 400):  # through the whole content, to what follows it
        focus = tab(page)
        if focus is None and in_content:  # past the last link of the page, into the browser's own controls
            break
        problem = focus_problem(page, focus)
        if problem:
            problems.append(f"Tab stop {stop}: {problem}")
        if focus and focus["inContent"]:
            in_content = True
        elif in_content:
            break
    context.close()
    assert in_content, f"/{path}: Tab never reached the content"
    assert not violations, "\n".join(violations)
    assert not problems, f"/{path}:\n" + "\n".join(problems)
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("path", [VARIANTS, MEMBER, "members/"])
def test_network_pages_are_readable_on_a_phone(browser, served_site, path):
    """390 CSS pixels by touch: nothing scrolls sideways but a table in its own frame; the map fits the screen."""
    context, recorder = new_recorded_context(browser, served_site.origin, **PHONE_CONTEXT)
    page = context.new_page()
    goto(page, served_site.url + path)
    assert horizontal_overflow(page) is None, horizontal_overflow(page)
    if path == "members/":
        box = page.locator(".pb-tilemap__grid").bounding_box()
        assert box and box["width"] <= 390 and box["height"] > 100, box
    if path == VARIANTS:
        cell = page.locator("section.pb-variants tbody tr").first
        assert "Meets target" in cell.inner_text()
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_the_printed_checklist_leaves_out_the_sections_after_the_body(browser, served_site):
    """On paper a playbook is its one-page checklist: grades, measures, variants and updates stay on screen."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + VARIANTS)
    assert page.locator(".pb-recommendations, .pb-measures, .pb-variants, .pb-updates").count() == 4
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    context.close()
    printed = re.sub(r"\s+", "", "".join(sheet.extract_text() or "" for sheet in reader.pages))
    assert len(reader.pages) == 1 and "Checklist" in printed
    for heading in ("Key recommendations", "Measures and targets", "How members run it", "Updates to this playbook"):
        assert heading.replace(" ", "") not in printed, f"{heading} printed"
    assert not recorder.problems(), "\n".join(recorder.problems())
