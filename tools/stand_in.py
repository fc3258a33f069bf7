"""`make check`'s build of a project some of whose pages have problems of their own: those pages stood in for.

So that one run names every problem, the strict build and the link check run
over a copy of the project in which each page with a problem of its own has
a stand-in at the same path: first its own text under a front matter that
passes (its links are still checked), then, if the page still has a problem,
a stand-in with no text of its own, and last no file at all. The members'
adoption records of a stood-in playbook become comments in the copy (their
results name measures the stand-in lacks; every other line stays where it
was, so a problem is still named at its line). Links to a
stood-in page keep resolving, so a page with a problem is named for that
problem, never as the broken target of another page's link; a link to a
#section of a page whose text was left out, or to a page left out
altogether, is not reported (``left_out_target`` says which).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import posixpath
from collections.abc import Callable
from pathlib import Path

import yaml

from network.frontmatter import FRONT_MATTER
from network.members import ADOPTIONS_FOLDER
from network.office import NETWORK_OFFICE_MAILBOX
from network.playbooks import playbook_ref, playbook_sources
from network.problems import Problem
from network.urls import PLAYBOOK_PATH
from tools.link_advice import address_target
from tools.project import copy_project

DOCS = "docs/"
# What a stand-in says in place of the page's own text.
LEFT_OUT = "This page is left out of this check for the problems named in its file.\n"


@dataclasses.dataclass
class StoodIn:
    """The copy the build runs over, and which of its pages lost their own text (``emptied``) or file (``removed``)."""

    project: Path
    emptied: set[str] = dataclasses.field(default_factory=set)
    removed: set[str] = dataclasses.field(default_factory=set)


def pages_named(problems: list[Problem]) -> list[str]:
    """The src_uris under docs/ that the problems name, each once."""
    return sorted({problem.file[len(DOCS):] for problem in problems if problem.file.startswith(DOCS)})


def outside_docs(problems: list[Problem]) -> list[str]:
    """The files outside docs/ that the problems name (the members file, mkdocs.yml ...): the build needs them whole."""
    return sorted({problem.file for problem in problems if not problem.file.startswith(DOCS)})


def stand_in_front_matter(src_uri: str, member: str, today: datetime.date) -> str:
    """A front matter that passes: a playbook's every required field, and nothing for any other page."""
    match = PLAYBOOK_PATH.match(src_uri)
    if not match or not playbook_sources([src_uri]):
        return ""
    fields = {"title": f"Left out of this check: {src_uri}", "summary": "Stands in for a page with problems.",
              "domain": match["domain"], "contributor": member, "owner": "Stand-in",
              "owner_contact": f"mailto:{NETWORK_OFFICE_MAILBOX}", "status": "draft",
              "last_reviewed": today.isoformat(), "review_interval_months": 12}
    return "---\n" + "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items()) + "---\n"


def own_text(text: str) -> str:
    """A page's text after its front matter."""
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def without_records_of(text: str, refs: set[str]) -> str:
    """An adoptions file whose records of the playbooks ``refs`` are comments, every other line where it was."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text
    if not isinstance(root, yaml.SequenceNode):
        return text
    lines = text.splitlines(keepends=True)
    for item in root.value:
        named = {key.value: value.value for key, value in item.value} if isinstance(item, yaml.MappingNode) else {}
        if named.get("playbook") in refs:
            last = item.end_mark.line if item.end_mark.column else item.end_mark.line - 1
            for number in range(item.start_mark.line, min(last, len(lines) - 1) + 1):
                lines[number] = "#\n"
    return "".join(lines)


def stood_in_copy(project_dir: Path, copy: Path, pages: list[str], member: str, today: datetime.date,
                  problems_of: Callable[[Path], list[Problem]]) -> StoodIn:
    """Copy the project into ``copy`` with each of ``pages`` stood in for until ``problems_of`` finds none in it."""
    result = StoodIn(copy_project(copy, project_dir))
    docs = copy / "docs"
    for src_uri in pages:
        path = docs / src_uri
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8", errors="replace")
            path.write_text(stand_in_front_matter(src_uri, member, today) + own_text(text), encoding="utf-8")
        elif path.is_file():
            path.unlink()
            result.removed.add(src_uri)
    refs = {playbook_ref(src_uri) for src_uri in playbook_sources(pages)}
    for adoptions in sorted((copy / ADOPTIONS_FOLDER).glob("*.yml")):
        adoptions.write_text(without_records_of(adoptions.read_text(encoding="utf-8"), refs), encoding="utf-8")
    for step in ("empty", "remove"):
        remaining = [page for page in pages_named(problems_of(copy)) if page in pages]
        for src_uri in remaining:
            path = docs / src_uri
            if step == "empty":
                path.write_text(stand_in_front_matter(src_uri, member, today) + LEFT_OUT, encoding="utf-8")
                result.emptied.add(src_uri)
            elif path.is_file():
                path.unlink()
                result.removed.add(src_uri)
    return result


def left_out_target(src_uri: str, link: str, stood_in: StoodIn, sources: list[str]) -> bool:
    """Whether ``link`` on page ``src_uri`` names a page left out altogether, or a #section of one whose text was."""
    path, _, anchor = link.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)) if path.endswith(".md") else \
        (address_target(src_uri, link, sources + sorted(stood_in.removed)) or "").partition("#")[0]
    return target in stood_in.removed or (bool(anchor) and target in stood_in.emptied)
