"""`make bench ONLY=search`: build each size and measure search alone (no build, link check or preview figures)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.bench.browser import browser_figures
from tools.bench.harness import BROWSER_FIGURES, built_network, folder_size, progress


def measure_search(size: int, workdir: Path, snapshot: Path) -> dict:
    """The search row of a network of ``size`` playbooks: its index's size and what Chromium measures of search."""
    network, site, built = built_network(size, workdir, snapshot)
    progress(f"[{size} playbooks]   built in {built.seconds:.1f} s; search in Chromium ...")
    row = {"playbooks": size, "members": network.members,
           "search_index_mb": round(folder_size(site / "search") / 2**20, 2),
           **dict.fromkeys(BROWSER_FIGURES), "browser_note": "skipped"}
    row.update(browser_figures(site))
    progress(f"[{size} playbooks]   search {row['search_bytes_mb']} MB before the right first result in "
             f"{row['search_first_result_ms']} ms; {row['search_index_on_load_kb']} KB of index on page load")
    shutil.rmtree(workdir / f"network-{size}")
    return row
