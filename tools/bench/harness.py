"""Running and measuring: the strict build, the Python-Markdown floor, the link check and the output's size."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from network.pages import LISTING_PAGES
from network.urls import (
    API_MEMBERS,
    API_PLAYBOOKS,
    MEMBER_PAGES_FOLDER,
    PLAYBOOKS_FOLDER,
    SITEMAP,
    built_file,
    member_page,
)
from tools.bench.browser import browser_figures, relevance_figures
from tools.bench.corpus import Network, generate_network, member_id
from tools.bench.preview import PREVIEW_SIZE, PreviewError, preview_latency
from tools.project import CHECK_PARTS, ROOT, build_environment, copy_project

# The size `make check` is timed at, against the strict build of the same network in the same run.
CHECK_SIZE = 1000

# What tools/bench/browser.py measures, in the order of the table.
BROWSER_FIGURES = ("finder_kb", "finder_gzip_kb", "finder_filter_ms", "finder_clear_ms", "search_index_gzip_mb",
                   "search_bytes_mb", "search_first_result_ms", "search_index_on_load_kb",
                   "search_first_result_right")


class BenchError(Exception):
    """A step of the benchmark could not run; the message says which and why."""


@dataclasses.dataclass
class ProcessRun:
    """One child process: exit code, wall and CPU time, peak resident memory and its output.

    CPU time (user + system, from the child's own rusage) is what the targets
    compare: other builds running on the machine stretch wall time, not CPU time.
    """

    returncode: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    output: str


def progress(message: str) -> None:
    """One line of progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


def bench_environment(**extra: str) -> dict[str, str]:
    """The reproducible build's environment with a fixed hash seed.

    The seed makes set and dict orders, and so call counts, the same in every build.
    """
    return build_environment(PYTHONHASHSEED="0", **extra)


def run_measured(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 3600) -> ProcessRun:
    """Run a child process and time it; CPU time and peak memory come from its own rusage (wait4)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env or bench_environment(),
                                   stdout=output, stderr=subprocess.STDOUT, text=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        # ru_maxrss is in kilobytes on Linux.
        return ProcessRun(process.returncode, seconds, usage.ru_utime + usage.ru_stime,
                          usage.ru_maxrss / 1024, output.read())


def build_site(project: Path, site: Path, profile: Path | None = None) -> ProcessRun:
    """``mkdocs build --strict`` of ``project`` into ``site`` (optionally under cProfile)."""
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return run_measured(command, project)


def markdown_floor(project: Path) -> ProcessRun:
    """Time Python-Markdown alone on the build's pages, in a child process like the build."""
    return run_measured([sys.executable, "-m", "tools.bench", "--floor-of", str(project)], project,
                        bench_environment(PYTHONPATH=str(ROOT)))


def macro_rendered_pages(project: Path):
    """The site's config and every page's Markdown as the build converts it (after mkdocs-macros).

    Runs the real plugins' on_config (so define_env loads the data) and the
    macros plugin's on_page_markdown on each page, in this process. The pages
    the build generates (each member's page) are included as they are built.
    """
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    search_path = list(sys.path)
    try:
        config = load_config(str(project / "mkdocs.yml"))
        # The macros plugin puts the project folder first on sys.path to import it.
        config = config.plugins.on_config(config)
    finally:
        sys.path[:] = search_path
    macros = config.plugins["macros"]
    files = get_files(config)
    pages = {}
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        pages[file.src_uri] = macros.on_page_markdown(page.markdown, page=page, config=config, files=files)
    pages.update((src_uri, text) for src_uri, text in macros.generated.files.items() if src_uri.endswith(".md"))
    return config, pages


def _markdown_floor_here(project: Path) -> dict:
    """Convert every page with the site's markdown_extensions; report the CPU time spent converting.

    Pages that render macros are converted as the build sees them (after the
    macros plugin), so the listing pages count at their full size. Only the
    conversions are timed, with one reused Markdown instance: a lower bound
    for any build of these pages with these extensions.
    """
    import markdown

    config, pages = macro_rendered_pages(project)
    # The sanitiser and the search lead macros/ adds are the project's own work on top of Markdown: they count in
    # the build, not the floor.
    extensions = [extension for extension in config.markdown_extensions
                  if type(extension).__module__ not in ("network.page_extensions",)]
    converter = markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)
    start, start_cpu = time.perf_counter(), time.process_time()
    for source in pages.values():
        converter.reset().convert(source)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - start_cpu,
            "pages": len(pages), "markdown_bytes": sum(len(source.encode("utf-8")) for source in pages.values())}


def run_linkcheck(site: Path) -> ProcessRun:
    """``python -m tools.linkcheck SITE`` (what `make linkcheck` runs), with the project's own linkcheckerrc.

    It runs from this project's folder: the network's copy holds tools/ (the build imports make serve's
    preview from it) but not the link check's configuration.
    """
    return run_measured([sys.executable, "-m", "tools.linkcheck", str(site)], ROOT, bench_environment())


def playbook_page_sizes(site: Path, network: Network) -> list[int]:
    """HTML size in bytes of every generated playbook page."""
    return [(site / built_file(src_uri)).stat().st_size for src_uri in network.pages]


def member_page_sizes(site: Path, network: Network) -> list[int]:
    """HTML size in bytes of every generated member page, /members/<id>/."""
    return [(site / built_file(member_page(member_id(index)))).stat().st_size for index in range(network.members)]


def largest_page(site: Path) -> tuple[str, int]:
    """The site path and byte size of the heaviest HTML page."""
    path = max(site.rglob("*.html"), key=lambda page: page.stat().st_size)
    return path.parent.relative_to(site).as_posix() + "/", path.stat().st_size


def page_kind(relative: str, playbook_pages: set[str]) -> str:
    """What the built page ``relative`` (under the site folder) is: playbook, member, listing or other."""
    if relative in playbook_pages:
        return "playbook"
    if relative.startswith(f"{MEMBER_PAGES_FOLDER}/"):
        return "member"
    listings = {built_file(src_uri) for src_uri in LISTING_PAGES}
    if relative in listings or "/pages/" in relative or relative.startswith(f"{PLAYBOOKS_FOLDER}/tags/"):
        return "listing"
    return "other"


def largest_by_kind(site: Path, network: Network) -> dict[str, int]:
    """The byte size of the heaviest page of each kind (network.pages are the playbooks)."""
    playbook_pages = {built_file(src_uri) for src_uri in network.pages}
    largest: dict[str, int] = {}
    for path in site.rglob("*.html"):
        kind = page_kind(path.relative_to(site).as_posix(), playbook_pages)
        largest[kind] = max(largest.get(kind, 0), path.stat().st_size)
    return largest


def folder_size(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def run_check(project: Path) -> ProcessRun:
    """`make check` (``python -m tools.check``) over the network, its tooling copied in as the tests copy it."""
    copy_project(project, ROOT, parts=CHECK_PARTS)
    return run_measured([sys.executable, "-m", "tools.check"], project, bench_environment())


def built_network(size: int, workdir: Path, snapshot: Path) -> tuple[Network, Path, ProcessRun]:
    """A generated network of ``size`` playbooks, built strictly under ``workdir``; a failed build stops the bench."""
    progress(f"[{size} playbooks] generating the network ...")
    network = generate_network(workdir / f"network-{size}" / "project", size, source=snapshot)
    site = workdir / f"network-{size}" / "site"
    progress(f"[{size} playbooks] mkdocs build --strict ...")
    built = build_site(network.project, site)
    if built.returncode != 0:
        raise BenchError(f"the {size}-playbook build failed (exit {built.returncode}):\n{built.output[-4000:]}")
    return network, site, built


def measure(size: int, workdir: Path, snapshot: Path, linkcheck: bool, browser: bool = True,
            preview: bool = True, check: bool = True) -> dict:
    """Every number of one row of the table, for a network of ``size`` playbooks."""
    network, site, built = built_network(size, workdir, snapshot)
    progress(f"[{size} playbooks]   built in {built.seconds:.1f} s ({built.cpu_seconds:.1f} s CPU); "
             "Python-Markdown floor ...")
    floor_run = markdown_floor(network.project)
    if floor_run.returncode != 0:
        raise BenchError(f"the Markdown floor of {size} playbooks failed:\n{floor_run.output[-4000:]}")
    floor = json.loads(floor_run.output.strip().splitlines()[-1])
    sizes = playbook_page_sizes(site, network)
    heaviest, heaviest_bytes = largest_page(site)
    kinds = largest_by_kind(site, network)
    row = {
        "playbooks": size,
        "members": network.members,
        "pages": floor["pages"],
        "build_cpu_s": round(built.cpu_seconds, 2),
        "build_wall_s": round(built.seconds, 2),
        "floor_cpu_s": round(floor["cpu_seconds"], 2),
        "build_to_floor": round(built.cpu_seconds / floor["cpu_seconds"], 2),
        "peak_rss_mb": round(built.peak_rss_mb, 1),
        "output_mb": round(folder_size(site) / 2**20, 2),
        "largest_playbook_kb": round(max(sizes) / 1024, 1),
        "median_playbook_kb": round(statistics.median(sizes) / 1024, 1),
        "largest_member_kb": round(max(member_page_sizes(site, network)) / 1024, 1),
        "largest_listing_kb": round(kinds.get("listing", 0) / 1024, 1),
        "largest_other_kb": round(kinds.get("other", 0) / 1024, 1),
        "largest_page": heaviest,
        "largest_page_kb": round(heaviest_bytes / 1024, 1),
        "search_index_mb": round(folder_size(site / "search") / 2**20, 2),
        "feeds_kb": round(folder_size(site / "feeds") / 1024, 1),
        "api_playbooks_mb": round((site / API_PLAYBOOKS).stat().st_size / 2**20, 2),
        "api_members_kb": round((site / API_MEMBERS).stat().st_size / 1024, 1),
        "sitemap_kb": round((site / SITEMAP).stat().st_size / 1024, 1),
        "linkcheck_s": None,
        "linkcheck_cpu_s": None,
        "linkcheck_to_build": None,
        "linkcheck_note": "skipped",
        "preview_page_s": None,
        "preview_listing_s": None,
        "preview_member_s": None,
        "check_s": None,
        "check_to_build": None,
        "check_note": "skipped",
    }
    from tools.bench.engines import engine_figures  # here: it builds on this module's runners
    row.update(engine_figures(network.project, built.cpu_seconds, workdir / f"network-{size}", workdir))
    progress(f"[{size} playbooks]   floor {row['floor_cpu_s']} s CPU (build x{row['build_to_floor']}), "
             f"median page {row['median_playbook_kb']} KB")
    if linkcheck:
        progress(f"[{size} playbooks] python -m tools.linkcheck ...")
        checked = run_linkcheck(site)
        row["linkcheck_s"] = round(checked.seconds, 2)
        row["linkcheck_cpu_s"] = round(checked.cpu_seconds, 2)
        row["linkcheck_to_build"] = round(checked.seconds / built.seconds, 2)
        row["linkcheck_note"] = "passed" if checked.returncode == 0 else f"failed (exit {checked.returncode})"
        if checked.returncode != 0:
            progress(checked.output[-3000:])
        progress(f"[{size} playbooks]   link check {row['linkcheck_note']} in {row['linkcheck_s']} s")
    if preview and size == PREVIEW_SIZE:
        progress(f"[{size} playbooks] make serve: an edited playbook, its listing and its member page ...")
        try:
            row.update(preview_latency(network, bench_environment()))
        except PreviewError as error:
            raise BenchError(f"the preview of {size} playbooks failed: {error}") from None
        progress(f"[{size} playbooks]   page after {row['preview_page_s']} s, listing after "
                 f"{row['preview_listing_s']} s")
    if check and size == CHECK_SIZE:
        progress(f"[{size} playbooks] make check (python -m tools.check) ...")
        checked = run_check(network.project)
        row["check_s"] = round(checked.seconds, 2)
        row["check_to_build"] = round(checked.seconds / built.seconds, 2)
        row["check_note"] = "passed" if checked.returncode == 0 else f"failed (exit {checked.returncode})"
        if checked.returncode != 0:
            progress(checked.output[-3000:])
        progress(f"[{size} playbooks]   make check {row['check_note']} in {row['check_s']} s, "
                 f"x{row['check_to_build']} the strict build")
    row.update(dict.fromkeys(BROWSER_FIGURES), browser_note="skipped")
    if browser:
        progress(f"[{size} playbooks] the finder and search in Chromium ...")
        row.update(browser_figures(site))
        progress(f"[{size} playbooks]   finder {row['finder_kb']} KB, filter {row['finder_filter_ms']} ms; "
                 f"search {row['search_bytes_mb']} MB before the first result in {row['search_first_result_ms']} ms")
    shutil.rmtree(workdir / f"network-{size}")
    return row


def shipped_check(workdir: Path) -> dict:
    """`make check` on the shipped content against its strict build, both timed in this run (the issue's target).

    The strict build (``mkdocs build --strict --clean``) runs before and after the check, and the check is
    compared with their mean, so that a change in the machine's load during the run weighs on both sides.
    """
    progress("[shipped playbooks] the strict build, make check, the strict build again ...")
    project = copy_project(workdir / "shipped-check" / "project")
    copy_project(project, ROOT, parts=CHECK_PARTS)
    site = workdir / "shipped-check" / "site"
    builds = []
    for _ in range(2):
        builds.append(run_measured([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                                    "--site-dir", str(site)], project))
        if builds[-1].returncode != 0:
            raise BenchError(f"the shipped site's build failed (exit {builds[-1].returncode}):\n"
                             f"{builds[-1].output[-4000:]}")
        if len(builds) == 1:
            checked = run_measured([sys.executable, "-m", "tools.check"], project, bench_environment())
    build_s = statistics.mean(run.seconds for run in builds)
    build_cpu_s = statistics.mean(run.cpu_seconds for run in builds)
    figures = {
        "shipped_build_s": round(build_s, 2), "shipped_build_cpu_s": round(build_cpu_s, 2),
        "shipped_check_s": round(checked.seconds, 2), "shipped_check_cpu_s": round(checked.cpu_seconds, 2),
        "shipped_check_to_build": round(checked.seconds / build_s, 2),
        "shipped_check_cpu_to_build": round(checked.cpu_seconds / build_cpu_s, 2),
        "shipped_check_note": "passed" if checked.returncode == 0 else f"failed (exit {checked.returncode})",
        "shipped_load": round(os.getloadavg()[0], 1),
    }
    if checked.returncode != 0:
        progress(checked.output[-3000:])
    progress(f"[shipped playbooks]   make check {figures['shipped_check_note']} in {figures['shipped_check_s']} s, "
             f"x{figures['shipped_check_to_build']} the strict build ({figures['shipped_build_s']} s)")
    return figures


def shipped_relevance(workdir: Path) -> dict:
    """Precision at 1 of the search relevance suite on the project's own playbooks (the suite is written for them)."""
    progress("[shipped playbooks] the search relevance suite in Chromium ...")
    project = copy_project(workdir / "shipped" / "project")
    site = workdir / "shipped" / "site"
    built = build_site(project, site)
    if built.returncode != 0:
        raise BenchError(f"the shipped site's build failed (exit {built.returncode}):\n{built.output[-4000:]}")
    figures = relevance_figures(site)
    progress(f"[shipped playbooks]   precision at 1: {figures.get('search_precision_at_1', 'skipped')}")
    return figures
