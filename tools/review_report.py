"""`make review-report`: the playbooks whose review is overdue or due soon, as Markdown.

Run as ``python -m tools.review_report [PROJECT_DIR]``. The weekly review-report
workflow keeps the output as one GitHub issue. It reads the same views as the
site's review dashboard (network/views.py, network/listings.py):
PLAYBOOKS_TODAY=YYYY-MM-DD sets today.
"""

from __future__ import annotations

import sys

from network.escape import markdown_text
from network.listings import review_queue
from network.review import DUE_SOON_PHRASE
from network.site import Site
from network.views import PlaybookView
from network.vocabulary import DOMAINS, STATUSES
from tools.validate import load_for_command

TITLE = "# Playbook reviews due"
# The whole first line when nothing is due: .github/workflows/review-report.yml compares it.
NOTHING_DUE = f"No playbook is overdue or due for review {DUE_SOON_PHRASE}."
SECTIONS = {"overdue": "Overdue", "due-soon": f"Due {DUE_SOON_PHRASE}"}
COLUMNS = ["Playbook", "Domain", "Status", "Owner", "Contributor", "Last reviewed", "Next review", "When"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _count(views: list[PlaybookView]) -> str:
    return f"{len(views)} {'is' if len(views) == 1 else 'are'}"


def _row(view: PlaybookView) -> str:
    playbook = view.playbook
    cells = [
        f"{markdown_text(playbook.title)}<br>`docs/{playbook.src_uri}`",
        DOMAINS[playbook.domain],
        STATUSES[playbook.status],
        markdown_text(playbook.owner),
        markdown_text(view.contributor.name),
        playbook.last_reviewed.isoformat(),
        playbook.next_review.isoformat(),
        view.due_in,
    ]
    return "| " + " | ".join(cells) + " |"


def review_report(site: Site) -> str:
    """Draft and approved playbooks overdue for review, then those due soon, each soonest first."""
    queue = review_queue(site.views)
    by_state = {state: [view for view in queue if view.review_state == state] for state in SECTIONS}
    today = site.today.isoformat()
    if not any(by_state.values()):
        return (f"{NOTHING_DUE}\n\nChecked {_plural(len(queue), 'draft or approved playbook')} "
                f"on {today}.\n")
    lines = [
        TITLE,
        "",
        f"On {today}, of {_plural(len(queue), 'draft or approved playbook')}, "
        f"{_count(by_state['overdue'])} overdue for review and "
        f"{_count(by_state['due-soon'])} due {DUE_SOON_PHRASE}.",
        "A playbook is due `review_interval_months` after its `last_reviewed` date. Its owner "
        "reviews it, updates what changed and sets `last_reviewed` to the review date, by pull request.",
    ]
    for state, heading in SECTIONS.items():
        views = by_state[state]
        if not views:
            continue
        lines += ["", f"## {heading} ({len(views)})", "",
                  "| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
        lines += [_row(view) for view in views]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    site = load_for_command(sys.argv[1:] if argv is None else argv, "make review-report")
    if site is None:
        return 1
    sys.stdout.write(review_report(site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
