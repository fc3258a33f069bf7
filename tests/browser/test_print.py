"""Every shipped playbook prints, in Chromium, as a one-page checklist with the day printed and the address."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from browser.browser_support import goto, new_recorded_context

MARGINS = {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}
PAPER = ("A4", "Letter")


def squeeze(text: str) -> str:
    """Text without whitespace, soft hyphens or the dots between printed statuses, so wrapped words still match."""
    return re.sub(r"[\s\u00ad·]+", "", text)


# On paper: the largest text of the header (title aside) and the smallest of the checklist, in CSS pixels.
PRINTED_SIZES = """() => {
  const size = (element) => parseFloat(getComputedStyle(element).fontSize);
  const printed = (selector) => [...document.querySelectorAll(selector)]
    .filter((element) => element.getClientRects().length && element.textContent.trim()).map(size);
  return {header: Math.max(...printed('.pb-header *')),
          checklist: Math.min(...printed('#checklist ~ ul .task-list-item, #checklist ~ ol .task-list-item'))};
}"""


@pytest.fixture(scope="module")
def printed(browser, served_site):
    """Each playbook printed on A4 and on Letter: {(path, paper): page texts}, and what each page shows on screen."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    pdfs, facts = {}, {}
    for path in served_site.playbooks():
        goto(page, served_site.url + path)
        facts[path] = page.evaluate("""() => ({
            title: document.querySelector('.pb-title').innerText.trim(),
            status: document.querySelector('.pb-header__status').innerText,
            owner: document.querySelector('.pb-header__owner').innerText,
            items: [...document.querySelectorAll('#checklist ~ ul .task-list-item, #checklist ~ ol .task-list-item')]
                     .map(li => li.innerText.trim()),
            chips: [...document.querySelectorAll('.md-tag')].map(a => a.href),
            address: location.href,
        })""")
        page.emulate_media(media="print")
        facts[path]["printed_px"] = page.evaluate(PRINTED_SIZES)
        page.emulate_media(media=None)
        for paper in PAPER:
            pdf = page.pdf(format=paper, margin=MARGINS)
            pdfs[path, paper] = [sheet.extract_text() or "" for sheet in PdfReader(io.BytesIO(pdf)).pages]
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
    return pdfs, facts


def test_every_playbook_prints_on_one_page_of_a4_and_of_letter(printed):
    pdfs, _ = printed
    long = [f"/{path} on {paper}: {len(pages)} pages" for (path, paper), pages in pdfs.items() if len(pages) != 1]
    assert pdfs
    assert not long, "\n".join(long)


def test_the_printout_holds_title_status_dates_owner_and_every_checklist_item(printed):
    pdfs, facts = printed
    problems = []
    for (path, _), pages in pdfs.items():
        text = squeeze("".join(pages))
        shown = facts[path]
        assert shown["items"], f"/{path}: no checklist items found on screen"
        for what in [shown["title"], shown["status"], shown["owner"], *shown["items"]]:
            if squeeze(what) not in text:
                problems.append(f"/{path}: {what[:60]!r} is not printed")
    assert not problems, "\n".join(problems)


def test_the_printed_checklist_is_at_least_as_large_as_the_printed_header(printed):
    _, facts = printed
    small = [f"/{path}: checklist {fact['printed_px']['checklist']} px, header {fact['printed_px']['header']} px"
             for path, fact in facts.items() if fact["printed_px"]["checklist"] < fact["printed_px"]["header"]]
    assert facts
    assert not small, "\n".join(small)


def test_the_footer_says_the_day_printed_and_the_published_address(printed):
    """The date is set by script as the page is printed (the build date is in the HTML)."""
    pdfs, facts = printed
    today = datetime.date.today().isoformat()
    for (path, _), pages in pdfs.items():
        footer = f"Printed {today}. Check {facts[path]['address']} for the current version."
        assert squeeze(footer) in squeeze(pages[-1]), f"/{path}: no footer {footer!r} in:\n{pages[-1]}"


def test_without_script_the_footer_keeps_the_build_date(served_site):
    soup = served_site.soup(served_site.playbooks()[0])
    footer = " ".join(soup.select_one(".pb-print-footer").get_text().split())
    assert footer.startswith("Printed 2026-11-23."), footer
    assert footer.endswith(f"Check {served_site.url}{served_site.playbooks()[0]} for the current version."), footer


def test_the_printout_shows_no_navigation_chips_or_link_addresses(printed):
    pdfs, facts = printed
    problems = []
    for (path, _), pages in pdfs.items():
        text = "\n".join(pages)
        for chrome in ("Skip to content", "Type to start searching", "Back to top", "Table of contents",
                       "Go to checklist", "Print checklist", "Report a problem", "Document control", "Evidence"):
            if chrome in text:
                problems.append(f"/{path}: the printout shows {chrome!r}")
        # The footer's address is the only one on paper.
        if squeeze(text).count("http") != 1:
            problems.append(f"/{path}: link addresses are printed besides the footer's:\n{text}")
    assert not problems, "\n".join(problems)


def test_the_print_button_prints_the_page(browser, served_site):
    """The button is hidden in the HTML (it needs script) and shown and working with it."""
    path = served_site.playbooks()[0]
    assert served_site.soup(path).select_one("[data-pb-print]").has_attr("hidden")
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + path)
    page.evaluate("() => { window.pbPrinted = 0; window.print = () => { window.pbPrinted += 1; }; }")
    page.get_by_role("button", name="Print checklist").click()
    assert page.evaluate("() => window.pbPrinted") == 1
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
