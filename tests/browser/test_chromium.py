"""Finding Chromium: a missing browser is an error that says how to install one."""

from __future__ import annotations

import pytest

from browser import browser_support
from browser.browser_support import ChromiumNotFound, find_chromium


def test_chromium_path_wins_and_must_be_executable(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ChromiumNotFound, match="apt-get install -y chromium"):
        find_chromium()


def test_no_chromium_anywhere_fails_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(browser_support, "SYSTEM_CHROMIUM", str(tmp_path / "chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "playwright-browsers"))
    with pytest.raises(ChromiumNotFound) as missing:
        find_chromium()
    assert "sudo apt-get update && sudo apt-get install -y chromium" in str(missing.value)
    assert "playwright install chromium" in str(missing.value)


def test_playwrights_own_download_is_the_last_resort(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(browser_support, "SYSTEM_CHROMIUM", str(tmp_path / "chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "playwright-browsers"))
    downloaded = tmp_path / "playwright-browsers" / "chromium-1200" / "chrome-linux64" / "chrome"
    downloaded.parent.mkdir(parents=True)
    downloaded.write_text("#!/bin/sh\n")
    downloaded.chmod(0o755)
    assert find_chromium() == str(downloaded)
