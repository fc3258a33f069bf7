"""Python-Markdown extension: a playbook's content opens with its status for Material's search to show.

Material's search shows, under a result's title, the text before the page's
first heading; a playbook has none. The adapter (macros.on_pre_page_macros)
names the hidden paragraph to put there (network/search.py writes it, escaped)
and this postprocessor adds it after the sanitiser has passed the contributor's
HTML, since the paragraph is the build's, with the site's own class.
"""

from __future__ import annotations

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# The paragraph for the page being converted, or "" for a page that gets none.
current_lead: dict[str, str] = {"html": ""}


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
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(TreeDone(md), "playbooks-tree-done", -1000)
        # After the sanitiser (priority -1000), the last postprocessor of all.
        md.postprocessors.register(LeadPostprocessor(md), "playbooks-search-lead", -1001)
