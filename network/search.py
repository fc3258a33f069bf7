"""What search knows of a playbook beyond its words, and the pages it leaves out: set by the build, not front matter.

Relevance ranks first (engine.js: how many of the query's words a page has, then
in which fields); a playbook's status and review state only break ties between
playbooks that match equally, and a retired playbook comes after its replacement.
The adapter puts these settings in a page's ``search`` metadata; a contributor
cannot write them: the gate refuses any front-matter key outside the schema.
"""

from __future__ import annotations

import html

from network.pages import LISTING_PAGES
from network.urls import FINDER_PAGE, page_url
from network.views import PlaybookView

# The tie-break between equal matches, best first: approved and current, then approved
# but past review, drafts, and retired playbooks last (kept findable for reference).
TIE_BREAK = {"current": 0, "due-soon": 0, "overdue": 1, "draft": 2, "retired": 3}
RETIRED = TIE_BREAK["retired"]
# Where CONTRIBUTING.md tells a reader how to propose a playbook (its "1. Propose it" heading).
PROPOSE_PAGE = "contributing.md#1-propose-it"


def tie_break(view: PlaybookView) -> int:
    """Where a playbook stands among playbooks that match a query equally (0 first)."""
    if view.status != "approved":
        return TIE_BREAK[view.status]
    return TIE_BREAK[view.review_state]


def search_settings(src_uri: str, view: PlaybookView | None) -> dict | None:
    """The ``search`` settings of page ``src_uri``: a playbook's tie-break and result text, a listing left out, or None.

    Material's search plugin reads only ``exclude``; network/search_index.py reads the rest.
    """
    if view is not None:
        return {"rank": tie_break(view), "status": status_text(view), "summary": view.playbook.summary,
                # The page shows its evidence below the content, which Material's index leaves out.
                "evidence": [evidence.title for evidence in view.playbook.evidence],
                "replaced_by": view.superseded_by.src_uri if view.superseded_by else None}
    if src_uri in LISTING_PAGES:
        return {"exclude": True}
    return None


def status_text(view: PlaybookView) -> str:
    """What a search result says of a playbook before its summary, such as "Approved, current"."""
    if view.status == "retired":
        if view.superseded_by:
            return f"Retired: use {view.superseded_by.title}."
        return "Retired: do not use."
    if view.status == "draft":
        return "Draft: not yet approved for use."
    state = {"current": "current", "due-soon": "review due soon", "overdue": "review overdue"}[view.review_state]
    return f"Approved, {state}."


def status_html(view: PlaybookView) -> str:
    """The hidden paragraph that opens a playbook's content, for the index to read with the page."""
    text = f"{status_text(view)} {view.playbook.summary}"
    return f'<p class="pb-search-status" hidden>{html.escape(text)}</p>\n'


def search_help_links(use_directory_urls: bool) -> dict[str, str]:
    """Where a search that finds nothing leads: the finder, and how to propose a playbook (site-relative URLs)."""
    return {"finder": page_url(FINDER_PAGE, use_directory_urls), "propose": page_url(PROPOSE_PAGE, use_directory_urls)}
