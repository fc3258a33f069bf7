"""Markdown and HTML for generated pages, from autoescaped Jinja templates."""

from __future__ import annotations

import html
import posixpath
import re
import urllib.parse
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


def markdown_text(value) -> Markup:
    """``value`` as literal text inside Markdown: HTML-escaped, Markdown punctuation backslashed."""
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(value), quote=False)))


def markdown_url(value) -> Markup:
    """``value`` as a Markdown link destination: every character that could end the link percent-encoded."""
    return Markup(urllib.parse.quote(str(value), safe="/:?#&=%@+,;~-._!$*"))


def relative_link(target_src: str, from_src: str) -> str:
    """A Markdown link from the page ``from_src`` to the page ``target_src`` (both docs-relative)."""
    target, _, anchor = target_src.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_src) or ".")
    return f"{path}#{anchor}" if anchor else path


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page built from ``src_uri``."""
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["md"] = markdown_text
_environment.filters["url"] = markdown_url


def render(template: str, **context) -> str:
    """Render ``macros/templates/<template>`` with autoescaping on."""
    return _environment.get_template(template).render(**context)
