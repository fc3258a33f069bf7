"""`make new`: a playbook from the template that builds, and passes `make check` once its guidance is replaced."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from conftest import FIXED_TODAY, ROOT, build, make_project
from network.playbooks import parse_playbook
from test_checks import run_make, with_tooling
from tools import new_playbook
from tools.new_playbook import Refused, create_playbook, slugify

TITLE = 'Children\'s "early warning": PEWS & escalation, $5 a bed'


@pytest.mark.parametrize("title, expected", [
    ("Falls prevention rounds", "falls-prevention-rounds"),
    ("Children's early warning (PEWS)", "childrens-early-warning-pews"),
    ("Sepsis: the first hour", "sepsis-the-first-hour"),
    ("Prévention des chutes", "prevention-des-chutes"),
    ("A " + "very " * 20 + "long title", "a" + "-very" * 11),
])
def test_the_file_name_is_made_from_the_title(title, expected):
    assert slugify(title) == expected


def test_the_written_playbook_has_every_required_field_and_section(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOKS_TODAY", FIXED_TODAY)
    project = make_project(tmp_path)
    path = create_playbook(project, "safety", TITLE, "cottonwood-regional")
    assert path == project / "docs/playbooks/safety/childrens-early-warning-pews-escalation-5-a-bed.md"
    text = path.read_text(encoding="utf-8")
    playbook, problems = parse_playbook(text, path.relative_to(project / "docs").as_posix(), "new.md")
    assert problems == []
    assert (playbook.title, playbook.domain, playbook.contributor) == (TITLE, "safety", "cottonwood-regional")
    assert (playbook.status, playbook.last_reviewed.isoformat(), playbook.review_interval_months) == \
        ("draft", FIXED_TODAY, 12)
    assert playbook.summary and playbook.owner and len(playbook.evidence) == 1
    assert [measure.id for measure in playbook.measures] == ["checklist-completed"]
    for section in ("## Why it matters", "## Checklist", "## Who does what", "## Adapting it locally"):
        assert f"\n{section}\n" in text
    assert "\n- [ ] " in text
    assert "| Role | Responsibility |" in text and "| Measure |" not in text


@pytest.mark.parametrize("domain, title, contributor, needle", [
    ("saftey", "Falls", "altru", "unknown domain 'saftey'; did you mean 'safety'? expected one of quality, safety, "
                                 "professionalism"),
    ("Nursing", "Falls", "altru", "unknown domain 'Nursing'; expected one of quality, safety, professionalism"),
    ("safety", "Falls", "altr", "unknown member id 'altr'; did you mean 'altru'?"),
    ("safety", "<b>Falls</b>", "altru", "title: expected plain text without markup"),
    ("safety", "", "altru", "title: expected plain text, got an empty value"),
    ("safety", "???", "altru", "cannot make a file name"),
])
def test_a_bad_domain_member_or_title_is_refused(tmp_path, domain, title, contributor, needle):
    project = make_project(tmp_path)
    with pytest.raises(Refused) as refused:
        create_playbook(project, domain, title, contributor)
    assert needle in str(refused.value)
    assert not list((project / "docs/playbooks").glob("*/falls*.md"))


@pytest.mark.parametrize("typed", ["Safety", "SAFETY", " safety "])
def test_the_domain_is_taken_in_any_case(tmp_path, monkeypatch, typed):
    monkeypatch.setenv("PLAYBOOKS_TODAY", FIXED_TODAY)
    path = create_playbook(make_project(tmp_path), typed, "Falls rounds", "altru")
    assert path.parent.name == "safety" and "domain: safety\n" in path.read_text(encoding="utf-8")


def test_an_existing_file_is_never_overwritten(tmp_path):
    project = make_project(tmp_path)
    before = (project / "docs/playbooks/safety/i-pass-handoffs.md").read_text(encoding="utf-8")
    with pytest.raises(Refused) as refused:
        create_playbook(project, "safety", "Other title", "altru", file_slug="i-pass-handoffs")
    assert "docs/playbooks/safety/i-pass-handoffs.md already exists" in str(refused.value)
    assert (project / "docs/playbooks/safety/i-pass-handoffs.md").read_text(encoding="utf-8") == before


def test_the_command_refuses_with_a_clear_message_and_no_traceback(tmp_path):
    project = make_project(tmp_path)
    done = subprocess.run([sys.executable, "-m", "tools.new_playbook", "--project-dir", str(project),
                           "--domain", "safety", "--title", "Falls", "--contributor", "nobody"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "make new: unknown member id 'nobody'" in done.stderr


class Terminal(io.StringIO):
    """Typed answers, read as from a terminal."""

    def isatty(self):
        return True


def test_it_asks_for_what_is_missing_at_a_terminal(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.setenv("PLAYBOOKS_TODAY", FIXED_TODAY)
    monkeypatch.setattr(sys, "stdin", Terminal("quality\nFalls prevention rounds\nsaguaro-springs\n"))
    assert new_playbook.main(["--project-dir", str(project)]) == 0
    assert (project / "docs/playbooks/quality/falls-prevention-rounds.md").is_file()
    assert "wrote docs/playbooks/quality/falls-prevention-rounds.md" in capsys.readouterr().out


def test_a_wrong_answer_is_asked_again_and_the_right_ones_are_kept(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.setenv("PLAYBOOKS_TODAY", FIXED_TODAY)
    for name in ("PLAYBOOK_DOMAIN", "PLAYBOOK_TITLE", "PLAYBOOK_CONTRIBUTOR"):
        monkeypatch.delenv(name, raising=False)
    answers = "saftey\nsafety\nFalls <b>rounds</b>\nFalls rounds\nsaguaro-spring\nsaguaro-springs\n"
    monkeypatch.setattr(sys, "stdin", Terminal(answers))
    assert new_playbook.main(["--project-dir", str(project)]) == 0
    err = capsys.readouterr().err
    assert "unknown domain 'saftey'" in err and "title: expected plain text" in err
    assert "did you mean 'saguaro-springs'?" in err and err.count("try again") == 3
    text = (project / "docs/playbooks/safety/falls-rounds.md").read_text(encoding="utf-8")
    assert "contributor: saguaro-springs" in text and 'title: "Falls rounds"' in text


def test_without_a_terminal_it_says_what_to_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for name in ("PLAYBOOK_DOMAIN", "PLAYBOOK_TITLE", "PLAYBOOK_CONTRIBUTOR"):
        monkeypatch.delenv(name, raising=False)
    assert new_playbook.main(["--project-dir", str(make_project(tmp_path))]) == 1
    assert 'make new DOMAIN=safety TITLE="Your title" CONTRIBUTOR=your-member-id' in capsys.readouterr().err


def test_make_new_writes_a_playbook_that_builds_and_passes_make_check_once_written(tmp_path):
    project = with_tooling(make_project(tmp_path))
    done = run_make(project, "new", "DOMAIN=professionalism", f"TITLE={TITLE}", "CONTRIBUTOR=saguaro-springs")
    assert done.returncode == 0, done.stdout + done.stderr
    relative = "docs/playbooks/professionalism/childrens-early-warning-pews-escalation-5-a-bed.md"
    assert f"make new: wrote {relative}" in done.stdout
    untouched = run_make(project, "check")
    output = untouched.stdout + untouched.stderr
    assert untouched.returncode != 0 and "Traceback" not in output, output
    path = project / relative
    placeholders = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                    if "Replace th" in line]
    assert len(placeholders) >= 5
    for number in placeholders:
        assert f"{relative}:{number}: still holds the template's guidance" in output, output
    path.write_text(re.sub(r"Replace th(?:is|ese)", "Write", path.read_text(encoding="utf-8")), encoding="utf-8")
    checked = run_make(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.page("playbooks/professionalism/childrens-early-warning-pews-escalation-5-a-bed/")
    assert page.find("h1").get_text(strip=True) == TITLE
    assert "Draft" in page.get_text()
    again = run_make(project, "new", "DOMAIN=professionalism", f"TITLE={TITLE}", "CONTRIBUTOR=saguaro-springs")
    assert again.returncode != 0
    assert f"make new: {relative} already exists" in again.stderr
