"""The Python-Markdown extensions the build adds: every page's HTML sanitised, and a playbook's search lead.

Added to the site's `markdown_extensions` by the adapter (macros.define_env;
mkdocs.yml loads its extensions before this project can be imported). They
live in Python-Markdown (which Zensical runs too; but Zensical runs no
``on_pre_page_macros``, which names the page below), after every other
postprocessor: after raw HTML is put back, attr_list has set attributes and
macros have rendered. The adapter names the page being converted
(``current_page``: playbooks get the strict policy, the maintainers' pages a
wider one; with no page named, the strict one) and the paragraph that opens
a playbook for Material's search (``current_lead``: its status, network/search.py).
A refusal raises the engine's own error class, handed to the extension, so
that the engine reports it without a traceback.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from network.frontmatter import PAGE_ENCODING
from network.pages import is_playbook
from network.problems import ContentError, Problem
from network.sanitiser import sanitise

# The page being converted: src_uri, the file as a contributor names it, and its path.
current_page: dict[str, str | None] = {"src_uri": None, "file": None, "path": None}
# The search lead of the page being converted, or "" for a page that gets none.
current_lead: dict[str, str] = {"html": ""}


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
    def __init__(self, md, failure: type[Exception]):
        super().__init__(md)
        self.failure = failure

    def run(self, text: str) -> str:
        page = dict(current_page)
        clean, refused = sanitise(text, maintainer=bool(page["src_uri"]) and not is_playbook(page["src_uri"]))
        if refused:
            file = page["file"] or "a page"
            raise self.failure(str(ContentError([Problem(file, source_line(page["path"], needle), f"html: {message}")
                                                 for message, needle in refused])))
        return clean


class SanitiserExtension(Extension):
    """The allow-list sanitiser; ``failure``: the exception the engine reports as a failed page, with no traceback."""

    def __init__(self, failure: type[Exception] = ContentError, **kwargs):
        super().__init__(**kwargs)
        self.failure = failure

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(SanitisingPostprocessor(md, self.failure), "playbooks-sanitiser", -1000)


class TreeDone(Treeprocessor):
    """Marks the page's tree finished: the toc extension runs the postprocessors on each heading before that."""

    def run(self, root):
        self.md.pb_tree_done = True


class LeadPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        if not getattr(self.md, "pb_tree_done", False):
            return text
        self.md.pb_tree_done = False
        return current_lead["html"] + text


class SearchLeadExtension(Extension):
    """A playbook's content opens with its status, added after the sanitiser: the paragraph is the build's."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(TreeDone(md), "playbooks-tree-done", -1000)
        # After the sanitiser (priority -1000), the last postprocessor of all.
        md.postprocessors.register(LeadPostprocessor(md), "playbooks-search-lead", -1001)
