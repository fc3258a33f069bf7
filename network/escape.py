"""Values from data and front matter made literal text where they reach generated Markdown."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

from markupsafe import Markup

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


def markdown_text(value) -> Markup:
    """``value`` as literal text inside Markdown: HTML-escaped, Markdown punctuation backslashed."""
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(value), quote=False)))


def markdown_code(value) -> str:
    """``value`` inside a Markdown code span: a backtick, which would end it, and line breaks become ``?``."""
    return re.sub(r"[`\r\n]", "?", str(value))


def markdown_url(value) -> Markup:
    """``value`` as a Markdown link destination: every character that could end the link percent-encoded."""
    return Markup(urllib.parse.quote(str(value), safe="/:?#&=%@+,;~-._!$*"))


def script_json(value) -> str:
    """``value`` as JSON inside an HTML ``<script>`` element: ``<``, ``>`` and ``&`` escaped, so no value ends it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

