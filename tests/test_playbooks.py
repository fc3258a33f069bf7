"""Playbooks: schema, review currency, the page header, listings and the dashboard."""

from __future__ import annotations

import dataclasses
import datetime
import urllib.parse

import pytest

from conftest import FIXED_TODAY, ROOT, assert_clean_failure, assert_problem, build, check, make_project, problems_of
from network.generated import dashboard_pages, domain_pages
from network.listings import specialty_anchor
from network.playbooks import parse_playbook
from network.problems import ContentError
from network.review import REVIEW_ORDER, add_months, review_state, today_from
from network.site import load_site
from network.urls import page_url
from network.views import playbook_views, tag_slug
from network.vocabulary import DOMAINS

D = datetime.date
TODAY = D.fromisoformat(FIXED_TODAY)

GOOD = """\
---
title: Test practice
summary: A practice used by the tests.
domain: safety
contributor: cottonwood-regional
owner: Director of Patient Safety
status: approved
last_reviewed: 2026-01-31
review_interval_months: 12
tags: [testing]
# (a comment: the lines below keep the numbers the tests name)
evidence:
  - title: A source
    url: https://www.who.int/
owner_contact: mailto:patient-safety@cottonwood-regional.example
---

## Why it matters

Text.
"""


@pytest.mark.parametrize("start, months, expected", [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2025, 8, 31), 6, D(2026, 2, 28)),
    (D(2025, 3, 15), 12, D(2026, 3, 15)),
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2025, 5, 31), 36, D(2028, 5, 31)),
])
def test_next_review_clamps_to_the_end_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("due, state", [
    (D(2026, 11, 22), "overdue"),
    (D(2026, 11, 23), "due-soon"),
    (D(2027, 1, 22), "due-soon"),
    (D(2027, 1, 23), "current"),
])
def test_review_state_boundaries(due, state):
    assert review_state(due, TODAY) == state


def test_playbooks_today_overrides_the_build_date():
    assert today_from({"PLAYBOOKS_TODAY": "2030-02-01"}) == D(2030, 2, 1)
    assert today_from({}) == D.today()
    with pytest.raises(ContentError, match="PLAYBOOKS_TODAY: expected a date written YYYY-MM-DD"):
        today_from({"PLAYBOOKS_TODAY": "soon"})


def test_good_front_matter_parses():
    playbook, problems = parse_playbook(GOOD, "playbooks/safety/test.md", "docs/playbooks/safety/test.md")
    assert problems == []
    assert playbook.ref == "safety/test" and playbook.next_review == D(2027, 1, 31)
    assert playbook.evidence[0].url == "https://www.who.int/"


def _marked(old: str, new: str) -> tuple[str, int | None]:
    text = GOOD.replace(old, new)
    for number, line in enumerate(text.splitlines(), start=1):
        if "# <-" in line:
            return text.replace("  # <-", ""), number
    return text, None


BAD_FRONT_MATTER = {
    **{f"missing {field}": (f"{field}:", None, field, "missing required field")
       for field in ["title", "summary", "domain", "contributor", "owner", "status",
                     "last_reviewed", "review_interval_months"]},
    "bad domain": ("domain: safety", "domain: saftey  # <-", "domain", "expected one of quality, safety, professionalism"),
    "domain not its folder": ("domain: safety", "domain: quality  # <-", "domain", "the folder the playbook is in"),
    "bad status": ("status: approved", "status: final  # <-", "status", "expected one of draft, approved, retired"),
    "bad date": ("last_reviewed: 2026-01-31", "last_reviewed: 31/01/2026  # <-", "last_reviewed", "YYYY-MM-DD"),
    "impossible date": ("last_reviewed: 2026-01-31", "last_reviewed: 2026-02-30  # <-", "last_reviewed", "February 2026 has 28 days, not 30"),
    "interval too long": ("review_interval_months: 12", "review_interval_months: 48  # <-", "review_interval_months", "1 to 36"),
    "interval zero": ("review_interval_months: 12", "review_interval_months: 0  # <-", "review_interval_months", "1 to 36"),
    "interval not a number": ("review_interval_months: 12", "review_interval_months: yearly  # <-", "review_interval_months", "1 to 36"),
    "unknown contributor": ("contributor: cottonwood-regional", "contributor: st-nowhere  # <-", "contributor", "unknown member id 'st-nowhere'"),
    "mistyped contributor": ("contributor: cottonwood-regional", "contributor: cotonwood-regional  # <-", "contributor", "did you mean 'cottonwood-regional'?"),
    "mistyped key": ("tags: [testing]", "tags: [testing]\nspecialities: [surgery]  # <-", "specialities", "unknown field; did you mean 'specialties'?"),
    "no month 13": ("last_reviewed: 2026-01-31", "last_reviewed: 2026-13-01  # <-", "last_reviewed", "2026-13-01 is not a date: there is no month 13"),
    "adoption claimed for another member": ("tags: [testing]", "tags: [testing]\nadopted_by: [saguaro-springs]  # <-", "adopted_by", "needs the confirmation of 'saguaro-springs' (in data/adoptions/saguaro-springs.yml)"),
    "markup in title": ("title: Test practice", "title: Test <script>alert(1)</script>  # <-", "title", "without markup"),
    "control character in title": ("title: Test practice", 'title: "Test\\vpractice"  # <-', "title", "without control characters; found U+000B"),
    "carriage return in owner": ("owner: Director of Patient Safety", 'owner: "Director \\r| forged | row |"  # <-', "owner", "without control characters; found U+000D"),
    "carriage return in a change note": ("tags: [testing]", 'tags: [testing]\nchanges:\n  - date: 2026-01-31\n    kind: new\n    note: "First\\r| forged |"  # <-', "changes", "control characters"),
    "http evidence": ("url: https://www.who.int/", "url: http://www.who.int/  # <-", "url", "https://"),
    "unknown key": ("tags: [testing]", "tags: [testing]\nrender_macros: true  # <-", "render_macros", "unknown field"),
    "template key": ("tags: [testing]", "tags: [testing]\ntemplate: main.html  # <-", "template", "unknown field"),
    "dangling superseded_by": ("tags: [testing]", "tags: [testing]\nsuperseded_by: safety/nothing-here  # <-", "superseded_by", "no playbook 'safety/nothing-here'"),
    "review in the future": ("last_reviewed: 2026-01-31", "last_reviewed: 2046-01-31  # <-", "last_reviewed", "is after the build date 2026-11-23"),
    "malformed yaml": ("owner: Director of Patient Safety", "owner: [Director  # <-", None, "not valid YAML"),
}


def _bad_case(name: str) -> tuple[str, int | None, list[str]]:
    """The playbook's text for a case of BAD_FRONT_MATTER, the line it is reported at, and what it says."""
    old, new, field, message = BAD_FRONT_MATTER[name]
    if new is None:
        text = "\n".join(line for line in GOOD.splitlines() if not line.startswith(old)) + "\n"
        line = 1 + 1  # reported at the front matter's first line
    else:
        text, line = _marked(old, new)
    if name == "malformed yaml":
        line = None  # PyYAML names the line after the one that is wrong
    return text, line, [message] + ([f"field '{field}'"] if field else [])


BAD_FILE = "docs/playbooks/safety/test-practice.md"


@pytest.mark.parametrize("name", BAD_FRONT_MATTER)
def test_bad_front_matter_is_refused_with_file_line_and_field(tmp_path, name):
    text, line, needles = _bad_case(name)
    project = make_project(tmp_path, {BAD_FILE: text})
    assert_problem(problems_of(project), BAD_FILE, line, *needles)


def test_bad_front_matter_stops_the_build_and_make_check(tmp_path):
    """The wiring: the build and `make check` report what the loader finds, with no traceback."""
    text, line, needles = _bad_case("mistyped contributor")
    project = make_project(tmp_path, {BAD_FILE: text})
    assert_clean_failure(build(project), f"{BAD_FILE}:{line}:", *needles)
    assert_clean_failure(check(project), f"{BAD_FILE}:{line}:", *needles)


def test_playbook_without_front_matter_is_named(tmp_path):
    file = "docs/playbooks/quality/no-front-matter.md"
    project = make_project(tmp_path, {file: "## Just text\n"})
    assert_problem(problems_of(project), file, 1, "no front matter")


def test_several_front_matter_problems_come_out_together(tmp_path):
    two_problems = GOOD.replace("status: approved", "status: final").replace("owner: Director of Patient Safety\n", "")
    unknown_member = GOOD.replace("contributor: cottonwood-regional", "contributor: st-nowhere")
    project = make_project(tmp_path, {"docs/playbooks/safety/two-problems.md": two_problems,
                                      "docs/playbooks/quality/unknown-member.md": unknown_member.replace("domain: safety", "domain: quality")})
    problems = problems_of(project)
    assert len(problems) == 3, problems
    assert_problem(problems, "docs/playbooks/safety/two-problems.md", 6, "field 'status'")
    assert_problem(problems, "docs/playbooks/safety/two-problems.md", 2, "field 'owner'")
    assert_problem(problems, "docs/playbooks/quality/unknown-member.md", 5,
                   "field 'contributor': unknown member id 'st-nowhere'")


def test_shipped_playbooks_meet_the_content_brief():
    members, playbooks = _shipped()
    assert len(playbooks) >= 12
    for domain in DOMAINS:
        assert sum(p.domain == domain for p in playbooks) >= 4, domain
    for playbook in playbooks:
        assert members[playbook.contributor].fictional, f"{playbook.ref}: only fictional members contribute"
        assert all(members[a.member].fictional for a in playbook.adopted_by), playbook.ref
        assert playbook.evidence, f"{playbook.ref} cites evidence"
    states = {review_state(p.next_review, TODAY) for p in playbooks if p.in_use}
    assert states == {"overdue", "due-soon", "current"}
    assert {p.status for p in playbooks} == {"draft", "approved", "retired"}
    assert len({p.contributor for p in playbooks}) >= 4
    assert any(p.adopted_by for p in playbooks)


def _shipped():
    """The shipped members and playbooks, with the adoptions each member recorded in its own file."""
    site = load_site(ROOT, ROOT / "docs", TODAY)
    return site.members_by_id, site.playbooks


def test_header_shows_contributor_owner_and_both_dates(shipped_site):
    members, playbooks = _shipped()
    for playbook in playbooks:
        page = shipped_site.page(f"playbooks/{playbook.ref}/")
        header = page.select_one("aside.pb-header")
        assert header is not None, playbook.ref
        text = header.get_text(" ", strip=True)
        contributor = members[playbook.contributor]
        assert contributor.name in text and playbook.owner in text
        assert playbook.last_reviewed.isoformat() in text
        # A retired playbook has no next review; it says what replaces it.
        assert (playbook.next_review.isoformat() in text) == playbook.in_use, playbook.ref
        link = header.find("a", string=contributor.name)
        assert link["href"].endswith(f"members/{contributor.id}/")
        for adopter in playbook.adopters:
            assert members[adopter].name in text
        assert page.select_one("h1").get_text(strip=True).startswith(playbook.title)
        evidence = page.select_one("section.pb-evidence")
        assert [a["href"] for a in evidence.select("a")] == [e.url for e in playbook.evidence]


def test_overdue_draft_and_retired_playbooks_say_so(scenario):
    # Each its own title: two playbooks that read alike are refused (tests/test_meaning.py).
    overdue = GOOD.replace("last_reviewed: 2026-01-31", "last_reviewed: 2025-01-31")
    draft = GOOD.replace("status: approved", "status: draft").replace("title: Test practice", "title: Draft practice")
    retired = GOOD.replace("status: approved", "status: retired\nsuperseded_by: safety/overdue-practice").replace(
        "title: Test practice", "title: Retired practice")
    result = scenario({
        "docs/playbooks/safety/overdue-practice.md": overdue,
        "docs/playbooks/safety/draft-practice.md": draft,
        "docs/playbooks/safety/retired-practice.md": retired,
    }, today=FIXED_TODAY)
    assert result.returncode == 0, result.output
    notice = result.page("playbooks/safety/overdue-practice/").select_one(".pb-notice--overdue")
    assert notice is not None and "Review overdue" in notice.get_text()
    assert "296 days overdue" in notice.get_text()
    overdue_status = result.page("playbooks/safety/overdue-practice/").select_one(".pb-header__status").get_text()
    assert "Review overdue" in overdue_status and "next review 2026-01-31" in overdue_status
    draft_page = result.page("playbooks/safety/draft-practice/")
    assert "Draft: not yet approved" in draft_page.select_one(".pb-notice--draft").get_text()
    # A draft shows no currency chip: it is not yet in use, so neither current nor overdue.
    assert [chip.get_text() for chip in draft_page.select(".pb-header__status .pb-chip")] == ["Draft"]
    retired_page = result.page("playbooks/safety/retired-practice/")
    retired_notice = retired_page.select_one(".pb-notice--retired")
    assert "do not use" in retired_notice.get_text() and retired_notice.find("a")["href"].endswith("safety/overdue-practice/")
    assert [chip.get_text() for chip in retired_page.select(".pb-header__status .pb-chip")] == ["Retired"]
    assert "next review" not in retired_page.select_one(".pb-header").get_text().casefold()
    assert draft_page.select_one(".pb-notice--overdue") is None
    as_of = result.page("playbooks/safety/overdue-practice/").select_one(".pb-header__as-of")
    assert as_of is not None and as_of.time["datetime"] == FIXED_TODAY
    assert f"Review status as of {FIXED_TODAY}" in as_of.get_text()
    assert f"Review status as of {FIXED_TODAY}" in result.page("playbooks/review/").select_one("article").get_text()


def test_the_same_playbook_is_current_now_and_overdue_under_a_later_date(tmp_path):
    """GOOD is due on 2027-01-31: current on the tests' fixed date, overdue a month after it is due."""
    project = make_project(tmp_path, {"docs/playbooks/safety/later-practice.md": GOOD})

    def state_on(today: D) -> str:
        site = load_site(project, project / "docs", today)
        return next(v.review_state for v in site.views if v.src_uri == "playbooks/safety/later-practice.md")
    assert state_on(TODAY) == "current"
    assert state_on(D(2027, 3, 1)) == "overdue"


INJECTIONS = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}LOOP{% endfor %}",
    "{{ config.site_name }}",
    "{{ macros_info() }}",
    "{% include 'main.html' %}",
]
CODE_ONLY = ["{{ config.__class__.__init__.__globals__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}"]


def test_template_text_in_a_playbook_is_shown_as_written(scenario):
    body = "\n\n".join(f"Prose: {payload}" for payload in INJECTIONS)
    fenced = "\n".join(INJECTIONS + CODE_ONLY)
    text = GOOD + f"\n{body}\n\n```text\n{fenced}\n```\n\nInline `{{{{ 7*7 }}}}` too.\n"
    result = scenario({"docs/playbooks/safety/injection.md": text})
    assert result.returncode == 0, result.output
    page = result.page("playbooks/safety/injection/")
    article = page.select_one("article").get_text()
    for payload in INJECTIONS:
        assert f"Prose: {payload}" in article
    code = page.select_one("pre").get_text()
    for payload in INJECTIONS + CODE_ONLY:
        assert payload in code
    assert "49" not in article and "Care Network Playbooks" not in article and "LOOPLOOP" not in article


def test_domain_listings_hold_each_playbook_once_in_order(shipped_site):
    _, playbooks = _shipped()
    for domain in DOMAINS:
        page = shipped_site.page(f"playbooks/{domain}/")
        links = [" ".join(a.get_text().split()) for a in page.select(".pb-list li > strong > a, .pb-list li > p > strong > a")]
        mine = [p for p in playbooks if p.domain == domain]
        in_use = sorted((p.title for p in mine if p.in_use), key=str.casefold)
        retired = sorted((p.title for p in mine if not p.in_use), key=str.casefold)
        assert links == in_use + retired, domain


def test_dashboard_lists_unretired_playbooks_once_most_urgent_first(shipped_site):
    _, playbooks = _shipped()
    rows = shipped_site.page("playbooks/review/").select("article table tbody tr")
    titles = [" ".join(row.select_one("td a").get_text().split()) for row in rows]
    expected = [p for p in playbooks if p.in_use]
    expected.sort(key=lambda p: (REVIEW_ORDER[review_state(p.next_review, TODAY)], p.next_review, p.title.casefold()))
    assert titles == [p.title for p in expected]
    states = [row.select_one(".pb-chip").get_text(strip=True) for row in rows]
    assert states[0] == "Review overdue" and states[-1] == "Current"


def test_directory_lists_what_each_member_contributed_and_adopted(shipped_site):
    members, playbooks = _shipped()
    page = shipped_site.page("members/")
    for member_id in members:
        card_text = page.find(id=member_id).get_text(" ", strip=True)
        for playbook in playbooks:
            involved = playbook.contributor == member_id or member_id in playbook.adopters
            assert (playbook.title in card_text) == involved, (member_id, playbook.ref)


def test_listing_functions_are_pure_and_escape_titles():
    members, playbooks = _shipped()
    evil = dataclasses.replace(playbooks[0], title="<b>x</b> [y](javascript:z)", supersedes=None, superseded_by=None)
    views = playbook_views([evil], members, TODAY)
    [markdown] = domain_pages(views, evil.domain)
    assert "<b>" not in markdown and "&lt;b&gt;" in markdown and "\\[y\\]\\(javascript\\:z\\)" in markdown
    assert dashboard_pages([], TODAY)[0].count("No playbooks") == 1


def test_specialty_and_tag_pages_narrow_the_list(shipped_site):
    _, playbooks = _shipped()
    page = shipped_site.page("playbooks/specialties/")
    for playbook in playbooks:
        for specialty in playbook.specialties:
            heading = page.find(id=specialty_anchor(specialty))
            assert heading is not None, specialty
    tags = shipped_site.page("playbooks/tags/").get_text(" ", strip=True)
    for playbook in playbooks:
        chips = shipped_site.page(page_url(playbook.src_uri)).select("nav.md-tags a.md-tag")
        assert sorted(chip.get_text(strip=True) for chip in chips) == sorted(playbook.tags)
        for tag in playbook.tags:
            assert tag in tags
            tag_page_text = shipped_site.page(f"playbooks/tags/{tag_slug(tag)}/").get_text(" ", strip=True)
            assert playbook.title in tag_page_text, (tag, playbook.ref)


OWNER_CONTACTS = {
    "a member id": ("owner_contact: saguaro-springs", None),
    "a role mailbox": ("owner_contact: mailto:quality@saguaro-springs.example", None),
    "an https page": ("owner_contact: https://example.org/", "expected a role mailbox written mailto:"),
    "two addresses": ("owner_contact: mailto:a@b.example,c@d.example", "expected a role mailbox"),
    "a mailto with a subject": ("owner_contact: mailto:a@b.example?subject=x", "expected a role mailbox"),
    "an unknown member": ("owner_contact: st-nowhere", "unknown member id 'st-nowhere'"),
    "a member with no contact": ("owner_contact: altru", "member 'altru' has no 'contact'"),
}


@pytest.mark.parametrize("name", OWNER_CONTACTS)
def test_owner_contact_is_a_role_mailbox_or_a_member(tmp_path, name):
    line, message = OWNER_CONTACTS[name]
    text = GOOD.replace("owner_contact: mailto:patient-safety@cottonwood-regional.example", line)
    problems = problems_of(make_project(tmp_path, {"docs/playbooks/safety/contact.md": text}))
    if message is None:
        assert problems == []
    else:
        assert_problem(problems, "docs/playbooks/safety/contact.md", GOOD.splitlines().index(
            "owner_contact: mailto:patient-safety@cottonwood-regional.example") + 1, "field 'owner_contact'", message)


def test_a_playbook_without_owner_contact_is_refused(tmp_path):
    text = GOOD.replace("owner_contact: mailto:patient-safety@cottonwood-regional.example\n", "")
    problems = problems_of(make_project(tmp_path, {"docs/playbooks/safety/contact.md": text}))
    assert_problem(problems, "docs/playbooks/safety/contact.md", None, "field 'owner_contact'", "missing required field")


def test_header_says_whom_to_ask_and_links_the_problem_report(shipped_site):
    members, playbooks = _shipped()
    for playbook in playbooks:
        header = shipped_site.page(f"playbooks/{playbook.ref}/").select_one("aside.pb-header")
        ask = header.select_one(".pb-header__owner a")
        if playbook.owner_contact.startswith("mailto:"):
            assert ask["href"] == playbook.owner_contact
        else:
            assert ask["href"] == members[playbook.owner_contact].contact
            member = header.select(".pb-header__owner a")[1]
            assert member["href"].endswith(f"members/{playbook.owner_contact}/")
            assert members[playbook.owner_contact].name in member.get_text()
        assert ask.get_text() == ask["href"].removeprefix("mailto:"), "the label is the address a reader can use"
        report = header.find("a", string="Report on GitHub (public)")
        parts = urllib.parse.urlsplit(report["href"])
        query = urllib.parse.parse_qs(parts.query)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/care-network/playbooks/issues/new"
        assert query["template"] == ["report-problem.yml"]
        assert query["title"] == [f"Problem: {playbook.title}"]
        assert query["page"] == [f"http://127.0.0.1:8000/playbooks/{playbook.ref}/"]
        assert header.select_one("a.pb-header__go")["href"] == "#checklist"
