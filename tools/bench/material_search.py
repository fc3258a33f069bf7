"""Material's own search, tuned, measured in the same run as the site's engine (the comparison of issue 26).

A copy of the project is turned back to Material's search (lunr, its whole index
in one file) and tuned as far as its settings go: a separator that splits
hyphenated words, a small ``search.boost`` by trust (tools/bench/material_boost.py)
and a query transform in its worker for typos and variants
(tools/bench/material_tuned_worker.js). The copy is built at one size for bytes
and time, and with the shipped playbooks for the relevance suite.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from network.search_variants import load_variants
from tools.bench.browser import browser_figures, relevance_figures
from tools.bench.corpus import generate_network
from tools.bench.harness import BenchError, build_site, progress
from tools.project import copy_project

HERE = Path(__file__).parent
# Material's recommended separator, which also splits words at hyphens ("I-PASS", "e-consult").
SEPARATOR = r'[\s\-,:!=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;'
OUR_HOOK = "  - macros/search_index.py\n"
WORKER = Path("overrides/assets/javascripts/search/worker.js")
MATERIAL_WORKER = re.compile(r'MATERIAL_SEARCH_WORKER = "assets/javascripts/(workers/search\.[0-9a-f]+\.min\.js)"')


def use_material_search(project: Path) -> None:
    """Turn the project copy in ``project`` to Material's own search, tuned."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if OUR_HOOK not in text or "\n  - search\n" not in text:
        raise BenchError("mkdocs.yml no longer registers macros/search_index.py or the search plugin as the "
                         "engine comparison expects (tools/bench/material_search.py)")
    text = text.replace(OUR_HOOK, f"  - {HERE / 'material_boost.py'}\n")
    text = text.replace("\n  - search\n", f"\n  - search:\n      separator: {json.dumps(SEPARATOR)}\n")
    config.write_text(text, encoding="utf-8")
    material_worker = MATERIAL_WORKER.search((project / "overrides" / "main.html").read_text(encoding="utf-8"))
    groups, _ = load_variants(project)
    worker = (HERE / "material_tuned_worker.js").read_text(encoding="utf-8")
    worker = worker.replace("__VARIANTS__", json.dumps([[list(form) for form in group] for group in groups]))
    worker = worker.replace("__MATERIAL_WORKER__", json.dumps(f"../{material_worker[1]}"))
    (project / WORKER).write_text(worker, encoding="utf-8")


def material_figures(size: int, workdir: Path, snapshot: Path) -> dict:
    """Material's search, tuned, on a network of ``size`` playbooks: what Chromium measures of search."""
    folder = workdir / f"material-{size}"
    progress(f"[{size} playbooks, Material's search tuned] generating and building ...")
    network = generate_network(folder / "project", size, source=snapshot)
    use_material_search(network.project)
    built = build_site(network.project, folder / "site")
    if built.returncode != 0:
        raise BenchError(f"the {size}-playbook build with Material's search failed:\n{built.output[-4000:]}")
    figures = browser_figures(folder / "site")
    progress(f"[{size} playbooks, Material's search tuned]   {figures.get('search_bytes_mb')} MB before the right "
             f"first result in {figures.get('search_first_result_ms')} ms")
    shutil.rmtree(folder)
    return figures


def material_relevance(workdir: Path) -> dict:
    """Precision at 1 of the relevance suite with Material's search, tuned, on the shipped playbooks."""
    progress("[shipped playbooks, Material's search tuned] the search relevance suite in Chromium ...")
    project = copy_project(workdir / "material-shipped" / "project")
    use_material_search(project)
    site = workdir / "material-shipped" / "site"
    built = build_site(project, site)
    if built.returncode != 0:
        raise BenchError(f"the shipped site's build with Material's search failed:\n{built.output[-4000:]}")
    figures = relevance_figures(site)
    progress(f"[shipped playbooks, Material's search tuned]   precision at 1: "
             f"{figures.get('search_precision_at_1', 'skipped')}")
    return figures


def compare_engines(size: int, workdir: Path, snapshot: Path) -> dict:
    """Material's search, tuned: its search figures at ``size`` playbooks and its precision at 1."""
    return {"playbooks": size, **material_figures(size, workdir, snapshot), **material_relevance(workdir)}

