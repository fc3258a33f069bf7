"""Every link's #anchor checked in one pass over the built pages, one parse a page, with linkchecker's code."""

from __future__ import annotations

import dataclasses
import html.parser
import urllib.parse
from pathlib import Path

from bs4.dammit import UnicodeDammit

from tools.linkcheck.report import Checked
from tools.linkcheck.server import UNCHECKED_PAGES, page_url, served_file


class PageElements(html.parser.HTMLParser):
    """What linkchecker reads of a page's BeautifulSoup tree, from one streaming pass.

    linkchecker only walks every element's name, attributes and position
    (find_links), looks for a robots <meta> (find) and reads the encoding;
    building a whole tree for that was half the check's CPU.
    """

    def __init__(self, markup: bytes | str, from_encoding: str | None = None):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, int, int]] = []
        if isinstance(markup, bytes):
            self.original_encoding = from_encoding or "utf-8"
            try:
                text = markup.decode(self.original_encoding)
            except (UnicodeDecodeError, LookupError):
                dammit = UnicodeDammit(markup, [from_encoding] if from_encoding else [])
                text, self.original_encoding = dammit.unicode_markup or "", dammit.original_encoding
        else:
            text, self.original_encoding = markup, None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.elements.append((tag, {name: value or "" for name, value in attrs}, line, column))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def find(self, name: str, attrs: dict):
        """The first element called ``name`` whose attributes match (text, or a regex searched)."""
        for tag, values, _, _ in self.elements:
            if tag == name and all(
                    key in values and (value.search(values[key]) if hasattr(value, "search") else values[key] == value)
                    for key, value in attrs.items()):
                return tag, values
        return None


def find_links(soup: PageElements, callback, tags) -> None:
    """linkcheck.htmlutil.linkparse.find_links over a PageElements pass, without each element's text.

    linkparse reads every element's text (the whole page's for <body>) only to
    name links, and linkcheckerrc's CSV has no names. Elements with none of the
    attributes LinkFinder.html_element looks at (and no <base>) are passed over
    here rather than there: most of a page's elements.
    """
    from linkcheck.htmlutil import linkparse

    finder = linkparse.LinkFinder(callback, tags)
    for name, attrs, line, column in soup.elements:
        wanted = finder.tags.get(name, finder.universal_attrs)
        if name != "base" and wanted.isdisjoint(attrs):
            continue
        finder.html_element(name, attrs, "", line, column + 1)


@dataclasses.dataclass
class _AnchorLookup:
    """The two things linkchecker's UrlAnchorCheck.check_anchor reads of a URL, and its warning."""

    anchor: str
    encoding: str = "utf-8"
    warning: str = ""

    def add_warning(self, message, tag=None):
        self.warning = message


def page_anchors(path: Path) -> list:
    """The anchors of one built page, found as linkchecker's AnchorCheck finds them."""
    from linkcheck.htmlutil import linkparse
    from linkcheck.plugins import anchorcheck

    collector = anchorcheck.UrlAnchorCheck()
    find_links(PageElements(path.read_bytes()), collector.add_anchor, linkparse.AnchorTags)
    return collector.anchors


def anchor_problems(site: Path, site_base: str) -> list[Checked]:
    """Every link of every page whose #anchor its target page of this site lacks.

    Run once, in one process, over the built files after the crawl: the same
    site gives the same answer however busy the machine is. Links are found by
    linkchecker's own LinkFinder and anchors checked by its own
    UrlAnchorCheck.check_anchor, over every link of every page, not only the
    first link to each URL. This replaces linkchecker's AnchorCheck plugin,
    which its maintainers once disabled for a release as unreliable and which
    fetches and parses a page again for every anchor pointing into it.
    """
    from linkcheck.htmlutil import linkparse
    from linkcheck.plugins import anchorcheck

    anchors: dict[Path, list] = {}
    links_by_page: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(site.rglob("*.html")):  # one parse a page gives its links and its anchors
        relative = path.relative_to(site).as_posix()
        soup = PageElements(path.read_bytes())
        collector = anchorcheck.UrlAnchorCheck()
        find_links(soup, collector.add_anchor, linkparse.AnchorTags)
        anchors[path] = collector.anchors
        if relative in UNCHECKED_PAGES:
            continue
        links: list[tuple[str, int]] = links_by_page.setdefault(urllib.parse.urljoin(site_base, page_url(relative)), [])

        def found(url, line, column, name, base, links=links):  # LinkFinder passes all but url by keyword
            links.append((url, line))

        find_links(soup, found, linkparse.LinkTags)
    problems: list[Checked] = []
    for page, links in links_by_page.items():
        for written, line in links:
            resolved = urllib.parse.urljoin(page, written.strip())
            target, _, fragment = resolved.partition("#")
            if not fragment or not target.startswith(site_base):
                continue
            target_path = served_file(site, target)
            if target_path not in anchors:
                continue  # not an HTML page of the site: a missing page is linkchecker's to report
            lookup = _AnchorLookup(anchor=fragment)
            checker = anchorcheck.UrlAnchorCheck()
            checker.anchors = anchors[target_path]
            checker.check_anchor(lookup)
            if lookup.warning:
                problems.append(Checked(written=written, url=resolved, page=page, line=str(line),
                                        result="200 OK", warning=lookup.warning, valid=True))
    return problems
