"""Atom feeds (RFC 4287) of the network's latest updates: one for the network and one per domain.

Every id is a ``tag:`` URI (RFC 4151) built from :data:`TAG_AUTHORITY` and the
playbook's name and note, never from the build or the address the site is
published at, so a reader keeps an entry as read when the site moves.
"""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

from network.listings import Update
from network.urls import ALL_FEED, absolute_url, feed_path, site_address
from network.vocabulary import DOMAINS

ATOM = "http://www.w3.org/2005/Atom"
# The tag: authority of every feed and entry id: a name the network holds and the year it was minted.
TAG_AUTHORITY = "playbooks.care-network.example,2026"


def tag_uri(specific: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{specific}"


def entry_id(update: Update) -> str:
    """The entry's id: the playbook's <domain>/<slug> and the note's anchor, stable for the note's life."""
    return tag_uri(f"{update.view.playbook.ref}/{update.change.anchor}")


def feed_title(name: str, site_name: str) -> str:
    return f"{site_name}: what's new" if name == ALL_FEED else f"{site_name}: what's new in {DOMAINS[name]}"


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def atom_feed(name: str, updates: list[Update], site_url: str, site_name: str, page_of_updates: str,
              today: datetime.date, use_directory_urls: bool = True) -> str:
    """The Atom document of ``updates`` for the feed ``name`` (``all`` or a domain).

    Its ``updated`` is the newest entry's date, or the build date when there is none.
    """
    ElementTree.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    add(feed, "id", tag_uri(f"feeds/{name}"))
    add(feed, "title", feed_title(name, site_name))
    add(feed, "subtitle", "Clinical changes, new playbooks and retirements, newest first.")
    add(feed, "updated", _timestamp(max((u.change.date for u in updates), default=today)))
    add(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(site_url, feed_path(name)))
    add(feed, "link", rel="alternate", type="text/html",
        href=site_address(site_url, page_of_updates, use_directory_urls))
    author = add(feed, "author")
    add(author, "name", site_name)
    for update in updates:
        playbook, change = update.view.playbook, update.change
        entry = add(feed, "entry")
        add(entry, "id", entry_id(update))
        add(entry, "title", f"{change.label}: {playbook.title}")
        add(entry, "updated", _timestamp(change.date))
        add(entry, "link", rel="alternate", type="text/html",
            href=site_address(site_url, f"{playbook.src_uri}#{change.anchor}", use_directory_urls))
        entry_author = add(entry, "author")
        add(entry_author, "name", update.view.contributor.name)
        add(entry, "category", term=playbook.domain, label=DOMAINS[playbook.domain])
        add(entry, "summary", change.note, type="text")
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"
