"""A clinician's journeys through the site in Chromium, asserting what the reader sees at each step.

An ICU nurse looks for hand hygiene by browsing, reaches its checklist, judges whether to trust it
(owner, dates, evidence, adopters and their results), contacts its owner and reports a problem, sees
what changed across the network, and lists a member's practices. Each step holds one fault a new user
met on the site (README, "Journeys"): listings running entries together, a table of contents that stopped
before the trust evidence, an unstyled adopters table, a home page that told two stories of what changed,
a count of "in use" that counted drafts, and reporting that needed a GitHub account.

The site is built from a git repository whose one commit is dated after every change note, as a bulk
edit leaves it: git's date must never pass for a revision.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from browser.browser_support import PHONE, goto, horizontal_overflow, new_recorded_context
from browser.conftest import build_and_serve
from browser.test_phone import PHONE_CONTEXT
from conftest import make_project
from network.office import NETWORK_OFFICE_MAILBOX
from network.site import load_site
from network.vocabulary import DOMAINS
from tools.project import FIXED_TODAY

HAND_HYGIENE = "playbooks/quality/hand-hygiene-audit-feedback/"
# A playbook with adopters and their results, and graded recommendations.
ADOPTED = "playbooks/safety/sepsis-hour-1-bundle/"
MEMBER = "saguaro-springs"
# The date of the one commit: after every change note, before the build date.
BULK_EDIT = "2026-11-20"


@pytest.fixture(scope="module")
def journey_site(tmp_path_factory):
    """The shipped project committed once on BULK_EDIT, built and served; with the core's view of it."""
    project = make_project(tmp_path_factory.mktemp("journeys"))
    stamp = f"{BULK_EDIT}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git = ["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=editor@localhost",
           "-c", "commit.gpgsign=false"]
    for args in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "Bulk edit"]):
        subprocess.run(git + args, check=True, capture_output=True, env=env)
    site = load_site(project, project / "docs", datetime.date.fromisoformat(FIXED_TODAY), history=True)
    with build_and_serve(project) as served:
        yield served, site


@pytest.fixture
def reader(browser, journey_site):
    """A fresh desktop browser tab on the journey site; fails the test on any console error or outside request."""
    served, _ = journey_site
    context, recorder = new_recorded_context(browser, served.origin)
    yield context.new_page()
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def wait_in_view(page, selector: str) -> None:
    """Wait until the element's top is on the screen (after a click on a link to its anchor)."""
    page.wait_for_function("""(selector) => {
        const element = document.querySelector(selector);
        if (!element) return false;  // instant navigation has not put the page in place yet
        const top = element.getBoundingClientRect().top;
        return top >= 0 && top < window.innerHeight; }""", arg=selector)


def test_browsing_to_hand_hygiene_each_listing_entry_is_one_playbook_and_leads_to_its_checklist(reader, journey_site):
    """Fault: an entry without a 'strongest recommendation' line ran into the next one ('…2027-09-08- **E-consult')."""
    served, site = journey_site
    goto(reader, served.url)
    reader.locator(".pb-home-domains a", has_text="Quality").click()
    reader.wait_for_url("**/playbooks/quality/")
    reader.locator(".pb-list").wait_for()
    titles = [view.title for view in site.views if view.playbook.domain == "quality"]
    entries = reader.locator(".pb-list li").all_inner_texts()
    assert len(entries) == len(titles), entries
    for entry in entries:
        assert sum(title in entry for title in titles) == 1, f"one entry shows several playbooks: {entry!r}"
    listing = reader.locator("article").inner_text()
    assert not re.search(r"next review \d{4}-\d{2}-\d{2}\s*-\s", listing), "a review date runs into the next title"
    reader.locator(".pb-list li a", has_text="Hand hygiene").click()
    reader.wait_for_url(f"**/{HAND_HYGIENE}")
    reader.locator("#checklist").wait_for()
    reader.get_by_role("link", name="Go to checklist").click()
    wait_in_view(reader, "#checklist")


def test_judging_trust_every_section_is_in_the_contents_and_evidence_is_one_click_away(reader, journey_site):
    """Fault: the table of contents stopped at 'Adapting it locally'; Evidence was 4.8 screens down."""
    served, site = journey_site
    goto(reader, served.url + ADOPTED)
    header = reader.locator("aside.pb-header")
    assert in_first_screen(reader, header.locator(".pb-header__owner"))
    assert in_first_screen(reader, header.locator(".pb-header__dates"))
    assert "Last reviewed" in header.locator(".pb-header__dates").inner_text()
    contents = [text.strip() for text in reader.locator("nav.md-nav--secondary a.md-nav__link").all_inner_texts()]
    theme = ["Key recommendations and the strength of the evidence", "Measures and targets", "How members run it",
             "Updates to this playbook", "Evidence"]
    assert contents[-len(theme):] == theme, contents
    headings = [text.strip().rstrip("¶").strip() for text in reader.locator("article h2").all_inner_texts()]
    assert [entry for entry in contents if entry in headings] == contents, "the contents follow the page's order"
    contents_nav = reader.locator("nav.md-nav--secondary")
    contents_nav.get_by_role("link", name="Evidence", exact=True).click()
    wait_in_view(reader, "#pb-evidence-heading")
    assert reader.locator(".pb-evidence li").count() == len(next(
        view for view in site.views if view.src_uri == "playbooks/safety/sepsis-hour-1-bundle.md").playbook.evidence)
    contents_nav.get_by_role("link", name="How members run it", exact=True).click()
    wait_in_view(reader, "#pb-variants-heading")
    first = reader.locator(".pb-variants tbody tr").first.inner_text()
    assert re.search(r"(Meets|Below) target", first), first


def list_after(page, heading_id: str) -> list[str]:
    """What each item of the first list after a heading reads, once the page holding that heading is in place."""
    page.locator(f"#{heading_id}").wait_for()
    return page.evaluate("""(id) => { let list = document.getElementById(id).nextElementSibling;
        while (list && list.tagName !== 'UL') list = list.nextElementSibling;
        return list ? [...list.querySelectorAll(':scope > li')].map(item => item.innerText) : []; }""", heading_id)


CELL_STYLE = """(selector) => { const cell = document.querySelector(selector); const style = getComputedStyle(cell);
    return {padding: style.paddingLeft, align: style.textAlign, border: style.borderTopWidth}; }"""


def test_the_adopters_table_looks_like_every_other_table_and_scrolls_in_its_own_box_on_a_phone(browser, journey_site):
    """Fault: 'How members run it' was the one unstyled table: centred headers, cells touching ('Sustained2024-01')."""
    served, _ = journey_site
    context, recorder = new_recorded_context(browser, served.origin)
    page = context.new_page()
    goto(page, served.url + ADOPTED)
    for cell in ("th", "td"):
        variants = page.evaluate(CELL_STYLE, f".pb-variants thead {cell}" if cell == "th" else ".pb-variants tbody td")
        measures = page.evaluate(CELL_STYLE, f".pb-measures thead {cell}" if cell == "th" else ".pb-measures tbody td")
        assert variants == measures, (cell, variants, measures)
        assert float(variants["padding"].removesuffix("px")) > 4, variants
    context.close()
    context, phone_recorder = new_recorded_context(browser, served.origin, **PHONE_CONTEXT)
    page = context.new_page()
    goto(page, served.url + ADOPTED)
    assert horizontal_overflow(page) is None, horizontal_overflow(page)
    frame = page.evaluate("""() => { const wrap = document.querySelector('.pb-variants .md-typeset__scrollwrap');
        const box = wrap.getBoundingClientRect(); return {right: box.right, overflow: getComputedStyle(wrap).overflowX,
        scrolls: wrap.scrollWidth > wrap.clientWidth}; }""")
    assert frame["right"] <= PHONE["width"], frame
    assert not frame["scrolls"] or frame["overflow"] in ("auto", "scroll"), frame
    context.close()
    assert not recorder.problems() and not phone_recorder.problems(), recorder.problems() + phone_recorder.problems()


def test_reporting_a_problem_by_e_mail_needs_no_account(reader, journey_site):
    """Fault: reporting a problem needed a GitHub account, and the issue is public."""
    served, site = journey_site
    goto(reader, served.url + HAND_HYGIENE)
    view = next(view for view in site.views if view.src_uri == "playbooks/quality/hand-hygiene-audit-feedback.md")
    mailbox = site.members_by_id[MEMBER].contact.removeprefix("mailto:")
    report = reader.get_by_role("link", name="E-mail the owner about a problem")
    assert in_first_screen(reader, report)
    parts = urlsplit(report.get_attribute("href"))
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.path) == ("mailto", mailbox)
    assert sorted(query) == ["body", "subject"]
    assert view.title in query["subject"][0]
    assert served.url + HAND_HYGIENE in query["body"][0] and "patient details" in query["body"][0]
    assert reader.get_by_role("link", name="Report on GitHub (public)").is_visible()


def test_the_network_office_mailbox_is_on_the_about_page(reader, journey_site):
    """Fault: the issue form said 'write to the network office at once', but no address of it was on the site."""
    served, _ = journey_site
    goto(reader, served.url + "about/")
    section = reader.locator("article").inner_text()
    assert NETWORK_OFFICE_MAILBOX in section and "example address" in section
    office = reader.get_by_role("link", name=NETWORK_OFFICE_MAILBOX)
    assert office.get_attribute("href") == f"mailto:{NETWORK_OFFICE_MAILBOX}"


def test_on_paper_whom_to_ask_is_a_mailbox(reader, journey_site):
    """Fault: printed, 'Ask: Saguaro Springs Medical Center (member page)' gave no address a reader could use."""
    served, site = journey_site
    goto(reader, served.url + HAND_HYGIENE)
    reader.emulate_media(media="print")
    printed = reader.locator(".pb-header__owner").inner_text()
    mailbox = site.members_by_id[MEMBER].contact.removeprefix("mailto:")
    assert mailbox in printed and "member page" not in printed, printed


def test_what_changed_is_one_story_from_the_change_notes(reader, journey_site):
    """Fault: 'New and revised' listed five playbooks 'edited' on the date of git's bulk commit."""
    served, site = journey_site
    goto(reader, served.url)
    revised = list_after(reader, "new-and-revised")
    assert revised
    noted = {(view.title, change.label.lower(), change.date.isoformat())
             for view in site.views for change in view.playbook.changes}
    for entry in revised:
        match = re.fullmatch(r"(.+) \((\w+)\): (new playbook|clinical change) (\d{4}-\d{2}-\d{2})", entry)
        assert match and (match[1], match[3], match[4]) in noted, f"not from a change note: {entry!r}"
        assert BULK_EDIT not in entry
    dates = [entry[-10:] for entry in revised]
    assert dates == sorted(dates, reverse=True)
    reader.locator("#new-and-revised ~ ul li a").first.click()
    reader.wait_for_url(re.compile(r"#update-"))
    anchor = urlsplit(reader.url).fragment
    wait_in_view(reader, f"#{anchor}")
    assert dates[0] in reader.locator(f"#{anchor}").inner_text()


def test_a_playbooks_last_edit_never_contradicts_its_updates(reader, journey_site):
    """Fault: 'No change has been noted since this playbook was published' beside 'Page last changed 2026-12-06'."""
    served, _ = journey_site
    goto(reader, served.url + HAND_HYGIENE)
    updates = reader.locator(".pb-updates").inner_text()
    edited = reader.locator(".pb-header__changed time").get_attribute("datetime")
    assert edited == BULK_EDIT
    assert "No change has been noted" not in updates and f"No clinical change noted; last edited {edited}" in updates


def test_a_count_of_playbooks_in_use_counts_approved_ones_and_drafts_apart(reader, journey_site):
    """Fault: '4 playbooks in use' on the home page counted a draft."""
    served, site = journey_site
    goto(reader, served.url)
    counts = reader.locator(".pb-home-domains li").all_inner_texts()
    assert len(counts) == len(DOMAINS)
    for text, domain in zip(counts, DOMAINS, strict=True):
        views = [view for view in site.views if view.playbook.domain == domain]
        approved = sum(view.status == "approved" for view in views)
        drafts = sum(view.status == "draft" for view in views)
        assert f"{approved} playbook{'s' if approved != 1 else ''} in use" in text, text
        assert (f"{drafts} draft" in text) == bool(drafts), text


def test_a_members_practices_are_listed_one_to_an_entry(reader, journey_site):
    """From the directory to a member's page: each playbook it contributed on its own line."""
    served, site = journey_site
    goto(reader, served.url + "members/")
    member = site.members_by_id[MEMBER]
    reader.locator(f"#{MEMBER}-name").get_by_role("link", name=member.name).click()
    reader.wait_for_url(f"**/members/{MEMBER}/")
    contributed = list_after(reader, "playbooks-contributed")
    titles = [view.title for view in site.views if view.contributor.id == member.id]
    assert len(contributed) == len(titles), contributed
    for entry in contributed:
        assert sum(title in entry for title in titles) == 1, entry
