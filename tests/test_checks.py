"""The content guard (`python -m checks`) and `make check`: bad inputs fail by file, line and kind; look-alikes pass."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from checks import Finding, images, patient_data, secrets
from checks.allowlist import allowable_kind, apply_allow_list, load_allow_list
from checks.characters import find_invisible_characters
from checks.images import find_image_metadata
from checks.markup import find_unsafe_markup
from checks.patient_data import find_patient_data
from checks.secrets import find_extra_formats, find_secrets, project_files
from conftest import FIXED_TODAY, ROOT, copy_parts, make_project
from network.validation import Invalid
from tools.project import CHECK_PARTS

# What `make check` needs on top of the site's own files (conftest.PROJECT_PARTS).
TOOLING = list(CHECK_PARTS)

# Built at run time so that no credential-shaped text sits in this file, which the guard scans too.
FAKE_AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
PRIVATE_KEY_BLOCK = "\n".join([
    "-----BEGIN " + "RSA PRIVATE KEY-----",
    "not a real key, only its frame",
    "-----END " + "RSA PRIVATE KEY-----",
])

PLAYBOOK = "docs/playbooks/safety/example.md"


def with_tooling(project: Path) -> Path:
    """Add the Makefile, the guard and the linters' configuration to a make_project copy."""
    return copy_parts(TOOLING, project)


def run_guard(project: Path) -> subprocess.CompletedProcess:
    """`python -m checks PROJECT`, as `make check` runs it."""
    return subprocess.run([sys.executable, "-m", "checks", str(project)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def run_make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    """`make TARGET` in a project copy, using this checkout's virtualenv."""
    env = {**os.environ, "PLAYBOOKS_TODAY": FIXED_TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["make", "--no-print-directory", "-C", str(project), f"VENV={ROOT / '.venv'}",
                           *targets], env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def on_line_3(line: str) -> str:
    """A Markdown text whose third line is ``line``."""
    return f"## Why it matters\n\n{line}\n\nMore text.\n"


def kinds(findings: list[Finding]) -> set[str]:
    return {finding.kind for finding in findings}


def jpeg_with_gps() -> bytes:
    """A small JPEG whose EXIF carries a GPS position and the camera, as a phone photo does."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12"
    exif[0x8825] = {1: "N", 2: (47.0, 55.0, 30.0), 3: "W", 4: (97.0, 1.0, 59.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def clean_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "PNG")
    return buffer.getvalue()


# --- Patient data --------------------------------------------------------------------

PATIENT_IDENTIFIERS = [
    ("MRN 1234567 was on the wristband.", "patient-data/mrn"),
    ("Chart check for MRN: A-00123456 found two allergies.", "patient-data/mrn"),
    ("Medical record number 55512345 was scanned.", "patient-data/mrn"),
    ("DOB 01/02/1960, allergic to penicillin.", "patient-data/date-of-birth"),
    ("The patient, born 1960-01-02, was transferred.", "patient-data/date-of-birth"),
    ("Date of birth: 2 March 1960.", "patient-data/date-of-birth"),
    ("SSN 123-45-6789 was on the form.", "patient-data/ssn"),
    ("The form showed 123-45-6789 in the corner.", "patient-data/ssn"),
    ("Call the daughter on 555-123-4567 after rounds.", "patient-data/phone"),
    ("The family's number is (701) 555-0134.", "patient-data/phone"),
    ("Reached the GP on +44 20 7946 0958.", "patient-data/phone"),
    ("Mobile: 701 555 0134", "patient-data/phone"),
    ("Forwarded by jane.doe@gmail.com to the team.", "patient-data/email"),
    ("Ask john.smith@care-network.example for the list.", "patient-data/email"),
    ("Mr. John Smith, 67, was admitted with chest pain.", "patient-data/patient-name"),
    ("Mrs Brown (82) fell twice.", "patient-data/patient-name"),
    ("Jane Doe, 54 years, had sepsis.", "patient-data/patient-name"),
    ("Jane Doe, admitted 2024-03-01, developed a pressure injury.", "patient-data/patient-name"),
    ("John Smith was discharged on March 3, 2024 without a plan.", "patient-data/patient-name"),
    ("Patient: John Smith", "patient-data/patient-name"),
    # Variants written to slip past a pattern, read as a browser shows them.
    ("MRN 12.345.678 was on the wristband.", "patient-data/mrn"),
    ("MRN 1234\u200b5678 was on the wristband.", "patient-data/mrn"),
    ("MRN \uff11\uff12\uff13\uff14\uff15\uff16 in fullwidth digits.", "patient-data/mrn"),
    ("DOB 1960.01.02 on the form.", "patient-data/date-of-birth"),
    ("SSN 123.45.6789 was on the form.", "patient-data/ssn"),
    ("The form showed 123.45.6789 in the corner.", "patient-data/ssn"),
    ("Write to jane.doe&#64;gmail.com for the notes.", "patient-data/email"),
    ("Write to jane.doe [at] gmail [dot] com for the notes.", "patient-data/email"),
    ("Write to jane.doe at gmail.com for the notes.", "patient-data/email"),
    ("John Smith (67 y) fell twice.", "patient-data/patient-name"),
    ("She lives at 42 Elm Street near the clinic.", "patient-data/address"),
]

CLINICAL_LOOK_ALIKES = [
    "Escalate when NEWS2 >= 5 or qSOFA >= 2, and repeat the score every 30 minutes.",
    "Certified to ISO 9001:2015 and JCI PC.02.01.03; the tool is version 2.1.0.",
    "Code stroke as ICD-10 I63.9 and sepsis as A41.9.",
    "Give 30 mL/kg crystalloid within 3 hours; 1.5 mg/kg; 500 mg every 8 hours.",
    "Huddles at 08:00 and 20:00; the 2014 trial and the 2026 review.",
    "Reviewed by the committee on 2026-04-20; next review March 3, 2027.",
    "Write to quality@care-network.example or network-office@care-network.example.",
    "Confirm the patient's name and date of birth and the MRN against the wristband.",
    "Pronovost P, Needham D, et al. Crit Care Med, 45, 486-552. BMJ Qual Saf, 22, 11-18.",
    "Starmer AJ et al. N Engl J Med 2014;371:1803-12. https://doi.org/10.1056/NEJMsa1405556",
    "See https://doi.org/10.1001/jama.2013.281961 and PMID 24694516.",
    "Dial 2222 for the arrest team; pager 4321; extension 4567.",
    "A 67-year-old man was admitted on day 3 of the audit.",
    "Grand Forks, 12 beds. Kingman Regional, AZ. St. Joseph, MO.",
    "Steps 1-2-3 take 10-15 minutes; 100-200 mg; audit dates 2024-03-01 to 2024-03-31.",
    "Haynes AB, Weiser TG, et al. N Engl J Med. 2009;360:491-499.",
    "Dr. Ann Lee, 2019, described the method.",
    "Source data: AHRQ; onset = time zero; one=1.",
    "Add +1 for each abnormal sign, and +2 3 times a day when the score rises.",
    "Near Miss Reports, 12 per month, are reviewed by the safety huddle.",
    "A NEWS2 score of 7 or more triggers an emergency response.",
    "Meets JCI standard IPSG.1. Give 30 mL/kg of crystalloid.",
    "Code as ICD-10 A41.9, CPT 99291 and LOINC 2524-7; PMID 24694516; doi:10.1056/NEJMsa1405556.",
    "Call the Poison Control Center at 1-800-222-1222.",
    "Call the main switchboard, 701-780-5000, and ask for the on-call team.",
    "The meeting is at 10.00 in the boardroom; arrive at ward B.",
    "Smith J, Jones K. Hand hygiene audits. 2019;12:45-50.",
]


@pytest.mark.parametrize("line, kind", PATIENT_IDENTIFIERS)
def test_each_patient_identifier_is_found_with_file_line_and_kind(line, kind):
    findings = find_patient_data(on_line_3(line), PLAYBOOK)
    assert [(f.file, f.line, f.kind) for f in findings] == [(PLAYBOOK, 3, kind)], findings
    message = str(findings[0])
    assert message.startswith(f"{PLAYBOOK}:3: {kind}: looks like ")
    assert "remove it" in message


def test_the_message_does_not_repeat_the_identifier():
    message = str(find_patient_data("MRN 1234567", PLAYBOOK)[0])
    assert "1234567" not in message and "MRN #######" in message


@pytest.mark.parametrize("line", CLINICAL_LOOK_ALIKES)
def test_clinical_text_that_only_looks_similar_passes(line):
    assert find_patient_data(on_line_3(line), PLAYBOOK) == []
    assert find_unsafe_markup(on_line_3(line), PLAYBOOK) == []


# --- Unsafe markup -------------------------------------------------------------------

UNSAFE_MARKUP = [
    ('<script>alert("hi")</script>', "markup/script"),
    ('<SCRIPT src="https://cdn.example.org/x.js"></SCRIPT>', "markup/script"),
    ('<img src="chart.png" onerror="alert(1)">', "markup/event-handler"),
    ('<div onclick="go()">Click</div>', "markup/event-handler"),
    ('[Open the form](https://example.org){ onclick="go()" }', "markup/event-handler"),
    ("[Open](javascript:alert(1))", "markup/javascript-url"),
    ('<a href="jav&#x09;ascript:alert(1)">Open</a>', "markup/javascript-url"),
    ('<a href="JavaScript:void(0)">Open</a>', "markup/javascript-url"),
    ("![Chart](data:image/png;base64,iVBORw0KGgo=)", "markup/data-url"),
    ('<a href="data:text/html,hello">Open</a>', "markup/data-url"),
    ('<iframe src="https://example.org/video"></iframe>', "markup/iframe"),
    ('<form action="https://example.org/collect"><input name="who"></form>', "markup/form"),
    ('<object data="movie.swf"></object>', "markup/object-embed"),
    ('<embed src="movie.swf">', "markup/object-embed"),
    ('<img src="https://tracker.example.org/pixel.gif" alt="">', "markup/remote-image"),
    ("![Logo](https://cdn.example.org/logo.png)", "markup/remote-image"),
    ('<img srcset="a.png 1x, //cdn.example.org/b.png 2x" alt="">', "markup/remote-image"),
    ("<style>body { display: none; }</style>", "markup/unsafe-element"),
]

SAFE_MARKUP = [
    "Never paste a `<script>` or an `<iframe src=...>` into a playbook.",
    "```html\n<script>alert(1)</script>\n<iframe src=\"https://example.org\"></iframe>\n```",
    "![Flow chart of the escalation](images/escalation.png)",
    "[WHO checklist](https://www.who.int/) and <https://www.ahrq.gov/>",
    '<div markdown>Grid</div> <abbr title="Early warning score">EWS</abbr> <!-- material/tags -->',
    "Turn on the alert; onset = the time of the first abnormal score.",
    "{: .checklist #main }",
    "The e-consult portal needs JavaScript: ask IT.",
    "Numerator = data: from the EHR audit.",
    "See [the guideline][who] and ![the local chart][chart].\n\n[who]: https://www.who.int/\n[chart]: images/chart.png",
]


@pytest.mark.parametrize("markup, kind", UNSAFE_MARKUP)
def test_each_unsafe_markup_is_found_with_file_line_and_kind(markup, kind):
    findings = find_unsafe_markup(on_line_3(markup), PLAYBOOK)
    assert kind in kinds(findings), findings
    assert all(f.file == PLAYBOOK and f.line == 3 for f in findings), findings
    assert any(str(f).startswith(f"{PLAYBOOK}:3: {kind}: ") for f in findings)


def test_an_event_handler_on_a_later_line_of_a_tag_is_found_on_that_tag():
    findings = find_unsafe_markup("Text\n\n<div\n  class=\"x\"\n  onmouseover=\"go()\">Hi</div>\n", PLAYBOOK)
    assert [(f.line, f.kind) for f in findings] == [(3, "markup/event-handler")]


def test_a_remote_reference_style_image_is_found():
    text = "Intro\n\n![Logo][logo]\n\n[logo]: https://cdn.example.org/logo.png\n"
    assert [(f.line, f.kind) for f in find_unsafe_markup(text, PLAYBOOK)] == [(3, "markup/remote-image")]


@pytest.mark.parametrize("markup", SAFE_MARKUP)
def test_safe_markup_and_code_pass(markup):
    assert find_unsafe_markup(on_line_3(markup), PLAYBOOK) == []


# --- Images and secrets ----------------------------------------------------------------

def test_an_image_with_gps_exif_is_rejected_with_the_fix():
    findings = find_image_metadata(jpeg_with_gps(), "docs/images/ward.jpg")
    assert [(f.file, f.line, f.kind) for f in findings] == [("docs/images/ward.jpg", None, "image/metadata")]
    message = str(findings[0])
    assert "carries a GPS position, EXIF" in message
    assert "make clean-image IMAGE=docs/images/ward.jpg" in message


def test_an_image_without_metadata_passes_and_an_unreadable_one_is_named():
    assert find_image_metadata(clean_png(), "docs/images/flow.png") == []
    assert kinds(find_image_metadata(b"not an image", "docs/images/broken.png")) == {"image/unreadable"}


def test_a_fake_aws_key_and_a_private_key_are_found_by_line(tmp_path):
    (tmp_path / "notes.md").write_text(f"# Notes\n\nThe key {FAKE_AWS_KEY} was used.\n", encoding="utf-8")
    (tmp_path / "deploy.txt").write_text(f"Key below\n{PRIVATE_KEY_BLOCK}\n", encoding="utf-8")
    found = {(f.file, f.line, f.kind) for f in find_secrets(tmp_path, ["notes.md", "deploy.txt"])}
    assert found == {("notes.md", 3, "secret/aws-access-key"), ("deploy.txt", 2, "secret/private-key")}


def test_an_inline_pragma_does_not_silence_a_secret(tmp_path):
    (tmp_path / "notes.md").write_text(f"key {FAKE_AWS_KEY}  <!-- pragma: allowlist secret -->\n", encoding="utf-8")
    assert kinds(find_secrets(tmp_path, ["notes.md"])) == {"secret/aws-access-key"}


def test_in_python_detect_secrets_reads_only_lines_that_can_hold_a_credential_and_finds_all_it_finds(
        tmp_path, monkeypatch):
    # Each credential is put together here, so that this file holds none for make check's own scan to find.
    token = "".join(["ghp_", "a1B2c3D4", "e5F6g7H8", "i9J0k1L2", "m3N4o5P6", "q7R8"])
    encoded = "".join(["Zm9vYmFy", "YmF6cXV4", "cXV1eGZv", "b2JhcmJh", "enF1eHF1", "dXg3ODk0", "NTYxMjM="])
    assigned = "pass" + 'word = "hunter2hunter2xyz"'
    keyword = "".join(["    secret", "_key = '", "aB3dE6gH", "9jK2mN5p", "Q8sT1vW4", "yZ7'"])
    lines = ['"""Planted credentials, each a kind of plugin."""', "import os", "",
             f"# issued with {FAKE_AWS_KEY} by the old job",
             "count = 1", f"# and {token} for the bot", assigned, "", f'blob = "{encoded}"',
             "def f():", keyword, "    return os.sep"]
    (tmp_path / "planted.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text(f"# Notes\n\nThe key {FAKE_AWS_KEY} was used.\n", encoding="utf-8")
    files = ["notes.md", "planted.py"]
    assert secrets.lines_that_can_hold_a_secret("planted.py", lines).count(False) >= 3
    found = {(f.file, f.line, f.kind) for f in find_secrets(tmp_path, files)}
    monkeypatch.setattr(secrets, "lines_that_can_hold_a_secret", lambda name, lines: None)
    assert found == {(f.file, f.line, f.kind) for f in find_secrets(tmp_path, files)}
    assert {line for file, line, _ in found if file == "planted.py"} >= {4, 6, 7, 9, 11}


# --- The allow-list ------------------------------------------------------------------------

SWITCHBOARD = "Call the ward clerk desk, 555-123-4567, for the on-call team."


def allow_list_project(tmp_path: Path, allow_list: str) -> Path:
    project = tmp_path / "allow"
    (project / "docs").mkdir(parents=True)
    (project / ".content-guard-allow.yml").write_text(allow_list, encoding="utf-8")
    return project


def test_a_reviewed_entry_with_a_reason_silences_its_finding(tmp_path):
    project = allow_list_project(tmp_path, f"""\
- file: {PLAYBOOK}
  kind: patient-data/phone
  text: ward clerk desk, 555-123-4567
  reason: The hospital's public switchboard number, not a patient's.
  reviewed_by: network-office
""")
    entries, problems = load_allow_list(project)
    assert problems == []
    findings = find_patient_data(on_line_3(SWITCHBOARD) + "Family: 555-987-6543\n", PLAYBOOK)
    kept = apply_allow_list(findings, entries)
    assert [(f.line, f.kind) for f in kept] == [(6, "patient-data/phone")]


@pytest.mark.parametrize("entry, line, needle", [
    ("- file: docs/x.md\n  kind: patient-data/phone\n  text: x\n  reviewed_by: network-office\n",
     1, "entry 1: field 'reason': missing required field"),
    ("- file: docs/x.md\n  kind: patient-data/phone\n  text: x\n  reason: ''\n  reviewed_by: office\n",
     4, "entry 1: field 'reason': missing required field"),
    ("- file: docs/x.md\n  kind: markup/script\n  text: x\n  reason: Needed.\n  reviewed_by: office\n",
     2, "cannot be allowed"),
    ("- file: docs/x.md\n  kind: patient-data/phone\n  reason: Needed.\n  reviewed_by: office\n",
     1, "add 'text'"),
    ("- file: docs/x.md\n  kind: patient-data/phone\n  pattern: '('\n  reason: Needed.\n  reviewed_by: office\n",
     3, "not a valid regular expression"),
    ("- file: docs/x.md\n  kind: patient-data/phone\n  text: x\n  reason: Needed.\n  reviewed_by: office\n"
     "  expires: soon\n", 6, "unknown field"),
])
def test_an_incomplete_entry_is_itself_an_error(tmp_path, entry, line, needle):
    entries, problems = load_allow_list(allow_list_project(tmp_path, entry))
    assert entries == []
    assert [(p.file, p.line, p.kind) for p in problems] == [(".content-guard-allow.yml", line, "allow-list/invalid")]
    assert needle in problems[0].message


def test_outside_git_the_secrets_scan_walks_the_project_but_not_tool_caches(tmp_path):
    for cache in (".venv", ".pytest_cache", ".ruff_cache", "__pycache__"):
        (tmp_path / cache).mkdir()
        (tmp_path / cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    (tmp_path / "notes.md").write_text("notes\n", encoding="utf-8")
    assert project_files(tmp_path) == ["notes.md"]


def test_every_kind_a_scanner_may_be_wrong_about_can_be_allowed_and_no_other():
    """The allow-list's kinds come from the scanners: a new patient-data kind is allowable the day it is added."""
    for kind in patient_data.KINDS | {images.METADATA_KIND, "secret/aws-access-key"}:
        assert allowable_kind(kind) == kind
    for kind in ("markup/script", "text/bidi-control", "patient-data/made-up"):
        with pytest.raises(Invalid):
            allowable_kind(kind)


def test_an_entry_that_matches_nothing_is_an_error(tmp_path):
    entries, _ = load_allow_list(allow_list_project(tmp_path, f"""\
- file: {PLAYBOOK}
  kind: patient-data/phone
  pattern: 'switchboard, \\d{{3}}'
  reason: The public switchboard number.
  reviewed_by: network-office
"""))
    kept = apply_allow_list([], entries)
    assert [(f.file, f.line, f.kind) for f in kept] == [(".content-guard-allow.yml", 1, "allow-list/unused")]


# --- Through the real command line -------------------------------------------------------------

def test_the_guard_names_file_line_and_kind_for_every_kind(tmp_path):
    identifiers = "\n".join(line for line, _ in PATIENT_IDENTIFIERS)
    markup = "\n".join(markup for markup, _ in UNSAFE_MARKUP)
    project = make_project(tmp_path, {
        "docs/playbooks/safety/identifiers.md": f"# Identifiers\n\n{identifiers}\n",
        "docs/playbooks/safety/markup.md": f"# Markup\n\n{markup}\n",
        "docs/playbooks/safety/key.md": f"# Key\n\nThe key {FAKE_AWS_KEY} was used.\n",
        "data/deploy.txt": f"Deploy key:\n{PRIVATE_KEY_BLOCK}\n",
    })
    (project / "docs" / "images").mkdir()
    (project / "docs" / "images" / "ward.jpg").write_bytes(jpeg_with_gps())
    (project / "docs" / "images" / "broken.png").write_bytes(b"not an image")
    (project / "docs" / "latin1.md").write_bytes("Caf\xe9".encode("latin-1"))
    done = run_guard(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    for index, (_, kind) in enumerate(PATIENT_IDENTIFIERS):
        assert f"docs/playbooks/safety/identifiers.md:{index + 3}: {kind}: " in output
    for index, (_, kind) in enumerate(UNSAFE_MARKUP):
        assert f"docs/playbooks/safety/markup.md:{index + 3}: {kind}: " in output
    assert "docs/playbooks/safety/key.md:3: secret/aws-access-key: " in output
    assert "data/deploy.txt:2: secret/private-key: " in output
    assert "docs/images/ward.jpg: image/metadata: carries a GPS position, EXIF" in output
    assert "docs/images/broken.png: image/unreadable: " in output
    assert "docs/latin1.md: encoding: not UTF-8 text" in output


def test_the_allow_list_works_through_the_command_line(tmp_path):
    project = make_project(tmp_path, {
        PLAYBOOK: on_line_3(SWITCHBOARD),
        ".content-guard-allow.yml": f"""\
- file: {PLAYBOOK}
  kind: patient-data/phone
  text: ward clerk desk
  reason: The hospital's public switchboard number, not a patient's.
  reviewed_by: network-office
- file: {PLAYBOOK}
  kind: patient-data/phone
  text: on-call team
  reviewed_by: network-office
""",
    })
    done = run_guard(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output, output
    assert f"{PLAYBOOK}:3:" not in output
    assert ".content-guard-allow.yml:6: allow-list/invalid: entry 2: field 'reason': missing required field" in output


def test_make_check_runs_every_check_and_names_each_problem(tmp_path):
    project = with_tooling(make_project(tmp_path, {
        PLAYBOOK: on_line_3("Mr. John Smith, 67, was seen.") + "Teh checklist:\n- [ ] one\n",
        "data/extra.yml": "key:\n   - wrong: indentation\n  - x\n",
    }))
    done = run_make(project, "check")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output
    assert f"{PLAYBOOK}:1: no front matter" in output
    assert f"{PLAYBOOK}:3: patient-data/patient-name: " in output
    assert f"{PLAYBOOK}:7:1: MD032" in output
    assert f"{PLAYBOOK}:6: Teh ==> The" in output
    assert "data/extra.yml:3:3: [error] syntax error" in output
    assert "make check: failed" in output


def test_make_check_passes_on_a_copy_of_the_shipped_content(tmp_path):
    """The control for the test above: in the same copy, without the bad files, every check passes."""
    project = with_tooling(make_project(tmp_path))
    done = run_make(project, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "content guard: no patient data, unsafe markup, image metadata or secrets found" in done.stdout
    assert "make check: every check passed" in done.stdout


# --- Part 2: formats and places the guard missed ----------------------------------------

# Made up, and split so that no line of this file holds one whole.
GOOGLE_KEY = "AIza" + "SyD-9tSrke72" + "PouQMnMX-a7e" + "ZSW0jkFMBWY"
FINE_GRAINED = "github_pat_" + "11ABCDEFG0" + "123456789_abcd" + "efghijklmnop" + "qrstuvwxyzAB"


@pytest.mark.parametrize("line, kind", [
    (f"key = {GOOGLE_KEY}", "secret/google-api-key"),
    (f"token: {FINE_GRAINED}", "secret/github-fine-grained-token"),
    ("pass" + "word: Winter2026!", "secret/password-assignment"),
    ('"pass' + 'wd": "hunter22"', "secret/password-assignment"),
])
def test_secret_formats_detect_secrets_misses_are_found(line, kind):
    assert kinds(find_extra_formats(on_line_3(line), PLAYBOOK)) == {kind}


def test_words_about_passwords_are_not_secrets():
    assert find_extra_formats("Never share your password: ask IT to reset it.\npassword: ${VAULT}\n", PLAYBOOK) == []


@pytest.mark.parametrize("text, kind", [
    ("Give 1\u202e05 mg", "text/bidi-control"),
    ("MRN 12\u200b345678", "text/invisible-character"),
    ("Dose\u2066 10 mg\u2069", "text/bidi-control"),
])
def test_invisible_characters_are_refused(text, kind):
    findings = find_invisible_characters(on_line_3(text), PLAYBOOK)
    assert [(f.line, f.kind) for f in findings] == [(3, kind)]


def test_the_members_file_is_scanned_too(tmp_path):
    members = (ROOT / "data" / "members.yml").read_text(encoding="utf-8")
    lines = len(members.splitlines())
    project = make_project(tmp_path, {
        "data/members.yml": members + "# Contact: Mr. John Smith, 67, MRN 12345678\n",
        PLAYBOOK: on_line_3("Give 1\u202e05 mg") + f"key {GOOGLE_KEY}\n",
    })
    done = run_guard(project)
    assert done.returncode == 1, done.stderr
    assert f"data/members.yml:{lines + 1}: patient-data/mrn: " in done.stderr
    assert f"data/members.yml:{lines + 1}: patient-data/patient-name: " in done.stderr
    assert f"{PLAYBOOK}:3: text/bidi-control: " in done.stderr
    assert f"{PLAYBOOK}:6: secret/google-api-key: " in done.stderr


def test_a_table_of_patients_is_found_row_by_row():
    table = ("| Name | Age | Admitted |\n| --- | --- | --- |\n"
             "| Jane Doe | 54 | 2024-03-01 |\n| Ann Lee | 70 | 2024-03-02 |\n")
    findings = find_patient_data("Audit\n\n" + table, PLAYBOOK)
    assert [(f.line, f.kind) for f in findings] == [(5, "patient-data/patient-name"), (6, "patient-data/patient-name")]


def test_a_table_of_measures_or_roles_passes():
    table = ("| Measure | Target | Frequency |\n| --- | --- | --- |\n| Hand Hygiene | 95 | monthly |\n\n"
             "| Role | Does what |\n| --- | --- |\n| Charge Nurse | Checks the wristband |\n")
    assert find_patient_data(table, PLAYBOOK) == []


def test_make_check_runs_the_strict_build_and_link_check_and_names_each_link_at_its_line(tmp_path):
    """The contributor's own command finds what CI's build and link check find, at the Markdown line."""
    playbook = "docs/playbooks/safety/medication-reconciliation.md"
    text = (ROOT / playbook).read_text(encoding="utf-8")
    lines = len(text.splitlines())
    broken = ("\nSee [the handoff](i-pass-handof.md) and [its checklist](i-pass-handoffs.md#checklst).\n\n"
              '<p><a href="../sepsis-hour-1-bundle/#checklst">raw</a> <a href="../nowhere/">gone</a></p>\n')
    project = with_tooling(make_project(tmp_path, {playbook: text + broken}))
    done = run_make(project, "check")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output, output
    for needle in [
        f"{playbook}:{lines + 2}: link 'i-pass-handof.md': the target 'playbooks/safety/i-pass-handof.md' is not found"
        " among documentation files; did you mean 'i-pass-handoffs.md'?",
        f"{playbook}:{lines + 2}: link 'i-pass-handoffs.md#checklst': the doc 'playbooks/safety/i-pass-handoffs.md' "
        "does not contain an anchor '#checklst'; did you mean '#checklist'?",
        f"{playbook}:{lines + 4}: link '../sepsis-hour-1-bundle/#checklst': anchor #checklst not found on that page; "
        "did you mean '#checklist'?",
        f"{playbook}:{lines + 4}: link '../nowhere/': 404",
    ]:
        assert needle in output, output
    assert output.count("i-pass-handof.md") == 2, "a link both the build and the link check refuse is named once"


def test_make_check_explains_an_impossible_date_and_front_matter_and_data_mistakes_and_no_linter_crashes(tmp_path):
    """One `make check` run over three planted mistakes, each named at its own file and line."""
    playbook = "docs/playbooks/safety/i-pass-handoffs.md"
    text = (ROOT / playbook).read_text(encoding="utf-8")
    text = re.sub(r"^last_reviewed: .*$", "last_reviewed: 2026-13-01", text, count=1, flags=re.MULTILINE)
    text = text.replace("\nstatus:", "\nspecialities: [nursing]\nstatus:", 1)
    other = "docs/playbooks/safety/medication-reconciliation.md"
    mistyped = re.sub(r"^contributor: (\S+)$", lambda m: f"contributor: {m[1][:-1]}",
                      (ROOT / other).read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    done = run_make(with_tooling(make_project(tmp_path, {playbook: text, other: mistyped})), "check")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output and "BadTokenizationError:" not in output, output
    line = text.splitlines().index("last_reviewed: 2026-13-01") + 1
    assert f"{playbook}:{line}: field 'last_reviewed': 2026-13-01 is not a date: there is no month 13" in output
    assert f"{playbook}: the Markdown layout check could not read this file" in output
    assert re.search(rf"{other}:\d+: field 'contributor': unknown member id '[a-z-]+'; did you mean '[a-z-]+'\?",
                     output), output
    expected = rf"{playbook}:\d+: field 'specialities': unknown field; did you mean 'specialties'\?"
    assert re.search(expected, output), output
