"""The build's guard over what it publishes: images re-encoded, then every published file scanned.

Called from the one MkDocs hook (macros/published_files.py): ``publish_images``
from ``on_files`` swaps each image under docs/ for the copy Pillow decoded
and encoded again (checks/images.py), after refusing one over the size cap,
with a name outside the plain pattern or a name the patient-data scan flags;
``scan_output`` from ``on_post_build`` runs the output scan (checks/output.py)
over the built site. Either stops the build with every problem, each named
at its file (and line, where the build can say).
"""

from __future__ import annotations

import os
from pathlib import Path

from checks import Finding
from checks.allowlist import ALLOW_FILE
from checks.images import clean_copy, find_image_file_problems
from checks.output import scan_site
from network.members import MEMBERS_FILE
from network.once import source_state
from network.pages import IMAGE_SUFFIXES
from network.problems import ContentError, Problem
from network.urls import MEMBER_PAGES_FOLDER

# The source of each published path this build knows, for the output scan: a page's Markdown, an image.
built_from: dict[str, str] = {}


def project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _source(file, project: Path) -> str | None:
    """The file a page or image was built from: under docs/, or the members file for a member's page and map."""
    if file.abs_src_path:
        return os.path.relpath(file.abs_src_path, project)
    return MEMBERS_FILE.as_posix() if file.src_uri.startswith(f"{MEMBER_PAGES_FOLDER}/") else None


def remember_sources(files, config) -> None:
    """Note which source each page, image and generated file of this build comes from, where one file does."""
    project = project_dir(config)
    built_from.clear()
    for file in files:
        source = _source(file, project)
        if source:
            built_from[file.dest_uri] = source


def _as_problem(finding: Finding) -> Problem:
    return Problem(finding.file, finding.line, f"{finding.kind}: {finding.message}")


def docs_images(files, config) -> list:
    """The images of this build that come from docs/ (not the theme's)."""
    docs = Path(config.docs_dir).resolve()
    return [file for file in files if file.src_uri.lower().endswith(IMAGE_SUFFIXES) and file.abs_src_path
            and Path(file.abs_src_path).resolve().is_relative_to(docs)]


def publish_images(files, config, make_file) -> list[Problem]:
    """Swap each image under docs/ for ``make_file(src_uri, clean bytes)``; what refuses an image instead."""
    project = project_dir(config)
    problems: list[Problem] = []
    for file in docs_images(files, config):
        shown = _source(file, project)
        data = Path(file.abs_src_path).read_bytes()
        found = [_as_problem(finding) for finding in find_image_file_problems(shown, len(data))]
        if not found:
            try:
                data = clean_copy(data)
            except OSError as error:
                found.append(Problem(shown, None, f"image: cannot be read as an image ({error}); re-export it "
                                                  "as PNG, JPEG or WebP"))
        problems += found
        if not found:
            files.remove(file)
            files.append(make_file(file.src_uri, data))
    return problems


def scan_rules_state(config) -> tuple:
    """The state of the reviewed allow-list the output scan applies: when it changes, `make serve` rescans all."""
    return source_state([project_dir(config) / ALLOW_FILE])


def scan_since(config, started: float, preview) -> None:
    """Scan what the build wrote that no passing scan has read (all of it outside `make serve`), and record the pass.

    ``preview`` is make serve's staged rebuilds (tools/preview/staged.py): it knows since when a scan is due.
    """
    rules = scan_rules_state(config)
    scan_output(config, preview.scanned_since(started, rules))
    preview.scan_passed(started, rules)


def scan_output(config, pages_written_since: float | None = None) -> None:
    """Stop the build if a published file shows patient data or a credential (checks/output.py).

    ``pages_written_since``: a `make serve` rebuild's start, to read only the pages it rewrote.
    """
    findings = scan_site(Path(config.site_dir), project_dir(config), built_from, pages_written_since)
    if findings:
        raise ContentError([_as_problem(finding) for finding in findings])
