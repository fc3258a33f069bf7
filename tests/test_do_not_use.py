"""Issue 33: no playbook publishes an abbreviation or dose expression that hospitals ban (checks/do-not-use.yml).

Pure tests call the rules directly; one planted copy of the project is built
once and checked once (module fixtures): each banned form, plain and hidden
by an escape, a character reference, inline markup or an invisible
character, is named at its file:line with the safe form, and the look-alike
lines pass both.
"""

from __future__ import annotations

import re._parser as _parser
import sys

import pytest

from checks.allowlist import ALLOW_FILE, allowable_kind
from checks.do_not_use import (
    RULES_FILE,
    compiled,
    find_do_not_use,
    find_in_glossary,
    find_in_source,
    load_rules,
    parse_rules,
)
from conftest import ROOT, build, make_project, run
from test_playbooks import GOOD
from tools.annotations import find_annotations

PLAYBOOK = "docs/playbooks/safety/do-not-use.md"
LOOK_ALIKES_PAGE = "docs/playbooks/quality/do-not-use-look-alikes.md"
GLOSSARY = "includes/abbreviations.md"

# Each form the issue lists, as a contributor would write it: (line, kind found, safe form the message gives).
FORMS = [
    ("Give 10 U of regular insulin before meals.", "units-u", "10 units"),
    ("Give 4 u of insulin aspart.", "units-u", "4 units"),
    ("Heparin 5000 IU every 12 hours.", "international-units", "5000 units"),
    ("Start metoprolol 25 mg QD with food.", "daily", "25 mg daily"),
    ("Continue aspirin 81 mg q.d. after the procedure.", "daily", "81 mg daily"),
    ("Give 20 mg Q.D. in the morning.", "daily", "20 mg daily"),
    ("Give 10 mg qd in the morning.", "daily", "10 mg daily"),
    ("Give warfarin 2 mg QOD as ordered.", "every-other-day", "2 mg every other day"),
    ("Give 5 mg q.o.d. as ordered.", "every-other-day", "5 mg every other day"),
    ("Give 7 mg Q.O.D. as ordered.", "every-other-day", "7 mg every other day"),
    ("Give 6 mg qod as ordered.", "every-other-day", "6 mg every other day"),
    ("Give 1.0 mg of lorazepam for status epilepticus.", "trailing-zero", "1 mg"),
    ("Give .5 mg of hydromorphone for pain.", "leading-zero", "0.5 mg"),
    ("Give MSO4 2 mg IV for pain.", "morphine-or-magnesium", "morphine sulfate, or magnesium sulfate"),
    ("Give MgSO4 2 g over 20 minutes.", "morphine-or-magnesium", "morphine sulfate, or magnesium sulfate"),
    ("Give MS 4 mg IV for pain.", "ms", "morphine sulfate, or magnesium sulfate 4 mg"),
    ("Flush with 10 cc of normal saline.", "cc", "10 mL"),
    ("Give 50 µg of fentanyl.", "micrograms", "50 mcg"),
    ("Give 25 ug of fentanyl.", "micrograms", "25 mcg"),
    ("Give heparin 5000 units SC every 8 hours.", "subcutaneous", "5000 units subcutaneously"),
    ("Give enoxaparin 40 mg SQ daily.", "subcutaneous", "40 mg subcutaneously"),
    ("Give insulin 6 units sub q before meals.", "subcutaneous", "6 units subcutaneously"),
    ("Give melatonin 3 mg HS if needed.", "bedtime", "3 mg at bedtime"),
    ("Give trazodone 50 mg hs if needed.", "bedtime", "50 mg at bedtime"),
    ("D/C the heparin drip before the procedure.", "discharge-discontinue", "discharge, or discontinue"),
    ("Instil 2 drops AD twice daily.", "ear-and-eye", "2 drops right ear"),
    ("Instil 2 drops AS twice daily.", "ear-and-eye", "2 drops right ear"),
    ("Instil 2 drops AU twice daily.", "ear-and-eye", "2 drops right ear"),
    ("Instil 1 drop OD at night.", "ear-and-eye", "1 drop right ear"),
    ("Instil 1 drop OS at night.", "ear-and-eye", "1 drop right ear"),
    ("Instil 1 drop OU at night.", "ear-and-eye", "1 drop right ear"),
    ("Give epoetin 3000 units TIW after dialysis.", "three-times-a-week", "3000 units three times weekly"),
    ("Give 10 mg per os after meals.", "per-os", "10 mg by mouth, or orally"),
]
# The same forms hidden from a reading of the Markdown as written: the build decodes each into the banned form.
HIDDEN = [
    ("Give 1&#46;0 mg of lorazepam (a character reference).", "trailing-zero", "1 mg"),
    (r"Give 1\.0 mg of lorazepam (a backslash escape).", "trailing-zero", "1 mg"),
    ("Give 1<span></span>.0 mg of lorazepam (inline markup).", "trailing-zero", "1 mg"),
    ("Give 10 *U* of insulin glargine (emphasis).", "units-u", "10 units"),
    ("Give 2\u200b.0 mg of midazolam (a zero-width space).", "trailing-zero", "2 mg"),
    ("Give 12 \u2060IU of heparin (a word joiner).", "international-units", "12 units"),
]
# Ordinary clinical lines, with the names, codes and words the banned forms look like: none is a finding.
LOOK_ALIKES = [
    "IU Health joined the network in 2025.",
    "Most U.S. hospitals keep a Do Not Use list.",
    "Transfer to the ICU when the NEWS2 score is 7 or more.",
    "Unit 4B piloted the huddle for 12 weeks.",
    "Screen patients with MS (multiple sclerosis) for falls.",
    "Ochsner Rush, Meridian, MS 39301, joined in 2024.",
    "Prisma Health, Greenville, SC 29605, adopted the bundle.",
    "Median OS was 14 months in the cohort.",
    "Naloxone kits cut deaths from OD by a third.",
    "Order hs-troponin at 0 and 3 hours.",
    "The audit tool is version 1.0 and the form is version 2.0.",
    "Certified to ISO 9001:2015 since 2019.",
    "Compliance rose to 71.0% in March.",
    "Arterial pH 7.35 to 7.45 is normal.",
    "Give 0.5 mg of hydromorphone for pain.",
    "Give 10 units of regular insulin before meals.",
    "Give heparin 5000 units subcutaneously every 8 hours.",
    "Give metoprolol 25 mg daily with food.",
    "Give 1 mg of lorazepam for seizures.",
    "Flush with 10 mL of normal saline.",
    "Give 50 mcg of fentanyl.",
    "Give morphine sulfate 2 mg IV for pain.",
    "Give magnesium sulfate 2 g over 20 minutes.",
    "Give trazodone 50 mg at bedtime if needed.",
    "Instil 1 drop in the left eye at night.",
    "Give 10 mg by mouth after meals.",
    "Discontinue the heparin drip before the procedure.",
    "Give 2.5 mg every 6 hours; 1.5 mg/kg; 12.5 mL.",
    "Give 30 mL/kg crystalloid within 3 hours.",
    "The SC team and the AD of nursing met on Monday.",
    "AS the charge nurse, sign the log.",
    "OR turnover fell to 25 minutes.",
    "Run the SQL report each week.",
    "Mention the QD-to-daily change at huddle.",
    "The HS-CRP result came back at 08:00.",
    "Score of 3 U.S. hospitals, 10 units reviewed.",
    "Wards 3 and 4 use the same pumps.",
    "Room 4, bed 2: check the pump at 14:00.",
    "The 2014 trial enrolled 2,500 patients.",
    "Escalate when qSOFA >= 2.",
    "Potassium 40 mEq in 1 L over 4 hours.",
    "Phosphate 15 mmol over 3 hours.",
    "A dose of 0.25 mcg/kg/min is the start.",
    "Version 3.0 of the checklist replaced version 2.5.",
    "Table 1.0 lists the drugs.",
    "Give 5 units IV, then 10 units at 1 hour.",
    "The Mayo Clinic Care Network, Rochester, MN 55905.",
    "Check the patient's ID band: name and date of birth.",
]
SUMMARY = "Give 8 U of insulin glargine at night."
NOTE = "Heparin 1000 IU flush removed from the protocol."
CHECKLIST = "- [ ] Give 20 U of insulin before the procedure."
TABLE = "| Drug | Dose |\n| --- | --- |\n| Lorazepam | 3.0 mg |"
GLOSSARY_LINE = "*[QD]: Every day"
# A line that quotes a banned form on purpose, with its reviewed exception.
TEACHING = "The list bans writing 9 U for nine units."
EXCEPTION = (f"- file: {PLAYBOOK}\n  kind: do-not-use/units-u\n  text: \"{TEACHING}\"\n"
             "  reason: The playbook teaches the Do Not Use list.\n  reviewed_by: network-office\n")


def finding_of(line: str):
    found = find_do_not_use(line, "x.md")
    assert len(found) == 1, (line, [str(f) for f in found])
    return found[0]


def test_every_rule_has_a_safe_form_a_reason_and_a_source_with_its_url():
    rules, problems = load_rules()
    assert problems == ()
    assert len(rules) >= 16
    for rule in rules:
        assert rule.safe and rule.reason and rule.forms
        assert rule.source in ("The Joint Commission Do Not Use list",
                               "ISMP List of Error-Prone Abbreviations, Symbols, and Dose Designations")
        assert rule.url.startswith(("https://www.jointcommission.org/", "https://www.ismp.org/"))


@pytest.mark.parametrize("text, kind, safe", FORMS + HIDDEN[-2:], ids=[line for line, _, _ in FORMS + HIDDEN[-2:]])
def test_each_banned_form_is_found_with_its_safe_form(text, kind, safe):
    finding = finding_of(text)
    assert finding.kind == f"do-not-use/{kind}"
    assert f'write "{safe}' in finding.message


def test_the_message_is_the_one_a_nurse_acts_on():
    assert str(finding_of("Give 10 U of insulin.")).endswith(
        '"10 U": write "10 units" (U is misread as 0 or 4: The Joint Commission Do Not Use list)')


@pytest.mark.parametrize("line", LOOK_ALIKES)
def test_a_look_alike_line_passes(line):
    assert find_do_not_use(line, "x.md") == []
    assert find_in_source(line, "x.md") == []


def test_there_are_at_least_forty_look_alikes():
    assert len(LOOK_ALIKES) >= 40


def test_the_source_pass_reads_escapes_and_markup_and_names_the_line():
    text = "# Title\n\n" + "\n".join(line for line, _, _ in HIDDEN[:4])
    found = find_in_source(text, "p.md")
    assert [finding.line for finding in found] == [3, 4, 5, 6]


def test_the_glossary_may_not_define_a_banned_abbreviation():
    found = find_in_glossary("*[ICU]: Intensive care unit\n*[QD]: Every day\n*[MS]: Multiple sclerosis\n", "g.md")
    assert [(finding.line, finding.kind) for finding in found] == [(2, "do-not-use/daily"), (3, "do-not-use/ms")]
    assert 'write "daily"' in found[0].message


@pytest.mark.parametrize("text, line, needle", [
    ("- id: x\n  forms: [QD]\n  context: anywhere\n  reason: r\n  source: s\n  url: https://example.org/\n",
     1, "field 'safe': missing required field"),
    ("- id: x\n  forms: [QD]\n  context: somewhere\n  safe: daily\n  reason: r\n  source: s\n"
     "  url: https://example.org/\n", 3, "field 'context'"),
    ("- id: x\n  forms: [QD]\n  context: anywhere\n  safe: daily\n  reason: r\n  url: https://example.org/\n",
     1, "field 'source': missing required field"),
    ("- id: x\n  forms: [QD\n", 3, "not valid YAML"),
    ("id: x\n", 1, "expected a list of rules"),
])
def test_a_malformed_rules_file_is_named_at_its_line(text, line, needle):
    rules, problems = parse_rules(text, "checks/do-not-use.yml")
    assert rules == []
    assert any(p.file == "checks/do-not-use.yml" and p.line == line and needle in p.message for p in problems), \
        [str(p) for p in problems]


def test_an_exception_may_name_a_rule_kind():
    assert allowable_kind("do-not-use/units-u") == "do-not-use/units-u"


def test_the_shipped_rules_file_is_the_one_read():
    assert RULES_FILE.name == "do-not-use.yml" and RULES_FILE.parent.name == "checks"


def _unbounded_repeats(parsed) -> int:
    """How many repeats in ``parsed`` (a parsed pattern) have no upper bound (+, *, {n,})."""
    count = 0
    for op, value in parsed:
        if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
            count += int(value[1] == _parser.MAXREPEAT) + _unbounded_repeats(value[2])
        elif op == _parser.SUBPATTERN:
            count += _unbounded_repeats(value[-1])
        elif op == _parser.BRANCH:
            count += sum(_unbounded_repeats(branch) for branch in value[1])
        elif op in (_parser.ASSERT, _parser.ASSERT_NOT):
            count += _unbounded_repeats(value[1])
    return count


def test_every_pattern_repeats_only_a_bounded_number_of_times():
    """Linear time over any input: no pattern has an unbounded repeat, let alone one nested in another."""
    assert _unbounded_repeats(_parser.parse("(?:a+)?b")) == 1
    for item in compiled(load_rules()[0]):
        assert _unbounded_repeats(_parser.parse(item.pattern.pattern)) == 0, item.rule.id


def test_a_finding_becomes_a_github_annotation_on_its_line():
    line = str(finding_of("Give 10 U of insulin.")).replace("x.md", PLAYBOOK)
    annotation, = find_annotations([line], lambda path: path == PLAYBOOK)
    assert (annotation.file, annotation.line) == (PLAYBOOK, 1)
    assert '"10 U": write "10 units"' in annotation.message


def planted_playbook() -> str:
    front = GOOD.replace("title: Test practice", "title: Do not use").replace(
        "summary: A practice used by the tests.", f"summary: {SUMMARY}").replace(
        "owner_contact:", f"changes:\n  - date: 2026-01-31\n    kind: clinical\n    note: {NOTE}\nowner_contact:")
    body = "\n\n".join([line for line, _, _ in FORMS + HIDDEN] + [CHECKLIST, TABLE, TEACHING])
    return front.replace("Text.\n", body + "\n")


def look_alikes_playbook() -> str:
    page = GOOD.replace("title: Test practice", "title: Do not use look-alikes").replace(
        "domain: safety", "domain: quality")
    return page.replace("Text.\n", "\n\n".join(LOOK_ALIKES) + "\n")


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.fixture(scope="module")
def planted_project(tmp_path_factory):
    glossary = (ROOT / GLOSSARY).read_text(encoding="utf-8") + GLOSSARY_LINE + "\n"
    allow = (ROOT / ALLOW_FILE).read_text(encoding="utf-8") + EXCEPTION
    return make_project(tmp_path_factory.mktemp("do-not-use"), {
        PLAYBOOK: planted_playbook(), LOOK_ALIKES_PAGE: look_alikes_playbook(), GLOSSARY: glossary,
        ALLOW_FILE: allow})


@pytest.fixture(scope="module")
def built(planted_project):
    return build(planted_project)


@pytest.fixture(scope="module")
def checked(planted_project):
    done = run([sys.executable, "-m", "checks", str(planted_project)], planted_project)
    return done.returncode, done.stdout + done.stderr


PLANTED = [(line, kind, safe) for line, kind, safe in FORMS + HIDDEN] + [
    (SUMMARY, "units-u", "8 units"), (NOTE, "international-units", "1000 units"),
    (CHECKLIST, "units-u", "20 units"), ("3.0 mg", "trailing-zero", "3 mg")]


@pytest.mark.parametrize("text, kind, safe", PLANTED, ids=[line for line, _, _ in PLANTED])
def test_the_build_names_each_published_form_at_its_line(built, text, kind, safe):
    line = line_of(planted_playbook(), text)
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert f'{PLAYBOOK}:{line}: do-not-use/{kind}: "' in built.output, built.output
    assert f'write "{safe}' in built.output


def test_the_build_refuses_the_glossary_definition(built):
    assert f"{GLOSSARY}:" in built.output and 'the glossary defines "QD"' in built.output


def test_a_reviewed_exception_is_accepted_and_listed(built, checked):
    line = line_of(planted_playbook(), TEACHING)
    assert f"{PLAYBOOK}:{line}:" not in built.output
    assert f"{PLAYBOOK}:{line}:" not in checked[1]
    assert f"accepted exception: {PLAYBOOK}: do-not-use/units-u: {TEACHING}" in checked[1]


def test_the_look_alikes_pass_the_build_and_the_source_pass(built, checked):
    assert LOOK_ALIKES_PAGE not in built.output
    assert LOOK_ALIKES_PAGE not in checked[1]


@pytest.mark.parametrize("text, kind, safe", PLANTED, ids=[line for line, _, _ in PLANTED])
def test_make_check_names_each_form_at_its_line_in_one_run(checked, text, kind, safe):
    returncode, output = checked
    line = line_of(planted_playbook(), text)
    assert returncode == 1
    assert f'{PLAYBOOK}:{line}: do-not-use/{kind}: "' in output, output
    assert f"{GLOSSARY}:" in output and 'the glossary defines "QD"' in output
