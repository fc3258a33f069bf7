"""`make screenshots`: PNGs of the main pages (a domain listing among them), a printout and the phone's drawer.

Builds the project under the fixed test date into a temporary folder, serves
it on loopback and saves each page at desktop (1280x800) and phone (390x844)
size into the folder given (screenshots/), for the README and reviewers.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from unittest import mock

from browser.browser_support import DESKTOP, PHONE, find_chromium, goto, launch_chromium, serve_directory
from conftest import build, make_project

PAGES = {
    "home": "",
    "playbook": "playbooks/safety/sepsis-hour-1-bundle/",
    "listing": "playbooks/quality/",
    "finder": "playbooks/?domain=safety&status=approved",
    "directory": "members/",
    "review-dashboard": "playbooks/review/",
}
# The printed checklist: the playbook as Chromium lays it out on A4 paper (210 mm at 96 px an inch).
PRINTED = "playbooks/safety/sepsis-hour-1-bundle/"
A4 = {"width": 794, "height": 1123}
# The navigation drawer, opened on a phone from a page inside a section (it opens at its top level).
DRAWER_PAGE = "members/"
SIZES = {
    "desktop": {"viewport": DESKTOP, "device_scale_factor": 1},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
DRAWER_PICTURE = "drawer-phone.png"
PRINTED_PICTURE = "playbook-print.png"


def picture_names() -> set[str]:
    """The file name of every picture this script saves."""
    return {f"{name}-{size}.png" for name in PAGES for size in SIZES} | {DRAWER_PICTURE, PRINTED_PICTURE}


def save_drawer(page, address: str, target: Path) -> None:
    """The phone's drawer as it opens, once its slide (every transition) has ended."""
    goto(page, address)
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked && !document.getAnimations().length")
    page.screenshot(path=str(target))
    print(f"saved {target}")


def main(out: Path) -> int:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder))
        with serve_directory(project.parent / "site") as url:
            with mock.patch.dict(os.environ, {"SITE_URL": url}):
                result = build(project)
            if result.returncode != 0:
                print(result.output, file=sys.stderr)
                return 1
            missing = [path for path in PAGES.values()
                       if not (result.site / path.split("?")[0] / "index.html").is_file()]
            if missing:
                print(f"make screenshots: these pages are not in the site any more: {missing}; "
                      f"update PAGES in {__file__}", file=sys.stderr)
                return 1
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, find_chromium())
                for size, options in SIZES.items():
                    context = browser.new_context(**options, color_scheme="light")
                    page = context.new_page()
                    for name, path in PAGES.items():
                        goto(page, url + path)
                        target = out / f"{name}-{size}.png"
                        page.screenshot(path=str(target))
                        print(f"saved {target}")
                    if size == "phone":
                        save_drawer(page, url + DRAWER_PAGE, out / DRAWER_PICTURE)
                    context.close()
                context = browser.new_context(viewport=A4, device_scale_factor=1, color_scheme="light")
                page = context.new_page()
                goto(page, url + PRINTED)
                page.emulate_media(media="print")
                target = out / PRINTED_PICTURE
                page.screenshot(path=str(target), full_page=True)
                print(f"saved {target}")
                context.close()
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
