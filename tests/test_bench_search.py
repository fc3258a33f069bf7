"""The bench's search targets and engine comparison, on figures given (`make bench` measures the figures)."""

from __future__ import annotations

import json

from tools.bench.material_search import use_material_search
from tools.bench.report import check_targets, engines_table
from tools.project import copy_project

SUITE = {"search_precision_at_1": 1.0, "search_suite_queries": 44}


def search_row(size: int, milliseconds: int, megabytes: float, on_load_kb: float = 0.0, right: str = "yes") -> dict:
    """A row as `make bench ONLY=search` writes it (the figures tools/bench/browser.py measures)."""
    return {"playbooks": size, "browser_note": "measured", "search_first_result_ms": milliseconds,
            "search_bytes_mb": megabytes, "search_index_on_load_kb": on_load_kb, "search_first_result_right": right}


def test_search_rows_alone_are_judged_on_the_search_targets_only():
    found = check_targets([search_row(1000, 800, 0.5), search_row(4000, 1000, 0.7)], SUITE)
    assert [verdict["met"] for verdict in found] == [True, True, True, True]
    assert "x1.25 (800 ms at 1,000, 1,000 ms at 4,000)" in [verdict["measured"] for verdict in found]


def test_each_missed_search_target_is_not_met():
    missed = check_targets([search_row(1000, 800, 0.5, on_load_kb=0.2), search_row(4000, 1300, 1.2)],
                           {"search_precision_at_1": 0.95, "search_suite_queries": 44})
    assert [verdict["met"] for verdict in missed] == [False, False, False, False]


def test_a_fast_time_to_the_wrong_result_does_not_meet_the_time_target():
    found = check_targets([search_row(1000, 800, 0.5), search_row(4000, 300, 0.7, right="no")])
    assert [verdict["met"] for verdict in found if verdict["target"].startswith("keystroke")] == [False]


def test_the_engine_comparison_shows_both_engines_measured_in_the_run():
    material = {**search_row(1000, 15000, 5.3, right="no"), "search_any_result_ms": 900, "search_precision_at_1": 0.61}
    lines = engines_table([search_row(1000, 700, 0.5)], SUITE, material)
    ours = next(line for line in lines if line.startswith("| The site's engine"))
    tuned = next(line for line in lines if line.startswith("| Material's search, tuned"))
    assert "| 1.0 | 0.5 at 1,000 | 700 at 1,000 |" in ours
    assert "| 0.61 | 5.3 at 1,000 | 15,000 at 1,000 (right result never first; a first result after 900 ms) |" in tuned


def test_the_material_search_copy_drops_the_sites_index_and_tunes_materials(tmp_path):
    project = copy_project(tmp_path / "project")
    use_material_search(project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "macros/search_index.py" not in config
    assert "material_boost.py" in config and "separator:" in config
    worker = (project / "overrides/assets/javascripts/search/worker.js").read_text(encoding="utf-8")
    variants = json.loads(worker.split("var VARIANTS = ", 1)[1].split(";\n", 1)[0])
    assert [["behavior"], ["behaviour"]] in variants
    assert 'importScripts(MATERIAL_WORKER)' in worker and "../workers/search." in worker
