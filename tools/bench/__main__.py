"""The command line of `make bench`: measure each size, check the targets, write the results."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import tools.bench
from tools.bench.corpus import generate_network, snapshot_project
from tools.bench.harness import (
    BenchError,
    _markdown_floor_here,
    bench_environment,
    measure,
    progress,
    shipped_check,
    shipped_relevance,
)
from tools.bench.material_search import compare_engines
from tools.bench.preview import PREVIEW_SIZE, PreviewError, preview_latency
from tools.bench.profiling import profile_build
from tools.bench.report import check_targets, machine_description, markdown_table, shipped_check_verdict
from tools.bench.search import measure_search
from tools.project import ROOT

DEFAULT_SIZES = (100, 1000, 4000)
# The size Material's search, tuned, is measured at beside the site's engine.
ENGINES_SIZE = 1000


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every checked target is met, 1 when one is missed, 2 when a step fails."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=tools.bench.__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(DEFAULT_SIZES),
                        help="numbers of playbooks to generate (default: 100 1000 4000)")
    parser.add_argument("--out", type=Path,
                        help="write OUT.md and OUT.json (default: bench/results)")
    parser.add_argument("--no-linkcheck", action="store_true", help="skip the link check")
    parser.add_argument("--no-browser", action="store_true", help="skip the finder and search in Chromium")
    parser.add_argument("--no-preview", action="store_true", help="skip timing `make serve` after an edit")
    parser.add_argument("--no-check", action="store_true",
                        help="skip timing `make check` (on the shipped content and at 1,000 playbooks)")
    parser.add_argument("--no-material-search", action="store_true",
                        help="skip measuring Material's search, tuned, beside the site's engine at 1,000 playbooks")
    parser.add_argument("--only", choices=["search", "preview"],
                        help="search: only search in Chromium at each size, and the relevance suite (default OUT: "
                             "bench/search); preview: only `make serve` after an edit, at 1,000 playbooks "
                             "(default OUT: bench/preview)")
    parser.add_argument("--profile", type=int, metavar="SIZE",
                        help="also profile a SIZE-playbook build and show where its time goes")
    # The Markdown floor runs in a child process of its own, like the build it is compared with.
    parser.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_of:
        print(json.dumps(_markdown_floor_here(args.floor_of)))
        return 0
    if args.only == "preview":
        return preview_only(args.out or ROOT / "bench" / "preview")
    out = args.out or ROOT / "bench" / ("search" if args.only == "search" else "results")
    rows, breakdown, material, shipped = [], None, None, {}
    with tempfile.TemporaryDirectory(prefix="playbooks-bench-") as workdir:
        snapshot = snapshot_project(Path(workdir) / "snapshot")
        try:
            for size in sorted(set(args.sizes)):
                if args.only == "search":
                    rows.append(measure_search(size, Path(workdir), snapshot))
                else:
                    rows.append(measure(size, Path(workdir), snapshot, not args.no_linkcheck, not args.no_browser,
                                        not args.no_preview, not args.no_check))
            if args.only != "search" and not args.no_check:
                shipped = shipped_check(Path(workdir))
            browser = args.only == "search" or not args.no_browser
            relevance = shipped_relevance(Path(workdir)) if browser else {}
            if browser and not args.no_material_search and ENGINES_SIZE in args.sizes:
                material = compare_engines(ENGINES_SIZE, Path(workdir), snapshot)
            if args.profile:
                breakdown = profile_build(args.profile, Path(workdir), snapshot)
        except BenchError as error:
            print(f"make bench: {error}", file=sys.stderr)
            return 2
    verdicts = check_targets(rows, relevance) + ([shipped_check_verdict(shipped)] if shipped else [])
    table = markdown_table(rows, verdicts, machine_description(), breakdown, args.profile, relevance, material,
                           shipped)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(table, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(
        {"machine": machine_description(), "rows": rows, "targets": verdicts, "relevance": relevance,
         "material_search_tuned": material, "shipped_check": shipped, "profile_size": args.profile,
         "profile": breakdown}, indent=2) + "\n", encoding="utf-8")
    print(table)
    missed = [v for v in verdicts if not v["met"]]
    for verdict in missed:
        print(f"make bench: target missed: {verdict['target']} (measured {verdict['measured']})", file=sys.stderr)
    return 1 if missed else 0


def preview_only(out: Path) -> int:
    """`make bench ONLY=preview`: the seconds from a save to the open pages at 1,000 playbooks, and the load."""
    with tempfile.TemporaryDirectory(prefix="playbooks-bench-") as workdir:
        progress(f"[{PREVIEW_SIZE} playbooks] generating the network ...")
        network = generate_network(Path(workdir) / "project", PREVIEW_SIZE)
        progress(f"[{PREVIEW_SIZE} playbooks] make serve: an edited playbook, its listing and its member page ...")
        try:
            figures = preview_latency(network, bench_environment())
        except PreviewError as error:
            print(f"make bench: the preview of {PREVIEW_SIZE} playbooks failed: {error}", file=sys.stderr)
            return 2
    result = {"machine": machine_description(), "playbooks": PREVIEW_SIZE, **figures,
              "load": round(os.getloadavg()[0], 1)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
