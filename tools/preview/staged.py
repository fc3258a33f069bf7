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
  index; a quick rebuild only remembers its entries, and leaves the site's
  index files to the complete stage (macros/search_index.py);
- the output scan reads only the files a quick rebuild wrote, and a complete
  one every file written since the last complete build whose scan passed
  (``scanned_since``): so every published file has passed the scan since it
  was last written, as after `make build`.

A rebuild after an edit runs in two stages (``StagedRebuilds``), so that the
edited page shows at once and does not wait for the listings: a quick
rebuild converts only the pages whose sources changed, reusing the listings,
generated pages and published files of the last complete build, and the
server reloads the browser; then a complete rebuild brings every listing,
member page and feed up to date, and reloads it again.

This module is imported once per `mkdocs serve` process, so what it
remembers lasts from one rebuild to the next. A full build (`make build`)
never asks whether a file is modified, and merges nothing: every page is in
its index.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import mkdocs

from network.pages import TEMPLATE_PAGES
from network.urls import page_url

# The Markdown each generated page had in the last build of this process, by src_uri.
_last_generated: dict[str, str] = {}
# The last full search index written in this process, as Material writes it (its "docs" list).
_last_index: dict[str, list[dict]] = {}
# Whether `mkdocs serve` runs with --dirty (MkDocs tells the hook once, at start-up; the hook tells this each build).
dirty_rebuilds = {"on": False}
# Whether the build running now is a quick rebuild (the first stage after an edit).
_stage = {"quick": False}
# What the last complete build computed, by name, for a quick rebuild to reuse.
_kept: dict[str, object] = {}
# Where the last complete build whose output scan passed began, and the scan's rules then (scanned_since).
_scanned: dict[str, object] = {}
# The file the quick stage writes into a watched folder, so that the server runs the complete stage next.
CATCH_UP_SIGNAL = "catch-up"

Value = TypeVar("Value")
# The engine's own loggers: "mkdocs", or "properdocs" under ProperDocs, whose modules import as mkdocs.*.
ENGINE_LOG = mkdocs.__name__
BUILD_LOG = f"{ENGINE_LOG}.commands.build"


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
    build_log = logging.getLogger(BUILD_LOG)
    if dirty and not any(isinstance(known, DirtyBuildNotice) for known in build_log.filters):
        build_log.addFilter(DirtyBuildNotice())


def quick_rebuild() -> bool:
    """Whether this build is the quick stage: only the pages whose sources changed are converted."""
    return _stage["quick"]


def kept_or_computed(name: str, compute: Callable[[], Value]) -> Value:
    """In a quick rebuild, what the last complete build computed under ``name``; otherwise ``compute()``, kept.

    Kept in every build: the first build of `mkdocs serve` computes its listings before MkDocs says it runs dirty.
    """
    if _stage["quick"] and name in _kept:
        return _kept[name]
    _kept[name] = compute()
    return _kept[name]


class StagedRebuilds:
    """`make serve`'s builder: after an edit, a quick rebuild, then a complete one.

    The server reloads the browser after each call. The quick stage writes
    ``CATCH_UP_SIGNAL`` into ``signal_folder``, which the server watches, so
    the server calls again at once for the complete stage. A failed quick
    stage schedules nothing: the next edit tries again. An edit saved while
    the complete stage runs is in the next call's quick stage.
    """

    def __init__(self, builder: Callable[[], None], signal_folder: Path):
        self.builder = builder
        self.signal_folder = signal_folder
        self.catch_up_due = False
        self.quick_rebuilds = 0

    def __call__(self) -> None:
        if self.catch_up_due:
            self.catch_up_due = False
            logging.getLogger("mkdocs").info("Bringing the listings, member pages and feeds up to date")
            self.builder()
            return
        _stage["quick"] = bool(_kept)
        try:
            self.builder()
        finally:
            _stage["quick"] = False
        self.catch_up_due = True
        self.quick_rebuilds += 1
        (self.signal_folder / CATCH_UP_SIGNAL).write_text(f"{self.quick_rebuilds}\n", encoding="utf-8")


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


def scanned_since(build_started: float, rules: tuple) -> float | None:
    """Since when the output scan reads the published files (None: all of them).

    A quick rebuild: what it wrote. Any other build: what was written since the last one whose scan passed
    began (every file older than that passed then, and none changed since), with the same ``rules`` (the
    allow-list's state); the first build of `make serve`, `make build` and a build after a rules change: all.
    """
    if _stage["quick"]:
        return build_started
    if not dirty_rebuilds["on"] or _scanned.get("rules") != rules:
        return None
    return _scanned.get("since")


def scan_passed(build_started: float, rules: tuple) -> None:
    """After a build's output scan found nothing: a complete build's start is where the next one's scan begins."""
    if not _stage["quick"]:
        _scanned.update(since=build_started, rules=rules)


def keep_search_index(site_dir: str, rebuilt_src_uris: list[str], use_directory_urls: bool) -> dict | None:
    """Under `make serve --dirty`: complete a rebuild's search index from the last one, remember it, return it.

    A quick rebuild writes back Material's settings with no document, as the complete build left them. Any
    other build returns None and remembers nothing: its index is Material's, whole, with no rebuild to follow.
    """
    path = Path(site_dir) / "search" / "search_index.json"
    if not dirty_rebuilds["on"] or not path.is_file():
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    previous = _last_index.get(site_dir)
    if previous is not None:
        rebuilt = {page_url(src_uri, use_directory_urls) for src_uri in rebuilt_src_uris}
        merged = merged_index(index, rebuilt, previous)
        shown = {**index, "docs": []} if _stage["quick"] else merged
        path.write_text(json.dumps(shown, separators=(",", ":")), encoding="utf-8")
        index = merged
    _last_index[site_dir] = index["docs"]
    return index
