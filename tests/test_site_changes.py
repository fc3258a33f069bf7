"""The pull request's summary of what it changes on the published site (network/site_changes.py).

The shipped project is the base; a copy with one playbook revised, one added and a tag renamed is the
head. Both are built for real and compared from what they publish, as CI compares a pull request.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, build, make_project
from network.site_changes import FeedEntry, Site, compare, summary

PLAYBOOK = "docs/playbooks/safety/i-pass-handoffs.md"
# A draft is left out of the feeds, so the status changes on another playbook than the one with a new note.
DRAFTED = "docs/playbooks/quality/hand-hygiene-audit-feedback.md"
NEW_PLAYBOOK = "docs/playbooks/quality/bedside-shift-report.md"
NEW_TITLE = "I-PASS for every *shift-change* handoff & [sign-out]"
REVISIONS = {
    "title: I-PASS for every shift-change handoff": f'title: "{NEW_TITLE}"',
    "owner: Chief of Hospital Medicine": "owner: Chief Medical Officer",
    "last_reviewed: 2026-04-20": "last_reviewed: 2026-11-20",
    "tags: [handoff, communication, teamwork]": "tags: [shift-change, communication, teamwork]",
    "changes:\n": ("changes:\n  - date: 2026-11-20\n    kind: clinical\n"
                   "    note: The receiver reads the action list back before the giver leaves.\n"),
}


def revised(text: str) -> str:
    for old, new in REVISIONS.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# The second adopter stops adopting: its record goes from its own file.
ADOPTIONS = "data/adoptions/ironwood-valley.yml"


def without_i_pass(text: str) -> str:
    start = text.index("- playbook: safety/i-pass-handoffs\n")
    return text[:start] + text[text.index("- playbook: safety/sepsis-hour-1-bundle\n"):]


def new_playbook(text: str) -> str:
    text = text.replace("title: I-PASS for every shift-change handoff", "title: Bedside shift report with the patient")
    text = text.replace("tags: [handoff, communication, teamwork]", "tags: [communication]")
    return text.replace("domain: safety", "domain: quality").replace("contributor: bluestem-community",
                                                                     "contributor: saguaro-springs")


@pytest.fixture(scope="module")
def changed(shipped_site, tmp_path_factory):
    source = (ROOT / PLAYBOOK).read_text(encoding="utf-8")
    drafted = (ROOT / DRAFTED).read_text(encoding="utf-8").replace("status: approved", "status: draft", 1)
    adoptions = without_i_pass((ROOT / ADOPTIONS).read_text(encoding="utf-8"))
    project = make_project(tmp_path_factory.mktemp("head"), {PLAYBOOK: revised(source), DRAFTED: drafted,
                                                             NEW_PLAYBOOK: new_playbook(source),
                                                             ADOPTIONS: adoptions})
    head = build(project)
    assert head.returncode == 0, head.output
    done = subprocess.run([sys.executable, "-m", "tools.site_changes", str(shipped_site.site), str(head.site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def section(text: str, heading: str) -> str:
    return text.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


def test_the_summary_names_pages_added_removed_and_changed(changed):
    pages = section(changed, "Pages")
    added = pages.split("**Added: ")[1].split("**Removed")[0]
    assert "`/playbooks/quality/bedside-shift-report/`" in added and "`/playbooks/tags/shift-change/`" in added
    assert "`/playbooks/tags/handoff/`" in pages.split("**Removed: ")[1].split("**Changed")[0]
    changed_pages = pages.split("**Changed: ")[1]
    assert "`/playbooks/safety/i-pass-handoffs/`" in changed_pages and "`/playbooks/quality/`" in changed_pages
    for unchanged in ("`/about/`", "`/playbooks/safety/medication-reconciliation/`", "`/members/altru/`"):
        assert unchanged not in pages, f"{unchanged}: a page nothing changed is listed"


def test_the_summary_names_each_changed_field_of_a_playbook_with_its_title_escaped(changed):
    playbooks = section(changed, "Playbooks")
    escaped = "I\\-PASS for every \\*shift\\-change\\* handoff &amp; \\[sign\\-out\\]"
    assert f"**{escaped}** (`safety/i-pass-handoffs`)" in playbooks
    for line in (f"- title: I\\-PASS for every shift\\-change handoff → {escaped}",
                 "- owner: Chief of Hospital Medicine → Chief Medical Officer",
                 "- last reviewed: 2026\\-04\\-20 → 2026\\-11\\-20",
                 "- next review: 2028\\-04\\-20 → 2028\\-11\\-20",
                 "- adopters: great\\-lakes\\-harbor \\(sustained\\), ironwood\\-valley \\(adopted\\) → "
                 "great\\-lakes\\-harbor \\(sustained\\)"):
        assert line in playbooks, f"{line}\n---\n{playbooks}"
    assert "(`quality/hand-hygiene-audit-feedback`)\n\n- status: approved → draft\n" in playbooks
    new = playbooks.split("**New playbooks: 1**", 1)[1]
    assert "Bedside shift report with the patient (`quality/bedside-shift-report`" in new


def test_the_summary_names_the_new_feed_entries(changed):
    entries = section(changed, "New feed entries")
    assert "- 2026-11-20: Clinical change\\: I\\-PASS for every \\*shift\\-change\\* handoff" in entries
    assert "Bedside shift report with the patient" in entries


def test_a_contributor_change_and_a_removed_playbook_are_named_and_html_in_a_title_is_inert():
    record = {"id": "safety/x", "title": "<img src=x onerror=alert(1)> **Bold**", "status": "approved",
              "owner": "A", "contributor": "one", "adopters": []}
    base = Site({"/a/": "1", "/gone/": "2"}, {"safety/x": record, "safety/y": {**record, "id": "safety/y"}}, [])
    head = Site({"/a/": "1", "/new/": "3"}, {"safety/x": {**record, "contributor": "two"}},
                [FeedEntry("tag:x", "New playbook: <b>y</b>", "2026-11-20")])
    text = summary(compare(base, head))
    assert "- contributor: one → two" in text
    assert "**Removed playbooks: 1**" in text and "(`safety/y`, approved, owner A)" in text
    assert "<img" not in text and "<b>" not in text
    assert "&lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\*\\*Bold\\*\\*" in text
    assert "`/new/`" in text and "`/gone/`" in text and "`/a/`" not in text


def test_two_identical_builds_change_nothing(shipped_site):
    done = subprocess.run([sys.executable, "-m", "tools.site_changes", str(shipped_site.site), str(shipped_site.site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "No published page, playbook or feed entry changes." in done.stdout


def test_a_site_that_was_not_built_is_named_without_a_traceback(tmp_path, shipped_site):
    done = subprocess.run([sys.executable, "-m", "tools.site_changes", str(tmp_path), str(shipped_site.site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and str(tmp_path / "index.html") in done.stderr and "Traceback" not in done.stderr
