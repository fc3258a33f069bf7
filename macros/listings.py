"""Generated pages: the member directory, domain listings, review dashboard, headers.

Each function takes the loaded data and returns Markdown (or, for playbook
headers, plain values for overrides/partials/playbook-header.html).
"""

from __future__ import annotations

import datetime
import re

from macros.members import Member, members_by_state, network_summary
from macros.playbooks import DOMAINS, DUE_SOON_DAYS, REVIEW_STATES, STATUSES, Playbook, review_state
from macros.rendering import markdown_text, page_url, relative_link, render

MEMBERS_PAGE = "members.md"
REVIEW_ORDER = {"overdue": 0, "due-soon": 1, "current": 2}


def _item(playbook: Playbook, members: dict[str, Member], today: datetime.date, from_src: str) -> dict:
    state = review_state(playbook.next_review, today)
    contributor = members[playbook.contributor]
    return {
        "title": playbook.title,
        "summary": playbook.summary,
        "link": relative_link(playbook.src_uri, from_src),
        "domain": DOMAINS[playbook.domain],
        "status": playbook.status,
        "status_label": STATUSES[playbook.status],
        "owner": playbook.owner,
        "next_review": playbook.next_review.isoformat(),
        "review_state": state,
        "review_label": REVIEW_STATES[state],
        "due_in": _due_in(playbook.next_review, today),
        "contributor": contributor.name,
        "contributor_link": relative_link(f"{MEMBERS_PAGE}#{contributor.id}", from_src),
        "group": "retired" if playbook.status == "retired" else "in-use",
    }


def due_phrase(due: datetime.date, today: datetime.date) -> str:
    """How far off a review date is: '3 days overdue', 'due today' or 'in 17 days'."""
    days = (due - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"in {days} day{'s' if days != 1 else ''}"


def _due_in(due: datetime.date, today: datetime.date) -> str:
    return f"({due_phrase(due, today)})"


def domain_listing(playbooks: list[Playbook], members: dict[str, Member], domain: str,
                   today: datetime.date, from_src: str) -> str:
    """The playbooks of one domain, in use first then retired, each group by title."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain '{domain}'; expected one of {', '.join(DOMAINS)}")
    chosen = [p for p in playbooks if p.domain == domain]
    items = [_item(p, members, today, from_src) for p in chosen]
    items.sort(key=lambda item: (item["group"] == "retired", item["title"].casefold()))
    return render("domain-listing.md.jinja", items=items)


def review_dashboard(playbooks: list[Playbook], members: dict[str, Member],
                     today: datetime.date, from_src: str) -> str:
    """Draft and approved playbooks, most urgent first: overdue, due soon, current."""
    items = [_item(p, members, today, from_src) for p in playbooks if p.status != "retired"]
    items.sort(key=lambda item: (REVIEW_ORDER[item["review_state"]], item["next_review"],
                                 item["title"].casefold()))
    counts = {state: sum(item["review_state"] == state for item in items) for state in REVIEW_ORDER}
    return render("review-dashboard.md.jinja", items=items, counts=counts, today=today.isoformat(),
                  due_soon_days=DUE_SOON_DAYS)


def specialty_anchor(specialty: str) -> str:
    return "specialty-" + re.sub(r"[^a-z0-9]+", "-", specialty.casefold()).strip("-")


def specialty_listing(playbooks: list[Playbook], members: dict[str, Member],
                      today: datetime.date, from_src: str) -> str:
    """Playbooks grouped under each specialty they name, specialties in alphabetical order."""
    groups: dict[str, list[dict]] = {}
    for playbook in sorted(playbooks, key=lambda p: p.title.casefold()):
        for specialty in playbook.specialties:
            groups.setdefault(specialty.casefold(), []).append(_item(playbook, members, today, from_src))
    specialties = sorted(groups.items())
    return render("specialty-listing.md.jinja", specialties=specialties,
                  anchors={name: specialty_anchor(name) for name, _ in specialties})


def member_directory(members: list[Member], playbooks: list[Playbook], today: datetime.date,
                     from_src: str) -> str:
    """Members grouped by state, each with the playbooks it contributed and adopted."""
    by_id = {member.id: member for member in members}
    contributed: dict[str, list[dict]] = {member.id: [] for member in members}
    adopted: dict[str, list[dict]] = {member.id: [] for member in members}
    for playbook in sorted(playbooks, key=lambda p: p.title.casefold()):
        item = _item(playbook, by_id, today, from_src)
        contributed[playbook.contributor].append(item)
        for member_id in playbook.adopted_by:
            adopted[member_id].append(item)
    states = [
        (state, [{"member": m, "contributed": contributed[m.id], "adopted": adopted[m.id]} for m in group])
        for state, group in members_by_state(members)
    ]
    return render("member-directory.md.jinja", states=states)


def summary_sentence(members: list[Member], playbooks: list[Playbook]) -> str:
    """One line for the home page: members, states, services and playbooks."""
    summary = network_summary(members)
    services = summary["services"]
    offered = ", ".join(s.lower() for s in services[:-1]) + (" and " if len(services) > 1 else "") \
        + (services[-1].lower() if services else "")
    in_use = sum(p.status != "retired" for p in playbooks)
    text = (f"{summary['members']} member institutions in {summary['states']} states "
            f"({summary['fictional']} of them fictional examples) share {in_use} playbooks"
            + (f" and offer {offered}." if services else "."))
    return str(markdown_text(text))


def playbook_header(playbook: Playbook, members: dict[str, Member], playbooks_by_ref: dict[str, Playbook],
                    today: datetime.date, last_changed: datetime.date | None,
                    use_directory_urls: bool = True) -> dict:
    """Plain values for the header of one playbook page (the template escapes them)."""
    def member_link(member_id: str) -> dict:
        member = members[member_id]
        return {"name": member.name, "fictional": member.fictional,
                "url": page_url(MEMBERS_PAGE, use_directory_urls) + "#" + member.id}

    def playbook_link(ref: str | None) -> dict | None:
        if not ref:
            return None
        target = playbooks_by_ref[ref]
        return {"title": target.title, "url": page_url(target.src_uri, use_directory_urls)}

    state = review_state(playbook.next_review, today)
    return {
        "title": playbook.title,
        "summary": playbook.summary,
        "domain": playbook.domain,
        "domain_label": DOMAINS[playbook.domain],
        "domain_url": page_url(f"playbooks/{playbook.domain}/index.md", use_directory_urls),
        "status": playbook.status,
        "status_label": STATUSES[playbook.status],
        "review_state": state,
        "review_label": REVIEW_STATES[state],
        "due_in": _due_in(playbook.next_review, today),
        "today": today.isoformat(),
        "last_reviewed": playbook.last_reviewed.isoformat(),
        "next_review": playbook.next_review.isoformat(),
        "review_interval_months": playbook.review_interval_months,
        "owner": playbook.owner,
        "contributor": member_link(playbook.contributor),
        "adopted": [member_link(member_id) for member_id in playbook.adopted_by],
        "specialties": list(playbook.specialties),
        "evidence": [{"title": e.title, "url": e.url} for e in playbook.evidence],
        "supersedes": playbook_link(playbook.supersedes),
        "superseded_by": playbook_link(playbook.superseded_by),
        "last_changed": last_changed.isoformat() if last_changed else "",
    }
