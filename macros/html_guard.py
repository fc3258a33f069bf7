"""Python-Markdown extension: every page's HTML passes network.sanitiser; a refusal stops the build.

Added to the site's `markdown_extensions` by macros.define_env (mkdocs.yml
loads its extensions before this project can be imported), so it runs inside
Python-Markdown, where it survives a move to Zensical, after every other
postprocessor: after raw HTML is put back, attr_list has set attributes and
macros have rendered (only macros/search_lead.py, which adds the build's own
paragraph, comes later). The page being converted is named by
macros.on_pre_page_macros: playbooks get the strict policy, the maintainers'
pages a wider one; with no page named, every page gets the strict one.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from mkdocs.exceptions import PluginError

from network.frontmatter import PAGE_ENCODING
from network.pages import is_playbook
from network.problems import ContentError, Problem
from network.sanitiser import sanitise

# The page being converted: src_uri, the file as a contributor names it, and its path.
current_page: dict[str, str | None] = {"src_uri": None, "file": None, "path": None}


def source_line(path: str | None, needle: str | tuple[str, ...]) -> int | None:
    """The first line of the page's source that holds ``needle`` (any case), or the first of the needles found."""
    if not path:
        return None
    lines = Path(path).read_text(encoding=PAGE_ENCODING).splitlines()
    for candidate in needle if isinstance(needle, tuple) else (needle,):
        folded = candidate.casefold()
        for number, line in enumerate(lines, start=1):
            if folded and folded in line.casefold():
                return number
    return None


class SanitisingPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        page = dict(current_page)
        clean, refused = sanitise(text, maintainer=bool(page["src_uri"]) and not is_playbook(page["src_uri"]))
        if refused:
            file = page["file"] or "a page"
            # A PluginError is what MkDocs reports without a traceback when a page fails to convert.
            raise PluginError(str(ContentError([Problem(file, source_line(page["path"], needle), f"html: {message}")
                                                for message, needle in refused])))
        return clean


class SanitiserExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(SanitisingPostprocessor(md), "playbooks-sanitiser", -1000)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's name
    return SanitiserExtension(**kwargs)
