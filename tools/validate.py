"""`make check`'s first step: the sources, members.yml and every playbook's front matter, validated without building.

Run as ``python -m tools.validate [PROJECT_DIR]``; exits 1 with one line per problem.
It passes the same gate as the build (network/gate.py, with MkDocs' own
front-matter reader), loads the network as the build does, and also refuses
the guidance `make new` leaves for the contributor to replace.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.meta import get_data

from network.gate import Sources, check_sources
from network.playbooks import placeholder_problems, playbook_sources
from network.problems import ContentError, Problem, display_path
from network.review import today_from
from network.search_variants import load_variants
from network.site import Site, load_site


def load_for_command(argv: list[str], command: str) -> Site | None:
    """The network for a command-line tool, or None after printing every problem."""
    project_dir = Path(argv[0] if argv else ".").resolve()
    try:
        return load_site(project_dir, project_dir / "docs", today_from(os.environ))
    except ContentError as error:
        print(f"{command}: {error}", file=sys.stderr)
        return None


def read_sources(project_dir: Path) -> tuple[Sources, list[Problem]]:
    """What the build's gate reads and would refuse: files, symbolic links, front matter as MkDocs reads it."""
    try:
        config = load_config(config_file=str(project_dir / "mkdocs.yml"))
    except ConfigurationError as error:
        return Sources({}, {}), [Problem("mkdocs.yml", None, str(error))]
    return check_sources(project_dir, Path(config["docs_dir"]), [Path(d) for d in config.theme.dirs], get_data)


def project_problems(project_dir: Path, today: datetime.date) -> tuple[Site | None, list[Problem]]:
    """Everything `make check` refuses before a build: the gate, the members and playbooks, leftover guidance."""
    sources, problems = read_sources(project_dir)
    site = None
    problems += load_variants(project_dir)[1]
    try:
        site = load_site(project_dir, project_dir / "docs", today, sources.texts or None)
    except ContentError as error:
        problems += error.problems
    # Every playbook's leftover guidance, named in the same run as any other file's problems.
    for src_uri in playbook_sources(sources.texts):
        file = display_path(project_dir / "docs" / src_uri, project_dir)
        problems += placeholder_problems(sources.texts[src_uri], file)
    return site, problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    project_dir = Path(args[0] if args else ".").resolve()
    try:
        site, problems = project_problems(project_dir, today_from(os.environ))
    except ContentError as error:
        problems = error.problems
    if problems:
        print(f"make check: {ContentError(problems)}", file=sys.stderr)
        return 1
    print(f"make check: {len(site.members)} members and {len(site.playbooks)} playbooks are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
