"""The one MkDocs hook: the pages and files the build generates, added to the site's files.

Registered under ``hooks:`` in mkdocs.yml. mkdocs-macros offers no way to add
a file to the site from ``define_env`` (which runs before MkDocs collects the
files), so the feeds, the JSON API, the schemas and the sitemap are added
here, as MkDocs' own generated files, from the site ``define_env`` loaded once
(``network_site`` on the macros plugin). All of their content is
network/published.py's; this file only hands it to MkDocs. It also adds the
pages no contributor writes, each member's page (/members/<id>/), whose texts
``define_env`` put in ``generated_files`` on the macros plugin (out of the
navigation: the directory links every member page).
And it:

- removes the sitemap MkDocs' theme writes (its lastmod is the build time),
  so that the site has exactly one sitemap, with lastmod from content dates;
- lists the sections the theme adds after a playbook's body in its table of
  contents (network/sections.py), and tells MkDocs' anchor check about their
  ids and the ids the theme gives each change note
  (overrides/partials/playbook-updates.html), which What's new links to;
- keeps the "Edit this page" link (``edit_uri``) on playbook pages only;
- lets `make serve` (``mkdocs serve --dirty``) rebuild only what an edit
  changes (macros/preview.py says how; macros/search_index.py keeps the
  search index whole);
- publishes each image under docs/ as the copy Pillow encoded again, and
  after the build scans every published file for patient data and
  credentials (macros/output_guard.py): either stops the build.
- makes the open page follow each rebuild under `make serve`, or show its
  problems, under the site's own CSP (macros/live_preview.py says how).

Moving to Zensical, which runs no MkDocs hook: call
``network.published.published_files`` after the build and write each text at
its path under the site folder (a `make build` step such as
``python -m tools.publish site``), and write the generated member pages
into a build copy of docs/ before the build; the anchor check is then the project's own
link check (`make linkcheck`), which already reads the built pages, and the output scan
``python -m checks.output site`` (also the step after anything that publishes after the build).
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

MACROS = "macros"
# Whether `mkdocs serve` runs with --dirty. MkDocs loads this file once per process (and says so once, at
# start-up, before mkdocs-macros has made the project importable), so the value lasts through the rebuilds.
serving = {"dirty": False}
# The folder the server watches for the signal that starts a rebuild's complete stage (macros/preview.py).
signal_folders: list[str] = []
# When this build started: a `make serve` rebuild's output scan reads only the pages written since.
build_started = {"time": 0.0}


def _preview():
    # Imported here, like network.published below, once mkdocs-macros has put the project on the import path.
    return importlib.import_module("macros.preview")


def _guard():
    return importlib.import_module("macros.output_guard")


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
    serving["dirty"] = dirty
    # mkdocs-macros logs about eight "[macros]" lines a build, none of them about the site's content.
    logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)


def on_config(config):
    """Drop the theme's sitemap.xml (and with it sitemap.xml.gz); the site's own replaces it."""
    build_started["time"] = time.time() - 1  # a margin for file systems that keep whole seconds
    config.theme.static_templates.discard("sitemap.xml")
    _preview().use_dirty_rebuilds(serving["dirty"])
    return config


def on_files(files, config):
    """Add every published file, generated from the site define_env loaded for this build."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project folder on the import path.
    published_files = importlib.import_module("network.published").published_files
    preview = _preview()
    macros = config.plugins[MACROS]
    # In place, so that the files keep their order (and the search index its order).
    files = Files([DataPage(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                            dest_uri=file.dest_uri, inclusion=file.inclusion)
                   if preview.page_needs_rebuild(file.src_uri) else file for file in files])
    for path, text in macros.generated_files.items():
        generated = GeneratedFile.generated(config, path, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
        generated.changed = preview.generated_changed(path, text)
        files.append(generated)
    site = macros.network_site
    pages = [file.src_uri for file in files.documentation_pages()]
    texts = preview.kept_or_computed("published files", lambda: published_files(
        site, config.site_url or "", config.site_name, pages, config.use_directory_urls))
    for path, text in texts.items():
        # The theme's sitemap.xml template is still collected as a file: replace it, as MkDocs asks.
        theme_file = files.get_file_from_path(path)
        if theme_file:
            files.remove(theme_file)
        generated = GeneratedFile.generated(config, path, content=text)
        generated.changed = preview.generated_changed(path, text)
        files.append(generated)
    _guard().remember_sources(files, config)
    problems = _guard().publish_images(files, config, lambda path, data: GeneratedFile.generated(
        config, path, content=data))
    if problems:
        raise PluginError(str(_guard().ContentError(problems)))
    return files


def on_page_content(html, page, config, files):
    """List a playbook's theme sections in its table of contents; declare their anchors and the change notes'.

    Declared, links to them pass MkDocs' anchor check (What's new links each change note). Only a
    playbook keeps its "Edit this page" link (``edit_uri`` in mkdocs.yml): the other pages are generated,
    or written from templates, snippets and data a contributor does not edit in the page's file.
    """
    values = config.extra["playbook_pages"].get(page.file.src_uri)
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
    """Scan the site as published (macros/search_index.py has completed and split its search index by then)."""
    try:
        _guard().scan_output(config, build_started["time"] if serving["dirty"] else None)
    except _guard().ContentError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config, builder):
    """`make serve`: the edited page first, then the listings; the open page follows, or shows the problems.

    macros/preview.py says how the rebuild is staged, macros/live_preview.py how the open page follows it.
    """
    if serving["dirty"]:
        folder = tempfile.mkdtemp(prefix="playbooks-preview-")
        signal_folders.append(folder)
        server.watch(folder)
        server.builder = _preview().StagedRebuilds(server.builder, Path(folder))
    live = importlib.import_module("macros.live_preview")
    live.install(server, live.PreviewState(), Path(config.docs_dir))
    return server


def on_shutdown():
    """Remove the signal folder `make serve` watched."""
    while signal_folders:
        shutil.rmtree(signal_folders.pop(), ignore_errors=True)
