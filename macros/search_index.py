"""MkDocs hook: the site's search index as small files fetched only when a reader searches.

Registered under ``hooks:`` in mkdocs.yml. Material's search plugin has written
its index of every page it converted by then; this hook completes a `make serve`
dirty rebuild's index from the last one (macros/preview.py says how), hands it to network/search_index.py,
writes the files that module makes under search/, and leaves Material's own
index file with its settings and no document: the search worker Material starts
(overrides/assets/javascripts/search/worker.js, set in overrides/main.html)
fetches the rest when a query needs it.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

# Each playbook's search settings by its URL, and each page's URL by its source path
# (kept through `make serve` rebuilds, which see only the pages they convert).
settings_by_url: dict[str, dict] = {}
url_by_source: dict[str, str] = {}
# The pages this build converted, for macros/preview.py to keep the index of a dirty rebuild whole.
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
    return context


def on_post_build(*, config):
    # Imported here, once mkdocs-macros has put the project on the import path.
    index = importlib.import_module("network.search_index")
    variants = importlib.import_module("network.search_variants")
    problems = importlib.import_module("network.problems")
    importlib.import_module("macros.preview").keep_search_index(config.site_dir, converted, config.use_directory_urls)
    groups, found = variants.load_variants(Path(config.config_file_path).parent)
    if found:
        raise PluginError(str(problems.ContentError(found)))
    folder = Path(config.site_dir) / index.FOLDER
    material = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    pages = {url: {**settings, "replaced_by": url_by_source.get(settings["replaced_by"])}
             for url, settings in settings_by_url.items()}
    files = index.build_index(material["docs"], pages, groups)
    for stale in folder.glob("[dpw]-*.js"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings_only = json.dumps({"config": material["config"], "docs": []})
    (folder / "search_index.json").write_text(settings_only, encoding="utf-8")
    offline = config.plugins.get("material/offline")
    if offline and offline.config.enabled:
        # The offline bundle reads Material's settings from a script (file:// refuses fetch).
        (folder / "search_index.js").write_text(f"var __index = {settings_only}", encoding="utf-8")
