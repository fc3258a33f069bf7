"""What a change does to the published site, told from two builds of it: for a pull request's reviewer.

Computed only from what the site publishes: its HTML files, ``api/playbooks.json`` and the network's
feed ``feeds/all.atom.xml``. :func:`read_site` reads a built site's files (the one function here that
touches the disk); the rest are pure. Every value quoted from a page (a title, an owner, a path) is
escaped for the Markdown of the job summary, so a title holding Markdown or HTML reads as written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from xml.etree import ElementTree

from network.escape import markdown_code, markdown_text
from network.feeds import ATOM
from network.urls import API_PLAYBOOKS, feed_path

ALL_FEED_PATH = feed_path("all")
# The fields of a playbook (in api/playbooks.json) a reviewer is told about, as the summary names them.
FIELDS = {"title": "title", "status": "status", "owner": "owner", "contributor": "contributor",
          "last_reviewed": "last reviewed", "review_interval_months": "review interval (months)",
          "next_review": "next review", "adopters": "adopters"}
# Longer lists are cut here, with how many more there are: the job summary stays readable.
LISTED = 50


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str


@dataclasses.dataclass
class Site:
    """What one build published: each page's digest by address, each playbook's record, each feed entry."""

    pages: dict[str, str]
    playbooks: dict[str, dict]
    feed: list[FeedEntry]


@dataclasses.dataclass
class Changes:
    added: list[str]
    removed: list[str]
    changed: list[str]
    playbooks_added: list[dict]
    playbooks_removed: list[dict]
    # Per playbook id: (field label, before, after) for each field that changed.
    playbooks_changed: dict[str, list[tuple[str, str, str]]]
    titles: dict[str, str]
    new_entries: list[FeedEntry]

    def __bool__(self) -> bool:
        return any((self.added, self.removed, self.changed, self.playbooks_added, self.playbooks_removed,
                    self.playbooks_changed, self.new_entries))


def page_address(relative: str) -> str:
    """A built HTML file's address on the site: ``a/b/index.html`` is ``/a/b/``."""
    address = "/" + relative
    return address.removesuffix("index.html")


def feed_entries(atom: str) -> list[FeedEntry]:
    """The entries of an Atom feed, in its order."""
    root = ElementTree.fromstring(atom)
    return [FeedEntry(entry.findtext(f"{{{ATOM}}}id", ""), entry.findtext(f"{{{ATOM}}}title", ""),
                      entry.findtext(f"{{{ATOM}}}updated", "")[:10])
            for entry in root.iter(f"{{{ATOM}}}entry")]


def site_from(pages: dict[str, bytes], playbooks_json: str, atom: str) -> Site:
    """A build's published outputs as compared: HTML files by path, the playbooks API, the network feed."""
    digests = {page_address(path): hashlib.sha256(content).hexdigest() for path, content in pages.items()}
    records = {record["id"]: record for record in json.loads(playbooks_json)["playbooks"]}
    return Site(digests, records, feed_entries(atom))


def read_site(site_dir: Path) -> Site:
    """The published outputs of the site built in ``site_dir``."""
    pages = {path.relative_to(site_dir).as_posix(): path.read_bytes() for path in site_dir.rglob("*.html")}
    return site_from(pages, (site_dir / API_PLAYBOOKS).read_text(encoding="utf-8"),
                     (site_dir / ALL_FEED_PATH).read_text(encoding="utf-8"))


def field_text(name: str, value) -> str:
    """A field's value as the summary shows it; adopters as ``member (state)``, in member order."""
    if name == "adopters":
        return ", ".join(sorted(f"{item['member']} ({item['state']})" for item in value)) or "none"
    return "none" if value is None else str(value)


def playbook_changes(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field of :data:`FIELDS` that differs between two records."""
    changes = []
    for name, label in FIELDS.items():
        old, new = field_text(name, before.get(name)), field_text(name, after.get(name))
        if old != new:
            changes.append((label, old, new))
    return changes


def compare(base: Site, head: Site) -> Changes:
    """What ``head`` publishes differently from ``base``."""
    shared = base.playbooks.keys() & head.playbooks.keys()
    changed_playbooks = {ref: changes for ref in sorted(shared)
                         if (changes := playbook_changes(base.playbooks[ref], head.playbooks[ref]))}
    known = {entry.id for entry in base.feed}
    return Changes(
        added=sorted(head.pages.keys() - base.pages.keys()),
        removed=sorted(base.pages.keys() - head.pages.keys()),
        changed=sorted(path for path in base.pages.keys() & head.pages.keys() if base.pages[path] != head.pages[path]),
        playbooks_added=[head.playbooks[ref] for ref in sorted(head.playbooks.keys() - base.playbooks.keys())],
        playbooks_removed=[base.playbooks[ref] for ref in sorted(base.playbooks.keys() - head.playbooks.keys())],
        playbooks_changed=changed_playbooks,
        titles={ref: head.playbooks[ref]["title"] for ref in changed_playbooks},
        new_entries=[entry for entry in head.feed if entry.id not in known],
    )


def _listed(items: list[str]) -> list[str]:
    shown = items[:LISTED]
    more = len(items) - len(shown)
    return shown + ([f"- and {more} more"] if more else [])


def _playbook_line(record: dict) -> str:
    return (f"- {markdown_text(record['title'])} (`{markdown_code(record['id'])}`, "
            f"{markdown_text(record['status'])}, owner {markdown_text(record['owner'])})")


def summary(changes: Changes) -> str:
    """The job summary's Markdown: pages, then playbooks field by field, then new feed entries."""
    lines = ["## What this pull request changes on the published site", "",
             "Computed from the site built from the base branch and the site built from this pull request."]
    if not changes:
        return "\n".join(lines + ["", "No published page, playbook or feed entry changes."]) + "\n"
    lines += ["", "### Pages", ""]
    for label, pages in (("Added", changes.added), ("Removed", changes.removed), ("Changed", changes.changed)):
        lines.append(f"**{label}: {len(pages)}**")
        lines += ["", *_listed([f"- `{markdown_code(page)}`" for page in pages]), ""] if pages else [""]
    lines += ["### Playbooks", ""]
    if not (changes.playbooks_added or changes.playbooks_removed or changes.playbooks_changed):
        lines += ["No playbook's title, status, owner, contributor, review dates or adopters change.", ""]
    for label, records in (("New playbooks", changes.playbooks_added),
                           ("Removed playbooks", changes.playbooks_removed)):
        if records:
            lines += [f"**{label}: {len(records)}**", "", *_listed([_playbook_line(r) for r in records]), ""]
    for ref, fields in changes.playbooks_changed.items():
        lines += [f"**{markdown_text(changes.titles[ref])}** (`{markdown_code(ref)}`)", ""]
        lines += [f"- {label}: {markdown_text(old)} → {markdown_text(new)}" for label, old, new in fields]
        lines.append("")
    lines += ["### New feed entries", ""]
    entries = [f"- {entry.updated}: {markdown_text(entry.title)}" for entry in changes.new_entries]
    lines += _listed(entries) if entries else ["None."]
    return "\n".join(lines) + "\n"
