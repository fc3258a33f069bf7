"""The README's pictures: each one `make screenshots` saves and the repository holds; the phone's among them."""

from __future__ import annotations

import re

from browser.screenshots import DRAWER_PICTURE, picture_names
from conftest import ROOT

# A Markdown image of the screenshots folder: (its text, its path).
PICTURE = re.compile(r"!\[([^\]]+)\]\((screenshots/[^)\s]+)\)")


def readme_pictures() -> dict[str, str]:
    """Each picture README.md shows, by file name, with its text."""
    found = PICTURE.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    return {path.removeprefix("screenshots/"): text for text, path in found}


def test_every_picture_of_the_readme_is_one_make_screenshots_saves_and_the_repository_holds():
    pictures = readme_pictures()
    unsaved = sorted(set(pictures) - picture_names())
    assert not unsaved, f"README.md shows pictures `make screenshots` does not save: {unsaved}"
    missing = sorted(name for name in pictures if not (ROOT / "screenshots" / name).is_file())
    assert not missing, f"README.md shows pictures screenshots/ does not hold: {missing}; run `make screenshots`"


def test_the_readme_shows_the_phones_drawer_and_the_directorys_jump_list():
    pictures = readme_pictures()
    assert "drawer on a phone" in pictures.get(DRAWER_PICTURE, ""), pictures
    assert "jump list" in pictures.get("directory-phone.png", ""), pictures
