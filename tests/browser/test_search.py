"""Search in a real browser: topics find playbooks, names and cities find members."""

from __future__ import annotations

import statistics
from urllib.parse import urlsplit

import pytest

from browser.browser_support import goto, new_recorded_context, search
from conftest import ROOT
from network.members import MEMBERS_FILE, Member, load_members

TOPIC = "sepsis"


def members() -> list[Member]:
    return load_members(ROOT / MEMBERS_FILE)


def test_a_topic_finds_its_playbooks_and_the_time_to_first_result_is_reported(
        browser, served_site, measured):
    about_topic = {f"{served_site.url}{path}" for path in served_site.playbooks()
                   if TOPIC in served_site.soup(path).select_one(".md-content h1").get_text().casefold()}
    assert about_topic, f"no shipped playbook has {TOPIC!r} in its title: choose another topic for this test"
    timings = []
    for _ in range(3):
        context, recorder = new_recorded_context(browser, served_site.origin)
        page = context.new_page()
        goto(page, served_site.url)
        outcome = search(page, TOPIC)
        context.close()
        timings.append(outcome.milliseconds)
        found = {link.split("?")[0].split("#")[0] for link in outcome.links}
        assert about_topic & found, f"searching {TOPIC!r} showed {sorted(found)}, none of {sorted(about_topic)}"
        assert not recorder.problems(), "\n".join(recorder.problems())
    measured("search: first keystroke to first result, fresh page (ms, median of 3)",
             round(statistics.median(timings)))


@pytest.mark.parametrize("field", ["name", "city"])
def test_every_member_is_found_by_name_and_by_city(search_page, served_site, field):
    page, recorder = search_page
    missing = []
    for member in members():
        outcome = search(page, getattr(member, field))
        in_directory = [urlsplit(link) for link in outcome.links if urlsplit(link).path == "/members/"]
        if not any(url.fragment.startswith(member.id) for url in in_directory):
            missing.append(f"{getattr(member, field)!r} (member {member.id}): results were "
                           f"{[link for link in outcome.links][:5]}")
    assert not missing, f"search by {field} did not lead to the member's directory entry:\n" + "\n".join(missing)
    assert not recorder.problems(), "\n".join(recorder.problems())
