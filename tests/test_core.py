"""The domain core (network/): importable without MkDocs, each fact kept once, one view per playbook."""

from __future__ import annotations

import datetime
import itertools
import pkgutil
import posixpath
import re
import subprocess
import sys

import pytest
from mkdocs.config import load_config

import network
from conftest import FIXED_TODAY, ROOT
from network import urls
from network.review import DUE_SOON_DAYS
from network.site import load_site
from network.views import header_values, listing_item
from network.vocabulary import STATUS_NOTES, STATUSES

TODAY = datetime.date.fromisoformat(FIXED_TODAY)
BLOCK_MKDOCS = """
import importlib.abc, pkgutil, sys

class NoMkDocs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "material", "mkdocs_macros"):
            raise ImportError(f"{name} is blocked: the core may not import MkDocs")

sys.meta_path.insert(0, NoMkDocs())
import network
for module in pkgutil.iter_modules(network.__path__):
    __import__(f"network.{module.name}")
print("imported", len(list(pkgutil.iter_modules(network.__path__))), "modules")
"""


def test_the_core_imports_with_mkdocs_blocked():
    done = subprocess.run([sys.executable, "-c", BLOCK_MKDOCS], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"imported {len(list(pkgutil.iter_modules(network.__path__)))} modules" in done.stdout


def test_define_env_called_once_per_page_loads_once_and_adds_its_extensions_once():
    """Zensical calls define_env for every page: the site is loaded once and no extension piles up."""
    import macros

    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    plugin = config.plugins["macros"]
    loaded, extensions = plugin.generated, len(config.markdown_extensions)
    macros.define_env(plugin)
    macros.define_env(plugin)
    assert plugin.generated is loaded and len(config.markdown_extensions) == extensions


def test_a_changed_source_is_a_new_build(tmp_path):
    from network.once import once_per_build, source_state

    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    page.write_text("one", encoding="utf-8")
    first = once_per_build(source_state([tmp_path / "docs"]), object)
    assert once_per_build(source_state([tmp_path / "docs"]), object) is first
    page.write_text("three", encoding="utf-8")
    assert once_per_build(source_state([tmp_path / "docs"]), object) is not first


# The adapter stays thin: every line of Python in macros/, docstrings and blank lines included.
MACROS_LINES = 350


def python_lines(folder) -> int:
    return sum(len(path.read_text(encoding="utf-8").splitlines()) for path in folder.rglob("*.py"))


def test_the_mkdocs_adapter_holds_at_most_350_lines_of_python():
    assert python_lines(ROOT / "macros") <= MACROS_LINES, "move the logic into network/, the adapter only hands it on"


def test_the_line_count_sees_every_python_file(tmp_path):
    (tmp_path / "inner").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n\n", encoding="utf-8")
    (tmp_path / "inner" / "b.py").write_text("y = 2\n", encoding="utf-8")
    (tmp_path / "c.js").write_text("z\n", encoding="utf-8")
    assert python_lines(tmp_path) == 3


@pytest.mark.parametrize("value", ["plain text", "a <b>", "x\x01", "{{ x }}", 5, None, ["<"]])
def test_the_quick_not_pattern_says_what_jsonschema_says(value):
    import jsonschema

    from network.contracts import not_pattern
    schema = {"not": {"pattern": "[<>\\u0000-\\u001f]|\\{[{%#]"}}
    plain = jsonschema.Draft202012Validator(schema)
    quick = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"not": not_pattern})(schema)
    assert [(e.message, e.validator) for e in quick.iter_errors(value)] == \
        [(e.message, e.validator) for e in plain.iter_errors(value)]


def test_the_block_would_catch_an_import_of_mkdocs(tmp_path):
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "network" / "leaky.py").write_text("import mkdocs.utils\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", BLOCK_MKDOCS], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "mkdocs is blocked" in done.stderr


def test_the_adapter_hands_the_theme_the_statuses_and_each_playbook_header():
    """define_env, run as the build runs it, sets Material's status badges from the vocabulary."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert config.extra["status"] == STATUS_NOTES and set(STATUS_NOTES) == set(STATUSES)
    site = load_site(ROOT, ROOT / "docs", datetime.date.today())
    generated = config.plugins["macros"].generated
    assert {src for src in generated.views if generated.theme_values(src)} == {view.src_uri for view in site.views}
    assert generated.theme_values("about.md") is None


def test_no_page_carries_another_pages_values_in_the_configuration():
    """Each playbook's header values travel in its own metadata; the shared configuration holds none of them."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert set(config.extra) <= {"status", "network_feed", "search_help", "generator", "polyfills", "homepage",
                                 "scope"}


# The prose that names the due-soon window, in every file that names it.
DUE_SOON_PROSE = ["README.md", "CONTRIBUTING.md", "docs/playbooks/review.md", "Makefile",
                  ".github/workflows/review-report.yml"]


@pytest.mark.parametrize("name", DUE_SOON_PROSE)
def test_prose_names_the_due_soon_window_the_code_uses(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    windows = {int(days) for days in re.findall(r"within (?:the (?:next )?)?(\d+) days", text)}
    assert windows == {DUE_SOON_DAYS}, f"{name} says {windows or 'nothing'}; the code says {DUE_SOON_DAYS}"


@pytest.mark.parametrize("src_uri, directory, non_directory", [
    ("index.md", "index.html", "index.html"),
    ("about.md", "about/index.html", "about.html"),
    ("playbooks/safety/index.md", "playbooks/safety/index.html", "playbooks/safety/index.html"),
    ("playbooks/safety/i-pass-handoffs.md", "playbooks/safety/i-pass-handoffs/index.html",
     "playbooks/safety/i-pass-handoffs.html"),
])
def test_one_rule_maps_a_source_to_its_file_url_and_back(src_uri, directory, non_directory):
    assert urls.built_file(src_uri) == directory
    assert urls.built_file(src_uri, use_directory_urls=False) == non_directory
    assert urls.url_of_built_file(directory) == urls.page_url(src_uri)
    assert src_uri in urls.sources_of_built_file(directory)


def test_links_between_pages_keep_their_anchor():
    assert urls.page_url(urls.member_entry("altru")) == "members/#altru"
    assert urls.relative_link(urls.member_entry("altru"), "playbooks/safety/index.md") == "../../members.md#altru"
    assert urls.playbook_ref(urls.playbook_source("safety/x")) == "safety/x"


def test_a_relative_path_is_the_one_posixpath_relpath_gives():
    names = ("", "a", "b", "a/b", "a/c.md", "b/a/c.md", "a/./b", "a/b/", "members.md", "playbooks/tags/x")
    for target, start in itertools.product(names, repeat=2):
        assert urls.relative_path(target, start) == posixpath.relpath(target or ".", start or "."), (target, start)


def test_the_header_and_the_listings_read_one_view():
    site = load_site(ROOT, ROOT / "docs", TODAY)
    assert len({view.src_uri for view in site.views}) == len(site.playbooks)
    for view in site.views:
        header, item = header_values(view), listing_item(view, "playbooks/review.md")
        assert header["review_state"] == item["review_state"] == view.review_state
        assert header["due_in"] == item["due_in"] == f"({view.due_in})"
        assert header["in_use"] == item["in_use"] == (view.status != "retired")
    by_id = {view.member.id: view for view in site.member_views}
    for view in site.views:
        assert view in by_id[view.contributor.id].contributed
        assert all(view in by_id[member.id].adopted for member in view.adopters)
