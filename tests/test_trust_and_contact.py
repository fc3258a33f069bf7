"""A playbook's whole page in its contents, one story of what changed, counts of playbooks in use, and reporting.

The pure functions of the core, then the shipped site's built HTML.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from network import listings
from network.office import NETWORK_OFFICE_MAILBOX, is_example_address
from network.sections import THEME_SECTIONS, shown_sections
from network.site import load_site, site_from
from network.urls import report_mail_url
from tools.project import FIXED_TODAY, ROOT


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT, ROOT / "docs", datetime.date.fromisoformat(FIXED_TODAY))


def test_new_and_revised_comes_from_change_notes_never_from_git_dates(site):
    edited = {view.src_uri: datetime.date(2026, 11, 22) for view in site.views}
    bulk = site_from(site.members, site.playbooks, site.today, edited)
    updates = listings.recently_revised(bulk.views, 5)
    assert [(u.view.src_uri, u.change) for u in updates] == \
        [(u.view.src_uri, u.change) for u in listings.recently_revised(site.views, 5)], "a git date moved nothing"
    assert updates and all(update.change.kind in ("new", "clinical") and update.view.approved for update in updates)
    assert len({update.view.src_uri for update in updates}) == len(updates), "one entry per playbook"
    dates = [update.change.date for update in updates]
    assert dates == sorted(dates, reverse=True)


def test_a_playbook_with_only_editorial_or_retired_notes_is_not_new_or_revised(site):
    view = next(view for view in site.views if view.playbook.changes)
    notes = tuple(dataclasses.replace(change, kind="editorial") for change in view.playbook.changes)
    quiet = site_from(site.members, [dataclasses.replace(view.playbook, changes=notes)], site.today)
    assert listings.recently_revised(quiet.views, 5) == []
    draft = site_from(site.members, [dataclasses.replace(view.playbook, status="draft")], site.today)
    assert listings.recently_revised(draft.views, 5) == [], "a draft is not in use yet"


def test_in_use_counts_approved_playbooks_and_drafts_apart(site):
    approved = sum(view.status == "approved" for view in site.views)
    drafts = sum(view.status == "draft" for view in site.views)
    assert drafts and listings.approved_and_drafts(site.views) == (approved, drafts)
    assert sum(count for _, _, count, _ in listings.domain_counts(site.views)) == approved
    assert f"share {approved} playbooks in use ({drafts} drafts not yet approved)" in \
        listings.summary_sentence(site.member_views, site.views)


def test_every_theme_section_is_listed_in_page_order_and_the_optional_ones_only_when_filled():
    everything = [section["id"] for section in shown_sections(True, True)]
    assert everything == [anchor for _, anchor, _ in THEME_SECTIONS]
    assert [s["title"] for s in shown_sections(False, False)] == ["How members run it", "Updates to this playbook",
                                                                  "Evidence"]


@pytest.mark.parametrize("title", ["Hand hygiene & feedback?", "Sepsis: 1 hour #1", "Ümlaut/ä=b"])
def test_the_e_mailed_report_carries_only_a_subject_and_a_body(title):
    address = "http://127.0.0.1:8000/playbooks/quality/x/"
    url = report_mail_url("mailto:quality@hospital.example", title, address)
    parts = urlsplit(url)
    assert (parts.scheme, parts.path) == ("mailto", "quality@hospital.example")
    query = parse_qs(parts.query, strict_parsing=True)
    assert sorted(query) == ["body", "subject"] and all(len(values) == 1 for values in query.values())
    assert title in query["subject"][0]
    assert address in query["body"][0] and "patient details" in query["body"][0]
    assert " " not in url and "\n" not in url


def test_the_network_office_mailbox_is_an_example_address_and_the_issue_form_names_it():
    assert is_example_address(NETWORK_OFFICE_MAILBOX)
    assert not is_example_address("office@mayo.edu") and is_example_address("a@b.example.org")
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report-problem.yml").read_text(encoding="utf-8"))
    text = " ".join(item["attributes"].get("value", "") for item in form["body"] if item["type"] == "markdown")
    assert NETWORK_OFFICE_MAILBOX in " ".join(text.split())


def test_every_section_of_every_playbook_page_is_in_its_contents_with_its_own_anchor(shipped_site, site):
    for view in site.views:
        page = shipped_site.page(view.src_uri.removesuffix(".md") + "/")
        contents = [(link.get_text(strip=True), link["href"].partition("#")[2])
                    for link in page.select("nav.md-nav--secondary a.md-nav__link")]
        headings = [(heading.get_text(strip=True).removesuffix("¶"), heading["id"])
                    for heading in page.select("article h2[id]")]
        assert contents == headings, (view.src_uri, contents, headings)
        assert len({anchor for _, anchor in contents}) == len(contents)
        assert contents[-1] == ("Evidence", "pb-evidence-heading")


def test_a_playbook_without_clinical_notes_says_so_beside_its_last_edit(shipped_site):
    page = shipped_site.page("playbooks/quality/hand-hygiene-audit-feedback/")
    text = page.select_one(".pb-updates").get_text(" ", strip=True)
    assert re.fullmatch(r"Updates to this playbook No clinical change noted(; last edited \d{4}-\d{2}-\d{2} )?\.", text)
