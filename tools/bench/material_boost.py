"""MkDocs hook of the bench's site on Material's search (tools/bench/material_search.py): trust as its boost.

Material's search plugin multiplies a page's lunr score by its ``search.boost``;
the boosts are kept small so that, as in the site's engine, trust reorders only
close matches (the boost by review state of 3.0 and 1.5 it replaces let a current
page that matched "hand" in "handoff" beat an overdue page titled with the query).
"""

from __future__ import annotations

# network/search.py's TIE_BREAK (0 current ... 3 retired) to the boost of Material's search.
BOOST = {0: 1.2, 1: 1.1, 2: 1.0, 3: 0.5}


def on_page_markdown(markdown, *, page, config, files):
    settings = page.meta.get("search") or {}
    if "rank" in settings:
        settings["boost"] = BOOST[settings["rank"]]
    return markdown
