"""How the site's search ranks playbooks and which pages it leaves out: set by the build, never by front matter.

Material's search reads a page's ``search`` settings (``boost``, ``exclude``);
the adapter sets them from these functions. A contributor cannot write them:
the gate refuses any front-matter key outside the schema.
"""

from __future__ import annotations

import html

from network.pages import LISTING_PAGES
from network.views import PlaybookView

# How much a playbook's match counts, by what it is: approved and current first, then
# approved but past review, drafts, and retired playbooks last (kept findable for reference).
BOOST = {"current": 3.0, "due-soon": 3.0, "overdue": 1.5, "draft": 0.5, "retired": 0.1}


def boost(view: PlaybookView) -> float:
    if view.status != "approved":
        return BOOST[view.status]
    return BOOST[view.review_state]


def search_settings(src_uri: str, view: PlaybookView | None) -> dict | None:
    """Material's ``search`` settings for the page ``src_uri``: a playbook's boost, a listing left out, or None."""
    if view is not None:
        return {"boost": boost(view)}
    if src_uri in LISTING_PAGES:
        return {"exclude": True}
    return None


def status_text(view: PlaybookView) -> str:
    """What a search result says of a playbook before its summary, such as "Approved, current"."""
    if view.status == "retired":
        replaced = f" Use {view.superseded_by.title} instead." if view.superseded_by else ""
        return f"Retired: do not use.{replaced}"
    if view.status == "draft":
        return "Draft: not yet approved for use."
    state = {"current": "current", "due-soon": "review due soon", "overdue": "review overdue"}[view.review_state]
    return f"Approved, {state}."


def status_html(view: PlaybookView) -> str:
    """The hidden paragraph that opens a playbook's content: Material's search shows it under the result's title."""
    text = f"{status_text(view)} {view.playbook.summary}"
    return f'<p class="pb-search-status" hidden>{html.escape(text)}</p>\n'
