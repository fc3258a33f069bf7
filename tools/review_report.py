"""`make review-report`: the playbooks whose review is overdue or due within 60 days, as Markdown.

Run as ``python -m tools.review_report [PROJECT_DIR]``. The weekly review-report
workflow keeps the output as one GitHub issue. Dates follow the site's review
dashboard (macros.playbooks): PLAYBOOKS_TODAY=YYYY-MM-DD sets today.
"""

from __future__ import annotations

import sys

from macros.check import load_for_command
from macros.listings import due_phrase
from macros.playbooks import DOMAINS, DUE_SOON_DAYS, STATUSES, Playbook, review_state
from macros.rendering import markdown_text
from macros.site import SiteData

TITLE = "# Playbook reviews due"
# The whole first line when nothing is due: .github/workflows/review-report.yml compares it.
NOTHING_DUE = f"No playbook is overdue or due for review within {DUE_SOON_DAYS} days."
SECTIONS = {"overdue": "Overdue", "due-soon": f"Due within {DUE_SOON_DAYS} days"}
COLUMNS = ["Playbook", "Domain", "Status", "Owner", "Contributor", "Last reviewed", "Next review", "When"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _count(playbooks: list[Playbook]) -> str:
    return f"{len(playbooks)} {'is' if len(playbooks) == 1 else 'are'}"


def _row(playbook: Playbook, data: SiteData) -> str:
    member = data.members_by_id.get(playbook.contributor)
    cells = [
        f"{markdown_text(playbook.title)}<br>`docs/{playbook.src_uri}`",
        DOMAINS[playbook.domain],
        STATUSES[playbook.status],
        markdown_text(playbook.owner),
        markdown_text(member.name if member else playbook.contributor),
        playbook.last_reviewed.isoformat(),
        playbook.next_review.isoformat(),
        due_phrase(playbook.next_review, data.today),
    ]
    return "| " + " | ".join(cells) + " |"


def review_report(data: SiteData) -> str:
    """Draft and approved playbooks overdue for review, then those due soon, each soonest first."""
    in_use = [playbook for playbook in data.playbooks if playbook.status != "retired"]
    by_state: dict[str, list[Playbook]] = {state: [] for state in SECTIONS}
    for playbook in in_use:
        state = review_state(playbook.next_review, data.today)
        if state in by_state:
            by_state[state].append(playbook)
    today = data.today.isoformat()
    if not any(by_state.values()):
        return (f"{NOTHING_DUE}\n\nChecked {_plural(len(in_use), 'draft or approved playbook')} "
                f"on {today}.\n")
    lines = [
        TITLE,
        "",
        f"On {today}, of {_plural(len(in_use), 'draft or approved playbook')}, "
        f"{_count(by_state['overdue'])} overdue for review and "
        f"{_count(by_state['due-soon'])} due within {DUE_SOON_DAYS} days.",
        "A playbook is due `review_interval_months` after its `last_reviewed` date. Its owner "
        "reviews it, updates what changed and sets `last_reviewed` to the review date, by pull request.",
    ]
    for state, heading in SECTIONS.items():
        playbooks = sorted(by_state[state], key=lambda p: (p.next_review, p.title.casefold()))
        if not playbooks:
            continue
        lines += ["", f"## {heading} ({len(playbooks)})", "",
                  "| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
        lines += [_row(playbook, data) for playbook in playbooks]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    data = load_for_command(sys.argv[1:] if argv is None else argv, "make review-report")
    if data is None:
        return 1
    sys.stdout.write(review_report(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
