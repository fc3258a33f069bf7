"""What to write instead of a link MkDocs refuses "as is": in plain words, with the form the build accepts.

A link to another page of the site names that page's Markdown file, relative
to the file it is written in (``i-pass-handoffs.md``, ``../quality/clabsi-prevention-bundle.md#checklist``).
MkDocs then checks the page and its anchor, and writes the address the page
gets on the published site and in the offline bundle alike. A link written
as an address (``../i-pass-handoffs/``, ``/playbooks/safety/i-pass-handoffs/``)
works on one of them only, so the build refuses it; these functions say what
to write instead.
"""

from __future__ import annotations

import posixpath

from network.urls import page_url, relative_link

LEFT_AS_IS = "it was left as is"
# The page the advice names when a link opens no page (CONTRIBUTING.md uses it too).
EXAMPLE_PAGE = "playbooks/safety/i-pass-handoffs.md"


def address_target(src_uri: str, link: str, sources: list[str]) -> str | None:
    """The page (its src_uri, with the link's #anchor) that ``link``, written on page ``src_uri``, opens, if any."""
    path, _, anchor = link.partition("#")
    if path.startswith("/"):
        resolved = path.lstrip("/")
    else:
        resolved = posixpath.normpath(posixpath.join(page_url(src_uri), path))
    resolved = "" if resolved == "." else resolved.strip("/")
    for source in sources:
        if page_url(source).strip("/") == resolved:
            return f"{source}#{anchor}" if anchor else source
    return None


def refused_link_advice(src_uri: str, link: str, sources: list[str]) -> str:
    """Plain words for a link written as an address: what to write instead, or how such a link is written."""
    target = address_target(src_uri, link, sources)
    if target:
        return (f"a link to another page of this site names that page's Markdown file, relative to this one; "
                f"write '{relative_link(target, src_uri)}'")
    example = relative_link(EXAMPLE_PAGE, src_uri)
    return (f"no page of this site is at that address; a link to another page names that page's Markdown file, "
            f"relative to this one (such as '{example}')")
