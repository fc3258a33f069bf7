"""MkDocs hook: hands MkDocs the pages and files the core generated (network/generated.py, network/published.py).

mkdocs-macros cannot add a file to the site, so this hook adds each member's page and the listings' later
pages (out of the navigation), the feeds, JSON API, schemas and sitemap (replacing the theme's, dated from
content); lists a playbook's theme sections in its table of contents and declares their anchors and the
change notes'; keeps "Edit this page" on playbooks only; publishes each image as the build's re-encoded copy
and scans every published file (checks/build_guard.py); and runs `make serve`'s staged rebuilds and live
preview (tools/preview/). Zensical runs no hook: there the plain tree (tools/plain_tree.py) holds the
generated pages and files beforehand, and `python -m checks.output site` scans the result.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import tempfile
import time
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink

# Whether `mkdocs serve` runs with --dirty. MkDocs loads this file once per process (and says so once, at
# start-up, before mkdocs-macros has made the project importable), so the value lasts through the rebuilds.
serving = {"dirty": False}
# The folder the server watches for the signal that starts a rebuild's complete stage (tools/preview/staged.py).
signal_folders: list[str] = []
# When this build started: a `make serve` rebuild's output scan reads only what was written since.
build_started = {"time": 0.0}


def _preview():  # imported once mkdocs-macros has put the project on the import path, as the core below
    return importlib.import_module("tools.preview.staged")


def _guard():  # the same
    return importlib.import_module("checks.build_guard")


class GeneratedFile(File):
    """A generated page or file that a dirty rebuild rewrites only when its text changed since the last build."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class DataPage(File):
    """A maintainer's page rendered from the network's data: a dirty rebuild renders it again, a quick one if edited."""

    def is_modified(self) -> bool:
        return not _preview().quick_rebuild() or super().is_modified()


def on_startup(command, dirty):
    """Remember whether `mkdocs serve` runs with --dirty, for the rebuilds to come; quiet mkdocs-macros' chatter."""
    serving["dirty"] = dirty  # and mkdocs-macros' eight "[macros]" lines a build, none about the content:
    logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)


def on_config(config):
    """Drop the theme's sitemap.xml (and with it sitemap.xml.gz); the site's own replaces it."""
    build_started["time"] = time.time() - 1  # a margin for file systems that keep whole seconds
    config.theme.static_templates.discard("sitemap.xml")
    _preview().use_dirty_rebuilds(serving["dirty"])
    return config


def on_files(files, config):
    """Add every published file, generated from the site define_env loaded for this build."""
    published_files = importlib.import_module("network.published").published_files
    preview = _preview()
    macros = config.plugins["macros"]
    # In place, so that the files keep their order (and the search index its order).
    files = Files([DataPage(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                            dest_uri=file.dest_uri, inclusion=file.inclusion)
                   if preview.page_needs_rebuild(file.src_uri) else file for file in files])
    def add(path: str, text: str, **inclusion) -> None:
        theme_file = files.get_file_from_path(path)  # the theme's sitemap.xml: replaced, as MkDocs asks
        if theme_file:
            files.remove(theme_file)
        generated = GeneratedFile.generated(config, path, content=text, **inclusion)
        generated.changed = preview.generated_changed(path, text)
        files.append(generated)

    for path, text in macros.generated.files.items():
        add(path, text, inclusion=InclusionLevel.NOT_IN_NAV)
    pages = [file.src_uri for file in files.documentation_pages()]
    for path, text in preview.kept_or_computed("published files", lambda: published_files(
            macros.generated.site, config.site_url or "", config.site_name, pages, config.use_directory_urls)).items():
        add(path, text)
    _guard().remember_sources(files, config)
    problems = _guard().publish_images(files, config, lambda path, data: GeneratedFile.generated(
        config, path, content=data))
    if problems:
        raise PluginError(str(_guard().ContentError(problems)))
    return files


def on_page_content(html, page, config, files):
    """A playbook's theme sections in its contents, their anchors and its notes' declared; "Edit" on playbooks only."""
    values = page.meta.get("playbook")
    if values:
        page.toc.items.extend(AnchorLink(escape(section["title"]), section["id"], 2) for section in values["sections"])
    else:
        page.edit_url = None
    if values and page.present_anchor_ids is not None:
        page.present_anchor_ids.update(change["anchor"] for change in values["changes"])
        page.present_anchor_ids.update(section["id"] for section in values["sections"])
    return html


@event_priority(-100)  # last, once the search plugin has written its index
def on_post_build(config):
    """Scan the site as published: every file, or under `make serve` what was written since (``scanned_since``)."""
    try:
        _guard().scan_since(config, build_started["time"], _preview())
    except _guard().ContentError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config, builder):
    """`make serve`: the edited page first, then the listings; the open page follows, or shows the problems."""
    if serving["dirty"]:
        folder = tempfile.mkdtemp(prefix="playbooks-preview-")
        signal_folders.append(folder)
        server.watch(folder)
        server.builder = _preview().StagedRebuilds(server.builder, Path(folder))
    live = importlib.import_module("tools.preview.live")
    live.install(server, live.PreviewState(), Path(config.docs_dir))
    return server


def on_shutdown():
    """Remove the signal folder `make serve` watched."""
    while signal_folders:
        shutil.rmtree(signal_folders.pop(), ignore_errors=True)
