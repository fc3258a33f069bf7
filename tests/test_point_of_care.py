"""At the point of care, in the built site: search ranks by status, the finder, the home page, whom to ask."""

from __future__ import annotations

import configparser
import dataclasses
import datetime
import re

import pytest
from test_members import GOOD as GOOD_MEMBERS

from conftest import ROOT, assert_problem, build, make_project, problems_of
from network.listings import finder_facets, specialty_anchor, specialty_groups
from network.members import parse_members
from network.pages import LISTING_PAGES
from network.problems import ContentError
from network.sanitiser import sanitise
from network.search import RETIRED, TIE_BREAK, search_settings
from network.search_index import indexed_documents, read_index
from network.site import load_site, site_from
from network.urls import member_page, page_url, report_problem_url
from network.views import header_values
from network.vocabulary import DOMAINS
from test_playbooks import GOOD
from tools.project import FIXED_TODAY


def index_entries(site) -> list[dict]:
    return indexed_documents(site.site / "search")


def test_search_breaks_ties_by_status_puts_the_retired_playbook_after_its_replacement_and_says_each_status(
        shipped_site):
    documents = index_entries(shipped_site)
    pages = {entry["location"]: number for number, entry in enumerate(documents) if "#" not in entry["location"]}
    current = pages["playbooks/safety/sepsis-hour-1-bundle/"]
    retired = pages["playbooks/safety/sepsis-three-hour-bundle/"]
    assert documents[current]["text"].startswith("Approved, current.")
    assert documents[retired]["text"].startswith("Retired: use Sepsis hour-1 bundle from time zero.")
    meta = read_index(shipped_site.site / "search")["meta"]
    page_of = {start: number for number, start in enumerate(meta["pageStarts"])}
    assert meta["ranks"][page_of[current]] == TIE_BREAK["current"] < meta["ranks"][page_of[retired]] == RETIRED
    assert meta["replacedBy"][str(page_of[retired])] == page_of[current]


def test_listing_and_dashboard_pages_are_left_out_of_search(shipped_site):
    indexed = {entry["location"].split("#")[0] for entry in index_entries(shipped_site)}
    listed = {page_url(src_uri) for src_uri in LISTING_PAGES}
    assert not indexed & listed, sorted(indexed & listed)
    assert "members/" in indexed and "" in indexed


def test_a_contributor_cannot_set_search_ranking_in_front_matter(tmp_path):
    text = GOOD.replace("status: approved", "status: draft\nsearch:\n  boost: 100")
    problems = problems_of(make_project(tmp_path, {"docs/playbooks/safety/boosted.md": text}))
    assert_problem(problems, "docs/playbooks/safety/boosted.md", None, "field 'search'", "unknown field")


def test_search_settings_of_a_page_that_is_neither_a_playbook_nor_a_listing():
    assert search_settings("about.md", None) is None
    assert search_settings("playbooks/review.md", None) == {"exclude": True}


def test_the_home_page_title_is_said_once(shipped_site):
    assert shipped_site.page("").title.get_text() == "Care Network Playbooks"
    assert shipped_site.page("about/").title.get_text() == "About this site - Care Network Playbooks"


def test_home_page_shows_domains_with_counts_new_and_due_and_links_the_finder(shipped_site):
    article = shipped_site.page("").select_one("article")
    text = article.get_text(" ", strip=True)
    for domain in ("Quality", "Safety", "Professionalism"):
        assert article.find("a", string=domain) is not None
    assert "playbooks in use" in text
    assert "New and revised" in text and "Due for review" in text
    assert "Medication reconciliation" in text.split("Due for review")[1]
    assert article.find("a", string="Find a playbook")["href"] == "playbooks/"


def test_browse_and_review_are_separate_tabs(shipped_site):
    tabs = [link.get_text(strip=True) for link in shipped_site.page("").select(".md-tabs__link")]
    assert tabs == ["Home", "Browse", "Review"]
    # The sidebar shows the current tab's section (the others are in the HTML for the phone's drawer).
    browse = [link.get_text(strip=True) for link in shipped_site.page("playbooks/").select(
        ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item--active .md-nav__link")]
    for entry in ("Find a playbook", "Quality", "Safety", "Professionalism", "By specialty", "By tag", "Members"):
        assert entry in browse, browse
    assert "Review dashboard" not in browse


def test_the_dashboard_shows_the_state_first(shipped_site):
    headers = [th.get_text(strip=True) for th in shipped_site.page("playbooks/review/").select("article th")]
    assert headers[0] == "State"


def test_the_finder_lists_every_playbook_with_its_facets(shipped_site):
    page = shipped_site.page("playbooks/")
    rows = page.select(".pb-finder__list > li")
    playbooks = [path for domain in DOMAINS for path in (shipped_site.site / "playbooks" / domain).glob("*/index.html")]
    assert len(rows) == len(playbooks) == 13
    sepsis = next(row for row in rows if row.a.get_text() == "Sepsis hour-1 bundle from time zero")
    assert sepsis.a["href"] == "safety/sepsis-hour-1-bundle/"
    assert sepsis["data-domain"] == "safety" and sepsis["data-status"] == "approved"
    assert sepsis["data-contributor"] == "saguaro-springs"
    assert sepsis["data-adopter"].split() == ["bluestem-community", "cottonwood-regional", "ironwood-valley"]
    assert "emergency-medicine" in sepsis["data-specialty"].split()
    assert next(row for row in rows if row["data-status"] == "retired")["data-review"] == ""
    # A draft shows no review state, so the review facet does not find it either.
    assert {row["data-review"] for row in rows if row["data-status"] == "draft"} == {""}
    form = page.select_one("form.pb-finder")
    assert form.has_attr("hidden"), "without script the form is hidden and the full list shows"
    assert [select["name"] for select in form.select("select")] == [
        "domain", "specialty", "contributor", "adopter", "status", "review"]
    for select in form.select("select"):
        assert form.select_one(f"label[for='{select['id']}']") is not None
    assert page.select_one(".pb-finder__count")["role"] == "status"


def test_the_finder_escapes_what_it_writes(tmp_path):
    text = GOOD.replace("title: Test practice", "title: Fish & chips \"quoted\" 'both'").replace(
        "tags: [testing]", "specialties: [\"ear, nose & throat\"]")
    result = build(make_project(tmp_path, {"docs/playbooks/safety/escaped.md": text}))
    assert result.returncode == 0, result.output
    row = next(li for li in result.page("playbooks/").select(".pb-finder__list > li")
               if li["data-specialty"] == "ear-nose-throat")
    assert row.a.get_text() == "Fish & chips \"quoted\" 'both'"


def test_finder_markup_is_allowed_on_maintainer_pages_only():
    row = '<li data-domain="safety" data-status="approved">x</li>'
    form = '<form hidden><label for="f">F</label><select id="f" name="f"><option value="">Any</option></select></form>'
    assert sanitise(row, maintainer=True)[1] == [] and sanitise(form, maintainer=True)[1] == []
    assert "the attribute 'data-domain' is not allowed on <li>" in sanitise(row)[1][0][0]
    assert any("<select>" in message or "<form>" in message for message, _ in sanitise(form)[1])
    assert "data-other" in sanitise('<li data-other="x">y</li>', maintainer=True)[1][0][0]


def test_finder_facets_offer_only_values_some_playbook_has():
    site = load_site(ROOT, ROOT / "docs", datetime.date.fromisoformat(FIXED_TODAY))
    facets = {facet["key"]: dict(facet["choices"]) for facet in finder_facets(site.views)}
    assert set(facets["contributor"]) == {view.contributor.id for view in site.views}
    assert "altru" not in facets["adopter"]


def test_the_report_link_encodes_title_and_address():
    url = report_problem_url("https://github.com/care-network/playbooks/", "A & B? #1",
                             "https://example.org/playbooks/safety/x/")
    assert url == ("https://github.com/care-network/playbooks/issues/new?template=report-problem.yml"
                   "&title=Problem%3A%20A%20%26%20B%3F%20%231&page=https%3A%2F%2Fexample.org%2Fplaybooks%2Fsafety%2Fx%2F")


def test_playbook_pages_carry_the_control_their_toc_label_points_at(shipped_site):
    page = shipped_site.page("playbooks/safety/i-pass-handoffs/")
    label = page.select_one("label.md-nav__title[for='__toc']")
    assert label is not None and page.select_one("input#__toc") is not None
    assert len(page.select("#__toc")) == 1


def test_only_a_fictional_member_may_carry_a_contact():
    fictional = GOOD_MEMBERS + "  contact: mailto:office@example.org\n"
    assert parse_members(fictional, "members.yml")[1].contact == "mailto:office@example.org"
    real = fictional.replace("  fictional: true\n", "  source: https://example.org/report\n")
    with pytest.raises(ContentError) as refused:
        parse_members(real, "members.yml")
    assert_problem(refused.value.problems, "members.yml", 18, "field 'contact'", "a real member's entry links only")


def test_the_directory_shows_a_fictional_members_contact(shipped_site):
    entry = shipped_site.page("members/").select_one("#saguaro-springs")
    assert entry.find("a", href="mailto:playbooks@saguaro-springs.example") is not None
    assert shipped_site.page("members/").select_one("#altru").find("a", href=lambda h: h and "mailto:" in h) is None


def test_the_external_link_check_skips_problem_reports_only(shipped_site):
    config = configparser.ConfigParser()
    config.read(ROOT / "linkcheckerrc")
    patterns = [re.compile(line) for line in config["filtering"]["ignore"].split()]
    page = shipped_site.page("playbooks/safety/i-pass-handoffs/")
    report = page.find("a", string="Report on GitHub (public)")["href"]
    assert any(pattern.search(report) for pattern in patterns)
    evidence = [a["href"] for a in page.select(".pb-evidence a")]
    assert evidence and not any(pattern.search(url) for url in evidence for pattern in patterns)


def test_the_search_lead_opens_the_content_once_and_stays_out_of_the_headings(shipped_site):
    page = shipped_site.page("playbooks/safety/sepsis-hour-1-bundle/")
    leads = page.select(".pb-search-status")
    assert len(leads) == 1 and leads[0].has_attr("hidden")
    assert "Approved, current." in leads[0].get_text()
    toc = [link.get_text(strip=True) for link in page.select(".md-nav--secondary a")]
    assert "Checklist" in toc and not any("Approved" in text for text in toc)
    # Only playbooks carry one: not a maintainer's page, nor a member page generated after the last playbook.
    others = [path.relative_to(shipped_site.site).parent.as_posix() + "/"
              for path in shipped_site.site.glob("**/index.html") if "pb-title" not in path.read_text(encoding="utf-8")]
    assert "about/" in others and "members/altru/" in others
    assert [path for path in others if shipped_site.page(path).select(".pb-search-status")] == []


def test_a_playbook_whose_owner_contact_is_a_member_gives_its_mailbox_and_links_its_page():
    site = load_site(ROOT, ROOT / "docs", datetime.date.fromisoformat(FIXED_TODAY))
    view = site.views[0]
    asked = site.members[-1]
    playbook = dataclasses.replace(view.playbook, owner_contact=asked.id)
    contact = header_values(site_from(site.members, [playbook], site.today).views[0])["owner_contact"]
    assert contact == {"label": asked.contact.removeprefix("mailto:"), "url": asked.contact,
                       "member": {"name": asked.name, "url": page_url(member_page(asked.id))}}
    mailbox = view.playbook.owner_contact
    assert mailbox.startswith("mailto:")
    assert header_values(view)["owner_contact"] == {"label": mailbox.removeprefix("mailto:"), "url": mailbox,
                                                    "member": None}


def test_specialties_that_share_a_slug_are_one_and_no_slug_is_empty():
    site = load_site(ROOT, ROOT / "docs", datetime.date.fromisoformat(FIXED_TODAY))
    first, second = site.views[0], site.views[1]
    names = ["Emergency medicine", "emergency-medicine", "日本語", "+++"]
    views = [dataclasses.replace(first, playbook=dataclasses.replace(first.playbook, specialties=names[:3])),
             dataclasses.replace(second, playbook=dataclasses.replace(second.playbook, specialties=names[1:]))]
    choices = dict(next(facet["choices"] for facet in finder_facets(views) if facet["key"] == "specialty"))
    assert choices == {"emergency-medicine": "Emergency medicine", "日本語": "日本語", "u-2b2b2b": "+++"}
    groups = dict(specialty_groups(views))
    assert list(groups) == ["+++", "emergency medicine", "日本語"]
    assert [len(group) for group in groups.values()] == [1, 2, 2]
    assert len({specialty_anchor(name) for name in groups}) == 3
