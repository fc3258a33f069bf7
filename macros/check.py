"""`make check`: validate members.yml and every playbook's front matter without building.

Run as ``python -m macros.check [PROJECT_DIR]``; exits 1 with one line per problem.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from macros.playbooks import today_from
from macros.site import load_site_data
from macros.sourcefile import ContentError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    project_dir = Path(args[0] if args else ".").resolve()
    try:
        data = load_site_data(project_dir, project_dir / "docs", today_from(os.environ))
    except ContentError as error:
        print(f"make check: {error}", file=sys.stderr)
        return 1
    print(f"make check: {len(data.members)} members and {len(data.playbooks)} playbooks are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
