"""A playbook printed to PDF in Chromium reads as a clean checklist."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browser.browser_support import goto, new_recorded_context


def squeeze(text: str) -> str:
    """Text without whitespace or soft hyphens, so words wrapped across PDF lines still match."""
    return re.sub(r"[\s\u00ad]+", "", text)


@pytest.fixture(scope="module")
def printed(browser, served_site):
    """The first playbook with a checklist, printed to A4 PDF: (page pdf texts, playbook path, DOM facts)."""
    for path in served_site.playbooks():
        soup = served_site.soup(path)
        if soup.select(".task-list-item") and soup.select(".md-content a[href^='http']"):
            break
    else:
        pytest.fail("no shipped playbook has a checklist and an external link to print")
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url + path)
    facts = page.evaluate("""() => ({
        title: document.querySelector('.md-content h1').innerText.replace('¶', '').trim(),
        header: document.querySelector('.pb-header').innerText,
        items: [...document.querySelectorAll('.md-content .task-list-item')]
                 .filter(li => !li.querySelector('ul, ol')).map(li => li.innerText.trim()),
        headings: [...document.querySelectorAll('.md-content h2')].map(h => h.innerText.replace('¶', '').trim()),
        links: [...document.querySelectorAll('.md-content a[href^="http"]')]
                 .filter(a => !a.closest('.pb-evidence') && a.origin !== location.origin)
                 .map(a => a.getAttribute('href')),
        evidence: [...document.querySelectorAll('.pb-evidence a')].map(a => a.getAttribute('href')),
        siteName: document.querySelector('.md-header__topic .md-ellipsis').innerText.trim(),
    })""")
    pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
    pages = [page_.extract_text() or "" for page_ in PdfReader(io.BytesIO(pdf)).pages]
    return pages, path, facts


def test_print_keeps_the_title_and_the_review_header_on_the_first_page(printed):
    pages, path, facts = printed
    first = squeeze(pages[0])
    assert squeeze(facts["title"]) in first, f"/{path}: the title is not on the first printed page"
    for line in facts["header"].splitlines():
        if line.strip():
            assert squeeze(line) in first, f"/{path}: the review header line {line!r} is not printed on page 1"


def test_print_leaves_out_navigation_header_and_search(printed):
    pages, path, facts = printed
    text = "\n".join(pages)
    for chrome in ("Skip to content", "Type to start searching", "Back to top", "Table of contents",
                   facts["siteName"]):
        assert chrome not in text, f"/{path}: the printout shows {chrome!r}"
    assert "Search" not in text.replace("research", ""), f"/{path}: the printout shows the search box"


def test_print_shows_every_link_as_its_address(printed):
    pages, path, facts = printed
    text = squeeze("".join(pages))
    missing = [href for href in facts["links"] + facts["evidence"] if squeeze(href) not in text]
    assert facts["links"] or facts["evidence"]
    assert not missing, f"/{path}: these link addresses are not printed: {missing}"


def test_print_keeps_each_checklist_item_and_heading_with_what_follows(printed):
    pages, path, facts = printed
    # Links print their address after their text; leave the addresses out to compare.
    squeezed = [re.sub(r"\(https?://[^()]*\)", "", squeeze(text)) for text in pages]

    def on_one_page(item: str) -> bool:
        start, end = squeeze(item)[:24], squeeze(item)[-24:]
        return any(start in page and end in page[page.index(start):] for page in squeezed)

    split = [item for item in facts["items"] if not on_one_page(item)]
    assert facts["items"], f"/{path}: no checklist items found"
    assert not split, f"/{path}: checklist items cut across a page break: {split}"
    stranded = [heading for heading in facts["headings"]
                for page in pages[:-1] if page.strip().splitlines()[-1].strip() == heading]
    assert not stranded, f"/{path}: headings left alone at the foot of a page: {stranded}"
