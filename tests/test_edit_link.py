"""'Edit this page' on every playbook page, into GitHub's web editor on the playbook's own file; nowhere else."""

from __future__ import annotations

import yaml

from conftest import ROOT
from network.pages import is_playbook

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def edit_links(page) -> list[str]:
    return [link["href"] for link in page.select("a[rel~=edit]")]


def test_every_playbook_page_links_to_its_own_file_in_github_s_web_editor(shipped_site):
    playbooks = sorted(path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs/playbooks").rglob("*.md")
                       if is_playbook(path.relative_to(ROOT / "docs").as_posix()))
    assert len(playbooks) > 10
    for src in playbooks:
        page = shipped_site.page(src.removesuffix(".md") + "/")
        (href,) = edit_links(page)
        assert href == f"{CONFIG['repo_url']}/edit/main/docs/{src}", href
        assert (ROOT / href.split("/edit/main/", 1)[1]).is_file()
        (button,) = page.select("a[rel~=edit]")
        assert button["title"] == "Edit this page"


def test_no_page_without_a_file_of_its_own_to_edit_has_the_link(shipped_site):
    """Generated pages, listings from templates, the CONTRIBUTING snippet: none links to an editor."""
    with_link = []
    for html in shipped_site.site.rglob("*.html"):
        relative = html.relative_to(shipped_site.site).as_posix()
        if is_playbook(relative.removesuffix("/index.html") + ".md"):
            continue
        if edit_links(shipped_site.page(relative.removesuffix("index.html"))):
            with_link.append(relative)
    assert not with_link, with_link
    assert (shipped_site.site / "members" / "index.html").is_file()
