"""MkDocs hook: each rendered page and theme page (404.html) passes network/theme_markup.py.

Registered under ``hooks:`` in mkdocs.yml. MkDocs loads hooks before the macros plugin puts the project on
the import path, so the domain is imported when the first page is rendered. Moving to Zensical, which runs
no MkDocs hook: apply ``valid_theme_markup`` to each HTML file after the build.
"""

from __future__ import annotations

import importlib


def on_post_page(output, page, config):
    return importlib.import_module("network.theme_markup").valid_theme_markup(output)


def on_post_template(output_content, template_name, config):
    """The theme's own pages (404.html) too."""
    return on_post_page(output_content, None, config)
