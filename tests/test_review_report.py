"""`make review-report` (tools/review_report.py): playbooks overdue or due within 60 days, as Markdown."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys

from conftest import FIXED_TODAY, ROOT, make_project
from network.members import Member
from network.playbooks import Playbook
from network.site import load_site, site_from
from tools.review_report import NOTHING_DUE, TITLE, review_report

TODAY = datetime.date.fromisoformat(FIXED_TODAY)
MEMBER = Member(id="bluestem-community", name="Bluestem Community Hospital", city="Ames", state="IA",
                joined="2024-05", services=("econsult",), specialties=())


def playbook(slug: str, last_reviewed: str, months: int = 12, status: str = "approved",
             title: str | None = None, owner: str = "Chief Nursing Officer") -> Playbook:
    return Playbook(src_uri=f"playbooks/safety/{slug}.md", title=title or slug.replace("-", " ").capitalize(),
                    summary="A summary.", domain="safety", contributor=MEMBER.id, owner=owner,
                    owner_contact=MEMBER.id, status=status,
                    last_reviewed=datetime.date.fromisoformat(last_reviewed), review_interval_months=months)


def report(*playbooks: Playbook) -> str:
    return review_report(site_from([MEMBER], list(playbooks), TODAY))


def section(text: str, heading: str) -> list[str]:
    """The table rows under a '## heading (n)' section."""
    match = re.search(rf"^## {re.escape(heading)} \(\d+\)\n\n(?:\|.*\n){{2}}((?:\|.*\n)*)", text, re.MULTILINE)
    return match.group(1).splitlines() if match else []


def test_nothing_due_is_one_known_first_line():
    text = report(playbook("current", "2026-11-01"), playbook("old-but-retired", "2020-01-01", status="retired"))
    assert text.splitlines()[0] == NOTHING_DUE
    assert f"Checked 1 draft or approved playbook on {FIXED_TODAY}." in text


def test_overdue_then_due_soon_each_soonest_first():
    text = report(
        playbook("overdue-since-january", "2025-01-22"),
        playbook("overdue-by-one-day", "2025-11-22"),
        playbook("overdue-long-ago", "2024-03-01"),
        playbook("due-today", "2025-11-23"),
        playbook("due-in-61-days", "2026-01-23", months=12),
        playbook("retired-and-overdue", "2020-01-01", status="retired"),
        playbook("draft-and-due", "2025-12-01", status="draft"),
    )
    assert text.startswith(TITLE + "\n")
    overdue = section(text, "Overdue")
    soon = section(text, "Due within 60 days")
    assert [row.split("`")[1] for row in overdue] == [
        "docs/playbooks/safety/overdue-long-ago.md",
        "docs/playbooks/safety/overdue-since-january.md",
        "docs/playbooks/safety/overdue-by-one-day.md",
    ]
    assert [row.split("`")[1] for row in soon] == [
        "docs/playbooks/safety/due-today.md",
        "docs/playbooks/safety/draft-and-due.md",
    ]
    assert overdue[2].endswith("| 2025-11-22 | 2026-11-22 | 1 day overdue |")
    assert soon[0].endswith("| 2025-11-23 | 2026-11-23 | due today |")
    assert "| Draft |" in soon[1] and soon[1].endswith("| in 8 days |")
    assert "retired-and-overdue" not in text and "due-in-61-days" not in text
    assert "of 6 draft or approved playbooks, 3 are overdue for review and 2 are due within 60 days" in text


def test_the_sixty_day_window_is_inclusive():
    inside = playbook("in-sixty", "2026-01-22")    # next review 2027-01-22, 60 days after 2026-11-23
    outside = playbook("in-sixty-one", "2026-01-23")
    text = report(inside, outside)
    assert [row.split("`")[1] for row in section(text, "Due within 60 days")] == ["docs/playbooks/safety/in-sixty.md"]
    assert "in-sixty-one" not in text
    assert "1 is due within 60 days" in text


def test_text_from_front_matter_cannot_break_the_table():
    text = report(playbook("pipes", "2020-01-01", title="Lines | and *stars*", owner="Ward [A] | B"))
    (row,) = section(text, "Overdue")
    assert len(re.findall(r"(?<!\\)\|", row)) == 9, row
    assert r"Lines \| and \*stars\*" in row and r"Ward \[A\] \| B" in row


def run_report(project, today: str = FIXED_TODAY) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLAYBOOKS_TODAY": today}
    return subprocess.run([sys.executable, "-m", "tools.review_report", str(project)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_command_reports_the_shipped_playbooks(tmp_path):
    project = make_project(tmp_path)
    done = run_report(project, "2040-01-01")
    assert done.returncode == 0, done.stderr
    site = load_site(project, project / "docs", datetime.date(2040, 1, 1))
    assert done.stdout == review_report(site)
    in_use = [p for p in site.playbooks if p.in_use]
    assert len(section(done.stdout, "Overdue")) == len(in_use) > 0


def test_bad_content_is_a_clean_failure_naming_the_file(tmp_path):
    project = make_project(tmp_path, {"data/members.yml": "- id: [unclosed\n"})
    done = run_report(project)
    assert done.returncode == 1
    assert "data/members.yml:2: not valid YAML" in done.stderr
    assert "Traceback" not in done.stderr
