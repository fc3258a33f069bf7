"""`make check`: validate members.yml and every playbook's front matter without building.

Run as ``python -m macros.check [PROJECT_DIR]``; exits 1 with one line per problem.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from macros.playbooks import today_from
from macros.site import SiteData, load_site_data
from macros.sourcefile import ContentError


def load_for_command(argv: list[str], command: str) -> SiteData | None:
    """The project's data for a command-line tool, or None after printing every problem."""
    project_dir = Path(argv[0] if argv else ".").resolve()
    try:
        return load_site_data(project_dir, project_dir / "docs", today_from(os.environ))
    except ContentError as error:
        print(f"{command}: {error}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    data = load_for_command(sys.argv[1:] if argv is None else argv, "make check")
    if data is None:
        return 1
    print(f"make check: {len(data.members)} members and {len(data.playbooks)} playbooks are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
