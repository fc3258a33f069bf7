"""The scale targets, checked after every run, and the results table."""

from __future__ import annotations

import os
import sys
import time

from tools.project import FIXED_TODAY

FLOOR_RATIO_TARGET = 1.5          # for the record: the 1,000-playbook build against the Markdown floor
ENGINE_RATIO_TARGET = 1.3         # 1,000-playbook build within 1.3x the engine floor (tools/bench/engines.py)
PEAK_MEMORY_TARGET_MB = 200        # peak memory of the 1,000-playbook build (issue 32)
LINEAR_RATIO_TARGET = 4.1         # 4,000-playbook build within 4.1x the 1,000-playbook build
PAGE_SIZE_TARGET_KB = 60.0        # every playbook page under 60 KB at 4,000 playbooks
MEMBER_PAGE_TARGET_KB = 200.0     # every member page under 200 KB at 4,000 playbooks and 100 members
ANY_PAGE_TARGET_KB = 500.0        # every page of the site, listings included, under 500 KB at 4,000 playbooks
PREVIEW_TARGET_S = 3.0            # `make serve` shows an edited playbook within 3 s at 1,000 playbooks
CHECK_RATIO_TARGET = 4.0         # `make check` on the shipped content within 4x its strict build (wall)
LINKCHECK_RATIO_TARGET = 1.0      # linkcheck of the 1,000-playbook site no slower than its build
SEARCH_BYTES_TARGET_MB = 1.0      # at 4,000 playbooks at most 1 MB fetched before the first search result
SEARCH_RATIO_TARGET = 1.5         # keystroke to result at 4,000 playbooks within 1.5x that at 1,000
PRECISION_TARGET = 1.0            # every query of the relevance suite gives the meant playbook first

COLUMNS = (
    ("playbooks", "Playbooks"), ("pages", "Pages"), ("build_cpu_s", "Build CPU (s)"),
    ("build_wall_s", "Build wall (s)"), ("floor_cpu_s", "Markdown floor CPU (s)"),
    ("build_to_floor", "Build / floor (CPU)"), ("engine_floor_cpu_s", "Engine floor CPU (s)"),
    ("build_to_engine", "Build / engine floor (CPU)"),
    ("peak_rss_mb", "Peak memory (MB)"), ("output_mb", "Output (MB)"),
    ("largest_playbook_kb", "Largest playbook page (KB)"), ("median_playbook_kb", "Median playbook page (KB)"),
    ("largest_member_kb", "Largest member page (KB)"), ("largest_listing_kb", "Largest listing page (KB)"),
    ("largest_other_kb", "Largest other page (KB)"), ("largest_page_kb", "Largest page (KB)"),
    ("search_index_mb", "Search index (MB)"), ("feeds_kb", "Feeds, all 4 (KB)"),
    ("api_playbooks_mb", "api/playbooks.json (MB)"), ("api_members_kb", "api/members.json (KB)"),
    ("sitemap_kb", "sitemap.xml (KB)"), ("linkcheck_s", "Link check wall (s)"),
    ("linkcheck_cpu_s", "Link check CPU (s)"), ("linkcheck_to_build", "Link check / build (wall)"),
    ("preview_page_s", "Preview: save to open page in Chromium (s)"),
    ("preview_listing_s", "Preview: save to open listing (s)"),
    ("preview_member_s", "Preview: save to open member page (s)"),
    ("check_s", "make check wall (s)"), ("check_to_build", "make check / strict build (wall)"),
    ("zensical_s", "Zensical 0.0.73, plain tree, wall (s)"),
)
# The finder and search in Chromium (tools/bench/browser.py): a second table, one row per size.
BROWSER_COLUMNS = (
    ("playbooks", "Playbooks"), ("finder_kb", "Finder HTML (KB)"), ("finder_gzip_kb", "Finder gzip (KB)"),
    ("finder_filter_ms", "Apply a filter (ms)"), ("finder_clear_ms", "Clear it (ms)"),
    ("search_index_mb", "Search index (MB)"), ("search_index_gzip_mb", "Index gzip (MB)"),
    ("search_bytes_mb", "Fetched before the right first result (MB)"),
    ("search_first_result_ms", "Keystroke to the right first result (ms)"),
    ("search_index_on_load_kb", "Index fetched on page load (KB)"),
    ("search_first_result_right", "First result on topic"),
)


# Engines measured once, by hand, before choosing (issue 26); the rows of the site's engine and of Material's
# search, tuned, come from the run itself (tools/bench/material_search.py).
ENGINES_HEADER = """| Engine | Measured | Precision at 1 (suite) | Fetched before the right first result (MB) | \
Keystroke to the right first result (ms) | From file:// | Typos, variants, "Did you mean" |
| --- | --- | --- | --- | --- | --- | --- |"""
ENGINES_ONCE = """| Material's search (lunr), as shipped before | once, 2026-12-06, idle | - | \
5.35 at 1,000, 19.69 at 4,000 (the whole index on every page load) | \
882 at 1,000, 3,308 at 4,000 (x3.75), to the first result | yes (index inline) | no |
| Pagefind 1.5.2 (pagefind-bin) | once, 2026-12-07, load ~28 on 2 cores | - | 0.18 at 1,000 (its script, \
WebAssembly, index chunks, one fragment) | 2,832 at 1,000, one search call from cold | no (fetch, WebAssembly) | \
no typo tolerance or synonyms; needs 'wasm-unsafe-eval' |"""


def engines_table(rows: list[dict], relevance: dict | None, material: dict | None) -> list[str]:
    """The engines compared: the two measured in this run at the same size, then those measured once by hand."""
    lines = ["Search engines compared (Chromium, a fresh page on loopback; medians):", "", ENGINES_HEADER]
    measured = {row["playbooks"]: row for row in rows if row.get("browser_note") == "measured"}
    if material and material.get("browser_note") == "measured" and material["playbooks"] in measured:
        size = material["playbooks"]
        for name, figures, precision, offline, forgiving in (
                ("The site's engine (engine.js)", measured[size], (relevance or {}).get("search_precision_at_1"),
                 "yes", "yes"),
                ("Material's search, tuned (search.boost by trust, separator, query transform: `~1` and variants)",
                 material, material.get("search_precision_at_1"), "yes (index inline)", "typos and variants; no "
                 "'Did you mean'")):
            lines.append(f"| {name} | this run | {precision if precision is not None else '-'} | "
                         f"{figures['search_bytes_mb']} at {size:,} | {figures['search_first_result_ms']:,} at {size:,}"
                         f"{'' if figures['search_first_result_right'] == 'yes' else _never_right(figures)} | "
                         f"{offline} | {forgiving} |")
    lines.append(ENGINES_ONCE)
    return lines


def _never_right(figures: dict) -> str:
    """What a row says when the right result never came first: and when the first (wrong) result showed."""
    shown = figures.get("search_any_result_ms")
    return " (right result never first" + (f"; a first result after {shown:,} ms)" if shown is not None else ")")


def check_targets(rows: list[dict], relevance: dict | None = None) -> list[dict]:
    """Each scale target that the measured sizes allow checking, with its verdict."""
    by_size = {row["playbooks"]: row for row in rows if "build_cpu_s" in row}
    verdicts = []
    if 1000 in by_size:
        ratio = by_size[1000]["build_to_floor"]
        verdicts.append(_verdict("1,000-playbook build within 1.5x the Markdown floor",
                                 f"x{ratio}", ratio <= FLOOR_RATIO_TARGET))
        engine = by_size[1000].get("build_to_engine")
        verdicts.append(_verdict("1,000-playbook build within 1.3x the engine floor (MkDocs and Material alone)",
                                 f"x{engine}" if engine else by_size[1000].get("engine_note", "not measured"),
                                 bool(engine) and engine <= ENGINE_RATIO_TARGET))
        memory = by_size[1000]["peak_rss_mb"]
        verdicts.append(_verdict("peak memory of the 1,000-playbook build at most 200 MB", f"{memory} MB",
                                 memory <= PEAK_MEMORY_TARGET_MB))
    if 1000 in by_size and 4000 in by_size:
        ratio = round(by_size[4000]["build_cpu_s"] / by_size[1000]["build_cpu_s"], 2)
        verdicts.append(_verdict("4,000-playbook build within 4.1x the 1,000-playbook build",
                                 f"x{ratio}", ratio <= LINEAR_RATIO_TARGET))
    if 4000 in by_size:
        largest = by_size[4000]["largest_playbook_kb"]
        verdicts.append(_verdict("every playbook page under 60 KB at 4,000 playbooks",
                                 f"largest {largest} KB", largest < PAGE_SIZE_TARGET_KB))
        member = by_size[4000]["largest_member_kb"]
        verdicts.append(_verdict(f"every member page under 200 KB at 4,000 playbooks and "
                                 f"{by_size[4000]['members']} members",
                                 f"largest {member} KB", member < MEMBER_PAGE_TARGET_KB))
        page, heaviest = by_size[4000]["largest_page_kb"], by_size[4000]["largest_page"]
        verdicts.append(_verdict(f"every page under 500 KB at 4,000 playbooks and {by_size[4000]['members']} members",
                                 f"largest {page} KB ({heaviest})", page < ANY_PAGE_TARGET_KB))
    if 1000 in by_size and by_size[1000].get("preview_page_s") is not None:
        row = by_size[1000]
        verdicts.append(_verdict(
            "`make serve`: the open playbook page in Chromium shows a saved edit within 3 s at 1,000 playbooks",
            f"{row['preview_page_s']} s (listing {row['preview_listing_s']} s, member page "
            f"{row['preview_member_s']} s)", row["preview_page_s"] <= PREVIEW_TARGET_S))
    if 1000 in by_size and by_size[1000]["linkcheck_note"] != "skipped":
        row = by_size[1000]
        ok = row["linkcheck_note"] == "passed" and row["linkcheck_to_build"] <= LINKCHECK_RATIO_TARGET
        verdicts.append(_verdict(
            "link check of the 1,000-playbook site no slower than its build",
            f"x{row['linkcheck_to_build']} wall, x{row['linkcheck_cpu_s'] / row['build_cpu_s']:.2f} CPU "
            f"({row['linkcheck_note']})", ok))
    return verdicts + search_targets(rows, relevance)


def search_targets(rows: list[dict], relevance: dict | None = None) -> list[dict]:
    """The search targets (issue 26) that the sizes measured in Chromium allow checking, with their verdicts."""
    measured = {row["playbooks"]: row for row in rows if row.get("browser_note") == "measured"}
    verdicts = []
    if measured:
        loaded = {size: row["search_index_on_load_kb"] for size, row in measured.items()}
        verdicts.append(_verdict("no part of the search index fetched on page load, before a search begins",
                                 ", ".join(f"{kb} KB at {size:,}" for size, kb in sorted(loaded.items())),
                                 not any(loaded.values())))
    if 4000 in measured:
        fetched = measured[4000]["search_bytes_mb"]
        verdicts.append(_verdict("at most 1 MB fetched before the first search result at 4,000 playbooks",
                                 f"{fetched} MB", fetched <= SEARCH_BYTES_TARGET_MB))
    if 1000 in measured and 4000 in measured:
        ratio = round(measured[4000]["search_first_result_ms"] / measured[1000]["search_first_result_ms"], 2)
        verdicts.append(_verdict("keystroke to the right search result at 4,000 playbooks within 1.5x that at 1,000",
                                 f"x{ratio} ({measured[1000]['search_first_result_ms']:,} ms at 1,000, "
                                 f"{measured[4000]['search_first_result_ms']:,} ms at 4,000)",
                                 ratio <= SEARCH_RATIO_TARGET and measured[4000]["search_first_result_right"] == "yes"))
    if relevance:
        precision = relevance["search_precision_at_1"]
        verdicts.append(_verdict("every query of the relevance suite gives the meant playbook first (precision at 1)",
                                 f"{precision} ({relevance['search_suite_queries']} queries)",
                                 precision == PRECISION_TARGET))
    return verdicts


def shipped_check_verdict(shipped: dict) -> dict:
    """The issue's target: a full `make check` on the shipped content within CHECK_RATIO_TARGET x its strict build."""
    return _verdict(f"make check on the shipped content within {CHECK_RATIO_TARGET:g}x its strict build (wall)",
                    f"x{shipped['shipped_check_to_build']} wall, x{shipped['shipped_check_cpu_to_build']} CPU "
                    f"({shipped['shipped_check_note']})",
                    shipped["shipped_check_note"] == "passed"
                    and shipped["shipped_check_to_build"] <= CHECK_RATIO_TARGET)


def _verdict(target: str, measured: str, met: bool) -> dict:
    return {"target": target, "measured": measured, "met": met}


def markdown_table(rows: list[dict], verdicts: list[dict], machine: str,
                   breakdown: list[dict] | None = None, profiled_size: int | None = None,
                   relevance: dict | None = None, material: dict | None = None,
                   shipped: dict | None = None) -> str:
    """The results as Markdown: one row per size, then the verdicts and, if profiled, the time breakdown."""
    built = [row for row in rows if "build_cpu_s" in row]
    lines = [f"Measured {machine}."]
    if built:
        lines += ["Build ratios compare CPU time (the build process's own rusage), which other processes on a "
                  "shared machine do not stretch; the link check is compared by wall time.", "",
                  "| " + " | ".join(title for _, title in COLUMNS) + " |",
                  "|" + " --- |" * len(COLUMNS)]
        lines += ["| " + " | ".join(_cell(row, key) for key, _ in COLUMNS) + " |" for row in built]
    else:
        lines += ["Search alone (`make bench ONLY=search`): no build, link check or preview figures."]
    measured = [row for row in rows if row.get("browser_note") == "measured"]
    if measured:
        lines += ["", "In Chromium, from a fresh page on loopback (medians; read them as ratios between sizes):", "",
                  "| " + " | ".join(title for _, title in BROWSER_COLUMNS) + " |",
                  "|" + " --- |" * len(BROWSER_COLUMNS)]
        lines += ["| " + " | ".join(_cell(row, key) for key, _ in BROWSER_COLUMNS) + " |" for row in measured]
    if relevance:
        lines += ["", f"Search relevance suite (tests/browser/relevance_suite.py, {relevance['search_suite_queries']} "
                  "queries typed in Chromium on the shipped playbooks): precision at 1 = "
                  f"{relevance['search_precision_at_1']}."]
    if shipped:
        lines += ["", f"`make check` on the shipped content: {shipped['shipped_check_s']} s wall "
                  f"({shipped['shipped_check_cpu_s']} s CPU) against {shipped['shipped_build_s']} s wall "
                  f"({shipped['shipped_build_cpu_s']} s CPU) for its strict build in the same run: "
                  f"x{shipped['shipped_check_to_build']} wall, x{shipped['shipped_check_cpu_to_build']} CPU "
                  f"({shipped['shipped_check_note']}; load average {shipped['shipped_load']})."]
    lines += [""] + engines_table(rows, relevance, material)
    if verdicts:
        lines += ["", "| Target | Measured | Met |", "| --- | --- | --- |"]
        lines += [f"| {v['target']} | {v['measured']} | {'yes' if v['met'] else '**no**'} |" for v in verdicts]
    if breakdown:
        lines += ["", f"Where the {profiled_size:,}-playbook build's time goes (cProfile, which inflates "
                  "Python-heavy phases; read the shares):", "", "| Phase | Seconds | Share |", "| --- | --- | --- |"]
        lines += [f"| {row['phase']} | {row['seconds']} | {row['share']:.0%} |" for row in breakdown]
    return "\n".join(lines) + "\n"


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    if key == "zensical_s":
        note = row.get("zensical_note", "skipped")
        return f"{value} ({note})" if value is not None else note
    if value is None:
        return row["linkcheck_note"] if key == "linkcheck_s" else row.get("check_note", "-") if key == "check_s" \
            else "-"
    if key == "largest_page_kb":
        return f"{value:,} ({row['largest_page']})"
    return f"{value:,}" if isinstance(value, int) else str(value)


def machine_description() -> str:
    """When, on what and under what load the run was measured, and the build date it fixed."""
    return (f"on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores (load average {os.getloadavg()[1]:.1f} over "
            f"the last 5 minutes when written), Python {sys.version.split()[0]}, PLAYBOOKS_TODAY={FIXED_TODAY}")
