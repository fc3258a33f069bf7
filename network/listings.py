"""What each generated listing shows, and in what order: pure functions of the views."""

from __future__ import annotations

import dataclasses
import heapq
import re

from network.changes import Change
from network.members import members_by_state, network_summary
from network.review import REVIEW_ORDER
from network.views import MemberView, PlaybookView
from network.vocabulary import DOMAINS


def domain_groups(views: list[PlaybookView], domain: str) -> list[tuple[str, list[PlaybookView]]]:
    """A domain's playbooks: those in use, then the retired ones, each group by title; empty groups left out."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain '{domain}'; expected one of {', '.join(DOMAINS)}")
    chosen = sorted((view for view in views if view.playbook.domain == domain), key=lambda view: view.sort_title)
    groups = [("in-use", [view for view in chosen if view.in_use]),
              ("retired", [view for view in chosen if not view.in_use])]
    return [(name, group) for name, group in groups if group]


def review_queue(views: list[PlaybookView]) -> list[PlaybookView]:
    """The playbooks in use, most urgent first: overdue, due soon, current; then by due date and title."""
    return sorted((view for view in views if view.in_use),
                  key=lambda view: (REVIEW_ORDER[view.review_state], view.next_review, view.sort_title))


def review_counts(queue: list[PlaybookView]) -> dict[str, int]:
    """How many playbooks of the queue are in each review state."""
    return {state: sum(view.review_state == state for view in queue) for state in REVIEW_ORDER}


def specialty_anchor(specialty: str) -> str:
    return "specialty-" + re.sub(r"[^a-z0-9]+", "-", specialty.casefold()).strip("-")


def specialty_groups(views: list[PlaybookView]) -> list[tuple[str, list[PlaybookView]]]:
    """Playbooks under each specialty they name (matched without case), specialties and playbooks by name."""
    groups: dict[str, list[PlaybookView]] = {}
    for view in sorted(views, key=lambda view: view.sort_title):
        for specialty in view.playbook.specialties:
            groups.setdefault(specialty.casefold(), []).append(view)
    return sorted(groups.items())


def directory_states(members: list[MemberView]) -> list[tuple[str, list[MemberView]]]:
    """The directory: (state name, member views by name) pairs, states in alphabetical order."""
    by_id = {view.member.id: view for view in members}
    return [(state, [by_id[member.id] for member in group])
            for state, group in members_by_state([view.member for view in members])]


def members_per_state(members: list[MemberView]) -> dict[str, int]:
    """How many members each state code has (states without members left out)."""
    counts: dict[str, int] = {}
    for view in members:
        counts[view.member.state] = counts.get(view.member.state, 0) + 1
    return counts


def members_offering(members: list[MemberView], service: str) -> list:
    """The members that take part in ``service``, by name."""
    return sorted((view.member for view in members if service in view.member.services),
                  key=lambda member: member.name.casefold())


def summary_sentence(members: list[MemberView], playbooks: list[PlaybookView]) -> str:
    """One line for the home page: members, states, services and playbooks in use."""
    summary = network_summary([view.member for view in members])
    services = summary["services"]
    offered = ", ".join(s.lower() for s in services[:-1]) + (" and " if len(services) > 1 else "") \
        + (services[-1].lower() if services else "")
    in_use = sum(view.in_use for view in playbooks)
    return (f"{summary['members']} member institutions in {summary['states']} states "
            f"({summary['fictional']} of them fictional examples) share {in_use} playbooks"
            + (f" and offer {offered}." if services else "."))


# How many updates What's new and each feed list: the latest, so that both stay small as the network grows.
LATEST_UPDATES = 50


@dataclasses.dataclass(frozen=True)
class Update:
    """One noteworthy change note with the playbook it belongs to."""

    view: PlaybookView
    change: Change


def latest_updates(views: list[PlaybookView], domain: str | None = None, limit: int = LATEST_UPDATES) -> list[Update]:
    """Clinical changes, new playbooks and retirements, newest first, of every domain or one; drafts left out.

    A draft is not yet approved for use, so its notes wait until it is.
    """
    candidates = ((-change.date.toordinal(), view.sort_title, index, Update(view, change))
                  for view in views if view.status != "draft" and (domain is None or view.playbook.domain == domain)
                  for index, change in enumerate(view.playbook.changes) if change.noteworthy)
    return [item[-1] for item in heapq.nsmallest(limit, candidates, key=lambda item: item[:3])]
