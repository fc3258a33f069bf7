"""Issue 27: the guard judges what the site publishes, and publishes only images it encoded itself.

Each fault is planted into one copy of the project and built for real (one
build for the text, one for the images, once per module); each test asserts
its own finding at file:line. The source scan (`python -m checks`) misses
every text case here: the build decodes it into the published text.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys

import pytest
from PIL import Image, PngImagePlugin

from checks.do_not_use import find_do_not_use, load_rules
from checks.images import MAX_IMAGE_BYTES, clean_copy, find_image_metadata, image_extras
from checks.output import (
    SourceIndex,
    find_do_not_use_quickly,
    findings_in,
    letters_and_digits,
    scan_site,
    source_letters,
)
from checks.output import main as output_main
from checks.patient_data import find_patient_data
from checks.reader_text import PAGEFIND_SIGNATURE, PublishedText, html_text, reader_for, unseen_blocks
from checks.secrets import find_secret_formats
from conftest import ROOT, build, make_project, run
from network.search_index import script
from test_playbooks import GOOD

# Built at run time so that no credential-shaped text sits in this file, which the guard scans too.
AWS_TAIL = "IOSFODNN7" + "EXAMPLE"
SAFETY = "docs/playbooks/safety"
ESCAPED = f"{SAFETY}/escaped-identifiers.md"
LOOK_ALIKES_PAGE = "docs/playbooks/quality/look-alikes.md"
MEMBERS = "data/members.yml"

# Each planted line of the escaped playbook's body: (Markdown as written, the kind the published text shows).
# The first five are written so that the source scan misses them: the build decodes them into the identifier.
BODY_CASES = {
    "backslash escapes in a record number": (r"Read back M\RN 3\4567890 at the bedside.", "patient-data/mrn"),
    "backslash escapes in a name": (r"Jo\hn Smith, 67, was admitted with chest pain.", "patient-data/patient-name"),
    "inline markup in a record number": ("Read back MR<span></span>N 87654321 at the bedside.", "patient-data/mrn"),
    "inline markup in a name": ("Jo*hn* Smithson, 71, presented with sepsis.", "patient-data/patient-name"),
    "a character reference in a credential": (f"Rotate &#65;KIA{AWS_TAIL} after the audit.",
                                              "secret/aws-access-key"),
    "initials with an age and a date": ("J. S., 67, was admitted 03/04/2026 after a fall.",
                                        "patient-data/patient-name"),
    "name, age and event (a McDonald)": ("Mary McDonald, 82, was admitted after a fall.",
                                         "patient-data/patient-name"),
    "age, name and event in another order": ("An 82-year-old Mary McAllister was admitted on the ward.",
                                             "patient-data/patient-name"),
}
DEFINITION_LIST = "Peter Quill\n:   67, was admitted 03/04/2026\n"
# YAML escapes the source scan reads as written: a \x20 space, and an escaped line break inside a number.
NOTE = r'    note: "Jane\x20Roe, 54, was admitted 2026-03-01 to the ward."'
MEASURE_HOW = '    how: "Checked against MRN 12\\\n      345678 on the wristband"'
MEMBER_NAME = r'  name: "Altru Health System, MRN\x2023456789"'

# Ordinary clinical text that must pass, as a contributor writes it and as the site publishes it.
LOOK_ALIKES = [
    "Escalate when NEWS2 >= 5 or qSOFA >= 2, and repeat the score every 30 minutes.",
    "Certified to ISO 9001:2015 and JCI PC.02.01.03; the audit tool is version 2.1.0.",
    "Code stroke as ICD-10 I63.9 and sepsis as A41.9.",
    "Give 30 mL/kg crystalloid within 3 hours; 1.5 mg/kg; 500 mg every 8 hours.",
    "Huddles at 08:00 and 20:00; the 2014 trial and the 2026 review.",
    "Reviewed by the committee on 2026-04-20; next review March 3, 2027.",
    "Write to quality@care-network.example or network-office@care-network.example.",
    "Ask [the infection prevention team](mailto:infection-prevention@care-network.example) for the audit form.",
    "Call the Poison Help line at 1-800-222-1222 at any hour.",
    "In a mental health crisis, call or text 988 (the Suicide and Crisis Lifeline, formerly 1-800-273-8255).",
    "Call the main switchboard, 701-780-5000, and ask for the on-call team.",
    "Dial 2222 for the arrest team; pager 4321; extension 4567.",
    "Checked by J.S. and K.L. at 08:00 on every ward round.",
    "Signed off by J.S. and K.L. on 2026-03-04 after the pilot.",
    "JS reviewed 12 charts on 03/04/2026 and found two gaps.",
    "RN to RN handoff uses I-PASS; the charge RN, 1 per unit, signs the log.",
    "Dr. Ann Lee, 2019, described the method.",
    "A 67-year-old man was admitted on day 3 of the audit.",
    "Patients aged 65 or over admitted through the Emergency Department are screened.",
    "Grand Forks, 12 beds. Kingman Regional, AZ. St. Joseph, MO.",
    "The ED, 24 hours a day, admitted 300 patients in March 2026.",
    "Interpreters are booked for العربية (Arabic), עברית (Hebrew) and فارسی (Persian).",
    "Leaflets in اردو (Urdu) and English are at the nurses' station.",
    "See [the WHO checklist](https://www.who.int/teams/integrated-health-services/patient-safety) first.",
    "Read <https://www.ahrq.gov/patient-safety/index.html> and the TeamSTEPPS guide.",
    "Starmer AJ et al. N Engl J Med 2014;371:1803-12. https://doi.org/10.1056/NEJMsa1405556",
    "Haynes AB, Weiser TG, et al. N Engl J Med. 2009;360:491-499.",
    "See PMID 24694516 and doi:10.1001/jama.2013.281961.",
    "Code as CPT 99291 and LOINC 2524-7.",
    "Steps 1-2-3 take 10-15 minutes; 100-200 mg; audit dates 2024-03-01 to 2024-03-31.",
    "Near Miss Reports, 12 per month, are reviewed by the safety huddle.",
    "A NEWS2 score of 7 or more triggers an emergency response.",
    "Confirm the patient's name and date of birth and the MRN against the wristband.",
    "Two identifiers: the full name and the date of birth, never the room number.",
    "Smith J, Jones K. Hand hygiene audits. 2019;12:45-50.",
    "The meeting is at 10.00 in the boardroom; arrive at ward B.",
    "Room 4, bed 2: check the pump at 14:00.",
    "Ward 3 audited 40 central lines in Q1 2026 (95% compliant).",
    "Charge Nurse Maria, ward manager since 2019, leads the huddle.",
    "Password policy: ask IT; never write a password down.",
    "The Rapid Response Team arrived within 5 minutes in 92% of calls.",
    "Source data: AHRQ; onset = time zero; one=1.",
    "Of 120 patients screened, 82 admitted and 38 discharged the same day.",
]


def png(**options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(buffer, "PNG", **options)
    return buffer.getvalue()


def png_with_text(key: str, value: str, compressed: bool = False) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text(key, value, zip=compressed)
    return png(pnginfo=info)


def jpeg_with_exif(tag: int, value: str) -> bytes:
    exif = Image.Exif()
    exif[tag] = value
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), "white").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def noise_png(size: int) -> bytes:
    """A PNG of random pixels, which does not compress: about ``size`` bytes."""
    side = int((size / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


def escaped_playbook() -> str:
    front = GOOD.replace("title: Test practice", "title: Escaped identifiers").replace(
        "owner_contact:", "measures:\n  - id: wristband-check\n    name: Wristband checks\n"
        "    target: 95% or more\n" + MEASURE_HOW + "\nchanges:\n  - date: 2026-01-31\n    kind: clinical\n"
        + NOTE + "\nowner_contact:")
    body = "\n\n".join(line for line, _ in BODY_CASES.values())
    return front.replace("Text.\n", f"{body}\n\n{DEFINITION_LIST}")


def look_alikes_playbook() -> str:
    page = GOOD.replace("title: Test practice", "title: Look-alikes").replace("domain: safety", "domain: quality")
    return page.replace("Text.\n", "\n\n".join(LOOK_ALIKES) + "\n")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """One copy with every text case planted, built strictly once: the build fails, naming each."""
    members = (ROOT / MEMBERS).read_text(encoding="utf-8").replace("  name: Altru Health System", MEMBER_NAME, 1)
    project = make_project(tmp_path_factory.mktemp("planted"), {
        ESCAPED: escaped_playbook(), LOOK_ALIKES_PAGE: look_alikes_playbook(), MEMBERS: members})
    (project / SAFETY / "ward-layout.png").write_bytes(png_with_text("Anything", "Ward 3, bed 2") + b"MRN 12345678")
    return build(project)


def assert_named(result, file: str, line: int | None, kind: str) -> None:
    where = f"{file}:{line}" if line else file
    assert f"{where}: {kind}: " in result.output, result.output


DECODED_CASES = list(BODY_CASES)[:5]


def test_the_source_scan_misses_what_the_build_decodes():
    """The control: these cases pass the source scan, so only the output scan can hold them."""
    decoded = [BODY_CASES[case][0] for case in DECODED_CASES] + [DEFINITION_LIST, NOTE, MEASURE_HOW, MEMBER_NAME]
    assert find_patient_data("\n".join(decoded), ESCAPED) == []
    assert find_secret_formats("\n".join(decoded), ESCAPED) == []


def test_the_build_fails_on_published_patient_data_without_a_traceback(planted):
    assert planted.returncode != 0, planted.output
    assert "Traceback" not in planted.output
    assert "published in site/" in planted.output


@pytest.mark.parametrize("case", BODY_CASES)
def test_each_decoded_identifier_is_found_at_its_markdown_line(planted, case):
    line, kind = BODY_CASES[case]
    assert_named(planted, ESCAPED, line_of(escaped_playbook(), line), kind)


def test_a_definition_list_joining_a_name_and_an_admission_is_found(planted):
    assert_named(planted, ESCAPED, line_of(escaped_playbook(), "Peter Quill"), "patient-data/patient-name")


def test_a_yaml_escape_in_a_change_note_is_found_at_its_line(planted):
    assert_named(planted, ESCAPED, line_of(escaped_playbook(), "note: "), "patient-data/patient-name")


def test_an_escaped_line_break_in_a_measure_is_found_at_its_line(planted):
    assert_named(planted, ESCAPED, line_of(escaped_playbook(), "how: "), "patient-data/mrn")


def test_a_yaml_escape_in_the_members_file_is_found_at_its_line(planted):
    members = (planted.project / MEMBERS).read_text(encoding="utf-8")
    assert_named(planted, MEMBERS, line_of(members, MEMBER_NAME.strip()), "patient-data/mrn")


def test_ordinary_clinical_text_passes_the_output_scan(planted):
    assert LOOK_ALIKES_PAGE not in planted.output, planted.output


def test_the_build_publishes_only_its_own_copy_of_an_image(planted):
    source = (planted.project / SAFETY / "ward-layout.png").read_bytes()
    published = (planted.site / "playbooks/safety/ward-layout.png").read_bytes()
    assert image_extras(source) == ["a text chunk 'Anything'", "12 bytes after the end of the image"]
    assert image_extras(published) == [] and b"Ward 3" not in published and b"MRN" not in published
    assert Image.open(io.BytesIO(published)).tobytes() == Image.open(io.BytesIO(source)).tobytes()


def test_make_check_runs_the_output_scan_too(tmp_path):
    """`make check`'s build step (tools.site_check) stops on what the output scan finds, at file:line."""
    line, kind = BODY_CASES["backslash escapes in a record number"]
    project = make_project(tmp_path, {ESCAPED: GOOD.replace("Text.\n", f"{line}\n")})
    done = run([sys.executable, "-m", "tools.site_check", str(project)], ROOT)
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output, output
    assert f"{ESCAPED}:{line_of(GOOD, 'Text.')}: {kind}: " in output, output


# --- Images: refused by name and size at build; metadata refused by `make check`, cleaned by one command ---

BAD_NAME = "ward 3 John Smith 67 MRN 12345678.png"
FLAGGED_NAME = "ward-3-mrn-12345678.png"
TOO_BIG = "audit-chart.png"


@pytest.fixture(scope="module")
def images_built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("images"))
    (project / SAFETY / BAD_NAME).write_bytes(png())
    (project / SAFETY / FLAGGED_NAME).write_bytes(png())
    (project / SAFETY / TOO_BIG).write_bytes(noise_png(MAX_IMAGE_BYTES + 100_000))
    return build(project)


def test_an_image_name_outside_the_plain_pattern_is_refused_with_its_path(images_built):
    assert images_built.returncode != 0 and "Traceback" not in images_built.output
    assert_named(images_built, f"{SAFETY}/{BAD_NAME}", None, "image/file")
    assert "lowercase letters, digits and hyphens" in images_built.output


def test_an_image_name_the_patient_data_scan_flags_is_refused(images_built):
    assert_named(images_built, f"{SAFETY}/{FLAGGED_NAME}", None, "patient-data/mrn")
    assert_named(images_built, f"{SAFETY}/{BAD_NAME}", None, "patient-data/mrn")


def test_an_image_over_the_size_cap_is_refused(images_built):
    assert_named(images_built, f"{SAFETY}/{TOO_BIG}", None, "image/file")
    assert "over the 2 MB an image may be" in images_built.output


# Each: image bytes, and what `make check` says the image carries.
IMAGE_CASES = {
    "a text chunk under a key no list names": (png_with_text("Ward", "John Smith"), "a text chunk 'Ward'"),
    "XMP in a compressed text chunk": (png_with_text("XML:com.adobe.xmp", "<x:xmpmeta/>", compressed=True),
                                       "a compressed text chunk 'XML:com.adobe.xmp'"),
    "an EXIF tag no list names, holding a credential": (jpeg_with_exif(0x9286, "AKIA" + AWS_TAIL), "EXIF"),
    "bytes after a PNG's end chunk": (png() + b"MRN 12345678", "12 bytes after the end of the image"),
    "bytes after a JPEG's end": (clean_copy(jpeg_with_exif(0x010F, "x")) + b"hidden", "6 bytes after the end"),
}


@pytest.mark.parametrize("case", IMAGE_CASES)
def test_make_check_names_whatever_an_image_carries_besides_its_pixels(case):
    data, carries = IMAGE_CASES[case]
    findings = find_image_metadata(data, f"{SAFETY}/ward-layout.png")
    assert [(f.file, f.line, f.kind) for f in findings] == [(f"{SAFETY}/ward-layout.png", None, "image/metadata")]
    assert carries in findings[0].message
    assert f"make clean-image IMAGE={SAFETY}/ward-layout.png" in findings[0].message


def test_the_guard_command_refuses_a_carrying_image_and_a_bad_name(tmp_path):
    project = make_project(tmp_path)
    (project / SAFETY / "ward-layout.png").write_bytes(IMAGE_CASES["bytes after a PNG's end chunk"][0])
    (project / SAFETY / BAD_NAME).write_bytes(png())
    done = subprocess.run([sys.executable, "-m", "checks", str(project)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{SAFETY}/ward-layout.png: image/metadata: carries 12 bytes after the end of the image" in done.stderr
    assert f"{SAFETY}/{BAD_NAME}: image/file: the file name may hold only" in done.stderr


def test_clean_image_writes_a_clean_copy_in_place(tmp_path):
    image = tmp_path / "ward-layout.png"
    image.write_bytes(png_with_text("Ward", "John Smith") + b"trailing")
    done = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "clean-image", f"IMAGE={image}"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "it carried a text chunk 'Ward', 8 bytes after the end of the image" in done.stdout
    assert image_extras(image.read_bytes()) == []
    assert Image.open(image).tobytes() == Image.open(io.BytesIO(png())).tobytes()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_a_clean_copy_keeps_the_pixels_and_nothing_else(kind):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (10, 120, 200)).save(buffer, kind, exif=exif)
    data = buffer.getvalue() + b"tail"
    assert image_extras(data)
    copy = clean_copy(data)
    assert image_extras(copy) == [] and Image.open(io.BytesIO(copy)).size == (24, 16)


# --- The output scan's parts, without a build -------------------------------------------------------

@pytest.mark.parametrize("line", LOOK_ALIKES)
def test_each_look_alike_passes_as_written_and_as_published(line, tmp_path):
    assert find_patient_data(line, LOOK_ALIKES_PAGE) == []
    published = PublishedText("playbooks/quality/look-alikes/index.html", html_text(f"<p>{line}</p>"))
    assert findings_in([published], SourceIndex(tmp_path), {}) == []


def test_there_are_forty_look_alikes_with_right_to_left_text_role_mailboxes_and_links():
    assert len(LOOK_ALIKES) >= 40
    assert any(re.search(r"[\u0590-\u08ff]", line) for line in LOOK_ALIKES)
    assert any("mailto:" in line for line in LOOK_ALIKES) and any("https://" in line for line in LOOK_ALIKES)


def test_hidden_text_comments_contact_links_and_json_ld_are_read():
    page = ('<div hidden>MRN 12345678</div><!-- DOB 01/02/1960 --><a href="mailto:jane%2Edoe@gmail.com">x</a>'
            '<script type="application/ld+json">{"name": "SSN 123-45-6789"}</script>')
    kinds = {f.kind for f in find_patient_data(html_text(page))}
    assert kinds == {"patient-data/mrn", "patient-data/date-of-birth", "patient-data/email", "patient-data/ssn"}


def test_a_search_engine_s_compressed_fragment_is_read_decoded():
    fragment = gzip.compress(PAGEFIND_SIGNATURE + json.dumps({"content": "Jane Roe, 54, was admitted."}).encode())
    text = reader_for("pagefind/fragment/en_1a2b.pf_fragment")(fragment)
    assert [f.kind for f in find_patient_data(text)] == ["patient-data/patient-name"]


def test_the_theme_s_page_title_and_site_name_are_two_texts():
    text = html_text("<html><head><title>Bedside report with the patient - Care Network</title></head></html>")
    assert find_patient_data(text) == []
    assert "Bedside report with the patient\nCare Network" in text


def test_the_site_s_search_index_files_are_read_as_search_shows_them_and_theme_scripts_are_not():
    index_file = script("d-0", [["playbooks/a/", "Falls", "Jane Roe, 54, was admitted."]]).encode()
    text = reader_for("search/d-0.js")(index_file)
    assert [f.kind for f in find_patient_data(text)] == ["patient-data/patient-name"]
    assert reader_for("assets/javascripts/bundle.js")(b'var x="Jane Roe, 54, was admitted.";') == ""
    # A word list joins numbers never written together: it is not what a result shows.
    assert reader_for("search/w-1.js")(script("w-1", ["555", "867", "5309"]).encode()) == ""


def test_a_finding_in_a_file_without_its_text_in_any_source_names_the_published_path(tmp_path):
    published = PublishedText("api/playbooks.json", json.dumps({"note": "MRN 12345678"}))
    [finding] = findings_in([published], SourceIndex(tmp_path), {})
    assert (finding.file, finding.line, finding.kind) == ("site/api/playbooks.json", None, "patient-data/mrn")
    assert "published in site/api/playbooks.json (written by the build" in finding.message


def test_yaml_values_and_markdown_are_read_as_the_build_decodes_them():
    letters = source_letters('---\ntitle: A\nnote: "Jane\\x20Roe"\n---\n\nJo\\hn *Sm*ith\n', "docs/a.md")
    assert letters.line_at(letters.text.find(letters_and_digits("Jane Roe"))) == 3
    assert letters.line_at(letters.text.find(letters_and_digits("John Smith"))) == 6


def test_a_reviewed_entry_allows_a_published_finding_by_the_text_found(tmp_path):
    """The allow-list's `text` matches the line as written or the text as published (here decoded)."""
    project, playbook = tmp_path / "project", "docs/playbooks/safety/example.md"
    (project / SAFETY).mkdir(parents=True)
    (project / playbook).write_text("# Example\n\nCall the ward clerk desk, 555&#45;123-4567, for help.\n",
                                    encoding="utf-8")
    page = tmp_path / "site" / "playbooks/safety/example/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>Call the ward clerk desk, 555&#45;123-4567, for help.</p>", encoding="utf-8")
    built = {"playbooks/safety/example/index.html": playbook}
    [finding] = scan_site(tmp_path / "site", project, built)
    assert (finding.file, finding.line, finding.kind) == (playbook, 3, "patient-data/phone")
    (project / ".content-guard-allow.yml").write_text(
        f"- file: {playbook}\n  kind: patient-data/phone\n  text: ward clerk desk, 555-123-4567\n"
        "  reason: The ward's public desk line.\n  reviewed_by: network-office\n", encoding="utf-8")
    assert scan_site(tmp_path / "site", project, built) == []


def test_a_published_file_the_guard_cannot_read_is_a_finding(tmp_path):
    (tmp_path / "pagefind" / "fragment").mkdir(parents=True)
    (tmp_path / "pagefind" / "fragment" / "en_1.pf_fragment").write_bytes(b"not gzip")
    [finding] = scan_site(tmp_path, tmp_path)
    assert (finding.file, finding.kind) == ("site/pagefind/fragment/en_1.pf_fragment", "published/unreadable")


def test_every_published_file_name_is_read(tmp_path):
    page = tmp_path / "playbooks" / "safety" / "ward-3-mrn-12345678" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>Falls.</p>", encoding="utf-8")
    built = {"playbooks/safety/ward-3-mrn-12345678/index.html": f"{SAFETY}/ward-3-mrn-12345678.md"}
    [finding] = scan_site(tmp_path, tmp_path, built)
    assert (finding.file, finding.line, finding.kind) == (f"{SAFETY}/ward-3-mrn-12345678.md", None, "patient-data/mrn")
    assert "(its file name)" in finding.message


def test_the_output_scan_runs_on_its_own_over_a_built_site(tmp_path, capsys):
    """For a step that publishes after MkDocs' build (a search engine's index): `python -m checks.output SITE`."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "notes.json").write_text(json.dumps({"note": "DOB 01/02/1960"}), encoding="utf-8")
    assert output_main([str(tmp_path), str(tmp_path)]) == 1
    assert "site/api/notes.json: patient-data/date-of-birth: " in capsys.readouterr().err


def test_a_preview_rebuild_reads_only_the_pages_it_wrote(tmp_path):
    """`make serve` stays quick: its rebuilds read the pages they rewrote; `make build` reads everything."""
    for name in ("old", "new"):
        page = tmp_path / name / "index.html"
        page.parent.mkdir()
        page.write_text(f"<p>{name}: MRN 12345678</p>", encoding="utf-8")
    (tmp_path / "api.json").write_text(json.dumps({"x": "SSN 123-45-6789"}), encoding="utf-8")
    os.utime(tmp_path / "old" / "index.html", (1_000_000, 1_000_000))
    os.utime(tmp_path / "api.json", (1_000_000, 1_000_000))
    assert [f.file for f in scan_site(tmp_path, tmp_path, pages_written_since=2_000_000)] == ["site/new/index.html"]
    assert len(scan_site(tmp_path, tmp_path)) == 3


def _contexts_of_every_rule() -> str:
    """Each banned form of every rule in each context a rule can name, among lines that hold none."""
    lines = []
    for rule in load_rules()[0]:
        for form in rule.forms:
            lines += [f"Give 10 {form} now.", f"Give 10 mg {form} daily.", f"give {form} 10 mg", f"the {form} here",
                      f"Give 10{form} now.", f"Give 10 mg, {form}, then rest.", f"Give 2\u200b{form} 5 mg.",
                      f"{form} first on the line", f"glued x{form} y{form}z",
                      "Ordinary text between them, with no banned form."]
    first = f"{lines[0].split()[-2]} first in the text"
    return "\n".join([first, *lines, "Give 1.0 mg now.", "Give .5 mg now.", "Give 1&#46;0 mg.", "Give 3\uff0e0 mg."])


def test_the_do_not_use_rules_read_only_lines_that_can_hold_a_form_and_find_all_they_find_on_every_line():
    text = _contexts_of_every_rule()
    everything = [(f.line, f.kind, f.message) for f in find_do_not_use(text, "x")]
    assert len(everything) > len(load_rules()[0]), "each rule is found in its context"
    assert [(f.line, f.kind, f.message) for f in find_do_not_use_quickly(text, "x")] == everything


def test_a_block_every_page_repeats_is_read_once_and_a_changed_one_again():
    seen: set[bytes] = set()
    page = "<header>Care Network</header><nav><a href='/'>Home</a></nav><p>{}</p><footer>Office</footer>"
    first = html_text(unseen_blocks(page.format("First page"), seen))
    second = html_text(unseen_blocks(page.format("Second page"), seen))
    changed = html_text(unseen_blocks(page.replace("Office", "Jane Roe, 82, admitted").format("Third"), seen))
    assert "Care Network" in first and "Home" in first and "Office" in first
    assert "Second page" in second and "Care Network" not in second and "Office" not in second
    assert "Jane Roe, 82, admitted" in changed


def test_texts_read_in_one_batch_are_each_named_as_read_alone(tmp_path):
    texts = [PublishedText(f"playbooks/quality/p{number}/index.html", html_text(f"<p>Ward {number} note.</p>"
                                                                                  + extra))
             for number, extra in enumerate(["", "<p>Call 555-123-4567 now.</p>", "", "<p>Give 10 U now.</p>"])]
    together = findings_in(texts, SourceIndex(tmp_path), {})
    alone = [finding for item in texts for finding in findings_in([item], SourceIndex(tmp_path), {})]
    assert [str(finding) for finding in together] == [str(finding) for finding in alone]
    assert {finding.kind for finding in together} == {"patient-data/phone", "do-not-use/units-u"}
    assert any("site/playbooks/quality/p1/index.html" in finding.file for finding in together)
    assert any("site/playbooks/quality/p3/index.html" in finding.file for finding in together)
