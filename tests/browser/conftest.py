"""Fixtures for the browser tests: one Chromium, the shipped site built and served on loopback.

A missing Chromium fails these tests (never skips them) with the command that installs it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path
from unittest import mock

import pytest

from browser.browser_support import (
    ChromiumNotFound,
    find_chromium,
    goto,
    launch_chromium,
    new_recorded_context,
    serve_directory,
    site_paths,
)
from conftest import BROWSER_MEASUREMENTS, Result, build, make_project
from network.vocabulary import DOMAINS


@dataclasses.dataclass
class ServedSite:
    """A built site served over HTTP on loopback."""

    url: str
    result: Result

    @property
    def site(self) -> Path:
        return self.result.site

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def pages(self) -> list[str]:
        return site_paths(self.site)

    def playbooks(self) -> list[str]:
        """URL paths of every playbook page (playbooks/<domain>/<slug>/; tag pages are not playbooks)."""
        return [path for path in self.pages()
                if path.count("/") == 3 and path.startswith("playbooks/") and path.split("/")[1] in DOMAINS]

    def soup(self, path: str):
        return self.result.page(path)


@contextlib.contextmanager
def build_and_serve(project: Path, env: dict[str, str] | None = None):
    """Build ``project`` with site_url set to the loopback address it is then served at.

    Material's instant navigation only follows links under site_url, so the
    port is bound first and the build is told the address.
    """
    with serve_directory(project.parent / "site") as url:
        with mock.patch.dict(os.environ, {"SITE_URL": url, **(env or {})}):
            result = build(project)
        if result.returncode != 0:
            pytest.fail(f"the site did not build:\n{result.output}", pytrace=False)
        yield ServedSite(url, result)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    try:
        return find_chromium()
    except ChromiumNotFound as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    """One Chromium for the whole session; each test opens its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, chromium_executable)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> ServedSite:
    """The project as shipped, built once under a fixed date and served on loopback."""
    with build_and_serve(make_project(tmp_path_factory.mktemp("browser-site"))) as served:
        yield served


@pytest.fixture(scope="module")
def search_page(browser, served_site):
    """One page of the served site with search ready, shared by this module's tests."""
    context, recorder = new_recorded_context(browser, served_site.origin)
    page = context.new_page()
    goto(page, served_site.url)
    yield page, recorder
    context.close()


@pytest.fixture
def measured():
    """Record a measurement, as ``measured('name', value)`` (printed at the end and written to build/)."""
    def record(name: str, value: object) -> None:
        BROWSER_MEASUREMENTS[name] = value
    return record
