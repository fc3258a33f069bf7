"""`make check`: validate the sources, members.yml and every playbook's front matter without building.

Run as ``python -m macros.check [PROJECT_DIR]``; exits 1 with one line per problem.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from macros.build_gate import check_sources
from macros.playbooks import placeholder_problems, read_page, today_from
from macros.site import SiteData, load_site_data
from macros.sourcefile import ContentError, Problem, display_path


def load_for_command(argv: list[str], command: str) -> SiteData | None:
    """The project's data for a command-line tool, or None after printing every problem."""
    project_dir = Path(argv[0] if argv else ".").resolve()
    try:
        return load_site_data(project_dir, project_dir / "docs", today_from(os.environ))
    except ContentError as error:
        print(f"{command}: {error}", file=sys.stderr)
        return None


def source_problems(project_dir: Path) -> list[Problem]:
    """What the build's gate would refuse: files, symbolic links, front matter as MkDocs reads it."""
    try:
        config = load_config(config_file=str(project_dir / "mkdocs.yml"))
    except ConfigurationError as error:
        return [Problem("mkdocs.yml", None, str(error))]
    return check_sources(project_dir, Path(config["docs_dir"]), [Path(d) for d in config.theme.dirs])[1]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    project_dir = Path(args[0] if args else ".").resolve()
    problems = source_problems(project_dir)
    try:
        data = load_site_data(project_dir, project_dir / "docs", today_from(os.environ))
    except ContentError as error:
        problems += error.problems
    else:
        for playbook in data.playbooks:
            path = project_dir / "docs" / playbook.src_uri
            file = display_path(path, project_dir)
            text, found = read_page(path, file)
            problems += found + placeholder_problems(text or "", file)
    if problems:
        print(f"make check: {ContentError(problems)}", file=sys.stderr)
        return 1
    print(f"make check: {len(data.members)} members and {len(data.playbooks)} playbooks are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
