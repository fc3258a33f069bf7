"""Both engines publish the same site: MkDocs 1.6.1 and ProperDocs 1.6.7 (README, "Engines")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import make_project, run
from tools.project import ENGINES, ROOT, engine_build, makefile_exports
from tools.site_compare import site_differences

# The version each engine's generator line names, as pinned.
PINNED = {
    "mkdocs": re.search(r"^mkdocs==(\S+)$", (ROOT / "requirements.txt").read_text(), re.MULTILINE)[1],
    "properdocs": re.search(r"^properdocs==(\S+)$", (ROOT / "requirements-test.txt").read_text(), re.MULTILINE)[1],
}
GENERATOR_OF = {"mkdocs": 'content="mkdocs-{}, ', "properdocs": 'content="mkdocs-ProperDocs {}, '}
END_OF_LIFE = "Material for MkDocs reaches end of life on May 5, 2027."
PROPERDOCS_PARAGRAPH = "A third-party plugin may print a separate notice recommending"


@pytest.fixture(scope="module")
def engine_sites(tmp_path_factory) -> dict:
    """The shipped project built once with each engine, from one copy, under the fixed date."""
    project = make_project(tmp_path_factory.mktemp("engines"))
    sites = {}
    for engine in ENGINES:
        site = project.parent / f"site-{engine}"
        done = run(engine_build(engine, site), project)
        assert done.returncode == 0, f"{engine}:\n{done.stdout}{done.stderr}"
        sites[engine] = site
    return sites


def test_every_published_file_is_the_same_with_both_engines(engine_sites):
    first, second = (engine_sites[engine] for engine in ENGINES)
    assert site_differences(first, second) == []
    assert len(list(first.rglob("*.html"))) > 50


@pytest.mark.parametrize("engine", ENGINES)
def test_each_build_ran_its_own_pinned_engine(engine_sites, engine):
    home = (engine_sites[engine] / "index.html").read_text(encoding="utf-8")
    assert GENERATOR_OF[engine].format(PINNED[engine]) in home


def test_a_planted_difference_is_named_file_by_file(engine_sites, tmp_path):
    reference = engine_sites["mkdocs"]
    planted = shutil.copytree(engine_sites["properdocs"], tmp_path / "planted")
    page = planted / "about" / "index.html"
    lines = page.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, start=1) if "<h1" in line)
    lines[number - 1] = lines[number - 1].replace("<h1", '<h1 class="planted"', 1)
    page.write_text("\n".join(lines), encoding="utf-8")
    (planted / "sitemap.xml").unlink()
    (planted / "feeds" / "extra.atom.xml").write_text("<feed/>", encoding="utf-8")

    assert site_differences(reference, planted) == [
        f"about/index.html:{number}: differs from line {number} on",
        f"feeds/extra.atom.xml: only in {planted}",
        f"sitemap.xml: only in {reference}",
    ]


def test_only_the_generator_line_may_differ(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    page = '<head>\n  <meta name="generator" content="mkdocs-{}, mkdocs-material-9.8.2">\n  <title>{}</title>\n'
    for site, engine, title in ((first, "1.6.1", "Home"), (second, "ProperDocs 1.6.7", "Home")):
        site.mkdir()
        (site / "index.html").write_text(page.format(engine, title), encoding="utf-8")
        (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    assert site_differences(first, second) == []

    (second / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    (second / "index.html").write_text(page.format("ProperDocs 1.6.7", "Elsewhere"), encoding="utf-8")
    assert site_differences(first, second) == ["index.html:3: differs from line 3 on",
                                               "robots.txt:2: differs from line 2 on"]


def test_the_command_exits_non_zero_and_names_each_file(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for site in (first, second):
        (site / "api").mkdir(parents=True)
        (site / "api" / "playbooks.json").write_text("[]\n", encoding="utf-8")
    same = subprocess.run([sys.executable, "-m", "tools.site_compare", str(first), str(second)], cwd=ROOT,
                          capture_output=True, text=True)
    assert same.returncode == 0, same.stderr
    (second / "api" / "playbooks.json").write_text("[{}]\n", encoding="utf-8")
    differ = subprocess.run([sys.executable, "-m", "tools.site_compare", str(first), str(second)], cwd=ROOT,
                            capture_output=True, text=True)
    assert differ.returncode == 1
    assert differ.stdout == "api/playbooks.json:1: differs from line 1 on\n"
    missing = subprocess.run([sys.executable, "-m", "tools.site_compare", str(first), str(tmp_path / "none")],
                             cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 2
    assert f"{tmp_path / 'none'}: no such folder" in missing.stderr
    assert "Traceback" not in missing.stderr


def banner_site(tmp_path):
    """The smallest Material site, whose build prints the engines' notices and nothing of the project's."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Banner\ntheme:\n  name: material\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("engine", ENGINES)
def test_the_makefile_silences_the_mkdocs_2_banners_and_keeps_the_end_of_life_notice(tmp_path, engine):
    project = banner_site(tmp_path)
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}

    def output(extra: dict[str, str]) -> str:
        done = subprocess.run(engine_build(engine, tmp_path / "site"), cwd=project, env={**environment, **extra},
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    quiet, bare = output(makefile_exports()), output({})
    assert PROPERDOCS_PARAGRAPH not in quiet
    assert "MkDocs may break support" not in quiet
    if engine == "mkdocs":
        # Material prints its notice only under `mkdocs`; without the Makefile's switch it names ProperDocs too.
        assert END_OF_LIFE in quiet
        assert PROPERDOCS_PARAGRAPH in bare
    else:
        assert END_OF_LIFE not in bare
