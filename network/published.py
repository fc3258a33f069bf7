"""Every file the site publishes for machines, from one call: feeds, the JSON API, the schemas and the sitemap.

The site generator's adapter writes the returned texts at their paths in the
built site; nothing here knows which generator that is.
"""

from __future__ import annotations

from network.api import json_text, members_document, playbooks_document
from network.contracts import PUBLISHED_SCHEMAS, SCHEMAS
from network.feeds import atom_feed
from network.listings import latest_updates
from network.site import Site
from network.sitemap import page_dates, sitemap_xml
from network.urls import (
    ALL_FEED,
    API_MEMBERS,
    API_PLAYBOOKS,
    SITEMAP,
    WHATS_NEW_PAGE,
    absolute_url,
    domain_index,
    feed_path,
    page_url,
)
from network.vocabulary import DOMAINS


def published_files(site: Site, site_url: str, site_name: str, pages: list[str],
                    use_directory_urls: bool = True) -> dict[str, str]:
    """The text of each published file, by its path in the built site; ``pages``: every page's src_uri (sitemap)."""
    files = {}
    network_updates = latest_updates(site.views)
    for name in (ALL_FEED, *DOMAINS):
        updates = network_updates if name == ALL_FEED else latest_updates(site.views, name)
        listing = WHATS_NEW_PAGE if name == ALL_FEED else domain_index(name)
        files[feed_path(name)] = atom_feed(name, updates, site_url, site_name, listing, site.today,
                                           use_directory_urls)
    files[API_PLAYBOOKS] = json_text(playbooks_document(site, site_url, use_directory_urls))
    files[API_MEMBERS] = json_text(members_document(site, site_url, use_directory_urls))
    for path, source in PUBLISHED_SCHEMAS.items():
        files[path] = (SCHEMAS / source).read_text(encoding="utf-8")
    dates = page_dates(site.views, network_updates)
    urls = sorted((page_url(src_uri, use_directory_urls), src_uri) for src_uri in pages)
    files[SITEMAP] = sitemap_xml([(absolute_url(site_url, url), dates.get(src_uri)) for url, src_uri in urls])
    return files
