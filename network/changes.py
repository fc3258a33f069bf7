"""Change notes: what changed in a playbook, when, and whether a reader must know it.

A playbook's front matter may list dated notes under ``changes``, newest
first. Their shape (date, kind, note) is the front-matter schema's
(network/schemas/playbook.schema.json); the rules that need more than one
value are here: the order, no note after the build date, no clinical change
after ``last_reviewed`` (a clinical change is approved by a review), and
where the kinds that open and close a playbook's life may stand.
"""

from __future__ import annotations

import dataclasses
import datetime

from network.problems import Problem
from network.sourcefile import Located

# Each kind of note with how the page names it. A clinical change is what a reader must know
# (a new step, a changed threshold); an editorial one is not. `new` and `retired` open and
# close a playbook's life and are listed on What's new and in the feeds with clinical changes.
CHANGE_KINDS = {
    "new": "New playbook",
    "clinical": "Clinical change",
    "editorial": "Editorial change",
    "retired": "Retired",
}
# The kinds a reader sees at once on the page and finds on What's new and in the feeds.
NOTEWORTHY = ("new", "clinical", "retired")
# The kinds that make a playbook "new or revised" on the home page: a reader should look at it again.
REVISION_KINDS = ("new", "clinical")


@dataclasses.dataclass(frozen=True)
class Change:
    """One dated note; ``anchor`` is its element id on the playbook's page."""

    date: datetime.date
    kind: str
    note: str
    anchor: str

    @property
    def label(self) -> str:
        return CHANGE_KINDS[self.kind]

    @property
    def noteworthy(self) -> bool:
        return self.kind in NOTEWORTHY


def change_anchors(dates: list[datetime.date]) -> list[str]:
    """A stable id for each note: ``update-YYYY-MM-DD``, then ``-2``, ``-3`` for more on one day, oldest first."""
    counts: dict[datetime.date, int] = {}
    anchors = [""] * len(dates)
    for index in reversed(range(len(dates))):
        counts[dates[index]] = counts.get(dates[index], 0) + 1
        number = counts[dates[index]]
        anchors[index] = f"update-{dates[index].isoformat()}" + (f"-{number}" if number > 1 else "")
    return anchors


def parse_changes(raw: list[dict]) -> tuple[Change, ...]:
    """Notes from front-matter values the schema has accepted, in the order written."""
    dates = [datetime.date.fromisoformat(item["date"]) for item in raw]
    return tuple(Change(date, item["kind"], item["note"].strip(), anchor)
                 for date, item, anchor in zip(dates, raw, change_anchors(dates), strict=True))


def change_problems(changes: tuple[Change, ...], document: Located, file: str, status: str,
                    last_reviewed: datetime.date | None) -> list[Problem]:
    """The rules across one playbook's notes and fields, each at the line of the note it is about."""
    problems = []
    for index, change in enumerate(changes):
        if index and change.date > changes[index - 1].date:
            problems.append(_problem(document, file, index, f"{change.date.isoformat()} is newer than the note "
                                     f"above it ({changes[index - 1].date.isoformat()}); list the notes newest first"))
        if change.kind == "clinical" and last_reviewed and change.date > last_reviewed:
            problems.append(_problem(document, file, index, f"a clinical change dated {change.date.isoformat()} is "
                                     f"after last_reviewed ({last_reviewed.isoformat()}); a clinical change is "
                                     "approved by a review: set last_reviewed to the date of that review"))
        if change.kind == "new" and index != len(changes) - 1:
            problems.append(_problem(document, file, index, "'new' marks the playbook's first publication: it is "
                                     "the oldest note, the last in the list", key="kind"))
        if change.kind == "retired" and status != "retired":
            problems.append(_problem(document, file, index, f"a 'retired' note on a playbook whose status is "
                                     f"'{status}'; set status: retired or choose another kind", key="kind"))
    return problems


def future_change_problems(changes: tuple[Change, ...], document: Located, file: str,
                           today: datetime.date) -> list[Problem]:
    """Notes dated after the build date, which would put a change on What's new before it happened."""
    return [_problem(document, file, index, f"{change.date.isoformat()} is after the build date "
                     f"{today.isoformat()}; write the date the change was made")
            for index, change in enumerate(changes) if change.date > today]


def _problem(document: Located, file: str, index: int, message: str, key: str = "date") -> Problem:
    return Problem(file, document.line("changes", index, key), message, field="changes",
                   subject=f"change note {index + 1}")
