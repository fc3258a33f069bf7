"""At the point of care, in Chromium: the checklist within the first screen, the finder, search by trust, names."""

from __future__ import annotations

import pytest

from browser.browser_support import (
    DESKTOP,
    PHONE,
    axe_violations,
    focus_problem,
    goto,
    new_recorded_context,
    search,
    tab,
)

SIZES = {"desktop": {"viewport": DESKTOP},
         "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}}
FIRST_SCREEN = """() => {
  const bottom = (selector) => { const e = document.querySelector(selector);
                                 return e ? e.getBoundingClientRect().bottom : null; };
  return {title: bottom('.pb-title'), status: bottom('.pb-header__status'), summary: bottom('.pb-header__summary'),
          checklist: bottom('.pb-header__go'), height: innerHeight};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_title_status_summary_and_the_way_to_the_checklist_fit_the_first_screen(browser, served_site, size):
    context, recorder = new_recorded_context(browser, served_site.origin, **SIZES[size])
    page = context.new_page()
    problems = []
    for path in served_site.playbooks():
        goto(page, served_site.url + path)
        shown = page.evaluate(FIRST_SCREEN)
        for part in ("title", "status", "summary", "checklist"):
            if shown[part] is None or shown[part] > shown["height"]:
                problems.append(f"/{path} at {size}: the {part} ends at {shown[part]} px, below the first "
                                f"{shown['height']} px")
    # The link leads to the checklist: the heading is then on screen.
    page.locator(".pb-header__go").click()
    page.wait_for_function("() => { const h = document.getElementById('checklist').getBoundingClientRect();"
                           " return h.top >= 0 && h.bottom <= innerHeight; }")
    context.close()
    assert not problems, "\n".join(problems)
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_the_document_control_opens_from_its_disclosure_by_keyboard(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + "playbooks/safety/sepsis-hour-1-bundle/")
    facts = page.locator(".pb-header__facts")
    assert not facts.is_visible()
    page.locator(".pb-header__control > summary").focus()
    page.keyboard.press("Enter")
    facts.wait_for(state="visible")
    assert "Contributed by" in facts.inner_text()
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.fixture
def finder(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    yield page
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def shown_rows(page) -> list[str]:
    return page.eval_on_selector_all(".pb-finder__list > li:not([hidden]) > a",
                                     "links => links.map(a => a.textContent)")


def test_the_finder_narrows_by_each_facet_and_keeps_the_choice_in_the_address(finder, served_site):
    page = finder
    goto(page, served_site.url + "playbooks/")
    total = page.locator(".pb-finder__list > li").count()
    assert len(shown_rows(page)) == total == len(served_site.playbooks())
    page.select_option("#pb-facet-domain", "safety")
    page.select_option("#pb-facet-status", "approved")
    assert page.url.endswith("playbooks/?domain=safety&status=approved")
    safety_approved = shown_rows(page)
    assert safety_approved and "Sepsis three-hour and six-hour bundles" not in safety_approved
    assert page.locator(".pb-finder__count").inner_text() == f"{len(safety_approved)} of {total} playbooks shown."
    # The address can be shared: opened afresh, it shows the same choice.
    goto(page, page.url)
    assert shown_rows(page) == safety_approved
    assert page.locator("#pb-facet-domain").input_value() == "safety"
    for facet, value, expected in [("specialty", "emergency-medicine", "Sepsis hour-1 bundle from time zero"),
                                   ("contributor", "great-lakes-harbor", "WHO Surgical Safety Checklist in every "
                                                                         "operating room"),
                                   ("adopter", "bluestem-community", "Sepsis hour-1 bundle from time zero"),
                                   ("review", "overdue", "Medication reconciliation at admission, transfer and "
                                                         "discharge")]:
        goto(page, served_site.url + f"playbooks/?{facet}={value}")
        assert expected in shown_rows(page), f"{facet}={value}: {shown_rows(page)}"
        assert len(shown_rows(page)) < total


def test_the_finder_works_with_the_keyboard_and_announces_the_count(finder, served_site):
    page = finder
    goto(page, served_site.url + "playbooks/")
    assert page.locator(".pb-finder__count").get_attribute("aria-live") == "polite"
    for _ in range(40):
        focus = tab(page)
        if page.evaluate("() => document.activeElement.id === 'pb-facet-domain'"):
            break
    else:
        pytest.fail("Tab never reached the finder's first facet")
    assert focus_problem(page, focus) is None
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.querySelector('#pb-facet-domain').value !== ''")
    assert "domain=" in page.url
    assert len(shown_rows(page)) < page.locator(".pb-finder__list > li").count()
    assert axe_violations(page, "/playbooks/ filtered") == []


def test_without_script_the_finder_shows_every_playbook(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin, java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.url + "playbooks/?domain=safety")
    assert not page.locator("form.pb-finder").is_visible()
    assert len(shown_rows(page)) == len(served_site.playbooks())
    context.close()


def test_search_ranks_the_current_sepsis_bundle_above_the_retired_one_and_says_so(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url)
    outcome = search(page, "sepsis bundle")
    pages = [link.split("?")[0].split("#")[0] for link in outcome.links]
    current = pages.index(served_site.url + "playbooks/safety/sepsis-hour-1-bundle/")
    retired = pages.index(served_site.url + "playbooks/safety/sepsis-three-hour-bundle/")
    assert current < retired, pages
    texts = page.eval_on_selector_all(".md-search-result__item", "items => items.map(i => i.innerText)")
    assert any("Approved, current." in text for text in texts), texts
    assert not any("safety/" == link.removeprefix(served_site.url + "playbooks/") for link in pages)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_the_search_dialog_has_a_name(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + served_site.playbooks()[0])
    assert page.get_attribute(".md-search[role=dialog]", "aria-label") == "Search this site"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_the_dashboard_shows_the_state_first_on_a_phone(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin, **SIZES["phone"])
    page = context.new_page()
    goto(page, served_site.url + "playbooks/review/")
    box = page.locator("article tbody tr").first.locator("td").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.locator("article tbody tr").first.locator("td").first.locator(".pb-chip").count() == 1
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_a_domain_page_opens_the_finder_narrowed_to_its_domain(finder, served_site):
    page = finder
    goto(page, served_site.url + "playbooks/safety/")
    page.get_by_role("link", name="playbook finder").click()
    page.wait_for_url("**/playbooks/?domain=safety")
    page.wait_for_selector("form.pb-finder:not([hidden])")
    domains = page.eval_on_selector_all(".pb-finder__list > li:not([hidden])",
                                        "rows => rows.map(row => row.dataset.domain)")
    assert domains and set(domains) == {"safety"}
