"""`python -m checks [PROJECT_DIR]`: the content guard that `make check` runs.

Scans every Markdown file that reaches the site (docs/, CONTRIBUTING.md,
includes/) for patient data and unsafe markup, every image under docs/ for
identifying metadata, and every file of the project for secrets; applies the
reviewed allow-list; prints one ``file:line: kind: message`` line per finding
and exits 1 if there is any.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from checks import Finding
from checks.allowlist import apply_allow_list, load_allow_list
from checks.characters import find_invisible_characters
from checks.do_not_use import WORD_LISTS, find_in_source, find_in_word_lists, load_rules
from checks.images import find_image_file_problems, find_image_metadata
from checks.markup import find_unsafe_markup
from checks.patient_data import find_patient_data
from checks.secrets import find_secrets, project_files
from network.pages import IMAGE_SUFFIXES

PUBLISHED_MARKDOWN = ("docs/**/*.md", "includes/**/*.md", "CONTRIBUTING.md")
# Data whose values reach the site as text: scanned like the Markdown.
PUBLISHED_DATA = ("data/*.yml", "data/adoptions/*.yml")


def published_markdown(project_dir: Path) -> list[Path]:
    """Every Markdown and data file whose text reaches the site."""
    patterns = PUBLISHED_MARKDOWN + PUBLISHED_DATA
    return sorted({path for pattern in patterns for path in project_dir.glob(pattern) if path.is_file()})


def images(project_dir: Path) -> list[Path]:
    """Every image under docs/ whose metadata is checked."""
    docs = project_dir / "docs"
    return sorted(path for path in docs.rglob("*") if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file())


def scan(project_dir: Path) -> tuple[list[Finding], dict[str, int]]:
    """Every finding in the project after the allow-list, and how many files of each sort were scanned."""
    findings: list[Finding] = []
    markdown = published_markdown(project_dir)
    for path in markdown:
        file = path.relative_to(project_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            findings.append(Finding(file, None, "encoding", f"not UTF-8 text ({error.reason}); save it as UTF-8"))
            continue
        findings += find_patient_data(text, file)
        findings += find_unsafe_markup(text, file)
        findings += find_invisible_characters(text, file)
        findings += find_in_source(text, file) if file not in WORD_LISTS else []
    pictures = images(project_dir)
    for path in pictures:
        data, file = path.read_bytes(), path.relative_to(project_dir).as_posix()
        findings += find_image_metadata(data, file) + find_image_file_problems(file, len(data))
    findings += find_in_word_lists(project_dir)
    files = project_files(project_dir)
    findings += find_secrets(project_dir, files)
    entries, problems = load_allow_list(project_dir)
    findings = apply_allow_list(findings, entries) + problems + list(load_rules()[1])
    counts = {"Markdown and data files": len(markdown), "images": len(pictures),
              "files scanned for secrets": len(files)}
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.kind)), counts


def accepted_exceptions(project_dir: Path) -> list:
    """The reviewed entries of the allow-list, listed by every run so that each exception stays in view."""
    return load_allow_list(project_dir)[0]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m checks [PROJECT_DIR]", file=sys.stderr)
        return 2
    project_dir = Path(args[0] if args else ".").resolve()
    if not (project_dir / "docs").is_dir():
        print(f"content guard: {project_dir} has no docs/ folder; run it from the project folder", file=sys.stderr)
        return 2
    started = time.monotonic()
    findings, counts = scan(project_dir)
    for entry in accepted_exceptions(project_dir):
        print(f"accepted exception: {entry.file}: {entry.kind}: {entry.text or entry.pattern.pattern} "
              f"({entry.reason}; reviewed by {entry.reviewed_by})")
    scanned = ", ".join(f"{count} {what}" for what, count in counts.items())
    if findings:
        for finding in findings:
            print(finding, file=sys.stderr)
        count = len(findings)
        print(f"content guard: {count} problem{'s' if count != 1 else ''} ({scanned}). Fix each line above; "
              "CONTRIBUTING.md explains every kind.", file=sys.stderr)
        return 1
    print(f"content guard: no patient data, unsafe markup, image metadata or secrets found ({scanned}; "
          f"{time.monotonic() - started:.1f} s); no Do Not Use abbreviation either.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
