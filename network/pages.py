"""Which files may be under docs/, and which pages are templates.

Contributors add playbooks and their images by pull request; everything
else that reaches the site is the maintainers'. The build (macros/__init__.py)
and `make check` (tools/validate.py) both pass the gate (network/gate.py),
which calls :func:`docs_problems` and :func:`symlink_problems` before any
page is read, so a file outside these lists never reaches the site, and a
page outside :data:`TEMPLATE_PAGES` is never rendered by mkdocs-macros.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from network.problems import Problem, display_path
from network.urls import (
    FINDER_PAGE,
    MEMBER_PAGES_FOLDER,
    MEMBERS_PAGE,
    PLAYBOOK_PATH,
    PLAYBOOKS_FOLDER,
    REVIEW_PAGE,
    SPECIALTIES_PAGE,
    TAGS_PAGE,
    WHATS_NEW_PAGE,
    domain_index,
)
from network.vocabulary import DOMAINS

# The only pages mkdocs-macros renders as templates (paths under docs/). No
# front-matter key adds a page to this list or takes one out: the adapter
# hands it to mkdocs-macros as `force_render_paths`, anchored, and refuses
# `render_macros` in every page.
TEMPLATE_PAGES: tuple[str, ...] = (
    "index.md",
    MEMBERS_PAGE,
    FINDER_PAGE,
    *(domain_index(domain) for domain in DOMAINS),
    REVIEW_PAGE,
    SPECIALTIES_PAGE,
    TAGS_PAGE,
    WHATS_NEW_PAGE,
    # Its "Report a problem" section names the network office's mailbox, one setting (network/office.py).
    "about.md",
)
# Pages that list playbooks by title: search leaves them out, so that a result leads to the playbook itself.
LISTING_PAGES: tuple[str, ...] = (
    FINDER_PAGE,
    *(domain_index(domain) for domain in DOMAINS),
    REVIEW_PAGE,
    SPECIALTIES_PAGE,
    TAGS_PAGE,
)
# Maintainers' pages that are plain Markdown, never templates.
PLAIN_PAGES: tuple[str, ...] = (
    "accessibility.md",
    "contributing.md",
    "privacy.md",
)
# Maintainers' files under docs/ that are published as they are.
ASSETS: tuple[str, ...] = ("stylesheets/extra.css",)
# Images a playbook may show; their metadata is checked by `make check` (checks/images.py).
# SVG is left out: it can carry script, and a photo or a chart exports as PNG.
IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".webp")
# Front-matter keys that would make a page a template or change its page template.
FORBIDDEN_KEYS: tuple[str, ...] = ("render_macros", "ignore_macros", "template")
# Folders and files that reach the site, in which no symbolic link may stand.
PUBLISHED_SOURCES: tuple[str, ...] = ("docs", "includes", "data", "overrides", "CONTRIBUTING.md")
# The one page that includes another file with pymdownx.snippets, and the file it includes.
SNIPPET_PAGES: dict[str, str] = {"contributing.md": "CONTRIBUTING.md"}
SNIPPET_MARKER = re.compile(r"(?<!-)-+8<-+")  # from a run's first dash only: linear on a line of dashes

_FIX_PLACES = (
    "a contributor adds only playbooks, docs/playbooks/<domain>/<slug>.md, and their images "
    f"({', '.join(IMAGE_SUFFIXES)}) in the same folder; ask a maintainer for anything else"
)


def force_render_paths() -> str:
    """TEMPLATE_PAGES as anchored gitignore-style patterns, one a line, for mkdocs-macros."""
    return "\n".join("/" + page for page in TEMPLATE_PAGES)


def is_page(src_uri: str) -> bool:
    """Whether MkDocs would build ``src_uri`` as a page (its Markdown extensions, any case)."""
    return Path(src_uri).suffix.lower() in (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_playbook(src_uri: str) -> bool:
    match = PLAYBOOK_PATH.match(src_uri)
    return bool(match) and match["domain"] in DOMAINS and match["slug"] != "index"


def file_problem(src_uri: str, theme_files: frozenset[str]) -> str | None:
    """Why the file at ``src_uri`` (relative to docs/) may not be published, or None."""
    if src_uri in theme_files:
        return (f"replaces the theme's own file '{src_uri}' on every page; rename or remove it "
                f"({_FIX_PLACES})")
    if src_uri in TEMPLATE_PAGES or src_uri in PLAIN_PAGES or src_uri in ASSETS or is_playbook(src_uri):
        return None
    parts = src_uri.split("/")
    if parts[0] == MEMBER_PAGES_FOLDER:
        return ("member pages are generated from data/members.yml; edit your member's "
                "entry there (CONTRIBUTING.md, 'Update a member's entry') and remove this file")
    in_domain = len(parts) >= 3 and parts[0] == PLAYBOOKS_FOLDER and parts[1] in DOMAINS
    suffix = Path(src_uri).suffix.lower()
    if in_domain and suffix in IMAGE_SUFFIXES and not any(part.startswith(".") for part in parts):
        return None
    if is_page(src_uri):
        if in_domain and len(parts) > 3:
            return f"a playbook must sit directly in docs/playbooks/{parts[1]}/, not in a subfolder; move it"
        if in_domain and suffix != ".md":
            return f"a playbook's file name ends in .md; rename it to {Path(parts[-1]).stem}.md"
        return f"not a place for a page; {_FIX_PLACES}"
    if suffix == ".svg":
        return "SVG images can carry script and are not published; export the image as PNG"
    return f"this kind of file is not published; {_FIX_PLACES}"


def docs_problems(docs_dir: Path, theme_files: frozenset[str], display_root: Path) -> list[Problem]:
    """Every file under ``docs_dir`` that may not be published, each named with the fix."""
    problems = []
    for path in sorted(files_under(docs_dir)):
        src_uri = path.relative_to(docs_dir).as_posix()
        reason = file_problem(src_uri, theme_files)
        if reason:
            problems.append(Problem(display_path(path, display_root), None, reason))
    return problems


def symlink_problems(project_dir: Path) -> list[Problem]:
    """Every symbolic link in the published sources: a link can publish any file of the build machine."""
    problems = []
    for name in PUBLISHED_SOURCES:
        top = project_dir / name
        for path in [top, *(files_under(top, links=True) if top.is_dir() and not top.is_symlink() else [])]:
            if path.is_symlink():
                problems.append(Problem(display_path(path, project_dir), None,
                                        "a symbolic link is not published; replace it with the file itself"))
    return problems


def theme_files(theme_dirs: list[Path]) -> frozenset[str]:
    """Every file of the theme and of overrides/, relative to its theme folder."""
    found: set[str] = set()
    for folder in theme_dirs:
        if not folder.is_dir():
            continue
        # One relative path per folder, not per file: Material's theme holds thousands of icons.
        for root, _, names in os.walk(folder, followlinks=False):
            prefix = Path(root).relative_to(folder).as_posix()
            found.update(name if prefix == "." else f"{prefix}/{name}" for name in names)
    return frozenset(found)


def snippet_problems(src_uri: str, body: str, file: str, first_line: int) -> list[Problem]:
    """``--8<--`` (pymdownx.snippets) lines in a page, other than the one include a page is allowed."""
    allowed = f'--8<-- "{SNIPPET_PAGES[src_uri]}"' if src_uri in SNIPPET_PAGES else None
    problems = []
    for match in SNIPPET_MARKER.finditer(body):
        line_start = body.rfind("\n", 0, match.start()) + 1
        line_end = body.find("\n", match.end())
        if allowed and body[line_start:None if line_end < 0 else line_end].strip() == allowed:
            continue
        message = (f"'--8<--' may include only {SNIPPET_PAGES[src_uri]} here; remove the line" if allowed else
                   "'--8<--' would include another file into the page; contributed pages may not include "
                   "files: paste the text itself")
        problems.append(Problem(file, first_line + body.count("\n", 0, match.start()), message))
    return problems


def files_under(folder: Path, links: bool = False):
    """Files under ``folder`` (symbolic links too when ``links``), never following a link."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root)
        for name in files:
            yield base / name
        if links:
            yield from (base / name for name in dirs if (base / name).is_symlink())
