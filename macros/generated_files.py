"""MkDocs hook: add the files the build generates (each member's page, the member map) to the site's files.

MkDocs builds a page only from a file in its files collection, and neither
mkdocs-macros nor the theme can add one, so this small hook does, with the
text macros.define_env put in ``config.extra.generated_files`` (keyed by the
path under docs/). Registered under ``hooks:`` in mkdocs.yml. Zensical runs
no MkDocs hook: there, the same texts would be written into the docs folder
of a build copy before the build (tools/), or handed to Zensical's own way of
adding pages once it has one; nothing else changes.
"""

from __future__ import annotations

from mkdocs.structure.files import File, InclusionLevel


def on_files(files, config):
    """Add each generated file, out of the navigation (the directory links every member page)."""
    for src_uri, text in config["extra"]["generated_files"].items():
        files.append(File.generated(config, src_uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
    return files
