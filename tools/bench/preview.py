"""How soon `make serve` shows an edit: a playbook's title changed on disk, its open pages in Chromium watched.

`make serve` runs ``mkdocs serve --dirty`` (tools/preview/staged.py says what a
rebuild redoes; tools/preview/live.py how the open page follows it). The
measure starts the same server on a free loopback port in a generated
network, waits for its first build, opens the playbook's page, its domain
listing and its contributor's page in Chromium, then changes the playbook's
title a few times, each time timing from the write until the open playbook
page shows the new title (the rebuild's quick stage), then until the open
listing and member page do (its complete stage): what the reader sees,
reloads and all, not only what the server would send.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from network.urls import domain_index, member_page, page_url
from tools.bench.corpus import Network

# The size the preview is measured at (the target), and how many edits are timed (medians).
PREVIEW_SIZE = 1000
EDITS = 3
POLL_SECONDS = 0.05
# How long the first build and each edit may take before the measure gives up.
FIRST_BUILD_TIMEOUT = 1800
EDIT_TIMEOUT = 300


class PreviewError(Exception):
    """The preview server did not start or did not show an edit in time."""


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback http:// address
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, deadline: float, server: subprocess.Popen) -> float:
    """Poll ``url`` until its HTML holds ``text``; the monotonic time it first did."""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PreviewError(f"the preview server stopped (exit {server.returncode})")
        page = _fetch(url)
        if page is not None and text in page:
            return time.monotonic()
        time.sleep(POLL_SECONDS)
    raise PreviewError(f"{url} did not show {text!r} in time")


def retitled(source: str, title: str) -> str:
    """The playbook's source with its front-matter title replaced."""
    return re.sub(r"^title: .*$", f"title: {title}", source, count=1, flags=re.MULTILINE)


def _open(browser, url: str, text: str, deadline: float, server: subprocess.Popen):
    """A Chromium page at ``url`` once the server answers it with ``text`` in it."""
    _wait_for(url, text, deadline, server)
    page = browser.new_page()
    page.goto(url, wait_until="load")
    return page


def _shows(page, text: str, deadline: float) -> float:
    """Wait until the open ``page`` shows ``text``; the monotonic time it did."""
    page.wait_for_function("(text) => document.body && document.body.innerText.includes(text)", arg=text,
                           timeout=max(1.0, deadline - time.monotonic()) * 1000, polling=int(POLL_SECONDS * 1000))
    return time.monotonic()


def preview_latency(network: Network, env: dict[str, str], log: Path | None = None) -> dict:
    """Seconds from saving an edited playbook until its open page shows it, and its open listings (medians).

    The server's output goes to ``log`` when given.
    """
    from tools.bench.browser import chromium_browser

    src_uri = network.pages[len(network.pages) // 2]
    path = network.project / "docs" / src_uri
    original = path.read_text(encoding="utf-8")
    contributor = re.search(r"^contributor: (.+)$", original, flags=re.MULTILINE).group(1).strip()
    domain = src_uri.split("/")[1]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = {"page": base + page_url(src_uri), "listing": base + page_url(domain_index(domain)),
            "member": base + page_url(member_page(contributor))}
    output = log.open("w", encoding="utf-8") if log else subprocess.DEVNULL
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=network.project, env=env,
                              stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    figures: dict[str, list[float]] = {"page": [], "listing": [], "member": []}
    try:
        first_title = re.search(r"^title: (.+)$", original, flags=re.MULTILINE).group(1).strip()
        with chromium_browser() as browser:
            deadline = time.monotonic() + FIRST_BUILD_TIMEOUT
            pages = {name: _open(browser, url, first_title, deadline, server) for name, url in urls.items()}
            for edit in range(1, EDITS + 1):
                title = f"Preview edit {edit} of {first_title}"
                # Apart from the first, a rebuild may still be running: wait for the server to settle.
                time.sleep(2)
                saved = time.monotonic()
                path.write_text(retitled(original, title), encoding="utf-8")
                deadline = saved + EDIT_TIMEOUT
                for name, page in pages.items():
                    if server.poll() is not None:
                        raise PreviewError(f"the preview server stopped (exit {server.returncode})")
                    figures[name].append(_shows(page, title, deadline) - saved)
    finally:
        path.write_text(original, encoding="utf-8")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if log:
            output.close()
    return {f"preview_{name}_s": round(statistics.median(times), 2) for name, times in figures.items()}
