"""The sections the theme adds after a playbook's body, as its table of contents lists them.

overrides/partials/playbook-*.html print each section's heading with the id
and title given here, and the build adds the same entries to the page's table
of contents (macros/published_files.py), so every section a reader can scroll
to is one click away, each at its own anchor.
"""

from __future__ import annotations

# In page order: each section's key, its heading's id and its title. The ids carry the theme's `pb-` prefix,
# which no heading of a contributor's Markdown is given, so they never clash with the body's own anchors.
THEME_SECTIONS = (
    ("recommendations", "pb-recommendations-heading", "Key recommendations and the strength of the evidence"),
    ("measures", "pb-measures-heading", "Measures and targets"),
    ("variants", "pb-variants-heading", "How members run it"),
    ("updates", "pb-updates-heading", "Updates to this playbook"),
    ("evidence", "pb-evidence-heading", "Evidence"),
)
# The sections shown only when the front matter fills them; the others are always on the page.
OPTIONAL_SECTIONS = ("recommendations", "measures")


def headings() -> dict[str, dict[str, str]]:
    """Each section's heading, by key, for the partials to print."""
    return {key: {"id": anchor, "title": title} for key, anchor, title in THEME_SECTIONS}


def shown_sections(has_recommendations: bool, has_measures: bool) -> list[dict[str, str]]:
    """The sections a playbook page shows after its body, in order: its table of contents' last entries."""
    filled = {"recommendations": has_recommendations, "measures": has_measures}
    return [{"id": anchor, "title": title} for key, anchor, title in THEME_SECTIONS
            if key not in OPTIONAL_SECTIONS or filled[key]]
