"""Schema.org structured data of a playbook page: a MedicalWebPage as JSON-LD, so other tools read its trust facts."""

from __future__ import annotations

from network.urls import member_entry, site_address
from network.views import PlaybookView
from network.vocabulary import STATUS_NOTES, STATUSES


def medical_web_page(view: PlaybookView, site_url: str, use_directory_urls: bool = True) -> dict:
    """The page as a schema.org MedicalWebPage: who reviewed it and when, for whom, and about what.

    Only an approved playbook claims a review (``lastReviewed``, ``reviewedBy``), which a search engine would
    show as current; a draft or retired one says what it is (``creativeWorkStatus``) instead.
    """
    playbook = view.playbook
    contributor = {"@type": "MedicalOrganization", "name": view.contributor.name,
                   "url": site_address(site_url, member_entry(view.contributor.id), use_directory_urls)}
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": site_address(site_url, playbook.src_uri, use_directory_urls),
        "name": playbook.title,
        "description": playbook.summary,
        "creativeWorkStatus": STATUSES[playbook.status],
        "disambiguatingDescription": STATUS_NOTES[playbook.status],
        "author": contributor,
        "audience": {"@type": "MedicalAudience", "audienceType": "Clinician"},
        "specialty": list(playbook.specialties),
        "about": [{"@type": "Thing", "name": name} for name in (*playbook.specialties, *playbook.tags)],
        "keywords": list(playbook.tags),
        "citation": [{"@type": "CreativeWork", "name": item.title, "url": item.url} for item in playbook.evidence],
    }
    if view.shows_currency:
        data["lastReviewed"] = playbook.last_reviewed.isoformat()
        data["reviewedBy"] = {"@type": "Person", "jobTitle": playbook.owner, "worksFor": contributor}
    if playbook.changes:
        data["dateModified"] = playbook.changes[0].date.isoformat()
    return data
