"""The sitemap (sitemaps.org protocol): every page, with ``lastmod`` from its content's dates, never the build's."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

from network.listings import Update
from network.urls import WHATS_NEW_PAGE, domain_index
from network.views import PlaybookView

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def content_date(view: PlaybookView) -> datetime.date:
    """When a playbook's content last changed: its newest change note or its last review, whichever is later."""
    return max([view.playbook.last_reviewed, *(change.date for change in view.playbook.changes)])


def page_dates(views: list[PlaybookView], updates: list[Update]) -> dict[str, datetime.date]:
    """``lastmod`` by src_uri: each playbook's content date, a domain listing's newest, What's new's newest update.

    Pages with no content date of their own (about, privacy, ...) are left out, so they carry no lastmod.
    """
    dates = {view.src_uri: content_date(view) for view in views}
    for view in views:
        listing = domain_index(view.playbook.domain)
        dates[listing] = max(dates.get(listing, dates[view.src_uri]), dates[view.src_uri])
    if updates:
        dates[WHATS_NEW_PAGE] = max(update.change.date for update in updates)
    return dates


def sitemap_xml(pages: list[tuple[str, datetime.date | None]]) -> str:
    """The sitemap of (absolute URL, lastmod or None) pairs, in the order given."""
    ElementTree.register_namespace("", SITEMAP_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for url, lastmod in pages:
        entry = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = url
        if lastmod:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
    ElementTree.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(urlset, encoding="unicode") + "\n"
