"""Search's ranking rule and loading, in Chromium on a small site made to tempt the engine.

The ranking happens in the reader's browser (overrides/assets/javascripts/search/engine.js),
so each rule is held here by typing a query: status and review state only break ties between
equal matches; a retired playbook comes after its replacement and says which to use.
"""

from __future__ import annotations

import pytest

from browser.browser_support import first_playbook, goto, new_recorded_context, playbook_of, search
from browser.conftest import build_and_serve
from conftest import make_project
from network.search_text import query_words


def playbook(title: str, body: str, *, status: str = "approved", reviewed: str = "2026-06-01",
             extra: str = "") -> str:
    return f"""---
title: {title}
summary: A practice made up to test how search ranks.
domain: safety
contributor: cottonwood-regional
owner: Director of Patient Safety
owner_contact: mailto:patient-safety@cottonwood-regional.example
status: {status}
last_reviewed: {reviewed}
review_interval_months: 12
tags: [testing]
{extra}---

## Why it matters

{body}
"""


OVERDUE = "2024-01-15"
TEMPTING = {
    # The query is the title of an overdue playbook, and only body words of a current one.
    "a-ventilator-weaning-protocol": playbook("Ventilator weaning protocol", "Wean by the steps below.",
                                              reviewed=OVERDUE),
    "b-daily-sedation-pause": playbook("Daily sedation pause",
                                       "Pause sedation before the ventilator weaning protocol."),
    # Equal matches (the same words in the title): the current one first, though the overdue one comes first in order.
    "c-insulin-drip-titration-at-night": playbook("Insulin drip titration at night", "Text.", reviewed=OVERDUE),
    "d-insulin-drip-titration-by-day": playbook("Insulin drip titration by day", "Text."),
    # A retired playbook whose title matches more of the query than its replacement's does.
    "e-two-hourly-pressure-injury-turning-schedule": playbook(
        "Two-hourly pressure injury turning schedule", "Text.", status="retired",
        extra="superseded_by: safety/f-pressure-injury-turning-schedule\n"),
    "f-pressure-injury-turning-schedule": playbook(
        "Pressure injury turning schedule with wedges", "Text.",
        extra="supersedes: safety/e-two-hourly-pressure-injury-turning-schedule\n"),
    # A retired playbook with no replacement keeps its place.
    "g-hourly-rounding-log": playbook("Hourly rounding log", "Text.", status="retired"),
}


@pytest.fixture(scope="module")
def tempting_site(tmp_path_factory):
    files = {f"docs/playbooks/safety/{slug}.md": text for slug, text in TEMPTING.items()}
    with build_and_serve(make_project(tmp_path_factory.mktemp("search-tempting"), files)) as served:
        yield served


@pytest.fixture(scope="module")
def tempting_page(browser, tempting_site):
    context, recorder = new_recorded_context(browser, tempting_site.origin)
    page = context.new_page()
    goto(page, tempting_site.url)
    yield page
    assert not recorder.problems(), "\n".join(recorder.problems())
    context.close()


def playbooks_shown(page, query: str) -> list[str]:
    return list(dict.fromkeys(filter(None, map(playbook_of, search(page, query).links))))


def result_text(page, slug: str) -> str:
    return page.locator(f".md-search-result__item:has(a[href*='/{slug}/'])").first.inner_text()


def test_a_title_match_of_an_overdue_playbook_ranks_above_a_body_match_of_a_current_one(tempting_page):
    shown = playbooks_shown(tempting_page, "ventilator weaning protocol")
    assert shown[:2] == ["safety/a-ventilator-weaning-protocol", "safety/b-daily-sedation-pause"]


def test_between_equal_matches_the_current_playbook_ranks_above_the_overdue_one(tempting_page):
    shown = playbooks_shown(tempting_page, "insulin drip titration")
    assert shown[:2] == ["safety/d-insulin-drip-titration-by-day", "safety/c-insulin-drip-titration-at-night"]


def test_a_retired_playbook_comes_after_its_replacement_and_says_which_to_use(tempting_page):
    shown = playbooks_shown(tempting_page, "two hourly pressure injury turning schedule")
    assert shown[:2] == ["safety/f-pressure-injury-turning-schedule",
                         "safety/e-two-hourly-pressure-injury-turning-schedule"]
    text = result_text(tempting_page, "e-two-hourly-pressure-injury-turning-schedule")
    assert "Retired: use Pressure injury turning schedule with wedges." in text


def test_a_retired_playbook_without_replacement_keeps_its_place_and_says_it_is_retired(tempting_page):
    shown = playbooks_shown(tempting_page, "hourly rounding log")
    assert shown[0] == "safety/g-hourly-rounding-log"
    assert "Retired: do not use." in result_text(tempting_page, "g-hourly-rounding-log")


def test_no_part_of_the_index_is_fetched_until_a_search_starts(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin)
    fetched: list[str] = []
    context.on("requestfinished", lambda request: fetched.append(request.url))
    page = context.new_page()
    goto(page, served_site.url + "playbooks/safety/i-pass-handoffs/")
    page.wait_for_timeout(1_000)
    loaded = [url.removeprefix(served_site.url) for url in fetched if url.startswith(served_site.url + "search/")]
    # Material's own file holds its settings and no document (tests/test_search_index.py).
    assert loaded in ([], ["search/search_index.json"]), loaded
    assert first_playbook(page, "sepsis")[0] == "safety/sepsis-hour-1-bundle"
    assert any(url.startswith(served_site.url + "search/p-sep") for url in fetched), fetched
    assert not recorder.problems(), "\n".join(recorder.problems())
    context.close()


WORDS = ["I-PASS handoffs", "Behaviour's café", "sepsis status process", "hand-off at shift-change",
         "ICUs", "The WHO checklist, 2nd edition", "naïve ÉLAN of  'tumours'"]


def test_the_browser_reads_a_query_into_the_same_words_as_the_build(tempting_page):
    in_browser = tempting_page.evaluate("texts => texts.map(t => PlaybookSearch.queryWords(t))", WORDS)
    assert in_browser == [query_words(text) for text in WORDS]
