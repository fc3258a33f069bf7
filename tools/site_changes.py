"""`python -m tools.site_changes BASE_SITE HEAD_SITE`: what the head build publishes differently, as Markdown.

CI runs it on a pull request with the site built from the base branch and the one built from the pull
request, and appends its output to the job summary. network/site_changes.py computes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from network.site_changes import ALL_FEED_PATH, compare, read_site, summary
from network.urls import API_PLAYBOOKS


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m tools.site_changes BASE_SITE HEAD_SITE", file=sys.stderr)
        return 2
    sites = [Path(arg) for arg in args]
    for site in sites:
        for needed in ("index.html", API_PLAYBOOKS, ALL_FEED_PATH):
            if not (site / needed).is_file():
                print(f"site changes: {site / needed} is missing; build the site there first (make build)",
                      file=sys.stderr)
                return 2
    print(summary(compare(*(read_site(site) for site in sites))), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
