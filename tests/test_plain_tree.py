"""The plain tree (`make plain-tree`): the site's source that any engine builds with no macros and no hook."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tools.project import ROOT, build_environment

# What the theme overrides and the hook add to a page's article: left out of the comparison.
OVERRIDES = ("input#__toc, h1.pb-title, aside.pb-header, section[class^=pb-], p.pb-print-footer, "
             "a.md-content__button, nav.md-tags")


def article(html: str) -> str:
    """A page's <article>, without what the overrides add, its whitespace folded."""
    node = BeautifulSoup(html, "html.parser").find("article")
    for added in node.select(OVERRIDES):
        added.decompose()
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(node))).strip()


def articles(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): article(text) for path in sorted(site.rglob("*.html"))
            if "<article" in (text := path.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def plain(shipped_site, tmp_path_factory):
    """The shipped project's plain tree, written by the documented command and built by MkDocs alone."""
    tree = tmp_path_factory.mktemp("plain") / "tree"
    written = subprocess.run([sys.executable, "-m", "tools.plain_tree", str(tree)], cwd=ROOT, capture_output=True,
                             text=True, env=build_environment(PLAYBOOKS_PROJECT=str(shipped_site.project)))
    assert written.returncode == 0, written.stderr
    site = tree.parent / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=tree,
                           capture_output=True, text=True, env=build_environment())
    assert built.returncode == 0, built.stderr
    return tree, site, built.stderr


def test_the_plain_tree_needs_no_macros_and_no_hook(plain):
    tree, _site, log = plain
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"] and "hooks" not in config and "custom_dir" not in config["theme"]
    assert "macros" not in (tree / "mkdocs.yml").read_text(encoding="utf-8")
    assert "[macros]" not in log
    assert not [path for path in (tree / "docs").rglob("*.md") if "{{" in path.read_text(encoding="utf-8")]


def test_the_plain_tree_holds_the_generated_pages_and_published_files(plain, shipped_site):
    tree, site, _log = plain
    for path in ("members/ironwood-valley.md", "feeds/all.atom.xml", "api/playbooks.json",
                 "schemas/playbook.schema.json"):
        assert (tree / "docs" / path).is_file(), path
    assert (site / "api" / "playbooks.json").read_bytes() == (shipped_site.site / "api" / "playbooks.json").read_bytes()


def test_every_page_has_the_same_article_as_the_build(plain, shipped_site):
    _tree, site, _log = plain
    built, plain_built = articles(shipped_site.site), articles(site)
    assert set(built) == set(plain_built)
    assert len(built) > 50
    assert [page for page in built if built[page] != plain_built[page]] == []


def test_the_comparison_sees_a_difference_in_the_body_and_not_in_the_overrides():
    page = ('<article><h1 class="pb-title">T</h1><aside class="pb-header">x</aside><p>Body</p>'
            '<section class="pb-evidence">e</section></article>')
    assert article(page) == article(page.replace('<aside class="pb-header">x</aside>', ""))
    assert article(page) != article(page.replace("Body", "Bodies"))
