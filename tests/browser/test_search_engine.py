"""Search's ranking rule and loading, in Chromium on a small site made to tempt the engine.

The ranking happens in the reader's browser (overrides/assets/javascripts/search/engine.js),
so each rule is held here by typing a query: status and review state only break ties between
equal matches; a retired playbook comes after its replacement and says which to use. The
page shows only the worker's answer to the query in the box, never one to a query typed past;
"Did you mean" is set as Material sets its own result meta text.
"""

from __future__ import annotations

import pytest

from browser.browser_support import (
    DESKTOP,
    PHONE,
    SEARCH_ANSWERED_OR_CLOSED,
    _open_search,
    axe_violations,
    first_playbook,
    goto,
    new_recorded_context,
    playbook_of,
    search,
)
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


# Records, in the page, each answer of the search worker (its query, what the box held as it came, the pages it
# lists) and each list of results the reader was shown (the pages, and what the box held).
ANSWERS_AND_RESULTS_SHOWN = """
window.pbSeen = {answers: [], shown: []};
const PageWorker = window.Worker;
window.Worker = function (url, options) {
  const worker = new PageWorker(url, options);
  worker.addEventListener("message", ({data: message}) => {
    if (message && message.type === 3)
      pbSeen.answers.push({query: message.data.query, box: document.querySelector(".md-search__input").value,
                           pages: message.data.items.map(group => group[0].location)});
  });
  return worker;
};
window.Worker.prototype = PageWorker.prototype;
addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => pbSeen.shown.push({
    box: document.querySelector(".md-search__input").value,
    pages: [...list.querySelectorAll(":scope > li > a")].map(a => new URL(a.href).pathname.slice(1)),
  })).observe(list, {childList: true});
});
"""


def test_an_answer_to_a_query_the_reader_has_typed_past_is_never_shown(browser, served_site):
    context, recorder = new_recorded_context(browser, served_site.origin)
    context.add_init_script(ANSWERS_AND_RESULTS_SHOWN)
    # The worker reads the result texts (search/d-*.js) while it answers a query: held, it is busy on the query
    # typed so far while the reader types on, so its answer comes once the box holds the whole query.
    held = []
    context.route("**/search/d-*.js", lambda route: held.append(route))
    page = context.new_page()
    goto(page, served_site.url)
    query = "sepsis bundle"
    typed = _open_search(page)
    with context.expect_event("request", lambda request: "/search/d-" in request.url):
        typed.press_sequentially(query[:3])
    typed.press_sequentially(query[3:])
    context.unroute("**/search/d-*.js")
    for route in held:
        route.fallback()
    page.wait_for_function(SEARCH_ANSWERED_OR_CLOSED, arg=query)
    answered = page.eval_on_selector(".md-search-result__list", "list => list.dataset.query")
    seen = page.evaluate("pbSeen")
    context.close()
    assert answered == query, f"the search panel closed, or its results answer {answered!r}"
    final = next(answer["pages"] for answer in seen["answers"] if answer["query"] == query)
    past = [answer for answer in seen["answers"] if answer["query"] != answer["box"]]
    # Material shows the first ten results at once, the rest as the reader scrolls.
    assert any(answer["pages"][:10] != final[:10] for answer in past), f"no answer typed past differs: {past}"
    shown = [entry["pages"] for entry in seen["shown"] if entry["pages"]]
    assert shown and all(pages == final[:len(pages)] for pages in shown), (
        f"the results shown were not only the answer to {query!r}: {seen['shown']}; the answers: {seen['answers']}")
    assert not recorder.problems(), "\n".join(recorder.problems())


SIZES = {"desktop": {"viewport": DESKTOP},
         "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}}
# How "Did you mean" is set against Material's own result meta text ("No matching documents") just above it.
HELP_AND_META_TYPE = """() => {
  const meta = document.querySelector('.md-search-result__meta'), said = document.querySelector('.pb-search-help p');
  const metaStyle = getComputedStyle(meta), saidStyle = getComputedStyle(said);
  return {meta: [metaStyle.fontSize, metaStyle.color], said: [saidStyle.fontSize, saidStyle.color],
          metaTextLeft: meta.getBoundingClientRect().left + parseFloat(metaStyle.paddingLeft),
          saidTextLeft: said.getBoundingClientRect().left};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_did_you_mean_is_set_as_materials_result_meta_and_passes_axe(browser, served_site, size, scheme):
    context, recorder = new_recorded_context(browser, served_site.origin, color_scheme=scheme, **SIZES[size])
    page = context.new_page()
    goto(page, served_site.url)
    first, _ = first_playbook(page, "kabsi", expects_nothing=True)
    shown = page.evaluate(HELP_AND_META_TYPE)
    violations = axe_violations(page, f"'Did you mean' ({size}, {scheme} scheme)")
    context.close()
    assert first == "quality/clabsi-prevention-bundle"
    assert shown["said"] == shown["meta"], f"'Did you mean' is set in {shown['said']}, the meta text in {shown['meta']}"
    assert abs(shown["saidTextLeft"] - shown["metaTextLeft"]) < 1, f"'Did you mean' starts aside the meta: {shown}"
    assert not violations, "\n".join(violations)
    assert not recorder.problems(), "\n".join(recorder.problems())
