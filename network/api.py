"""The network's data as JSON for other systems: /api/playbooks.json and /api/members.json.

Each document names its JSON Schema (network/schemas/api/, published under
/schemas/api/) and the build date its review states are worked out for.
Members and playbooks refer to each other by id: a member's ``id``, a
playbook's ``<domain>/<slug>``.
"""

from __future__ import annotations

import json

from network.site import Site
from network.urls import API_MEMBERS, API_PLAYBOOKS, absolute_url, member_page, site_address
from network.views import PlaybookView

SCHEMA_PATHS = {API_PLAYBOOKS: "schemas/api/playbooks.schema.json", API_MEMBERS: "schemas/api/members.schema.json"}


def playbook_record(view: PlaybookView, site_url: str, use_directory_urls: bool = True) -> dict:
    """One playbook as the API gives it."""
    playbook = view.playbook
    url = site_address(site_url, playbook.src_uri, use_directory_urls)
    return {
        "id": playbook.ref,
        "title": playbook.title,
        "summary": playbook.summary,
        "url": url,
        "domain": playbook.domain,
        "status": playbook.status,
        "contributor": view.contributor.id,
        # The members adopting it now: a stopped adoption no longer counts, and is left out.
        "adopters": [{"member": item.member.id, "state": item.adoption.state, "since": item.adoption.since,
                      "variation": item.adoption.variation,
                      "results": [{"measure": result.measure, "value": result.value, "period": result.period,
                                   "meets_target": result.meets_target} for result in item.adoption.results]}
                     for item in view.adoptions if item.adoption.adopting],
        "owner": playbook.owner,
        "last_reviewed": playbook.last_reviewed.isoformat(),
        "review_interval_months": playbook.review_interval_months,
        "next_review": playbook.next_review.isoformat(),
        "review_state": view.review_state,
        "specialties": list(playbook.specialties),
        "tags": list(playbook.tags),
        "evidence": [{"title": item.title, "url": item.url} for item in playbook.evidence],
        "measures": [{"id": m.id, "name": m.name, "target": m.target, "how": m.how} for m in playbook.measures],
        "recommendations": [{"text": r.text, "strength": r.strength, "certainty": r.certainty,
                             "rationale": r.rationale, "evidence": list(r.evidence)}
                            for r in playbook.recommendations],
        "supersedes": playbook.supersedes,
        "superseded_by": playbook.superseded_by,
        "changes": [{"date": change.date.isoformat(), "kind": change.kind, "note": change.note,
                     "url": f"{url}#{change.anchor}"} for change in playbook.changes],
    }


def playbooks_document(site: Site, site_url: str, use_directory_urls: bool = True) -> dict:
    """Every playbook, by id."""
    views = sorted(site.views, key=lambda view: view.playbook.ref)
    return {"schema": absolute_url(site_url, SCHEMA_PATHS[API_PLAYBOOKS]), "as_of": site.today.isoformat(),
            "playbooks": [playbook_record(view, site_url, use_directory_urls) for view in views]}


def members_document(site: Site, site_url: str, use_directory_urls: bool = True) -> dict:
    """The member directory, each member with the ids of the playbooks it contributed and adopted."""
    return {"schema": absolute_url(site_url, SCHEMA_PATHS[API_MEMBERS]), "as_of": site.today.isoformat(), "members": [
        {"id": member.id, "name": member.name, "city": member.city, "state": member.state, "joined": member.joined,
         "services": list(member.services), "specialties": list(member.specialties), "website": member.website,
         "source": member.source, "fictional": member.fictional,
         "url": site_address(site_url, member_page(member.id), use_directory_urls),
         "contributed": sorted(view.playbook.ref for view in member_view.contributed),
         "adopted": sorted(view.playbook.ref for view in member_view.adopted)}
        for member_view in sorted(site.member_views, key=lambda view: view.member.id)
        for member in [member_view.member]]}


def json_text(document: dict) -> str:
    """A document as the site publishes it: UTF-8 JSON, keys in the order written, one trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
