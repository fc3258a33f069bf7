"""Material's own markup made valid HTML (the W3C Nu checker's errors), page by page after the theme renders it.

Two attributes Material writes outside any block that main.html can extend
(base.html's body and partials/nav-item.html), so they are mended in the
rendered page rather than by copying a partial:

- ``autocomplete="off"`` on the drawer's and search's checkboxes: HTML allows
  autocomplete on text-like inputs only;
- ``tabindex=""`` on a navigation section's label: an empty tabindex is not
  an integer (Material leaves it empty to mean "not focusable", which is also
  what a label without tabindex is).

Only these exact forms are touched; anything else the checker finds fails
tests/test_valid_markup.py, which runs it over every published page.
"""

from __future__ import annotations

import re

CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?) tabindex=""')


def valid_theme_markup(html: str) -> str:
    """``html`` without the two invalid attributes Material writes; nothing else changes."""
    return EMPTY_TABINDEX.sub(r"\1", CHECKBOX_AUTOCOMPLETE.sub(r"\1", html))
