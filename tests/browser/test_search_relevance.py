"""Search a clinician can rely on: each query of the relevance suite in Chromium finds the meant playbook first."""

from __future__ import annotations

from collections import Counter

import pytest

from browser.browser_support import first_playbook
from browser.relevance_suite import KIND_COUNTS, SUITE


def test_the_suite_keeps_its_size_and_mix():
    counts = Counter(kind for kind, _, _ in SUITE)
    short = {kind: f"{counts[kind]} of {least}" for kind, least in KIND_COUNTS.items() if counts[kind] < least}
    assert not short, f"the relevance suite lost queries: {short}"


def test_every_meant_playbook_exists(served_site):
    playbooks = {path.rstrip("/").removeprefix("playbooks/") for path in served_site.playbooks()}
    assert not {meant for _, _, meant in SUITE} - playbooks


@pytest.mark.parametrize(("kind", "query", "meant"), SUITE, ids=[f"{kind}: {query}" for kind, query, _ in SUITE])
def test_the_meant_playbook_comes_first(search_page, kind, query, meant):
    page, recorder = search_page
    first, _ = first_playbook(page, query, expects_nothing=kind == "none")
    where = "first under 'Did you mean'" if kind == "none" else "first playbook"
    assert first == meant, f"{kind} query {query!r}: {where} was {first}, not {meant}"
    assert not recorder.problems(), "\n".join(recorder.problems())
