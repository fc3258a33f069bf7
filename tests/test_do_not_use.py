"""Issue 33: no playbook publishes an abbreviation or dose expression that hospitals ban (checks/do-not-use.yml).

Pure tests call the rules directly. One planted copy of the project holds
every banned form in every place a clinician reads (a paragraph, a
checklist, a table, each front-matter text a page shows, an adopter's
variation, the glossary, the search variants), plain and hidden by a
backslash escape, a character reference, inline markup or a zero-width
space, each on a line of its own with a marker (MATRIX, the comment above
it says which combinations cannot exist and why); one real `make check` and
one strict build of that copy (module fixtures) must each name every one at
its file:line with its safe form, and pass the look-alike lines, in a page's
body and front matter.
"""

from __future__ import annotations

import dataclasses
import json
import re._parser as _parser
import subprocess

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
from checks.output import SourceIndex, findings_in
from checks.reader_text import PublishedText, search_script_text
from conftest import ROOT, build, copy_parts, make_project
from network.search_index import script
from test_playbooks import GOOD
from tools.annotations import find_annotations, workflow_command
from tools.project import CHECK_PARTS, build_environment

PLAYBOOK = "docs/playbooks/safety/do-not-use-matrix.md"
LOOK_ALIKES_PAGE = "docs/playbooks/quality/do-not-use-look-alikes.md"
GLOSSARY = "includes/abbreviations.md"
VARIANTS = "data/search-variants.yml"

# Each form the issue lists, as a contributor would write it, the banned token in braces (where a test hides it):
# (line, kind found, safe form the message gives).
FORMS = [
    ("Give 10 {U} of regular insulin before meals.", "units-u", "10 units"),
    ("Give 4 {u} of insulin aspart.", "units-u", "4 units"),
    ("Heparin 5000 {IU} every 12 hours.", "international-units", "5000 units"),
    ("Start metoprolol 25 mg {QD} with food.", "daily", "25 mg daily"),
    ("Continue aspirin 81 mg {q.d.} after the procedure.", "daily", "81 mg daily"),
    ("Give 20 mg {Q.D.} in the morning.", "daily", "20 mg daily"),
    ("Give 10 mg {qd} in the morning.", "daily", "10 mg daily"),
    ("Give warfarin 2 mg {QOD} as ordered.", "every-other-day", "2 mg every other day"),
    ("Give 5 mg {q.o.d.} as ordered.", "every-other-day", "5 mg every other day"),
    ("Give 7 mg {Q.O.D.} as ordered.", "every-other-day", "7 mg every other day"),
    ("Give 6 mg {qod} as ordered.", "every-other-day", "6 mg every other day"),
    ("Give {1.0} mg of lorazepam for status epilepticus.", "trailing-zero", "1 mg"),
    ("Give {.5} mg of hydromorphone for pain.", "leading-zero", "0.5 mg"),
    ("Give {MSO4} 2 mg IV for pain.", "morphine-sulfate", "morphine sulfate"),
    ("Give {MgSO4} 2 g over 20 minutes.", "magnesium-sulfate", "magnesium sulfate"),
    ("Give {MS} 4 mg IV for pain.", "ms", "morphine sulfate, or magnesium sulfate 4 mg"),
    ("Flush with 10 {cc} of normal saline.", "cc", "10 mL"),
    ("Give 50 {µg} of fentanyl.", "micrograms", "50 mcg"),
    ("Give 25 {ug} of fentanyl.", "micrograms", "25 mcg"),
    ("Give heparin 5000 units {SC} every 8 hours.", "subcutaneous", "5000 units subcutaneously"),
    ("Give enoxaparin 40 mg {SQ} daily.", "subcutaneous", "40 mg subcutaneously"),
    ("Give insulin 6 units {sub q} before meals.", "subcutaneous", "6 units subcutaneously"),
    ("Give melatonin 3 mg {HS} if needed.", "bedtime", "3 mg at bedtime"),
    ("Give trazodone 50 mg {hs} if needed.", "bedtime", "50 mg at bedtime"),
    ("{D/C} the heparin drip before the procedure.", "discharge-discontinue", "discharge, or discontinue"),
    ("Instil 2 drops {AD} twice daily.", "right-ear", "2 drops right ear"),
    ("Instil 2 drops {AS} twice daily.", "left-ear", "2 drops left ear"),
    ("Instil 2 drops {AU} twice daily.", "each-ear", "2 drops each ear"),
    ("Instil 1 drop {OD} at night.", "right-eye", "1 drop right eye"),
    ("Instil 1 drop {OS} at night.", "left-eye", "1 drop left eye"),
    ("Instil 1 drop {OU} at night.", "each-eye", "1 drop each eye"),
    ("Give epoetin 3000 units {TIW} after dialysis.", "three-times-a-week", "3000 units three times weekly"),
    ("Give 10 mg {per os} after meals.", "per-os", "10 mg by mouth, or orally"),
]


def written(line: str) -> str:
    """A line of FORMS as written plainly (its braces removed)."""
    return line.replace("{", "").replace("}", "")


# The forms hidden in lines the pure tests read: the build decodes each into the banned form.
HIDDEN = [
    ("Give 2\u200b.0 mg of midazolam (a zero-width space).", "trailing-zero", "2 mg"),
    ("Give 12 \u2060IU of heparin (a word joiner).", "international-units", "12 units"),
]
SOURCE_HIDDEN = [
    "Give 1&#46;0 mg of lorazepam (a character reference).",
    r"Give 1\.0 mg of lorazepam (a backslash escape).",
    "Give 1<span></span>.0 mg of lorazepam (inline markup).",
    "Give 10 *U* of insulin glargine (emphasis).",
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


@pytest.mark.parametrize("text, kind, safe", FORMS + HIDDEN, ids=[line for line, _, _ in FORMS + HIDDEN])
def test_each_banned_form_is_found_with_its_safe_form(text, kind, safe):
    finding = finding_of(written(text))
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
    text = "# Title\n\n" + "\n".join(SOURCE_HIDDEN)
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


def test_the_search_results_text_is_read_and_the_index_word_lists_are_left_to_their_sources(tmp_path):
    """A search result shows its page's text (a banned form there is named); a word list holds words of no sentence."""
    shown = script("d-0", [["playbooks/safety/x/", "X", "Give 10 U of insulin before meals."]])
    words = script("w-g", ["give 10 u insulin", ""])
    texts = [PublishedText("search/d-0.js", search_script_text(shown)),
             PublishedText("search/w-g.js", search_script_text(words))]
    found = findings_in(texts, SourceIndex(tmp_path), {})
    assert [(finding.file, finding.kind) for finding in found] == [("site/search/d-0.js", "do-not-use/units-u")]


# --- The whole matrix: every form, every place a clinician reads, every way of hiding a form, in one planted copy,
# checked by one `make check` and one build (module fixtures). ---
#
# Places: a playbook's paragraph, checklist item and table row; each front-matter text the page shows (summary,
# a recommendation's text and rationale, a measure's name, target and how, a change note) and an adopter's
# variation (data/adoptions/); the glossary (a definition's abbreviation, and what it stands for); the search
# variants (data/search-variants.yml, published in the search index's word lists).
#
# Ways of hiding: a Markdown backslash escape ("1\.0 mg"), an HTML character reference ("10 &#85;"), inline
# markup ("Q<span></span>D", "10 *U*") and a zero-width space. Where a place cannot hide a form that way:
# - a backslash escape needs punctuation to escape, so only the forms with a period or slash are escaped;
# - in YAML (front matter, adoptions, variants) nothing is Markdown: a backslash, a character reference and
#   asterisks are published as written ("1\.0 mg", "10 *U*") and a reader reads past them, so the check does
#   too; inline HTML is refused by the front matter's own check (plain text only), so the markup case there is
#   emphasis; YAML's own escape ("\x2E" in double quotes) is one more way, tried as well;
# - a character reference in YAML is shown as written on the page ("1&#46;0 mg"), but the site's JSON (the API)
#   holds the field as HTML, where it reads "1.0 mg": the source pass and the build both name it;
# - a glossary abbreviation written with a backslash escape is not a glossary entry at all (the glossary's own
#   check refuses the line), so the glossary's escape case is in what an abbreviation stands for.
METHODS = ("plain", "escape", "entity", "markup", "invisible")
BODY, CHECKLIST, TABLE = "paragraph", "checklist", "table"
FRONT_MATTER = ("summary", "recommendation", "rationale", "measure name", "measure target", "measure how",
                "change note", "variation")
GLOSSARY_PLACES = ("glossary abbreviation", "glossary meaning")
VARIANTS_PLACE = "search variants"
MATRIX_PLAYBOOK = PLAYBOOK
# Members other than the contributor (cottonwood-regional), each with one adoption of the matrix playbook.
ADOPTERS = ("bluestem-community", "great-lakes-harbor", "ironwood-valley", "saguaro-springs", "altru")


def token_of(line: str) -> str:
    return line[line.index("{") + 1:line.index("}")]


def hide(token: str, method: str, in_yaml: bool = False) -> str | None:
    """``token`` hidden by ``method`` as a contributor could write it there; None where that cannot be done."""
    if method == "plain":
        return token
    if method == "escape":
        at = next((at for at, char in enumerate(token) if char in "./"), None)
        return None if at is None else token[:at] + "\\" + token[at:]
    if method == "entity":
        return f"{token[:-1]}&#{ord(token[-1])};"
    if method == "markup":
        return f"*{token}*" if in_yaml or len(token) == 1 else f"{token[:-1]}<span></span>{token[-1]}"
    return f"{token[:-1]}\u200b{token[-1]}"


def yaml_escaped(text: str) -> str:
    """``text`` as a YAML double-quoted scalar in which each period is written with YAML's escape for it."""
    return '"' + text.replace(".", "\\x2E") + '"'


@dataclasses.dataclass(frozen=True)
class Case:
    """One banned form planted in one place, hidden one way, on a line of its own."""

    place: str
    method: str
    form: str
    kind: str
    safe: str
    file: str
    text: str  # the value or line planted, as written (with a marker, zq and a number, where it has room)

    @property
    def id(self) -> str:
        return f"{self.place} x {self.method}: {self.form} ({self.file})"


def _turn(offset: int, count: int, method: str) -> list[tuple[str, str, str]]:
    """``count`` forms of FORMS that ``method`` can hide, starting at ``offset``: each place uses different ones."""
    pool = [form for form in FORMS if hide(token_of(form[0]), method)]
    return [pool[(offset + step) % len(pool)] for step in range(count)]


def _planted(number: int, form: tuple[str, str, str], place: str, method: str, file: str) -> Case:
    line, kind, safe = form
    token = token_of(line)
    yaml_place = place in FRONT_MATTER
    if method == "yaml escape":
        text = yaml_escaped(f"zq{number:03d} {written(line)}")
    else:
        text = f"zq{number:03d} " + line.replace("{" + token + "}", hide(token, method, yaml_place))
    return Case(place, method, token, kind, safe, file, text)


def matrix_cases() -> list[Case]:
    """Every form in a paragraph, every way it can be hidden; each other place of a page, every way, by turns."""
    planned = [(BODY, method, form) for method in METHODS for form in FORMS if hide(token_of(form[0]), method)]
    for place_number, place in enumerate((CHECKLIST, TABLE) + FRONT_MATTER):
        for method_number, method in enumerate(METHODS):
            if place == "summary" and method != "plain":
                continue  # a page has one summary: the other front-matter fields hide the forms
            count = 1 if place in ("summary", "variation") else 2
            planned += [(place, method, form) for form in _turn(place_number * 7 + method_number * 3, count, method)]
    planned += [("measure how", "yaml escape", form) for form in _turn(0, 3, "escape")]
    cases = []
    for number, (place, method, form) in enumerate(planned):
        adopter = ADOPTERS[METHODS.index(method)] if place == "variation" else None
        file = f"data/adoptions/{adopter}.yml" if adopter else MATRIX_PLAYBOOK
        cases.append(_planted(number, form, place, method, file))
    return cases


MATRIX = matrix_cases()


def meaning_case(number: int, method: str) -> Case:
    """A glossary line whose abbreviation is ordinary and whose meaning (a tooltip) holds a hidden form."""
    case = _planted(900 + number, _turn(11 * number, 1, method)[0], "glossary meaning", method, GLOSSARY)
    return dataclasses.replace(case, text=f"*[ZQ{'ABCDE'[number]}]: {case.text}")


# The glossary: an abbreviation defined (hidden every way its line stays a glossary entry), and banned forms in
# what an abbreviation stands for (every way).
GLOSSARY_CASES = [
    Case("glossary abbreviation", "plain", "QD", "daily", "daily", GLOSSARY, "*[QD]: Every day"),
    Case("glossary abbreviation", "entity", "MSO4", "morphine-sulfate", "morphine sulfate", GLOSSARY,
         "*[MSO&#52;]: Morphine sulfate"),
    Case("glossary abbreviation", "markup", "HS", "bedtime", "at bedtime", GLOSSARY, "*[H<span></span>S]: At bedtime"),
    Case("glossary abbreviation", "invisible", "TIW", "three-times-a-week", "three times weekly", GLOSSARY,
         "*[T\u200bIW]: Three times a week"),
] + [meaning_case(number, method) for number, method in enumerate(METHODS)]
# The search variants: words a reader may type, published in the search index's word lists.
VARIANTS_CASES = [
    Case(VARIANTS_PLACE, "plain", "QOD", "every-other-day", "every other day", VARIANTS, "QOD: every other day"),
    Case(VARIANTS_PLACE, "plain, after a number", "U", "units-u", "10 units", VARIANTS, "10 U: 10 units"),
    Case(VARIANTS_PLACE, "entity", "TIW", "three-times-a-week", "three times weekly", VARIANTS,
         "T&#73;W: three times weekly"),
    Case(VARIANTS_PLACE, "invisible", "HS", "bedtime", "at bedtime", VARIANTS, "H\u200bS: at bedtime"),
    Case(VARIANTS_PLACE, "yaml escape", "QD", "daily", "daily", VARIANTS, '"Q\\x44": daily'),
]
ALL_CASES = MATRIX + GLOSSARY_CASES + VARIANTS_CASES


def test_the_matrix_covers_every_form_and_every_place_every_way():
    """Every form at least once; every place (the front matter's fields together) with every way of hiding."""
    assert {token_of(line) for line, _, _ in FORMS} <= {case.form for case in ALL_CASES}
    places = {BODY: {BODY}, CHECKLIST: {CHECKLIST}, TABLE: {TABLE}, "front matter": set(FRONT_MATTER),
              "glossary": set(GLOSSARY_PLACES)}
    for place, fields in places.items():
        assert set(METHODS) <= {case.method for case in ALL_CASES if case.place in fields}, place
    assert len({case.text for case in ALL_CASES}) == len(ALL_CASES)


def _front_matter(cases: list[Case]) -> str:
    """The matrix playbook's front matter: each front-matter case in a field of its own."""
    def values(place: str) -> list[str]:
        return [case.text for case in cases if case.place == place]

    filler = "Set by the tests"
    summary, = values("summary")
    recommendations, rationales = values("recommendation"), values("rationale")
    names, targets, hows = values("measure name"), values("measure target"), values("measure how")
    lines = [f"summary: {summary}", "recommendations:"]
    for number in range(max(len(recommendations), len(rationales))):
        text = recommendations[number] if number < len(recommendations) else filler
        rationale = rationales[number] if number < len(rationales) else filler
        lines += [f"  - text: {text}", "    strength: conditional", "    certainty: low",
                  f"    rationale: {rationale}", "    evidence: [1]"]
    lines.append("measures:")
    for number in range(max(len(names), len(targets), len(hows))):
        lines += [f"  - id: measure-{number}",
                  *(f"    {field}: {column[number] if number < len(column) else filler}"
                    for field, column in (("name", names), ("target", targets), ("how", hows)))]
    lines.append("changes:")
    for number, note in enumerate(values("change note")):
        lines += [f"  - date: 2026-01-{31 - number:02d}", "    kind: clinical", f"    note: {note}"]
    return "\n".join(lines) + "\n"


def matrix_playbook() -> str:
    """The matrix playbook: its front-matter cases, then its paragraphs, checklist and table, one case a line."""
    def texts(place: str) -> list[str]:
        return [case.text for case in MATRIX if case.place == place and case.file == MATRIX_PLAYBOOK]

    front = GOOD.replace("title: Test practice", "title: Do not use, every way").replace(
        "summary: A practice used by the tests.\n", "").replace(
        "owner_contact:", _front_matter([case for case in MATRIX if case.file == MATRIX_PLAYBOOK]) + "owner_contact:")
    body = "\n\n".join(texts(BODY) + [TEACHING]) + "\n\n## Checklist\n\n" + "\n".join(
        f"- [ ] {text}" for text in texts(CHECKLIST)) + "\n\n## Doses\n\n| Dose | Note |\n| --- | --- |\n" + "\n".join(
        f"| {text} | planted |" for text in texts(TABLE))
    return front.replace("Text.\n", body + "\n")


def adoptions_with_variation(member: str) -> str:
    """A member's adoptions file with one more: the matrix playbook, its variation a case."""
    path = ROOT / f"data/adoptions/{member}.yml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    variation, = [case.text for case in MATRIX if case.file == f"data/adoptions/{member}.yml"]
    entry = f"- playbook: safety/do-not-use-matrix\n  since: 2025-06\n  state: adopted\n  variation: {variation}\n"
    return text.rstrip("\n") + "\n" * bool(text) + entry


def look_alikes_playbook() -> str:
    """Every look-alike line in the body, and those YAML's plain text takes (no < or >) as measures' names."""
    measures = "".join(f"  - id: look-alike-{number}\n    name: {json.dumps(line)}\n    target: Every line\n"
                       f"    how: {json.dumps(line)}\n"
                       for number, line in enumerate(LOOK_ALIKES) if not set(line) & set("<>"))
    page = GOOD.replace("title: Test practice", "title: Do not use look-alikes").replace(
        "domain: safety", "domain: quality").replace("owner_contact:", f"measures:\n{measures}owner_contact:")
    return page.replace("Text.\n", "\n\n".join(LOOK_ALIKES) + "\n")


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.fixture(scope="module")
def planted_project(tmp_path_factory):
    glossary = (ROOT / GLOSSARY).read_text(encoding="utf-8") + "".join(
        f"{case.text}\n" for case in GLOSSARY_CASES)
    variants = (ROOT / VARIANTS).read_text(encoding="utf-8") + "".join(
        f"{case.text}\n" for case in VARIANTS_CASES)
    allow = (ROOT / ALLOW_FILE).read_text(encoding="utf-8") + EXCEPTION
    files = {MATRIX_PLAYBOOK: matrix_playbook(), LOOK_ALIKES_PAGE: look_alikes_playbook(), GLOSSARY: glossary,
             VARIANTS: variants, ALLOW_FILE: allow}
    files |= {f"data/adoptions/{member}.yml": adoptions_with_variation(member) for member in ADOPTERS}
    return copy_parts(CHECK_PARTS, make_project(tmp_path_factory.mktemp("do-not-use"), files))


@pytest.fixture(scope="module")
def checked(planted_project):
    """One `make check` over the planted copy: its output, each line a problem."""
    env = build_environment(VENV=str(ROOT / ".venv"))
    done = subprocess.run(["make", "--no-print-directory", "-C", str(planted_project), f"VENV={ROOT / '.venv'}",
                           "check"], env=env, capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def built(planted_project, checked):
    """One strict build of the planted copy (after `make check`: one build at a time)."""
    return build(planted_project)


def where(case: Case, project) -> tuple[str, int]:
    text = (project / case.file).read_text(encoding="utf-8")
    return case.file, line_of(text, case.text.split(" ")[0] if case.text.startswith(("zq", '"zq')) else case.text)


def named(output: str, file: str, line: int, kind: str) -> list[str]:
    """The lines of ``output`` that name a finding of ``kind`` at ``file:line``."""
    return [row for row in output.splitlines() if row.strip().startswith(f"{file}:{line}: do-not-use/{kind}: ")]


def assert_named(output: str, case: Case, project, what: str) -> None:
    file, line = where(case, project)
    rows = named(output, file, line, case.kind)
    near = [row for row in output.splitlines() if f"{file}:{line}:" in row]
    assert rows, f"{what} does not name {case.id} at {file}:{line} (planted: {case.text!r}); said there: {near}"
    assert any(f'write "{case.safe}' in row for row in rows), f"{what}: not '{case.safe}' for {case.id}: {rows}"


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_one_make_check_names_every_planted_form_at_its_line_with_its_safe_form(checked, planted_project, case):
    assert checked[0] != 0 and "Traceback" not in checked[1]
    assert_named(checked[1], case, planted_project, "make check")


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_the_build_fails_naming_every_published_form_at_its_line(built, case):
    assert built.returncode != 0 and "Traceback" not in built.output
    assert_named(built.output, case, built.project, "the build")


def test_every_finding_of_make_check_is_a_github_annotation_on_its_line(checked, planted_project):
    """Under GitHub Actions `make check` runs through tools/annotations.py: each finding is an error on its line."""
    annotations = find_annotations(checked[1].splitlines(), lambda path: (planted_project / path).is_file(),
                                   planted_project)
    commands = {workflow_command(annotation) for annotation in annotations}
    missing = []
    for case in ALL_CASES:
        file, line = where(case, planted_project)
        prefix = f"::error file={file},line={line},"
        if not any(command.startswith(prefix) and f"do-not-use/{case.kind}: " in command for command in commands):
            missing.append(f"{case.id} at {file}:{line}")
    assert not missing, missing


def test_a_reviewed_exception_is_accepted_and_listed(built, checked):
    line = line_of(matrix_playbook(), TEACHING)
    assert f"{MATRIX_PLAYBOOK}:{line}:" not in built.output
    assert f"{MATRIX_PLAYBOOK}:{line}:" not in checked[1]
    assert f"accepted exception: {MATRIX_PLAYBOOK}: do-not-use/units-u: {TEACHING}" in checked[1]


def test_the_look_alikes_pass_make_check_and_the_build_in_the_body_and_front_matter(built, checked):
    assert look_alikes_playbook().count("\n    name: ") >= 40
    published = (built.site / "playbooks/quality/do-not-use-look-alikes/index.html").read_text(encoding="utf-8")
    assert "IU Health joined the network" in published and "Version 3.0 of the checklist" in published
    assert LOOK_ALIKES_PAGE not in built.output, built.output
    assert LOOK_ALIKES_PAGE not in checked[1], checked[1]
