"""What each generated listing shows, and in what order: pure functions of the views."""

from __future__ import annotations

import dataclasses
import heapq

from network.changes import REVISION_KINDS, Change
from network.members import members_by_state, network_summary
from network.review import REVIEW_ORDER, REVIEW_STATES
from network.views import MemberView, PlaybookView, specialty_slug, tag_slug
from network.vocabulary import DOMAINS, STATUSES

# The most rows one page of a generated listing shows; a longer listing continues on numbered pages,
# so that no page grows with the network (`make bench` holds every page under 500 KB at 4,000 playbooks).
LISTING_PAGE_ROWS = 500
# How many playbooks a member's entry in the directory names of each kind; its own page lists them all.
DIRECTORY_ENTRY_ROWS = 5


@dataclasses.dataclass(frozen=True)
class Section:
    """One group of a listing as one page shows it: its name, its rows there, and whether it began on a page before."""

    name: str
    rows: list
    continued: bool = False


def paginate(groups: list[tuple[str, list]], per_page: int | None = None) -> list[list[Section]]:
    """Split a listing's groups into pages of at most ``per_page`` rows (LISTING_PAGE_ROWS), in order.

    A group may run over a page break. A listing with no rows is one empty page, so its first page always exists.
    """
    per_page = LISTING_PAGE_ROWS if per_page is None else per_page
    if per_page < 1:
        raise ValueError("a page holds at least one row")
    pages: list[list[Section]] = [[]]
    room = per_page
    for name, rows in groups:
        start = 0
        while start < len(rows):
            if room == 0:
                pages.append([])
                room = per_page
            taken = rows[start:start + room]
            pages[-1].append(Section(name, taken, continued=start > 0))
            start += len(taken)
            room -= len(taken)
    return pages


def group_pages(pages: list[list[Section]]) -> dict[str, int]:
    """The page (from 1) where each group of a paginated listing begins."""
    return {section.name: number for number, page in enumerate(pages, start=1)
            for section in page if not section.continued}


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
    return "specialty-" + specialty_slug(specialty)


def specialty_names(views: list[PlaybookView]) -> dict[str, str]:
    """Each specialty's slug with the name it is shown by: names that share a slug are one specialty."""
    names: dict[str, str] = {}
    for name in sorted({name for view in views for name in view.playbook.specialties}, key=lambda n: (n.casefold(), n)):
        names.setdefault(specialty_slug(name), name)
    return names


def specialty_groups(views: list[PlaybookView]) -> list[tuple[str, list[PlaybookView]]]:
    """Playbooks under each specialty they name (matched by slug), specialties and playbooks by name."""
    names = specialty_names(views)
    groups: dict[str, list[PlaybookView]] = {}
    for view in sorted(views, key=lambda view: view.sort_title):
        for slug in dict.fromkeys(specialty_slug(name) for name in view.playbook.specialties):
            groups.setdefault(names[slug].casefold(), []).append(view)
    return sorted(groups.items())


@dataclasses.dataclass(frozen=True)
class TagGroup:
    """A tag's own page: its slug, the name it is shown by, every spelling that shares the slug, its playbooks."""

    slug: str
    name: str
    spellings: tuple[str, ...]
    views: list[PlaybookView]


def tag_groups(views: list[PlaybookView]) -> list[TagGroup]:
    """Each tag with its playbooks by title, tags by name; tags that share a slug are one tag, named as sorted first."""
    spellings: dict[str, list[str]] = {}
    for name in sorted({tag for view in views for tag in view.playbook.tags}, key=lambda n: (n.casefold(), n)):
        spellings.setdefault(tag_slug(name), []).append(name)
    groups: dict[str, list[PlaybookView]] = {slug: [] for slug in spellings}
    for view in sorted(views, key=lambda view: view.sort_title):
        for slug in dict.fromkeys(tag_slug(tag) for tag in view.playbook.tags):
            groups[slug].append(view)
    return sorted((TagGroup(slug, names[0], tuple(names), groups[slug]) for slug, names in spellings.items()),
                  key=lambda group: (group.name.casefold(), group.name))


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
    """One line for the home page: members, states, services, and playbooks in use (approved) with drafts apart."""
    summary = network_summary([view.member for view in members])
    services = summary["services"]
    offered = ", ".join(s.lower() for s in services[:-1]) + (" and " if len(services) > 1 else "") \
        + (services[-1].lower() if services else "")
    approved, drafts = approved_and_drafts(playbooks)
    return (f"{summary['members']} member institutions in {summary['states']} states "
            f"({summary['fictional']} of them fictional examples) share {approved} "
            f"{'playbook' if approved == 1 else 'playbooks'} in use"
            + (f" ({drafts_phrase(drafts)} not yet approved)" if drafts else "")
            + (f" and offer {offered}." if services else "."))


def approved_and_drafts(views: list[PlaybookView]) -> tuple[int, int]:
    """How many of these playbooks are approved (in use) and how many are drafts: counted apart."""
    return sum(view.approved for view in views), sum(view.status == "draft" for view in views)


def drafts_phrase(drafts: int) -> str:
    return f"{drafts} {'draft' if drafts == 1 else 'drafts'}"


# How many updates What's new and each feed list: the latest, so that both stay small as the network grows.
LATEST_UPDATES = 50
# How many of one playbook's notes What's new and the feeds list: its newest, so that one playbook's
# many notes cannot push the rest of the network's changes out.
UPDATES_PER_PLAYBOOK = 3


@dataclasses.dataclass(frozen=True)
class Update:
    """One noteworthy change note with the playbook it belongs to."""

    view: PlaybookView
    change: Change


def latest_updates(views: list[PlaybookView], domain: str | None = None, limit: int = LATEST_UPDATES) -> list[Update]:
    """Clinical changes, new playbooks and retirements, newest first, of every domain or one; drafts left out.

    A draft is not yet approved for use, so its notes wait until it is. Each playbook gives at most its
    UPDATES_PER_PLAYBOOK newest notes (they are written newest first).
    """
    candidates = ((-change.date.toordinal(), view.sort_title, index, Update(view, change))
                  for view in views if view.status != "draft" and (domain is None or view.playbook.domain == domain)
                  for index, change in enumerate([change for change in view.playbook.changes
                                                  if change.noteworthy][:UPDATES_PER_PLAYBOOK]))
    return [item[-1] for item in heapq.nsmallest(limit, candidates, key=lambda item: item[:3])]


def finder_facets(views: list[PlaybookView]) -> list[dict]:
    """The finder's facets: each with its query-string key, its label and its (value, label) choices.

    A facet's values are the ones the rows carry (network.views.finder_row):
    keys, member ids and specialty slugs, so the query string stays short.
    """
    def members(pick) -> list[tuple[str, str]]:
        named = {member.id: member.name for view in views for member in pick(view)}
        return sorted(named.items(), key=lambda item: item[1].casefold())

    specialties = specialty_names(views)
    return [
        {"key": "domain", "label": "Domain", "choices": list(DOMAINS.items())},
        {"key": "specialty", "label": "Specialty",
         "choices": sorted(specialties.items(), key=lambda item: item[1].casefold())},
        {"key": "contributor", "label": "Contributed by", "choices": members(lambda view: [view.contributor])},
        {"key": "adopter", "label": "Adopted by", "choices": members(lambda view: view.adopters)},
        {"key": "status", "label": "Status", "choices": list(STATUSES.items())},
        {"key": "review", "label": "Review", "choices": list(REVIEW_STATES.items())},
    ]


def finder_rows(views: list[PlaybookView]) -> list[PlaybookView]:
    """Every playbook in the finder, by title."""
    return sorted(views, key=lambda view: view.sort_title)


def recently_revised(views: list[PlaybookView], limit: int) -> list[Update]:
    """The home page's 'new and revised': each approved playbook's latest 'new' or 'clinical' note, newest first.

    One entry per playbook, from the change notes only: a file's edit date (git) is no revision.
    """
    latest = [Update(view, next(change for change in view.playbook.changes if change.kind in REVISION_KINDS))
              for view in views if view.approved and any(c.kind in REVISION_KINDS for c in view.playbook.changes)]
    return sorted(latest, key=lambda update: (-update.change.date.toordinal(), update.view.sort_title))[:limit]


def due_for_review(views: list[PlaybookView]) -> list[PlaybookView]:
    """The playbooks in use that are overdue or due soon, most urgent first."""
    return [view for view in review_queue(views) if view.review_state != "current"]


def domain_counts(views: list[PlaybookView]) -> list[tuple[str, str, int, int]]:
    """Each domain as (key, label, playbooks in use (approved), drafts), in the vocabulary's order."""
    return [(key, label, *approved_and_drafts([view for view in views if view.playbook.domain == key]))
            for key, label in DOMAINS.items()]
