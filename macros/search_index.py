"""MkDocs hook: the site's search index as small files fetched only when a reader searches (network/search_index.py).

The core splits the documents Material's search plugin holds in memory (a `make serve` dirty rebuild's, completed
from the last build's by tools/preview/staged.py), and replaces the index file the plugin wrote.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from mkdocs.exceptions import PluginError

# Each playbook's search settings by URL, each page's URL by source path: kept through `make serve` rebuilds.
settings_by_url: dict[str, dict] = {}
url_by_source: dict[str, str] = {}
# The pages this build converted, for tools/preview/staged.py to keep the index of a dirty rebuild whole.
converted: list[str] = []


def on_pre_build(*, config):
    converted.clear()


def on_page_context(context, *, page, config, nav):
    converted.append(page.file.src_uri)
    url_by_source[page.file.src_uri] = page.url
    settings = page.meta.get("search") or {}
    if "rank" in settings:
        settings_by_url[page.url] = settings
    else:
        settings_by_url.pop(page.url, None)


def on_post_build(*, config):
    index, variants = (importlib.import_module(f"network.{name}") for name in ("search_index", "search_variants"))
    preview = importlib.import_module("tools.preview.staged")
    kept = preview.keep_search_index(config.site_dir, converted, config.use_directory_urls)
    groups, found = variants.load_variants(Path(config.config_file_path).parent)
    if found:
        raise PluginError(str(importlib.import_module("network.problems").ContentError(found)))
    if preview.quick_rebuild():  # splitting is most of its work: the complete stage, next, writes the index files
        return
    pages = {url: {**settings, "replaced_by": url_by_source.get(settings["replaced_by"])}
             for url, settings in settings_by_url.items()}
    material, offline = config.plugins["material/search"].search_index, config.plugins.get("material/offline")
    empty = type(material)(**material.config).generate_search_index(None)  # Material's settings, as it writes them
    docs, material.entries = (kept["docs"], material.entries) if kept else (material.entries, [])  # freed once split
    index.write_index_files(Path(config.site_dir) / index.FOLDER, docs, empty, pages, groups,
                            bool(offline and offline.config.enabled))
