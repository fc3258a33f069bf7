"""The output scan's prefilters (checks/prefilter.py) drop no line a full pattern finds something on.

Each family of patterns reads only the lines near its trigger. Every example the other tests use (identifiers,
look-alikes, credentials), and each split over lines at every space, alone and between ordinary lines, must
give the same findings, the same messages and the same text found as the patterns reading every line.
The scan's other shortcuts (where a reader's character came from, the Do Not Use reading) give what the
plain rule gives.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from test_published_guard import AWS_TAIL, BODY_CASES, DEFINITION_LIST, LOOK_ALIKES

from checks import prefilter
from checks.do_not_use import EMPHASIS, ESCAPE, INVISIBLE, normalise
from checks.patient_data import find_patient_data
from checks.prefilter import BARRIER, Reading, Trigger, near_triggers, trigger_lines
from checks.secrets import find_secret_formats
from test_checks import (
    CLINICAL_LOOK_ALIKES,
    FAKE_AWS_KEY,
    FINE_GRAINED,
    GOOGLE_KEY,
    PATIENT_IDENTIFIERS,
    PRIVATE_KEY_BLOCK,
)

ORDINARY = ["Hand hygiene is audited every month on each unit.", "", "The charge nurse leads the huddle.",
            "Escalate to the rapid response team.", "Each step has an owner."]

# Credentials (built here, so that no line of this file holds one whole) and the ways they are written.
CREDENTIALS = [
    FAKE_AWS_KEY, PRIVATE_KEY_BLOCK, f"key = {GOOGLE_KEY}", f"token: {FINE_GRAINED}", "pass" + "word: Winter2026!",
    '"pass' + 'wd": "hunter22"', f"Rotate AKIA{AWS_TAIL} after the audit.", "pa\u017f\u017f" + "word = Winter2026!",
    "https://admin:" + "s3cr3tpass@db.example.org/", "Reach us at 8.8.8.8 or 172.15.0.1:8080, not 127.0.0.1.",
    "10.0.0.1 192.168.1.1 1234.5.6.7 v1.2.3.4 a.1.2.3.4 .1.2.3.4 999.999.999.999 1.2.3.4.5.6.7.8 172.16.0.1",
    "172.32.1.1 192.169.0.1 1.2.3 12.34.56.78.9 127.0.0.1.2.3.4 4.4.4.4 12.3.4.5 123.4.5.6",
    "//registry.npmjs.org/:_auth" + "Token=\n\nnpm_" + "a" * 36, "xox" + "b-1234-5678-abcdefgh",
    "slack: https://hooks.slack.com/services/" + "T0000/B0000/XXXXXXXX", "bot 123456789:" + "A" * 35,
    "ibm_cloud_iam_api_key = " + "a" * 44, "cloudant_password: " + "b" * 24,
    "SK" + "0" * 32 + " and AC" + "f" * 32,
    "sg: SG." + "a" * 22 + "." + "b" * 43, "eyJ" + "hbGci.eyJzdWIi.c2lnbmF0dXJl", "AKC" + "p8aZ3m2kQy",
    "secret_access_key = " + "0a" * 24, "aws_key = '" + "A" * 40 + "'", "mailchimp " + "a" * 32 + "-us12",
    "Pass" + "word\n=\nWinter2026!", "PASS" + "WORD : hunter22", "sk_live_" + "0" * 24, "sq0csp-" + "a" * 43,
]
# Identifiers written over lines, in other cases and letters, and running on over lines of digits.
TRICKY = [
    "MRN 1234\n5678\n9012\n3456 on the band.", "Medical\nrecord number\n55512345", "PATİENT: John Smith",
    "patıent id 12345678", "Jane Doe,\n54 years,\nhad sepsis.", "Mr.\nJohn Smith,\n67,\nwas admitted",
    "Phone:\n701\n555\n0134\n9999", "+44\n20 7946\n0958", "jane.doe\nat gmail\ndot com", "Social\nSecurity 123 45 6789",
    "| Name | Age | Bed |\n| --- | --- | --- |\n| John Smith | 67 | 4 |\n| Ann Lee | 54 | 5 |",
    "Ward notes\nJohn Smith\n(67)\nwas admitted\n2024-03-01", "John Smith\nwas admitted on\nMonday\naged 45",
    "Peter Quill\n:\n67, was admitted 03/04/2026", "Write to jane.doe&#64;gmail.com",
    "MRN\uff1a\uff11\uff12\uff13\uff14\uff15",
    "Write to jane.doe@gmail.com or\n(701) 555-0134\nMRN\n12345678", "x@y\njohn.smith@hospital.org\nborn 3/4/1950",
    "Patient:\njane@gmail.com\nJohn Smith", "mail ann.lee\n@gmail.com\nAnn Lee, 54, was admitted 2024-03-01",
]
EXAMPLES = ([line for line, _ in PATIENT_IDENTIFIERS] + CLINICAL_LOOK_ALIKES + LOOK_ALIKES
            + [text for text, _ in BODY_CASES.values()] + [DEFINITION_LIST] + CREDENTIALS + TRICKY)


def split_at_each_space(text: str) -> list[str]:
    """``text`` with one space a line break, for each space in turn, and with every space one."""
    spaces = [match.start() for match in re.finditer(r" ", text)]
    return [text[:at] + "\n" + text[at + 1:] for at in spaces] + [text.replace(" ", "\n")]


def variants(text: str) -> list[str]:
    """``text`` alone, between ordinary lines, and split over lines (alone and between them)."""
    found = [text, "\n".join([*ORDINARY, text, *ORDINARY])]
    for split in split_at_each_space(text):
        found += [split, "\n".join([*ORDINARY, split, *ORDINARY])]
    return found


def every_line(monkeypatch):
    """Make every family read every line, as the patterns did before the prefilters."""
    monkeypatch.setattr(prefilter, "kept_lines", lambda lines, hits, trigger: bytearray([1]) * len(lines))


def as_found(findings) -> list[tuple]:
    return [(f.file, f.line, f.kind, f.message, f.source_line, f.found) for f in findings]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = [variant for example in EXAMPLES for variant in variants(example)]
    texts.append("\n".join(EXAMPLES))  # one text of many findings, as the output scan reads a batch
    return texts


@pytest.mark.parametrize("scanner", [find_patient_data, find_secret_formats], ids=["patient data", "secrets"])
def test_the_prefilter_finds_what_every_line_read_finds(scanner, corpus, monkeypatch):
    filtered = [as_found(scanner(text, "page.md")) for text in corpus]
    every_line(monkeypatch)
    complete = [as_found(scanner(text, "page.md")) for text in corpus]
    assert sum(map(len, complete)) > 100  # the corpus holds many findings, not only look-alikes
    different = [text for text, new, old in zip(corpus, filtered, complete, strict=True) if new != old]
    assert different == []


def test_the_corpus_lets_the_prefilter_drop_lines():
    """Between ordinary lines a finding's neighbourhood is kept and the rest dropped: the test above tests something."""
    reading = Reading("\n".join([*ORDINARY * 3, "SSN 123-45-6789 was on the form.", *ORDINARY * 3]),
                      Trigger(reach=1, patterns=(re.compile(r"\d{3}-\d{2}-\d{4}"),)))
    lines = reading.text.split("\n")
    assert lines.count(BARRIER) == len(lines) - 3 - lines.count("")
    assert "SSN 123-45-6789 was on the form." in lines


def test_a_trigger_keeps_its_reach_either_side_blank_lines_not_counted():
    text = "a\nb\nc x\n\n\nd\ne\nf"
    kept = near_triggers(text, Trigger(reach=1, words=("x",)))
    assert kept.split("\n") == [BARRIER, "b", "c x", "", "", "d", BARRIER, BARRIER]


def test_a_trigger_across_a_line_break_marks_both_lines_and_folded_words_ignore_case():
    assert trigger_lines("ab\ncd\nef", Trigger(reach=0, patterns=(re.compile(r"b\nc"),))) == {0, 1}
    assert trigger_lines("x\nPA\u017f\u017fWORD\nPatıent", Trigger(reach=0, folded=("password", "patient"))) == {1, 2}


def test_a_reading_maps_each_offset_of_a_kept_line_to_the_text():
    text = "one\ntwo MRN 12345678\nthree\nfour\nfive SSN 123-45-6789"
    reading = Reading(text, Trigger(reach=0, patterns=(re.compile(r"\d{4}"),)))
    for needle in ("MRN", "SSN"):
        assert reading.offset(reading.text.index(needle)) == text.index(needle)


def test_words_found_at_once_mark_the_lines_that_each_word_found_alone_marks():
    words = ("Ms", "Mstr", "Mr", "A3T", "AKIA", "AKC", "gl", "glpat-", "SG.", "a b")
    text = "x Mstr y\nMs\nglpat-glAKIA\nAKCA3T\nSG.\na b\nnothing\nM s\n" + "AKIAMs"
    at_once = Trigger(reach=0, words=words, words_at_once=True)
    assert trigger_lines(text, at_once) == trigger_lines(text, Trigger(reach=0, words=words)) == {0, 1, 2, 3, 4, 5, 8}


@pytest.mark.parametrize("text", ["", "plain 10 U", "**10** _U_ `u`", "10\\*U \\_x\\` \\\\", "1\u200b0 U\u00ad\ufeff",
                                  "\uff11\uff10 \uff35 \u00b5g", "\\\u200b* 10\\\nU", "caf\u00e9 \\\\* \ufb01 \u2460"])
def test_the_do_not_use_reading_is_each_change_in_turn(text):
    each_in_turn = unicodedata.normalize("NFKC", EMPHASIS.sub("", ESCAPE.sub(r"\1", INVISIBLE.sub("", text))))
    assert normalise(text) == each_in_turn
