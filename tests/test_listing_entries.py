"""Every generated page that lists playbooks shows one entry per playbook, as many as the core computed.

Read from the built HTML, as a reader meets it: of the shipped site, and of a generated network whose
listings run over several pages. An entry is a list item or table row that links a playbook; it must
link exactly one (an entry that swallowed the next ones, as a lost line break in a template once made
it, links several), and each listing's entries, over all its pages, number what network/listings.py says.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

import network.listings as listings
from network.generated import HOME_LIST_LENGTH
from network.site import Site, load_site
from network.urls import domain_index, member_page, page_url, tag_page
from network.vocabulary import DOMAINS
from tools.bench.corpus import generate_network, snapshot_project
from tools.project import FIXED_TODAY

# A playbook's own page: /playbooks/<domain>/<slug>/ (a listing's later pages are /playbooks/<domain>/pages/<n>/).
PLAYBOOK_PAGE = re.compile(rf"^/playbooks/(?:{'|'.join(DOMAINS)})/(?!pages/)[^/]+/$")
# A listing's later page belongs to the listing: /playbooks/quality/pages/2/ is /playbooks/quality/'s.
LATER_PAGE = re.compile(r"pages/\d+/$")


def playbook_links(element, page_path: str) -> list[str]:
    """The playbook pages ``element`` links to, as site paths, from the page at ``page_path``."""
    targets = (urlsplit(urljoin(f"/{page_path}", link["href"])).path for link in element.find_all("a", href=True))
    return [target for target in targets if PLAYBOOK_PAGE.match(target)]


def entries(page: BeautifulSoup, page_path: str) -> list:
    """The list items and table rows of a page's content that link a playbook, innermost ones only."""
    article = page.select_one("article")
    linking = [element for element in article.find_all(["li", "tr"]) if playbook_links(element, page_path)]
    return [element for element in linking
            if not any(playbook_links(inner, page_path) for inner in element.find_all(["li", "tr"]))]


def core_counts(site: Site) -> dict[str, int]:
    """How many entries each listing shows in all, by its first page's site path, from the core's own functions."""
    views, shown = site.views, listings.DIRECTORY_ENTRY_ROWS
    counts = {
        "": len(listings.recently_revised(views, HOME_LIST_LENGTH))
        + len(listings.due_for_review(views)[:HOME_LIST_LENGTH]),
        "whats-new/": len(listings.latest_updates(views)),
        "playbooks/": len(listings.finder_rows(views)),
        "playbooks/review/": len(listings.review_queue(views)),
        "playbooks/specialties/": sum(len(group) for _, group in listings.specialty_groups(views)),
        "members/": sum(min(len(member.contributed), shown) + min(len(member.adopted), shown)
                        for member in site.member_views),
    }
    for domain in DOMAINS:
        counts[page_url(domain_index(domain))] = sum(len(rows) for _, rows in listings.domain_groups(views, domain))
    for group in listings.tag_groups(views):
        counts[page_url(tag_page(group.slug))] = len(group.views)
    for member in site.member_views:
        results = sum(len(adoption.results) for _, adoption in member.adoptions if adoption.adopting)
        counts[page_url(member_page(member.member.id))] = len(member.contributed) + len(member.adoptions) + results
    return {path: count for path, count in counts.items() if count}


def assert_one_entry_per_playbook(site_dir: Path, site: Site) -> int:
    """Every listing of the built site at ``site_dir``: one playbook link an entry, the core's count in all."""
    found: dict[str, int] = {}
    swallowed = []
    for file in sorted(site_dir.glob("**/index.html")):
        path = file.parent.relative_to(site_dir).as_posix() + "/" if file.parent != site_dir else ""
        if PLAYBOOK_PAGE.match(f"/{path}"):
            continue
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for entry in entries(page, path):
            links = playbook_links(entry, path)
            if len(links) != 1:
                swallowed.append(f"/{path}: one entry links {len(links)} playbooks: "
                                 f"{entry.get_text(' ', strip=True)[:160]}")
            listing = LATER_PAGE.sub("", path)
            found[listing] = found.get(listing, 0) + 1
    assert not swallowed, "\n".join(swallowed[:10])
    expected = core_counts(site)
    assert found == expected, {path: (found.get(path), expected.get(path))
                               for path in found.keys() | expected.keys() if found.get(path) != expected.get(path)}
    return sum(found.values())


def test_every_listing_of_the_shipped_site_shows_one_entry_per_playbook(shipped_site):
    site = load_site(shipped_site.project, shipped_site.project / "docs", datetime.date.fromisoformat(FIXED_TODAY))
    assert assert_one_entry_per_playbook(shipped_site.site, site) > len(site.views)
    # The entry that once ran into the next one: an entry without a strongest recommendation, in a domain listing.
    quality = shipped_site.page("playbooks/quality/")
    plain = [entry for entry in entries(quality, "playbooks/quality/") if "Strongest" not in entry.get_text()]
    assert plain, "the shipped quality listing has an entry without a strongest recommendation"


@pytest.fixture(scope="module")
def long_network(tmp_path_factory):
    """A generated 120-playbook network built (in this process) with listing pages of 25 rows."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    snapshot = snapshot_project(tmp_path_factory.mktemp("snapshot") / "project")
    project = generate_network(tmp_path_factory.mktemp("long") / "project", 120, source=snapshot, git=False).project
    site_dir = project.parent / "site"
    search_path = list(sys.path)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(listings, "LISTING_PAGE_ROWS", 25)
            patch.setenv("PLAYBOOKS_TODAY", FIXED_TODAY)
            patch.setenv("NO_MKDOCS_2_WARNING", "1")
            build(load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    finally:
        sys.path[:] = search_path
    return project, site_dir


def test_every_listing_of_a_generated_network_shows_one_entry_per_playbook_over_all_its_pages(long_network):
    project, site_dir = long_network
    site = load_site(project, project / "docs", datetime.date.fromisoformat(FIXED_TODAY))
    assert (site_dir / "playbooks" / "quality" / "pages" / "2" / "index.html").exists(), "the listing was not split"
    assert assert_one_entry_per_playbook(site_dir, site) > 3 * len(site.views)
