"""The gate a build and `make check` pass before any page is read.

It compares what the site generator's own front-matter reader makes of each
page with the project's reading, so no page can show the checks one set of
fields and the build another: `make check` hands in MkDocs'
``mkdocs.utils.meta.get_data``; the build, where MkDocs reads every page
itself, compares the meta MkDocs read as each page is rendered, so its reader
runs once a page. Which files may be published is network/pages.py's to say.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Callable

import yaml

from network import pages
from network.frontmatter import FRONT_MATTER, read_page, split_front_matter
from network.git_history import tracked_symlinks
from network.nesting import nesting_problems
from network.problems import PARSED_PAGES_KEPT, Problem, display_path
from network.sourcefile import NotTyped, front_matter_document, safe_loader_value, structure_problems
from network.xmltext import forbidden_character_problems

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the loader MkDocs uses
# The site generator's reader: a page's text in, (its body, its front matter) out.
FrontMatterReader = Callable[[str], tuple[str, dict]]


@dataclasses.dataclass(frozen=True)
class Sources:
    """What the gate read: each page's text and its front matter as the site generator reads it."""

    texts: dict[str, str]
    metas: dict[str, dict]


def front_matter_as_the_checks_read_it(text: str, file: str = "") -> tuple[dict | None, str]:
    """The project's reading of ``text``, typed as MkDocs types it, or None and why MkDocs' loader cannot.

    Typed from the document the checks read (network/sourcefile.py, kept for the playbook parser), with
    SafeLoader's own resolver and constructors; where that cannot be told, loaded again with SafeLoader.
    """
    yaml_text, first_line, found = split_front_matter(text, file)
    if found:
        return {}, ""
    try:
        value = safe_loader_value(*front_matter_document(yaml_text, file, first_line), yaml_text)
    except NotTyped:
        try:
            value = yaml.load(yaml_text, SafeLoader)
        except Exception as error:  # noqa: BLE001 - as MkDocs' reader does: an impossible date raises ValueError
            return None, " ".join(str(error).split())
    return (value, "") if isinstance(value, dict) else (None, "not a mapping of fields")


# A pure function of its arguments: `make serve` rebuilds in one process, so a page whose text did not
# change since the last rebuild is not read again (the bound is far above any network's pages).
@functools.lru_cache(maxsize=PARSED_PAGES_KEPT)
def page_problems(src_uri: str, text: str, file: str,
                  reader: FrontMatterReader | None) -> tuple[dict, list[Problem]]:
    """The site generator's front matter for one page, and what is wrong with it.

    Front matter with an alias or nested too deep is refused before either reader builds a value from it.
    Without ``reader`` (the build, whose generator reads each page itself), the checks' reading is kept and
    compared with the generator's as the page is rendered (:func:`rendered_meta_problem`).
    """
    yaml_text, first_line, _ = split_front_matter(text, file)
    refused = structure_problems(yaml_text, file, first_line)
    if refused:
        return {}, refused
    ours, unreadable = front_matter_as_the_checks_read_it(text, file)
    meta = reader(text)[1] if reader else ours or {}
    problems = []
    if ours is None:
        problems.append(Problem(file, 1, f"MkDocs cannot read this front matter ({unreadable}) and would show it "
                                         "as text; write plain 'key: value' lines (dates as YYYY-MM-DD, no '!!' tags)"))
    elif meta != ours:
        problems.append(read_differently(file))
    if not pages.is_playbook(src_uri):  # a playbook's schema refuses every key it does not know, with its line
        for key in pages.FORBIDDEN_KEYS:
            if key in meta or key in (ours or {}):
                problems.append(Problem(
                    file, 1, "not allowed in a page's front matter: only the pages listed in "
                    "network/pages.py (TEMPLATE_PAGES) are rendered as templates, and each uses the "
                    "site's own page template; remove the line", field=key))
    match = FRONT_MATTER.match(text)
    body_offset = match.end() if match else 0
    body_line = text.count("\n", 0, body_offset) + 1
    problems += pages.snippet_problems(src_uri, text[body_offset:], file, body_line)
    problems += nesting_problems(text[body_offset:], file, body_line)
    problems += forbidden_character_problems(text, file)
    return meta, problems


def check_sources(project_dir: Path, docs_dir: Path, theme_dirs: list[Path],
                  reader: FrontMatterReader | None) -> tuple[Sources, list[Problem]]:
    """Every problem with the files and pages under docs/, and each page as it was read: one read per page."""
    problems = pages.symlink_problems(project_dir)
    problems += [Problem(path, None, "git tracks this as a symbolic link, which could publish any file of the "
                                     "build machine; commit the file itself instead")
                 for path in tracked_symlinks(project_dir)]
    problems += pages.docs_problems(docs_dir, pages.theme_files(theme_dirs), project_dir)
    texts: dict[str, str] = {}
    metas: dict[str, dict] = {}
    for path in sorted(pages.files_under(docs_dir)):  # the walk docs_problems makes: no link followed
        src_uri = path.relative_to(docs_dir).as_posix()
        if not pages.is_page(src_uri) or path.is_symlink():
            continue
        file = display_path(path, project_dir)
        text, found = read_page(path, file)
        problems += found
        if text is None:
            continue
        texts[src_uri] = text
        metas[src_uri], found = page_problems(src_uri, text, file, reader)
        problems += found
    return Sources(texts, metas), _unique(problems)


def read_differently(file: str) -> Problem:
    """The problem of a page whose front matter MkDocs reads otherwise than the checks do."""
    return Problem(file, 1, "MkDocs reads this page's front matter differently from the checks; start the file "
                            "with a line '---', then one 'key: value' a line, then a line '---' at the beginning "
                            "of the line (no indentation, nothing after it)")


def rendered_meta_problem(src_uri: str, meta: dict, metas: dict[str, dict], path: str, file: str) -> Problem | None:
    """At render time, after a gate without reader: whether MkDocs' reading ``meta`` differs from the checks'.

    That problem when the page still holds the front matter the gate read; else :func:`page_meta_problem`'s.
    """
    problem = page_meta_problem(src_uri, meta, metas, file)
    if problem and src_uri in metas and metas[src_uri] != meta:
        text, _ = read_page(Path(path), file)
        if text is not None and front_matter_as_the_checks_read_it(text, file)[0] == metas[src_uri]:
            return read_differently(file)
    return problem


def page_meta_problem(src_uri: str, meta: dict, metas: dict[str, dict], file: str) -> Problem | None:
    """At render time: a page the gate did not read, whose front matter changed since, or that asks to be a template."""
    if src_uri not in metas or metas[src_uri] != meta:
        return Problem(file, 1, "this page's front matter is not the one the checks read; run `make check`")
    if any(key in meta for key in pages.FORBIDDEN_KEYS):
        return Problem(file, 1, "a page may not switch template rendering on", field="render_macros")
    return None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
