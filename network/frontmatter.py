"""A page's front matter, found by MkDocs' own rule, and a page's text, decoded as MkDocs decodes it."""

from __future__ import annotations

import re
from pathlib import Path

from network.problems import Problem

# MkDocs' own rule (mkdocs.utils.meta.YAML_RE): a line '---' first, the YAML, then a line
# '---' or '...' that starts at the beginning of the line. Reading it by the same rule is
# what keeps the checks and the build looking at the same fields; the build also compares
# the two readings (network/gate.py).
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# How MkDocs decodes a page: UTF-8, a byte-order mark dropped.
PAGE_ENCODING = "utf-8-sig"


def read_page(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """A page's text as MkDocs decodes it, or the problem that it is not UTF-8."""
    try:
        return path.read_text(encoding=PAGE_ENCODING), []
    except UnicodeDecodeError as error:
        return None, [Problem(file, None, f"not UTF-8 text ({error.reason}); save it as UTF-8")]


def split_front_matter(text: str, file: str) -> tuple[str, int, list[Problem]]:
    """The front matter's YAML text and the line it starts on, read as MkDocs reads it."""
    match = FRONT_MATTER.match(text)
    if match:
        return match[1], 2, []
    if text.split("\n", 1)[0].rstrip(" \t") == "---":
        return "", 0, [Problem(file, 1, "front matter is never closed; end it with a line '---' that starts "
                                        "at the beginning of the line (not indented), followed by a line break")]
    return "", 0, [Problem(file, 1, "no front matter; start the file with a line '---', the fields "
                                    "(CONTRIBUTING.md lists them; `make new` writes them for you), then '---'")]
