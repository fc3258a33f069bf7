"""`make serve`'s quick rebuilds: what a dirty rebuild must redo, and the search index it keeps.

``mkdocs serve --dirty`` converts and writes only the pages whose source is
newer than their output. This project's pages also depend on what other
files say (a listing on every playbook's front matter, a member's page on the
members file), so the one hook (macros/published_files.py) asks here:

- a page rendered from the network's data (``TEMPLATE_PAGES``) is always rebuilt;
- a generated page (a member's page, a listing's later page, a tag's page) is
  rebuilt when its Markdown differs from the last build's;
- Material's search indexes only the pages a build converts, so after a
  rebuild the entries of the pages it left alone are put back from the last
  index.

This module is imported once per `mkdocs serve` process, so what it
remembers lasts from one rebuild to the next. A full build (`make build`)
never asks whether a file is modified, and merges nothing: every page is in
its index.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from network.pages import TEMPLATE_PAGES
from network.urls import page_url

# The Markdown each generated page had in the last build of this process, by src_uri.
_last_generated: dict[str, str] = {}
# The last full search index written in this process, as Material writes it (its "docs" list).
_last_index: dict[str, list[dict]] = {}
# Whether `mkdocs serve` runs with --dirty (MkDocs tells the hook once, at start-up; the hook tells this each build).
dirty_rebuilds = {"on": False}


class DirtyBuildNotice(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave navigation and links stale.

    The site's strict mode would turn it into a failed preview. What a rebuild here leaves alone is handled
    above, and the site's navigation names only maintainers' pages, each rebuilt or titled in mkdocs.yml.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def use_dirty_rebuilds(dirty: bool) -> None:
    """Called as each build starts: with --dirty (`make serve`), rebuilds keep what did not change."""
    dirty_rebuilds["on"] = dirty
    build_log = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(known, DirtyBuildNotice) for known in build_log.filters):
        build_log.addFilter(DirtyBuildNotice())


def page_needs_rebuild(src_uri: str) -> bool:
    """Whether a dirty rebuild must convert the page at ``src_uri`` though its source file did not change."""
    return src_uri in TEMPLATE_PAGES


def generated_changed(src_uri: str, text: str) -> bool:
    """Whether the generated file ``src_uri`` differs from the last build's (remembering this build's text)."""
    changed = _last_generated.get(src_uri) != text
    _last_generated[src_uri] = text
    return changed


def _page_of(location: str) -> str:
    return location.partition("#")[0]


def merged_index(index: dict, rebuilt_urls: set[str], previous: list[dict]) -> dict:
    """Material's search index of a dirty rebuild with the entries of every page it did not rebuild put back."""
    kept = [entry for entry in previous if _page_of(entry["location"]) not in rebuilt_urls]
    return {**index, "docs": kept + index["docs"]}


def keep_search_index(site_dir: str, rebuilt_src_uris: list[str], use_directory_urls: bool) -> None:
    """After a build: complete a dirty rebuild's search index from the last one, and remember it for the next."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    previous = _last_index.get(site_dir)
    if dirty_rebuilds["on"] and previous is not None:
        rebuilt = {page_url(src_uri, use_directory_urls) for src_uri in rebuilt_src_uris}
        index = merged_index(index, rebuilt, previous)
        path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    _last_index[site_dir] = index["docs"]
