"""How deep a page's HTML blocks, lists and quotes nest, bounded before Python-Markdown parses the page.

Python-Markdown and its md_in_html extension parse nested blocks by recursion:
1,000 nested ``<div markdown>`` or list items end the build in a
RecursionError with no file named. No playbook needs more than a few levels,
so a page nesting deeper than MAX_NESTING is refused at the line where it
does, before any parser sees it.
"""

from __future__ import annotations

import re

from network.problems import Problem

MAX_NESTING = 20
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# An HTML element that opens or closes, its attributes up to the next < or > (so each character is read
# once: linear on any line) and its closing >; void elements never nest.
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)(>?)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*)+")


def nesting_problems(text: str, file: str, first_line: int = 1) -> list[Problem]:
    """The first line of ``text`` where HTML blocks, lists or quotes nest deeper than MAX_NESTING."""
    html_depth = 0
    indents: list[int] = []
    fence = None
    for number, line in enumerate(text.split("\n"), start=first_line):
        opened = FENCE.match(line)
        if fence:
            fence = None if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence) else fence
            continue
        if opened:
            fence = opened[1]
            continue
        if line.lstrip().startswith("<"):  # an HTML block starts a line; '<' in prose ("SBP<90") is no element
            html_depth = max(0, html_depth + _html_change(line))
        quoted = QUOTES.match(line)
        quotes = quoted.group().count(">") if quoted else 0
        item = LIST_ITEM.match(line)
        if item:
            indent = len(item[1].expandtabs(4))
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
        elif line.strip() and not line[:1].isspace():
            indents = []
        what = _too_deep(html_depth, len(indents), quotes)
        if what:
            return [Problem(file, number, f"{what} nest more than {MAX_NESTING} deep here; flatten the structure "
                                          "(a playbook needs a few levels at most)")]
    return []


def _html_change(line: str) -> int:
    """How many HTML elements ``line`` leaves open (negative when it closes more than it opens)."""
    change = 0
    for match in TAG.finditer(line):
        if match[2].lower() in VOID:
            continue
        if match[1]:
            change -= 1
        elif not (match[4] and match[3].endswith("/")):
            change += 1
    return change


def _too_deep(html: int, lists: int, quotes: int) -> str | None:
    for depth, what in ((html, "HTML elements"), (lists, "lists"), (quotes, "quotes (>)")):
        if depth > MAX_NESTING:
            return what
    return None
