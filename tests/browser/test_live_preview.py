"""`make serve` in Chromium: the open pages follow each save, show a broken front matter's problems, and come back.

A real `make serve` runs on a free port over a small generated network; the
test edits a playbook's file as a contributor's editor saves it, and reads
the open pages, never reloading them itself. The pages run under the site's
own Content-Security-Policy: no violation may be reported.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest

from browser.browser_support import new_recorded_context
from conftest import ROOT
from network.urls import domain_index, member_page, page_url
from tools.bench.corpus import generate_network
from tools.bench.harness import bench_environment
from tools.bench.preview import free_port, retitled

# A first build of the small network, then two rebuild stages, on a loaded two-core machine.
WAIT_MS = 240_000
SERVE_PARTS = ("Makefile", "requirements.txt")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`make serve` over a generated network of 12 playbooks: (base URL, the network, the server's log file)."""
    network = generate_network(tmp_path_factory.mktemp("live") / "project", 12, members=6, git=False)
    for part in SERVE_PARTS:
        (network.project / part).write_bytes((ROOT / part).read_bytes())
        # Older than the virtualenv's install stamp, so that make installs nothing.
        os.utime(network.project / part, (0, 0))
    port = free_port()
    log = network.project.parent / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"VENV={ROOT / '.venv'}",
                                   "HOST=127.0.0.1", f"PORT={port}"], cwd=network.project,
                                  env=bench_environment(), stdout=output, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}/", network, log
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def _text_shows(page, text: str) -> None:
    page.wait_for_function("(text) => document.body && document.body.innerText.includes(text)", arg=text,
                           timeout=WAIT_MS, polling=100)


def test_the_open_pages_follow_each_save_and_show_a_broken_front_matter_until_it_is_fixed(browser, preview):
    base, network, log = preview
    src_uri = network.pages[0]
    path = network.project / "docs" / src_uri
    original = path.read_text(encoding="utf-8")
    contributor = re.search(r"^contributor: (.+)$", original, flags=re.MULTILINE).group(1).strip()
    title = re.search(r"^title: (.+)$", original, flags=re.MULTILINE).group(1).strip()
    urls = [base + page_url(src_uri), base + page_url(domain_index(src_uri.split("/")[1])),
            base + page_url(member_page(contributor))]
    context, recorder = new_recorded_context(browser, base)
    deadline = time.monotonic() + WAIT_MS / 1000
    pages = []
    for url in urls:
        page = context.new_page()
        while True:  # the first build may still be running
            try:
                page.goto(url, wait_until="load", timeout=WAIT_MS)
                break
            except Exception:  # noqa: BLE001 - connection refused until the server listens
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        _text_shows(page, title)
        pages.append(page)
    playbook = pages[0]

    # 1. An edit: the playbook, its domain's listing and its contributor's page show the new title.
    edited = "Live preview edit"
    path.write_text(retitled(original, f"{edited} {title}"), encoding="utf-8")
    for page in pages:
        _text_shows(page, edited)

    # 2. A broken front matter: the open playbook page shows the file, the line and the field.
    broken = re.sub(r"^last_reviewed: .*\n", "", original, count=1, flags=re.MULTILINE)
    path.write_text(broken, encoding="utf-8")
    notice = playbook.locator("#pb-preview-problems")
    notice.wait_for(timeout=WAIT_MS)
    shown = notice.inner_text()
    assert f"docs/{src_uri}:" in shown and "field 'last_reviewed': missing required field" in shown, shown
    assert notice.evaluate("(node) => getComputedStyle(node).borderColor") != "", "in the site's notice style"

    # 3. Fixed: the page comes back, with the latest title, and the notice is gone.
    fixed = "Fixed preview edit"
    path.write_text(retitled(original, f"{fixed} {title}"), encoding="utf-8")
    _text_shows(playbook, fixed)
    assert playbook.locator("#pb-preview-problems").count() == 0

    # 4. The same mistake again: shown again, and the terminal names it again (not only "Aborted ...").
    path.write_text(broken, encoding="utf-8")
    playbook.locator("#pb-preview-problems").wait_for(timeout=WAIT_MS)
    path.write_text(original, encoding="utf-8")
    output = log.read_text(encoding="utf-8")
    context.close()
    assert recorder.csp_violations == [], recorder.csp_violations
    assert "[macros]" not in output, output[-3000:]
    # Each failed rebuild names it (a save may start more than one), not only the first: "Aborted ..." the second time.
    assert output.count(f"docs/{src_uri}:2: field 'last_reviewed': missing required field") >= 2, output[-3000:]
