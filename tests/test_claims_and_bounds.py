"""Issue 29: claims that need their other side, machine outputs that hold, bounded checks, only the project's code.

Each fault is planted into its own copy of the project and must be refused with
the file, the line and the reason, with no traceback; checks that could stall
run in a subprocess whose timeout (60 s) is only a guard against a hang, never
a measure of speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from checks.markup import find_unsafe_markup
from checks.patient_data import find_patient_data
from conftest import ROOT, assert_clean_failure, assert_problem, check, copy_parts, make_project, problems_of
from network.adoptions import codeowners_problems, reviewer_team
from network.gate import page_problems
from network.listings import UPDATES_PER_PLAYBOOK
from network.nesting import nesting_problems
from network.sourcefile import load_yaml
from network.xmltext import forbidden_character_problems
from test_checks import TOOLING, run_make

HANG_GUARD = 60  # seconds: on today's main each of these ran for minutes or without end
PLAYBOOK = "docs/playbooks/quality/test-practice.md"
# A playbook by a member (cottonwood-regional) other than the contributor of the shipped I-PASS playbook.
CLAIMANT = """\
---
title: Handoffs in two minutes
summary: A shorter handoff for the night shift.
domain: quality
contributor: cottonwood-regional
owner: Director of Nursing Quality
owner_contact: mailto:quality@bluestem.example
status: draft
last_reviewed: 2026-01-31
review_interval_months: 12
tags: [handoff]
supersedes: safety/i-pass-handoffs
---

## Why it matters

Text.
"""
IPASS = "docs/playbooks/safety/i-pass-handoffs.md"


def shipped(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


# --- 1. No claim on another member's work without that member -----------------------------------

def test_supersedes_on_another_members_playbook_needs_its_superseded_by(tmp_path):
    problems = problems_of(make_project(tmp_path, {PLAYBOOK: CLAIMANT}))
    assert_problem(problems, PLAYBOOK, line_of(CLAIMANT, "supersedes:"), "field 'supersedes'",
                   "needs the confirmation of Bluestem Community Hospital ('bluestem-community')",
                   "superseded_by: quality/test-practice", IPASS)


def test_a_confirmed_supersession_passes(tmp_path):
    confirmed = shipped(IPASS).replace("\n---\n", "\nsuperseded_by: quality/test-practice\n---\n", 1)
    problems = problems_of(make_project(tmp_path, {PLAYBOOK: CLAIMANT, IPASS: confirmed}))
    assert [problem for problem in problems if problem.field == "supersedes"] == []


def test_a_member_may_replace_its_own_playbook_alone(tmp_path):
    own = CLAIMANT.replace("contributor: cottonwood-regional", "contributor: bluestem-community")
    problems = problems_of(make_project(tmp_path, {PLAYBOOK: own}))
    assert [problem for problem in problems if problem.field == "supersedes"] == []


def test_an_adoption_claimed_in_front_matter_fails_make_check_naming_the_member(tmp_path):
    text = CLAIMANT.replace("supersedes: safety/i-pass-handoffs\n", "adopted_by:\n  - member: saguaro-springs\n"
                            "    since: 2025-01\n    state: sustained\n")
    result = check(make_project(tmp_path, {PLAYBOOK: text}))
    assert_clean_failure(result, f"{PLAYBOOK}:{line_of(text, 'adopted_by:')}: field 'adopted_by': ",
                         "needs the confirmation of 'saguaro-springs' (in data/adoptions/saguaro-springs.yml)")


def test_every_members_adoption_file_belongs_to_its_own_reviewer_team():
    files = sorted(path.stem for path in (ROOT / "data" / "adoptions").glob("*.yml"))
    assert files, "the shipped adoptions live in data/adoptions/"
    assert codeowners_problems(ROOT, files) == []
    codeowners = shipped(".github/CODEOWNERS")
    assert "/data/adoptions/saguaro-springs.yml" in codeowners and reviewer_team("saguaro-springs") in codeowners


def test_an_adoption_file_without_its_codeowners_line_is_refused(tmp_path):
    project = make_project(tmp_path, {"data/adoptions/sparrow.yml": "- playbook: safety/i-pass-handoffs\n",
                                      ".github/CODEOWNERS": shipped(".github/CODEOWNERS")})
    assert_problem(problems_of(project), ".github/CODEOWNERS", None, "/data/adoptions/sparrow.yml",
                   "@care-network/sparrow-reviewers")


# --- 2. Machine outputs that hold ----------------------------------------------------------------

def test_a_noncharacter_in_a_member_name_is_refused_at_its_line(tmp_path):
    members = shipped("data/members.yml").replace("name: Altru Health System", 'name: "Altru \\uFFFE Health"', 1)
    project = make_project(tmp_path, {"data/members.yml": members})
    assert_problem(problems_of(project), "data/members.yml", line_of(members, "Altru \\uFFFE"), "field 'name'",
                   "U+FFFE (a noncharacter)", "XML")


def test_a_control_character_in_a_page_is_refused_at_its_line():
    text = CLAIMANT + "A line with a bell \x07 in it.\n"
    assert [str(p) for p in forbidden_character_problems(text, PLAYBOOK)] == [
        f"{PLAYBOOK}:{text.count(chr(10))}: holds U+0007 (a control character) at character 20, which the site's "
        "feeds and sitemap (XML) cannot carry; delete it (retype the text around it if you cannot see it)"]


# Fifty clinical notes on one day, and names and notes that are legal but awkward in XML.
FLOOD_NOTES = "changes:\n" + "".join(
    f"  - date: 2026-01-31\n    kind: clinical\n    note: Step {number} & 'quoted' ]] changed, 🩺 (العربية).\n"
    for number in range(50))


def test_feeds_and_sitemap_stay_well_formed_and_shared_after_a_hostile_build(scenario):
    flood = CLAIMANT.replace("supersedes: safety/i-pass-handoffs\n", FLOOD_NOTES).replace(
        "status: draft", "status: approved").replace("title: Handoffs in two minutes",
                                                       'title: "Handoffs & <two> minutes"'.replace("<two>", "two"))
    members = shipped("data/members.yml").replace("name: Bluestem Community Hospital",
                                                  'name: "Bluestem & Sons \\U0001F3E5 ]] Hospital"', 1)
    result = scenario({PLAYBOOK: flood, "data/members.yml": members})
    assert result.returncode == 0, result.output
    feeds = sorted((result.site / "feeds").glob("*.atom.xml"))
    assert len(feeds) == 4
    for path in [*feeds, result.site / "sitemap.xml"]:
        ElementTree.parse(path)  # expat: any ill-formed byte is an error
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(result.site / "feeds" / "all.atom.xml").getroot().findall(f"{atom}entry")
    flooded = [e for e in entries if e.find(f"{atom}title").text.endswith("Handoffs & two minutes")]
    assert len(flooded) == UPDATES_PER_PLAYBOOK == 3
    assert len({e.find(f"{atom}link").get("href").split("#")[0] for e in entries}) > 5, "others kept their place"
    quality = ElementTree.parse(result.site / "feeds" / "quality.atom.xml").getroot().findall(f"{atom}entry")
    assert len([e for e in quality if "Handoffs & two" in e.find(f"{atom}title").text]) == 3
    whats_new = result.page("whats-new/").select_one("article").get_text(" ", strip=True)
    assert whats_new.count("Handoffs & two minutes") == 3


# --- 3. Bounded CI, no tracebacks ----------------------------------------------------------------

def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_front_matter_is_refused_before_it_expands(tmp_path):
    text = CLAIMANT.replace("supersedes: safety/i-pass-handoffs\n", "bomb:\n" + textwrap.indent(alias_bomb(), "  "))
    result = check(make_project(tmp_path, {PLAYBOOK: text}))
    assert_clean_failure(result, f"{PLAYBOOK}:{line_of(text, '*a0')}: a YAML alias (*a0)")


def test_an_alias_bomb_in_the_members_file_is_refused_before_it_expands(tmp_path):
    members = shipped("data/members.yml") + "- bomb:\n" + textwrap.indent(alias_bomb(), "    ")
    result = check(make_project(tmp_path, {"data/members.yml": members}))
    assert_clean_failure(result, f"data/members.yml:{line_of(members, '*a0')}: a YAML alias (*a0)")


def test_a_text_field_yaml_reads_as_another_type_is_refused_with_its_field(tmp_path):
    number = CLAIMANT.replace("title: Handoffs in two minutes", "title: 911")
    binary = "docs/playbooks/quality/binary.md"
    tagged = CLAIMANT.replace("summary: A shorter handoff for the night shift.", "summary: !!binary aGVsbG8=")
    problems = problems_of(make_project(tmp_path, {PLAYBOOK: number, binary: tagged}))
    assert_problem(problems, PLAYBOOK, line_of(number, "title:"), "field 'title'",
                   'YAML reads 911 as a number, not text; put it in quotes: title: "911"')
    assert_problem(problems, binary, line_of(tagged, "summary:"), "field 'summary'", "a YAML tag (!!binary)")


NESTED_DIVS = "".join("<div markdown>\n\n" for _ in range(1000)) + "Deep.\n\n" + "</div>\n\n" * 1000
NESTED_LIST = "".join(" " * (4 * depth) + f"- level {depth}\n" for depth in range(1000))


def test_deep_nesting_and_non_text_titles_fail_the_build_with_lines_and_no_traceback(scenario):
    """The build itself, not only the checks: no RecursionError or TypeError traceback from MkDocs."""
    divs, lists = "docs/playbooks/quality/divs.md", "docs/playbooks/quality/lists.md"
    result = scenario({divs: CLAIMANT.replace("supersedes: safety/i-pass-handoffs\n", "") + NESTED_DIVS,
                       lists: CLAIMANT.replace("supersedes: safety/i-pass-handoffs\n", "") + NESTED_LIST,
                       PLAYBOOK: CLAIMANT.replace("title: Handoffs in two minutes", "title: 911")})
    first = CLAIMANT.count("\n")  # the first body line after the front matter, one line shorter without supersedes
    assert_clean_failure(result, f"{divs}:{first + 2 * 20}: HTML elements nest more than 20 deep",
                         f"{lists}:{first + 20}: lists nest more than 20 deep", f"{PLAYBOOK}:2: field 'title'")
    assert "RecursionError" not in result.output and "TypeError" not in result.output


def test_nesting_is_measured_in_linear_time_on_a_long_line():
    """An unclosed tag repeated along one line is read once: the patterns never rescan."""
    assert nesting_problems("<div " * 200_000, "f.md")[0].line == 1


def run_bounded(code: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh Python from the repository, stopped (and failed) if it hangs."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=HANG_GUARD)


PADDED_TABLE = "\n".join(
    ["| API key rotation " + " " * 480 + "| Owner " + " " * 480 + "|",
     "| " + "-" * 496 + " | " + "-" * 484 + " |"]
    + [f"| Password reset step {row} " + " " * 470 + "| Service desk " + " " * 470 + "|" for row in range(70)]) + "\n"


def test_detect_secrets_reads_an_editor_aligned_table_in_bounded_time(tmp_path):
    """On main detect-secrets' IBM Cloud pattern backtracked on the padding: 134 s for this table."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "table.md").write_text(PADDED_TABLE, encoding="utf-8")
    done = run_bounded(f"from pathlib import Path; from checks.secrets import find_secrets; "
                       f"print(len(find_secrets(Path({str(tmp_path)!r}), ['docs/table.md'])))")
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stderr


def test_a_secret_on_a_long_line_is_still_found_at_its_line(tmp_path):
    key = "AKIA" + "IOSFODNN7" + "EXAMPLF"  # made up, split so no line of this file holds it
    (tmp_path / "notes.md").write_text("intro\n" + "word " * 900 + f"aws_key = {key} " + "word " * 900 + "\n")
    done = run_bounded(f"from pathlib import Path; from checks.secrets import find_secrets; "
                       f"print([(f.line, f.kind) for f in find_secrets(Path({str(tmp_path)!r}), ['notes.md'])])")
    assert done.returncode == 0, done.stderr
    assert "(2, 'secret/aws-access-key')" in done.stdout


def test_detect_secrets_is_not_fed_an_alias_bomb(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "members.yml").write_text(alias_bomb(), encoding="utf-8")
    done = run_bounded(f"from pathlib import Path; from checks.secrets import find_secrets; "
                       f"print(find_secrets(Path({str(tmp_path)!r}), ['data/members.yml']))")
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr


def test_a_huge_html_comment_is_scanned_once_by_the_markup_guard():
    """On main the remote-image pattern rescanned from every '![': minutes for 400 KB."""
    done = run_bounded("from checks.markup import find_unsafe_markup; "
                       "print(find_unsafe_markup('<!-- ' + '![a ' * 100_000 + ' -->', 'big.md'))")
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr


def test_a_long_media_tag_is_scanned_once_and_its_remote_source_still_found():
    done = run_bounded("from checks.markup import find_unsafe_markup; "
                       "print([f.kind for f in find_unsafe_markup('<img ' + 'src = ' * 50_000 + '>', 'a.md')], "
                       "[f.kind for f in find_unsafe_markup('<img alt=x srcset=\"a.png 1x, //cdn/b.png 2x\">')])")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] ['markup/remote-image']"


def test_the_gate_reads_a_page_of_dashes_and_unclosed_tags_once(tmp_path):
    page = tmp_path / "x.md"
    page.write_text(CLAIMANT + "-" * 200_000 + "\n" + "<a" * 100_000 + "\n", encoding="utf-8")
    done = run_bounded(f"from pathlib import Path; from network.gate import page_problems; "
                       f"from mkdocs.utils.meta import get_data; print(page_problems('playbooks/quality/x.md', "
                       f"Path({str(page)!r}).read_text(), 'x.md', get_data)[1])")
    assert done.returncode == 0, done.stderr
    assert "HTML elements nest more than 20 deep" in done.stdout


def test_deep_yaml_is_refused_at_its_line_without_recursion():
    document, problems = load_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n", "data/members.yml")
    assert [str(problem) for problem in problems] == [
        "data/members.yml:1: lists and mappings nested more than 12 deep; flatten the structure "
        "(CONTRIBUTING.md shows every field)"]


# --- 4. Only the project's code runs ---------------------------------------------------------------

def planted(marker: Path) -> str:
    return f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"


@pytest.mark.parametrize("target", ["check", "build"])
def test_a_python_file_outside_the_code_folders_is_refused_before_any_python_runs(tmp_path, target):
    marker = tmp_path / "ran"
    project = make_project(tmp_path, {"nh3.py": planted(marker), "macros.py": planted(marker),
                                      "docs/playbooks/quality/helper.py": planted(marker)})
    copy_parts(TOOLING, project)
    done = run_make(project, target)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output, output
    for name in ("nh3.py", "macros.py", "docs/playbooks/quality/helper.py"):
        assert f"{name}: a Python file outside network macros checks tools tests" in output
    assert "refused before running any Python" in output
    assert not marker.exists(), "a planted file ran"


def test_mkdocs_macros_loads_the_macros_package_never_a_macros_py_beside_it(tmp_path):
    """Without make (a direct `mkdocs build`), a root macros.py is still never what mkdocs-macros runs."""
    marker = tmp_path / "ran"
    project = make_project(tmp_path, {"macros.py": planted(marker) + "def define_env(env):\n    pass\n"})
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=project,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PLAYBOOKS_TODAY": "2026-11-23"})
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "mkdocs-macros ran the root macros.py"
    assert (tmp_path / "site" / "members" / "index.html").is_file(), "the macros package made the directory"


# --- Look-alikes: ordinary clinical text that every new refusal must let through -------------------

LOOK_ALIKES = [
    "Call the Poison Help line at 1-800-222-1222 for any ingestion.",
    "Crisis support: call or text 988 (the Suicide & Crisis Lifeline).",
    "Page the rapid response team on extension 4-4444.",
    "Write to patient-safety@cottonwood-regional.example with questions.",
    "Role mailbox: quality@bluestem.example (monitored weekdays).",
    "Handoff given by RN J.K. to RN M.P. at 07:00.",
    "Reviewed by Dr. A.B. and charge nurse C.D.",
    "Staff initials (MK, TR, LS) go in the audit column.",
    "Interpreters: Arabic (العربية), Hebrew (עברית), Spanish (Español).",
    "Offer the leaflet in Persian (فارسی) and Urdu (اردو).",
    "See the [WHO checklist](https://www.who.int/teams/integrated-health-services/patient-safety).",
    "Evidence: [AHRQ toolkit](https://www.ahrq.gov/hai/clabsi-tools/index.html).",
    "Lactate ≥ 2 mmol/L or SBP < 90 mmHg triggers the bundle.",
    "Give 30 mL/kg crystalloid within 3 hours.",
    "Target: 95% or more of handoffs use all five I-PASS elements.",
    "Time zero is the triage time stamp (hh:mm).",
    "Repeat the count at 1, 3 and 6 hours.",
    "Use 2% chlorhexidine in 70% alcohol; let it dry for 30 seconds.",
    "Scrub the hub for 15 seconds before each access.",
    "Change the dressing every 7 days, or sooner if soiled.",
    "Record the result as a rate per 1,000 central-line days.",
    "Q3 2026: 92% (n = 60 observed handoffs).",
    "Version 2.1 replaces version 2.0 from 2025-10-01.",
    "Escalate to the attending physician within 15 minutes.",
    "Key actions: stop, check, confirm.",
    "The API of the EHR exports the monthly report.",
    "Password resets go through the service desk, never by e-mail.",
    "Token economy programmes are out of scope here.",
    "| Step | Owner | When |",
    "| --- | --- | --- |",
    "| Time out | Circulating nurse | Before incision |",
    "- [ ] Confirm identity, site and procedure.",
    "    - Ask the patient to state their name and date of birth.",
    "> Speak up if something looks wrong: anyone may stop the line.",
    "**Note:** the checklist does not replace clinical judgement.",
    "Footnote markers like [^1] point to the sources.",
    "Compare A<B and B>A in the formula section.",
    "Dose: 0.1 mg/kg, maximum 4 mg.",
    "Call 911 for an emergency outside the hospital.",
    "Room numbers such as 4B are not patient identifiers.",
    "ICU bed occupancy averaged 85% over the year.",
    "Whiteboard layout: name | nurse | plan | goals for today.",
    "Printed copies expire 30 days after printing.",
    "Escalation ladder: nurse → charge nurse → attending → chief.",
]


def test_ordinary_clinical_text_passes_every_new_refusal():
    assert len(LOOK_ALIKES) >= 40
    text = CLAIMANT.replace("supersedes: safety/i-pass-handoffs\n", "") + "\n\n".join(LOOK_ALIKES) + "\n"
    _, problems = page_problems("playbooks/quality/test-practice.md", text, PLAYBOOK, get_data)
    assert problems == []
    assert nesting_problems(text, PLAYBOOK) == [] and forbidden_character_problems(text, PLAYBOOK) == []
    assert find_unsafe_markup(text, PLAYBOOK) == [] and find_patient_data(text, PLAYBOOK) == []


def test_ordinary_look_alikes_pass_the_secrets_scan(tmp_path):
    (tmp_path / "page.md").write_text("\n".join(LOOK_ALIKES) + "\n", encoding="utf-8")
    done = run_bounded(f"from pathlib import Path; from checks.secrets import find_secrets; "
                       f"print(find_secrets(Path({str(tmp_path)!r}), ['page.md']))")
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_ordinary_front_matter_values_stay_text(tmp_path):
    """Quoted look-alikes, ids with digits and dates where dates belong: nothing new to refuse."""
    text = CLAIMANT.replace("title: Handoffs in two minutes", 'title: "911 calls: the first minute"').replace(
        "tags: [handoff]", "tags: [handoff, 'yes', '2024', covid-19]").replace("supersedes: safety/i-pass-handoffs\n",
                                                                              "")
    problems = problems_of(make_project(tmp_path, {PLAYBOOK: text}))
    assert [problem for problem in problems if problem.file == PLAYBOOK] == []


def test_the_markdown_layout_check_names_deep_nesting_instead_of_stalling(tmp_path):
    """The layout check (pymarkdown) slowed without bound on a list nested 1,000 deep: it is not handed such a file."""
    page = tmp_path / "deep.md"
    page.write_text("# Deep\n\n" + NESTED_LIST, encoding="utf-8")
    done = run_bounded(f"from tools.markdown_lint import main; main([{str(tmp_path)!r}])")
    assert "Traceback" not in done.stderr, done.stderr
    assert f"{page}:23: lists nest more than 20 deep here" in done.stdout
