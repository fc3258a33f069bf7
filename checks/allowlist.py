"""The reviewed allow-list, .content-guard-allow.yml: each entry silences one true false positive.

An entry names the file, the kind of finding, the text on the flagged line
(``text``, matched as written) or a regular expression (``pattern``), why it
is not what it looks like (``reason``) and who reviewed it (``reviewed_by``).
Unsafe markup cannot be allowed: it has a safe way to be written (a code
span). An entry that is incomplete, or that no longer matches anything, is
itself an error, so the list stays short and every exception stays explained.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from checks import Finding, do_not_use, images, patient_data, secrets
from network.sourcefile import load_yaml
from network.validation import SLUG_PATTERN, Field, Invalid, plain_text, validate_mapping

ALLOW_FILE = ".content-guard-allow.yml"
# The kinds an entry may silence, as the scanners define them: unsafe markup and
# invisible characters have a safe way to be written, and are never allowed.
LINELESS_KINDS = frozenset({images.METADATA_KIND})
ALLOWABLE_KINDS = patient_data.KINDS | LINELESS_KINDS
SECRET_KIND = re.compile(rf"{re.escape(secrets.KIND_PREFIX)}{SLUG_PATTERN}")


def allowable_kind(value):
    """A patient-data/..., secret/... or image/metadata kind, as printed by `make check`."""
    if isinstance(value, str) and (value in ALLOWABLE_KINDS or SECRET_KIND.fullmatch(value)
                                   or value in {rule.kind for rule in do_not_use.load_rules()[0]}):
        return value
    if isinstance(value, str) and value.startswith("markup/"):
        raise Invalid(f"'{value}' cannot be allowed: put the text in a code span (`...`) so it shows "
                      "as text instead")
    raise Invalid(f"expected the kind printed by `make check`: one of {', '.join(sorted(patient_data.KINDS))}, "
                  f"{secrets.KIND_PREFIX}<type>, {do_not_use.KIND_PREFIX}<rule> or "
                  f"{', '.join(sorted(LINELESS_KINDS))}; got {value!r}")


def project_path(value):
    """A file's path from the project folder, such as docs/playbooks/safety/falls.md."""
    path = plain_text(value)
    if path.startswith("/") or ".." in path.split("/") or "\\" in path:
        raise Invalid(f"expected a path from the project folder such as docs/playbooks/safety/falls.md, got '{path}'")
    return path


def regular_expression(value):
    """A Python regular expression matched against the flagged line."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid("expected a regular expression as text")
    try:
        return re.compile(value)
    except re.error as error:
        raise Invalid(f"not a valid regular expression ({error})") from None


def line_text(value):
    """The flagged line's text, or the part of it that is the false positive."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid("expected the text on the flagged line, as written")
    return value


ENTRY_SCHEMA = {
    "file": Field(project_path),
    "kind": Field(allowable_kind),
    "text": Field(line_text, required=False),
    "pattern": Field(regular_expression, required=False),
    "reason": Field(plain_text),
    "reviewed_by": Field(plain_text),
}


@dataclasses.dataclass
class Entry:
    line: int
    file: str
    kind: str
    reason: str
    reviewed_by: str
    text: str | None = None
    pattern: re.Pattern | None = None
    used: bool = False

    def matches(self, finding: Finding) -> bool:
        if finding.file != self.file or finding.kind != self.kind:
            return False
        if self.text is not None:
            return self.text in finding.source_line
        if self.pattern is not None:
            return bool(self.pattern.search(finding.source_line))
        return True


def load_allow_list(project_dir: Path) -> tuple[list[Entry], list[Finding]]:
    """The entries of the allow-list, and a finding for each entry that is not valid."""
    path = project_dir / ALLOW_FILE
    if not path.is_file():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Finding(ALLOW_FILE, None, "allow-list/invalid", f"cannot be read ({error}); save it as UTF-8")]
    document, problems = load_yaml(text, ALLOW_FILE)
    if document is None:
        empty = problems and "empty" in problems[0].message
        return [], [] if empty else [Finding(ALLOW_FILE, p.line, "allow-list/invalid", p.message) for p in problems]
    if not isinstance(document.value, list):
        return [], [Finding(ALLOW_FILE, document.start_line, "allow-list/invalid",
                            "expected a list of entries, each starting with '- file: ...' (or [] for none)")]
    entries: list[Entry] = []
    findings = [Finding(ALLOW_FILE, p.line, "allow-list/invalid", p.message) for p in problems]
    for index in range(len(document.value)):
        subject = f"entry {index + 1}"
        values, found = validate_mapping(document, (index,), ENTRY_SCHEMA, ALLOW_FILE, subject=subject)
        for problem in found:
            field = f"field '{problem.field}': " if problem.field else ""
            findings.append(Finding(ALLOW_FILE, problem.line, "allow-list/invalid",
                                    f"{subject}: {field}{problem.message}"))
        if found:
            continue
        has_match = "text" in values or "pattern" in values
        if ("text" in values) and ("pattern" in values):
            findings.append(Finding(ALLOW_FILE, document.line(index), "allow-list/invalid",
                                    f"{subject}: give either 'text' or 'pattern', not both"))
            continue
        if not has_match and values["kind"] not in LINELESS_KINDS:
            findings.append(Finding(ALLOW_FILE, document.line(index), "allow-list/invalid",
                                    f"{subject}: add 'text' (the flagged text, as written on its line) or "
                                    "'pattern' (a regular expression), so the entry allows only that"))
            continue
        entries.append(Entry(line=document.line(index), **values))
    return entries, findings


def apply_allow_list(findings: list[Finding], entries: list[Entry]) -> list[Finding]:
    """The findings no entry allows, plus an error for each entry that allowed nothing."""
    kept = []
    for finding in findings:
        entry = next((entry for entry in entries if entry.matches(finding)), None)
        if entry:
            entry.used = True
        else:
            kept.append(finding)
    for entry in entries:
        if not entry.used:
            kept.append(Finding(ALLOW_FILE, entry.line, "allow-list/unused",
                                f"the entry for {entry.file} ({entry.kind}) matches no finding any more; "
                                "remove it"))
    return kept
