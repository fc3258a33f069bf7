"""One view of each playbook and member, built once per build from the loaded, validated content.

A view joins what the files hold with what the network makes of them: the
playbook's contributor and adopters as members, the playbooks it replaces,
its review state on the build date, and the date its file last changed. The
generated pages, the theme's playbook header and the tools read these views;
none of them computes review state or joins members again.
Projections for a template (:func:`header_values`, :func:`listing_item`)
hold plain text, numbers, lists and dicts only, which every template engine
can read.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re

from network.changes import Change
from network.members import Member
from network.playbooks import Adoption, Playbook, Recommendation
from network.review import REVIEW_STATES, due_phrase, review_state
from network.sections import headings, shown_sections
from network.urls import (
    domain_index,
    html_link,
    member_entry,
    member_page,
    page_url,
    relative_link,
    report_mail_url,
    report_problem_url,
    site_address,
    tag_page,
)
from network.vocabulary import ADOPTION_STATES, CERTAINTIES, DOMAINS, STATUSES, STRENGTHS, TARGET_MET, approved


@dataclasses.dataclass(frozen=True)
class AdoptionView:
    """One adoption record with its member."""

    adoption: Adoption
    member: Member


@dataclasses.dataclass(frozen=True)
class PlaybookView:
    """A playbook with its members, its neighbours and its review state on the build date."""

    playbook: Playbook
    contributor: Member
    # Every adoption record, the stopped ones last; ``adopters`` are the members adopting it now.
    adoptions: tuple[AdoptionView, ...]
    supersedes: Playbook | None
    superseded_by: Playbook | None
    today: datetime.date
    review_state: str
    # How far off the next review is, such as '3 days overdue'.
    due_in: str
    last_changed: datetime.date | None = None
    # The member whose directory entry says whom to ask, when owner_contact names one.
    contact_member: Member | None = None

    @property
    def src_uri(self) -> str:
        return self.playbook.src_uri

    @functools.cached_property
    def listing_values(self) -> dict:
        """The values every listing shows of this playbook, computed once for the build's many listings."""
        return listing_values(self)

    @property
    def title(self) -> str:
        return self.playbook.title

    @property
    def status(self) -> str:
        return self.playbook.status

    @property
    def in_use(self) -> bool:
        return self.playbook.in_use

    @property
    def next_review(self) -> datetime.date:
        return self.playbook.next_review

    @property
    def sort_title(self) -> str:
        return self.playbook.title.casefold()

    @property
    def approved(self) -> bool:
        """Approved for patient care: what a count labelled "in use" counts (drafts are counted apart)."""
        return approved(self.playbook.status)

    @property
    def shows_currency(self) -> bool:
        """Only an approved playbook says whether it is current: a draft is not yet, a retired one no longer."""
        return self.approved

    @property
    def adopters(self) -> tuple[Member, ...]:
        """The members adopting it now: a stopped adoption no longer counts."""
        return tuple(item.member for item in self.adoptions if item.adoption.adopting)


@dataclasses.dataclass(frozen=True)
class MemberView:
    """A member with the playbooks it contributed and adopted, each by title."""

    member: Member
    contributed: tuple[PlaybookView, ...]
    # The playbooks it adopts now, and every adoption record of its own (stopped ones too), by title.
    adopted: tuple[PlaybookView, ...]
    adoptions: tuple[tuple[PlaybookView, Adoption], ...] = ()

    @property
    def entry(self) -> str:
        """Its entry in the directory: the docs-relative target with its anchor."""
        return member_entry(self.member.id)

    @property
    def page(self) -> str:
        """Its own page, /members/<id>/, as a docs-relative target."""
        return member_page(self.member.id)


def playbook_views(playbooks: list[Playbook], members: dict[str, Member], today: datetime.date,
                   last_changed: dict[str, datetime.date] | None = None) -> list[PlaybookView]:
    """A view of each playbook, in the order given; ``last_changed`` maps a src_uri to its git date."""
    by_ref = {playbook.ref: playbook for playbook in playbooks}
    changed = last_changed or {}
    return [
        PlaybookView(
            playbook=playbook,
            contributor=members[playbook.contributor],
            adoptions=tuple(AdoptionView(adoption, members[adoption.member])
                            for adoption in sorted(playbook.adopted_by, key=lambda item: not item.adopting)),
            supersedes=by_ref.get(playbook.supersedes) if playbook.supersedes else None,
            superseded_by=by_ref.get(playbook.superseded_by) if playbook.superseded_by else None,
            today=today,
            review_state=review_state(playbook.next_review, today),
            due_in=due_phrase(playbook.next_review, today),
            last_changed=changed.get(playbook.src_uri),
            contact_member=members.get(playbook.owner_contact),
        )
        for playbook in playbooks
    ]


def member_views(members: list[Member], playbooks: list[PlaybookView]) -> list[MemberView]:
    """A view of each member, in the order given."""
    by_title = sorted(playbooks, key=lambda view: view.sort_title)
    contributed: dict[str, list[PlaybookView]] = {member.id: [] for member in members}
    adoptions: dict[str, list[tuple[PlaybookView, Adoption]]] = {member.id: [] for member in members}
    for view in by_title:
        contributed[view.contributor.id].append(view)
        for item in view.adoptions:
            adoptions[item.member.id].append((view, item.adoption))
    return [MemberView(member, tuple(contributed[member.id]),
                       tuple(view for view, adoption in adoptions[member.id] if adoption.adopting),
                       tuple(adoptions[member.id]))
            for member in members]


def result_values(playbook: Playbook, adoption: Adoption) -> list[dict]:
    """Plain values for a member's results, each with its measure and whether it meets the target, in words."""
    measures = {measure.id: measure for measure in playbook.measures}
    return [{"measure": measures[result.measure].name, "target": measures[result.measure].target,
             "value": result.value, "period": result.period, "meets_target": result.meets_target,
             "verdict": TARGET_MET[result.meets_target]}
            for result in adoption.results]


def adoption_values(playbook: Playbook, adoption: Adoption) -> dict:
    """Plain values for one adoption record: state in words, since, local variation and results."""
    return {"state": adoption.state, "state_label": ADOPTION_STATES[adoption.state],
            "adopting": adoption.adopting, "since": adoption.since or "",
            "variation": adoption.variation or "", "results": result_values(playbook, adoption)}


def recommendation_values(playbook: Playbook, recommendation: Recommendation) -> dict:
    """Plain values for a graded recommendation: GRADE strength and certainty in words, with its evidence."""
    return {"text": recommendation.text, "strength": recommendation.strength,
            "strength_label": STRENGTHS[recommendation.strength], "certainty": recommendation.certainty,
            "certainty_label": CERTAINTIES[recommendation.certainty], "rationale": recommendation.rationale,
            "evidence": [{"number": number, "title": playbook.evidence[number - 1].title,
                          "url": playbook.evidence[number - 1].url} for number in recommendation.evidence]}


def results_summary(view: PlaybookView) -> dict[str, int]:
    """How many results the members adopting the playbook now report, and how many meet the target."""
    results = [result for item in view.adoptions if item.adoption.adopting for result in item.adoption.results]
    return {"reported": len(results), "met": sum(result.meets_target for result in results)}


def owner_contact(view: PlaybookView, use_directory_urls: bool = True) -> dict:
    """Whom to ask about a playbook: its role mailbox, or the mailbox in the entry of the member it names.

    Either way the label is the address itself, so that a printed page gives one a reader can use.
    """
    member = view.contact_member
    mailbox = member.contact if member else view.playbook.owner_contact
    return {"label": mailbox.removeprefix("mailto:"), "url": mailbox,
            "member": {"name": member.name, "url": page_url(member_page(member.id), use_directory_urls)}
            if member else None}


def status_values(view: PlaybookView) -> dict:
    """A playbook's status and review state, with their labels, as every template shows them."""
    return {
        "status": view.status,
        "status_label": STATUSES[view.status],
        "in_use": view.in_use,
        "shows_currency": view.shows_currency,
        "review_state": view.review_state,
        "review_label": REVIEW_STATES[view.review_state],
    }


def header_values(view: PlaybookView, use_directory_urls: bool = True, site_url: str = "",
                  repo_url: str = "") -> dict:
    """Plain values for the header of one playbook page (overrides/partials/playbook-header.html escapes them).

    ``site_url`` (SITE_URL) gives the published address printed on the page and
    sent with a problem report; ``repo_url`` the project's issue form.
    """
    playbook = view.playbook
    address = site_address(site_url, playbook.src_uri, use_directory_urls) if site_url else ""

    def member_link(member: Member) -> dict:
        return {"name": member.name, "fictional": member.fictional,
                "url": page_url(member_page(member.id), use_directory_urls)}

    def playbook_link(target: Playbook | None) -> dict | None:
        return {"title": target.title, "url": page_url(target.src_uri, use_directory_urls)} if target else None

    return {
        "title": playbook.title,
        "summary": playbook.summary,
        "domain": playbook.domain,
        "domain_label": DOMAINS[playbook.domain],
        "domain_url": page_url(domain_index(playbook.domain), use_directory_urls),
        **status_values(view),
        "due_in": f"({view.due_in})",
        "today": view.today.isoformat(),
        "address": address,
        "report_url": report_problem_url(repo_url, playbook.title, address) if repo_url and address else "",
        "report_mail": report_mail_url(owner_contact(view)["url"], playbook.title, address or playbook.src_uri),
        "last_reviewed": playbook.last_reviewed.isoformat(),
        "next_review": playbook.next_review.isoformat(),
        "review_interval_months": playbook.review_interval_months,
        "owner": playbook.owner,
        "owner_contact": owner_contact(view, use_directory_urls),
        "contributor": member_link(view.contributor),
        "adopted": [member_link(member) for member in view.adopters],
        "specialties": list(playbook.specialties),
        # Material's tags partial shows these as chips (overrides/main.html hands them to it).
        "tags": [{"name": tag, "url": page_url(tag_page(tag_slug(tag)), use_directory_urls)}
                 for tag in sorted(playbook.tags, key=lambda tag: (tag.casefold(), tag))],
        "evidence": [{"title": e.title, "url": e.url} for e in playbook.evidence],
        "measures": [{"id": m.id, "name": m.name, "target": m.target, "how": m.how} for m in playbook.measures],
        "variants": [{"member": member_link(item.member), **adoption_values(playbook, item.adoption)}
                     for item in view.adoptions],
        "recommendations": [recommendation_values(playbook, item) for item in playbook.recommendations],
        "supersedes": playbook_link(view.supersedes),
        "superseded_by": playbook_link(view.superseded_by),
        "last_changed": view.last_changed.isoformat() if view.last_changed else "",
        "changes": [change_values(change) for change in playbook.changes],
        "headings": headings(),
        "sections": shown_sections(bool(playbook.recommendations), bool(playbook.measures)),
    }


def change_values(change: Change) -> dict:
    """Plain values for one change note on its playbook's page."""
    return {"date": change.date.isoformat(), "kind": change.kind, "label": change.label, "note": change.note,
            "anchor": change.anchor, "noteworthy": change.noteworthy}


def listing_item(view: PlaybookView, from_src: str) -> dict:
    """Plain values for one playbook in a generated listing, linked from the page ``from_src``."""
    return {**view.listing_values, "link": relative_link(view.playbook.src_uri, from_src),
            "contributor_link": relative_link(member_page(view.contributor.id), from_src)}


def listing_values(view: PlaybookView) -> dict:
    """What a listing shows of a playbook wherever it is listed (``listing_item`` adds the links from one page)."""
    playbook = view.playbook
    return {
        "title": playbook.title,
        "summary": playbook.summary,
        "domain": DOMAINS[playbook.domain],
        **status_values(view),
        "owner": playbook.owner,
        "next_review": playbook.next_review.isoformat(),
        "due_in": f"({view.due_in})",
        "contributor": view.contributor.name,
        "adopters": len(view.adopters),
        "piloting": sum(item.adoption.state == "piloting" for item in view.adoptions),
        "results": results_summary(view),
        "strongest": recommendation_values(playbook, playbook.strongest) if playbook.strongest else None,
    }


def finder_row(view: PlaybookView, from_src: str, use_directory_urls: bool = True) -> dict:
    """Plain values for one row of the playbook finder: what it shows, and each facet's values as keys."""
    playbook = view.playbook
    return {
        "title": playbook.title,
        "link": html_link(playbook.src_uri, from_src, use_directory_urls),
        "domain": playbook.domain,
        "domain_label": DOMAINS[playbook.domain],
        **status_values(view),
        "contributor": view.contributor.id,
        "contributor_name": view.contributor.name,
        "adopters": [member.id for member in view.adopters],
        "specialties": sorted({specialty_slug(specialty) for specialty in playbook.specialties}),
    }


def tag_slug(tag: str) -> str:
    """A tag as the last part of its page's address (/playbooks/tags/<slug>/): 'Pressure injury' is pressure-injury."""
    return specialty_slug(tag)


def specialty_slug(specialty: str) -> str:
    """A specialty as one token of the finder's query string: 'Emergency medicine' is emergency-medicine.

    Letters of any script are kept; a name of punctuation alone is spelled in hex, so no slug is empty.
    """
    return re.sub(r"[\W_]+", "-", specialty.casefold()).strip("-") or "u-" + specialty.encode().hex()
