"""Listings split into pages, tags on their own pages, and `make serve`'s dirty rebuilds.

The pure parts, and the macros on a generated network with short pages.
"""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import pytest

import network.listings
from network.listings import Section, group_pages, paginate
from network.urls import PLAYBOOK_PATH, listing_page, page_url, relative_link, tag_page
from tools.bench.corpus import generate_network, snapshot_project
from tools.bench.harness import macro_rendered_pages
from tools.preview import staged as preview


def test_a_listing_is_split_into_pages_of_at_most_the_limit_and_a_group_runs_over_a_break():
    pages = paginate([("in-use", list(range(5))), ("retired", list(range(4)))], per_page=4)
    assert pages == [[Section("in-use", [0, 1, 2, 3])],
                     [Section("in-use", [4], continued=True), Section("retired", [0, 1, 2])],
                     [Section("retired", [3], continued=True)]]
    assert group_pages(pages) == {"in-use": 1, "retired": 2}


def test_an_empty_listing_is_one_empty_page_and_a_short_one_is_not_split():
    assert paginate([], per_page=3) == [[]]
    assert paginate([("a", [1, 2, 3])], per_page=3) == [[Section("a", [1, 2, 3])]]
    with pytest.raises(ValueError):
        paginate([("a", [1])], per_page=0)


@pytest.mark.parametrize("listing", ["playbooks/index.md", "playbooks/quality/index.md", "playbooks/review.md",
                                     "playbooks/specialties.md", tag_page("handoff")])
def test_later_pages_have_their_own_address_that_no_playbook_can_take(listing):
    assert listing_page(listing, 1) == listing
    second = listing_page(listing, 2)
    assert page_url(second) == page_url(listing) + "pages/2/"
    assert not PLAYBOOK_PATH.match(second) and not PLAYBOOK_PATH.match(tag_page("pages"))


def test_tags_that_share_a_slug_are_one_tag_with_every_spelling():
    def view(title, *tags):
        return SimpleNamespace(sort_title=title, playbook=SimpleNamespace(tags=tags))
    views = [view("b", "Pressure injury", "falls"), view("a", "pressure injury"), view("c", "Falls")]
    groups = network.listings.tag_groups(views)
    assert [(group.slug, group.name, group.spellings, [v.sort_title for v in group.views]) for group in groups] == [
        ("falls", "Falls", ("Falls", "falls"), ["b", "c"]),
        ("pressure-injury", "Pressure injury", ("Pressure injury", "pressure injury"), ["a", "b"])]


@pytest.fixture(scope="module")
def short_pages(tmp_path_factory):
    """A 120-playbook network rendered with pages of 25 rows: (generated files, page 1 of each listing)."""
    snapshot = snapshot_project(tmp_path_factory.mktemp("snapshot") / "project")
    project = generate_network(tmp_path_factory.mktemp("short") / "project", 120, source=snapshot, git=False).project
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(network.listings, "LISTING_PAGE_ROWS", 25)
        config, pages = macro_rendered_pages(project)
    return config.plugins["macros"].generated.files, pages


ROW = re.compile(r"^(-   \*\*\[|- \[|\| <span class=\"pb-chip|<li data-domain)", re.MULTILINE)


@pytest.mark.parametrize("listing", ["playbooks/index.md", "playbooks/quality/index.md", "playbooks/review.md",
                                     "playbooks/specialties.md"])
def test_every_page_of_a_long_listing_holds_at_most_the_limit_and_all_rows_once(short_pages, listing):
    generated, pages = short_pages
    later = sorted((src for src in generated if src.startswith(page_url(listing) + "pages/")),
                   key=lambda src: int(src.split("/")[-2]))
    assert later, f"{listing} was not split"
    texts = [pages[listing], *(generated[src] for src in later)]
    counts = [len(ROW.findall(text)) for text in texts]
    assert all(0 < count <= 25 for count in counts), counts
    assert len(later) + 1 == len(texts)
    for number, src in enumerate(later, start=2):
        text = generated[src]
        assert f"page {number} of {len(texts)}" in text
        assert f"]({relative_link(listing, src)})" in text or f'href="{relative_link(listing, src)}' in text \
            or relative_link(listing, src).removesuffix("index.md") in text
        assert '"exclude": true' in text, "a later page is left out of search like its listing"


def test_the_finder_form_is_on_the_first_page_only_and_it_links_every_later_page(short_pages):
    generated, pages = short_pages
    first = pages["playbooks/index.md"]
    assert first.count("<form") == 1 and 'class="pb-pager pb-finder__pages"' in first
    assert re.search(r"25 of 1\d\d playbooks shown", first)
    later = [src for src in generated if src.startswith("playbooks/pages/")]
    assert all(f'href="pages/{src.split("/")[-2]}/"' in first for src in later)
    assert all("<form" not in generated[src] for src in later)


def test_each_tag_has_its_page_and_the_tags_page_links_them(short_pages):
    generated, pages = short_pages
    tag_pages = {src for src in generated if src.startswith("playbooks/tags/")}
    linked = set(re.findall(r"\]\((tags/[^)]+)\)", pages["playbooks/tags.md"]))
    assert tag_pages and {"playbooks/" + link for link in linked} == {src for src in tag_pages
                                                                       if "/pages/" not in src}


def test_a_member_entry_in_the_directory_names_a_few_playbooks_and_links_the_rest(short_pages):
    _, pages = short_pages
    directory = pages["members.md"]
    assert re.search(r"- and \[\d+ more\]\(members/member-\d+\.md#playbooks-(contributed|adopted)\)", directory)


def test_a_dirty_rebuild_keeps_the_search_entries_of_pages_it_left_alone():
    previous = [{"location": "a/", "text": "old a"}, {"location": "a/#x", "text": "old a x"},
                {"location": "b/", "text": "old b"}]
    merged = preview.merged_index({"config": {}, "docs": [{"location": "a/", "text": "new a"}]}, {"a/"}, previous)
    assert merged["docs"] == [{"location": "b/", "text": "old b"}, {"location": "a/", "text": "new a"}]


def test_a_generated_page_is_rebuilt_only_when_its_text_changed():
    assert preview.generated_changed("members/test-only.md", "one")
    assert not preview.generated_changed("members/test-only.md", "one")
    assert preview.generated_changed("members/test-only.md", "two")
    assert preview.page_needs_rebuild("playbooks/index.md") and not preview.page_needs_rebuild("privacy.md")


def test_the_dirty_build_notice_is_dropped_and_no_other_warning():
    notice = logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1,
                               "A 'dirty' build is being performed, this will likely ...", None, None)
    other = logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1, "Doc file contains a link",
                              None, None)
    assert not preview.DirtyBuildNotice().filter(notice) and preview.DirtyBuildNotice().filter(other)
