"""`make bench`: build synthetic networks of 100 to 4,000 playbooks and check the scale targets.

Run as ``python -m tools.bench [--sizes 100 1000 4000] [--out bench/results]``.
For each size it generates a network (100 members, N playbooks valid against
the real schemas, cross-linked) in a temporary folder, then measures the strict
build, the Python-Markdown floor for the same pages, peak memory, output and
page sizes, the search index and the link check. It writes the table as
Markdown and JSON and exits non-zero naming every target it misses.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXED_TODAY = "2026-11-23"
DEFAULT_SIZES = (100, 1000, 4000)
MEMBER_COUNT = 100
DOMAINS = ("quality", "safety", "professionalism")
# What a built copy of the project needs besides its playbooks and member data.
PROJECT_PARTS = ("mkdocs.yml", "macros", "overrides", "includes", "docs", "data", "CONTRIBUTING.md")
LINKCHECK_MODULE = REPO_ROOT / "tools" / "linkcheck.py"
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

# The targets of issue 7, checked after every run.
FLOOR_RATIO_TARGET = 3.0          # 1,000-playbook build within 3x the Markdown floor
LINEAR_RATIO_TARGET = 4.6         # 4,000-playbook build within 4.6x the 1,000-playbook build
PAGE_SIZE_TARGET_KB = 60.0        # every playbook page under 60 KB at 4,000 playbooks
LINKCHECK_RATIO_TARGET = 1.0      # linkcheck of the 1,000-playbook site no slower than its build

STATES = ("ND", "MN", "AZ", "WI", "IA", "SD", "MT", "NE", "GA", "TX", "IL", "CA")
TOWNS = ("Cedar", "Granite", "Prairie", "Willow", "Harbor", "Summit", "Juniper", "Red River",
         "Lakeside", "Ironwood", "Bluestem", "Aspen", "Copper", "Falcon", "Meadow", "Pine")
KINDS = ("Regional Medical Center", "Community Hospital", "Health System", "Medical Group",
         "Memorial Hospital", "Clinic")
SERVICES = ("econsult", "second-opinion", "tumor-board", "video-consult")
SPECIALTIES = ("cardiology", "critical care", "emergency medicine", "family medicine", "geriatrics",
               "hospital medicine", "infectious disease", "nephrology", "neurology", "nursing",
               "obstetrics", "oncology", "orthopedics", "pediatrics", "pharmacy", "psychiatry",
               "pulmonology", "radiology", "surgery", "urology")
TAGS = ("handoff", "communication", "teamwork", "infection", "bundle", "audit", "feedback",
        "medication", "sepsis", "surgery", "checklist", "escalation", "falls", "pressure injury",
        "discharge", "transitions", "disclosure", "peer support", "culture", "measurement",
        "education", "simulation", "telehealth", "tumor board", "consultation", "antibiotics",
        "documentation", "patient engagement", "equity", "leadership")
TOPICS = ("sepsis screening", "central line care", "hand hygiene", "handoff at shift change",
          "medication reconciliation", "falls prevention", "pressure injury prevention",
          "discharge teaching", "early warning scores", "antibiotic timeouts",
          "surgical site infection", "delirium screening", "blood culture collection",
          "catheter removal", "rapid response calls", "tumor board preparation",
          "econsult questions", "disclosure conversations", "peer support calls",
          "speaking up about safety")
OWNERS = ("Chief Quality Officer", "Director of Nursing Quality", "Chief Medical Officer",
          "Infection Prevention Lead", "Patient Safety Officer", "Chief of Hospital Medicine")
ABBREVIATIONS = ("AHRQ", "CDC", "CLABSI", "EHR", "ICU", "WHO")
SENTENCES = (
    "Teams that use the same steps every time miss fewer of them, and the steps below are the ones "
    "that published programs found to matter most.",
    "Each step has an owner, a time and a way to see that it happened, so that the unit can measure "
    "adherence instead of assuming it.",
    "The practice was first tested on one unit for three months, then spread to every inpatient unit "
    "once adherence held above the target.",
    "Front-line staff adapted the wording of the checklist to their own workflow without dropping or "
    "reordering any element.",
    "Measures are reviewed monthly at the unit huddle and quarterly at the quality committee, with "
    "run charts rather than single numbers.",
    "Where the EHR supports it, the checklist is built into the order set so that the default is the "
    "safe choice.",
    "The evidence comes from multi-site studies and national guidance; local results are reported "
    "back to the network every quarter.",
    "Staff are trained in a short simulation before go-live, and new staff receive the same training "
    "during orientation.",
)


@dataclasses.dataclass
class Network:
    """A generated project folder and what was generated in it."""

    project: Path
    playbooks: int
    members: int
    pages: list[str]


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


# --- Generating a network ------------------------------------------------------------

def member_id(index: int) -> str:
    return f"member-{index + 1:03d}"


def members_yaml(count: int) -> str:
    """data/members.yml with ``count`` fictional members."""
    lines = ["# Generated by tools/bench.py: fictional members for the scale benchmark.", ""]
    for index in range(count):
        rng = random.Random(f"member-{index}")
        services = sorted(rng.sample(SERVICES, rng.randint(1, len(SERVICES))), key=SERVICES.index)
        specialties = sorted(rng.sample(SPECIALTIES, rng.randint(0, 3)))
        town = TOWNS[index % len(TOWNS)]
        kind = KINDS[(index // len(TOWNS)) % len(KINDS)]
        lines += [
            f"- id: {member_id(index)}",
            f"  name: {town} {kind} {index + 1}",
            f"  city: {town}",
            f"  state: {STATES[index % len(STATES)]}",
            f'  joined: "{2011 + index % 14}-{1 + index % 12:02d}"',
            f"  services: [{', '.join(services)}]",
            f"  specialties: [{', '.join(specialties)}]",
            f"  website: https://member-{index + 1:03d}.example.org/",
            "  fictional: true",
            "",
        ]
    return "\n".join(lines)


def playbook_slug(index: int) -> str:
    topic = TOPICS[index % len(TOPICS)].replace(" ", "-")
    return f"practice-{index + 1:04d}-{topic}"


def playbook_domain(index: int) -> str:
    return DOMAINS[index % len(DOMAINS)]


def playbook_ref(index: int) -> str:
    return f"{playbook_domain(index)}/{playbook_slug(index)}"


def playbook_title(index: int) -> str:
    return f"Practice {index + 1} for {TOPICS[index % len(TOPICS)]}"


def is_retired(index: int, count: int) -> bool:
    """Every tenth playbook is retired and replaced by the next one."""
    return index % 10 == 9 and count > 1


def playbook_markdown(index: int, count: int, members: int) -> str:
    """One playbook about the size and shape of a real one (about 5 KB), with cross-links."""
    rng = random.Random(f"playbook-{index}")
    contributor = rng.randrange(members)
    adopters = sorted({rng.randrange(members) for _ in range(rng.randint(0, 3))} - {contributor})
    status = "retired" if is_retired(index, count) else ("draft" if index % 5 == 3 else "approved")
    last_reviewed = f"{2022 + index % 4}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    front = [
        "---",
        f"title: {playbook_title(index)}",
        f"summary: A generated practice on {TOPICS[index % len(TOPICS)]} that sets out the steps, "
        f"owners and measures a unit uses, number {index + 1} of {count}.",
        f"domain: {playbook_domain(index)}",
        f"contributor: {member_id(contributor)}",
        f"owner: {OWNERS[index % len(OWNERS)]}",
        f"status: {status}",
        f"last_reviewed: {last_reviewed}",
        f"review_interval_months: {(12, 24, 36)[index % 3]}",
        f"specialties: [{', '.join(sorted(rng.sample(SPECIALTIES, 2)))}]",
        f"tags: [{', '.join(sorted(rng.sample(TAGS, 3)))}]",
    ]
    if adopters:
        front.append(f"adopted_by: [{', '.join(member_id(a) for a in adopters)}]")
    front += ["evidence:"]
    for item in range(2):
        front += [f"  - title: Synthetic evidence {item + 1} for practice {index + 1}",
                  f"    url: https://doi.org/10.5555/synthetic.{index + 1}.{item + 1}"]
    if status == "retired":
        front.append(f"superseded_by: {playbook_ref((index + 1) % count)}")
    if index % 10 == 0 and is_retired((index - 1) % count, count):
        front.append(f"supersedes: {playbook_ref((index - 1) % count)}")
    front.append("---")

    def link(target: int, anchor: str = "") -> str:
        path = f"../{playbook_domain(target)}/{playbook_slug(target)}.md"
        return f"[{playbook_title(target).lower()}]({path}{'#' + anchor if anchor else ''})"

    related = [(index * 7 + 1) % count, (index * 13 + 5) % count, (index + count // 2) % count]
    related = [target for target in related if target != index] or [index]
    sentences = [rng.choice(SENTENCES) for _ in range(8)]
    abbreviation = ABBREVIATIONS[index % len(ABBREVIATIONS)]
    body = [
        "",
        "## Why it matters",
        "",
        f"{sentences[0]} {sentences[1]} Guidance from the {abbreviation} informs the targets. "
        f"{sentences[2]}",
        "",
        f"{sentences[3]} It works alongside {link(related[0])} and follows the checklist of "
        f"{link(related[-1], 'checklist')}. {sentences[4]}",
        "",
        "## Checklist",
        "",
        *[f"- [ ] Step {step + 1}: {rng.choice(SENTENCES)}" for step in range(8)],
        "",
        "## Measures and targets",
        "",
        "| Measure | Target | How measured |",
        "| --- | --- | --- |",
        *[f"| Measure {row + 1} of {TOPICS[(index + row) % len(TOPICS)]} | {80 + row * 3}% or more | "
          f"Monthly audit of {5 + row} records per unit |" for row in range(5)],
        "",
        "## Who does what",
        "",
        "| Role | Responsibility |",
        "| --- | --- |",
        *[f"| {OWNERS[(index + row) % len(OWNERS)]} | {rng.choice(SENTENCES)} |" for row in range(4)],
        "",
        "!!! note \"Adapting it locally\"",
        "",
        f"    A member may fit the wording to its own {abbreviation} guidance and workflow. Ask the "
        f"contributing member, [{member_id(contributor)}](../../members.md#{member_id(contributor)}), "
        f"how they introduced it. {sentences[5]}",
        "",
        "## Adapting it locally",
        "",
        f"{sentences[6]} {sentences[7]} See also {link(related[1])}.",
        "",
    ]
    return "\n".join(front + body)


def snapshot_project(destination: Path, source: Path = REPO_ROOT) -> Path:
    """Copy the site's parts without its playbooks, so every size of one run builds the same site.

    Others may edit the working tree during a run; sizes generated from one
    snapshot still differ only in their generated content.
    """
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        origin = source / part
        if origin.is_dir():
            shutil.copytree(origin, destination / part, ignore=_skip_playbooks_and_caches(source))
        elif origin.is_file():
            shutil.copy2(origin, destination / part)
    return destination


def generate_network(destination: Path, playbooks: int, members: int = MEMBER_COUNT,
                     source: Path = REPO_ROOT, git: bool = True) -> Network:
    """A copy of the site (from the project or a snapshot) with generated members and playbooks."""
    project = snapshot_project(destination, source)
    (project / "data").mkdir(exist_ok=True)
    (project / "data" / "members.yml").write_text(members_yaml(members), encoding="utf-8")
    pages = []
    for index in range(playbooks):
        src_uri = f"playbooks/{playbook_ref(index)}.md"
        path = project / "docs" / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(playbook_markdown(index, playbooks, members), encoding="utf-8")
        pages.append(src_uri)
    if git:
        _commit_everything(project)
    return Network(project, playbooks, members, pages)


def _skip_playbooks_and_caches(source: Path):
    """copytree ignore: caches, and the project's own playbooks (docs/playbooks/<domain>/<slug>.md)."""
    playbooks = (source / "docs" / "playbooks").resolve()

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name == "__pycache__"}
        if Path(folder).resolve().parent == playbooks:
            skipped |= {name for name in names if name.endswith(".md") and name != "index.md"}
        return skipped
    return ignore


def _commit_everything(project: Path) -> None:
    """One commit of the generated project, so the build's git-history read has work to do."""
    git = ["git", "-C", str(project), "-c", "user.name=bench", "-c", "user.email=bench@localhost",
           "-c", "commit.gpgsign=false"]
    for args in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "Generated network"]):
        subprocess.run(git + args, check=True, capture_output=True)


# --- Measuring ----------------------------------------------------------------------------

def build_environment() -> dict[str, str]:
    # A fixed hash seed makes set and dict orders, and so call counts, the same in every build.
    return {**os.environ, "PLAYBOOKS_TODAY": FIXED_TODAY, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def run_measured(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 3600) -> ProcessRun:
    """Run a child process and time it; CPU time and peak memory come from its own rusage (wait4)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env or build_environment(),
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
    env = {**build_environment(), "PYTHONPATH": str(REPO_ROOT)}
    return run_measured([sys.executable, "-m", "tools.bench", "--floor-of", str(project)], project, env)


def macro_rendered_pages(project: Path):
    """The site's config and every page's Markdown as the build converts it (after mkdocs-macros).

    Runs the real plugins' on_config (so define_env loads the data) and the
    macros plugin's on_page_markdown on each page, in this process.
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
    # The sanitiser macros/ adds is the project's own work on top of Markdown: it counts in the build, not the floor.
    extensions = [extension for extension in config.markdown_extensions
                  if type(extension).__module__ != "macros.html_guard"]
    converter = markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)
    start, start_cpu = time.perf_counter(), time.process_time()
    for source in pages.values():
        converter.reset().convert(source)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - start_cpu,
            "pages": len(pages), "markdown_bytes": sum(len(source.encode("utf-8")) for source in pages.values())}


def run_linkcheck(site: Path, project: Path, wait_seconds: float) -> ProcessRun | None:
    """``python -m tools.linkcheck SITE`` (what `make linkcheck` runs) from the network's folder.

    None when tools/linkcheck.py does not exist, after waiting ``wait_seconds`` for it.
    """
    deadline = time.monotonic() + wait_seconds
    while not LINKCHECK_MODULE.is_file():
        if time.monotonic() >= deadline:
            return None
        progress(f"  waiting for {LINKCHECK_MODULE.relative_to(REPO_ROOT)} to appear ...")
        time.sleep(min(30.0, max(0.0, deadline - time.monotonic())))
    env = {**build_environment(), "PYTHONPATH": str(REPO_ROOT)}
    return run_measured([sys.executable, "-m", "tools.linkcheck", str(site)], project, env)


def playbook_page_sizes(site: Path, network: Network) -> list[int]:
    """HTML size in bytes of every generated playbook page."""
    return [(site / src_uri[: -len(".md")] / "index.html").stat().st_size for src_uri in network.pages]


def largest_page(site: Path) -> tuple[str, int]:
    """The site path and byte size of the heaviest HTML page (a listing page, by design)."""
    path = max(site.rglob("*.html"), key=lambda page: page.stat().st_size)
    return path.parent.relative_to(site).as_posix() + "/", path.stat().st_size


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(size: int, workdir: Path, snapshot: Path, linkcheck: bool, linkcheck_wait: float) -> dict:
    """Every number of one row of the table, for a network of ``size`` playbooks."""
    progress(f"[{size} playbooks] generating the network ...")
    network = generate_network(workdir / f"network-{size}" / "project", size, source=snapshot)
    site = workdir / f"network-{size}" / "site"
    progress(f"[{size} playbooks] mkdocs build --strict ...")
    built = build_site(network.project, site)
    if built.returncode != 0:
        raise BenchError(f"the {size}-playbook build failed (exit {built.returncode}):\n{built.output[-4000:]}")
    progress(f"[{size} playbooks]   built in {built.seconds:.1f} s ({built.cpu_seconds:.1f} s CPU); "
             "Python-Markdown floor ...")
    floor_run = markdown_floor(network.project)
    if floor_run.returncode != 0:
        raise BenchError(f"the Markdown floor of {size} playbooks failed:\n{floor_run.output[-4000:]}")
    floor = json.loads(floor_run.output.strip().splitlines()[-1])
    sizes = playbook_page_sizes(site, network)
    heaviest, heaviest_bytes = largest_page(site)
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
        "largest_page": heaviest,
        "largest_page_kb": round(heaviest_bytes / 1024, 1),
        "search_index_mb": round((site / "search" / "search_index.json").stat().st_size / 2**20, 2),
        "linkcheck_s": None,
        "linkcheck_cpu_s": None,
        "linkcheck_to_build": None,
        "linkcheck_note": "skipped",
    }
    progress(f"[{size} playbooks]   floor {row['floor_cpu_s']} s CPU (build x{row['build_to_floor']}), "
             f"median page {row['median_playbook_kb']} KB")
    if linkcheck:
        progress(f"[{size} playbooks] python -m tools.linkcheck ...")
        checked = run_linkcheck(site, network.project, linkcheck_wait)
        if checked is None:
            row["linkcheck_note"] = "tools/linkcheck.py does not exist"
        else:
            row["linkcheck_s"] = round(checked.seconds, 2)
            row["linkcheck_cpu_s"] = round(checked.cpu_seconds, 2)
            row["linkcheck_to_build"] = round(checked.seconds / built.seconds, 2)
            row["linkcheck_note"] = "passed" if checked.returncode == 0 else \
                f"failed (exit {checked.returncode})"
            if checked.returncode != 0:
                progress(checked.output[-3000:])
            progress(f"[{size} playbooks]   link check {row['linkcheck_note']} in {row['linkcheck_s']} s")
    shutil.rmtree(workdir / f"network-{size}")
    return row


class BenchError(Exception):
    """A step of the benchmark could not run; the message says which and why."""


# --- Targets ------------------------------------------------------------------------------

def check_targets(rows: list[dict]) -> list[dict]:
    """Each target of issue 7 that the measured sizes allow checking, with its verdict."""
    by_size = {row["playbooks"]: row for row in rows}
    verdicts = []
    if 1000 in by_size:
        ratio = by_size[1000]["build_to_floor"]
        verdicts.append(_verdict("1,000-playbook build within 3x the Markdown floor",
                                 f"x{ratio}", ratio <= FLOOR_RATIO_TARGET))
    if 1000 in by_size and 4000 in by_size:
        ratio = round(by_size[4000]["build_cpu_s"] / by_size[1000]["build_cpu_s"], 2)
        verdicts.append(_verdict("4,000-playbook build within 4.6x the 1,000-playbook build",
                                 f"x{ratio}", ratio <= LINEAR_RATIO_TARGET))
    if 4000 in by_size:
        largest = by_size[4000]["largest_playbook_kb"]
        verdicts.append(_verdict("every playbook page under 60 KB at 4,000 playbooks",
                                 f"largest {largest} KB", largest < PAGE_SIZE_TARGET_KB))
    if 1000 in by_size and by_size[1000]["linkcheck_note"] != "skipped":
        row = by_size[1000]
        if row["linkcheck_s"] is None:
            verdicts.append(_verdict("link check of the 1,000-playbook site no slower than its build",
                                     row["linkcheck_note"], False))
        else:
            ok = row["linkcheck_note"] == "passed" and row["linkcheck_to_build"] <= LINKCHECK_RATIO_TARGET
            verdicts.append(_verdict(
                "link check of the 1,000-playbook site no slower than its build",
                f"x{row['linkcheck_to_build']} wall, x{row['linkcheck_cpu_s'] / row['build_cpu_s']:.2f} CPU "
                f"({row['linkcheck_note']})", ok))
    return verdicts


def _verdict(target: str, measured: str, met: bool) -> dict:
    return {"target": target, "measured": measured, "met": met}


# --- Linear-growth analysis (shared with tests/test_scale.py) ---------------------------

def call_counts(profile: Path | pstats.Stats | cProfile.Profile) -> dict[str, int]:
    """Calls of every Python function and built-in in a cProfile result, keyed 'file:line(name)'.

    cProfile tells functions apart by the address of their code object, so code
    that is compiled at run time and freed (Jinja templates, module bodies) can
    lend its label to the next code at that address. Only functions of .py files
    (not their module bodies) and built-ins are counted; templates are still
    covered through the jinja2, markupsafe and macros functions they call.
    """
    stats = profile if isinstance(profile, pstats.Stats) else pstats.Stats(
        profile if isinstance(profile, cProfile.Profile) else str(profile))
    counts: dict[str, int] = {}
    for (file, line, name), (_, calls, *_) in stats.stats.items():
        if not (file == "~" or (file.endswith(".py") and name != "<module>")):
            continue
        key = f"{Path(file).name}:{line}({MEMORY_ADDRESS.sub('', name)})"
        counts[key] = counts.get(key, 0) + calls
    return counts


def superlinear(small: dict[str, float], large: dict[str, float], size_ratio: float,
                slack: float = 2.0, minimum: float = 0) -> dict[str, tuple[float, float]]:
    """Entries that grew more than ``slack`` times faster than the content did, as (small, large).

    Linear work grows by ``size_ratio`` between the two sizes, n log n work a
    little more, quadratic work by ``size_ratio`` squared. Entries under
    ``minimum`` at the large size are ignored.
    """
    limit = size_ratio * slack
    return {name: (small.get(name, 0), value) for name, value in large.items()
            if value >= minimum and value > limit * max(small.get(name, 0), 1)}


def superlinear_functions(small: dict[str, int], large: dict[str, int], size_ratio: float,
                          min_calls: int = 500) -> dict[str, tuple[int, int]]:
    """Functions called more than twice as much more often as the content grew (see superlinear)."""
    return superlinear(small, large, size_ratio, slack=2.0, minimum=min_calls)


# --- Where the time goes ------------------------------------------------------------

# Phases of a build: (label, file path ending, function names); each phase's time is the
# cumulative time of those functions (for a tuple caller, only as called from there).
PHASES = (
    ("Python-Markdown conversion (with pymdown, glossary, link checks)", "markdown/core.py", ("convert",)),
    ("Python-Markdown set-up, once per page", "markdown/core.py", ("__init__",)),
    ("Search index (Material search plugin)", "material/plugins/search/plugin.py",
     ("on_page_context", "on_post_build")),
    ("Theme templates (Material base.html, per page)", "jinja2/environment.py",
     ("render", ("mkdocs/commands/build.py", "_build_page"))),
    ("Tags plugin", "material/plugins/tags/plugin.py",
     ("on_config", "on_files", "on_nav", "on_page_markdown", "on_page_context", "on_post_build")),
    ("Macros: define_env (members, playbooks, git log, headers)", "mkdocs_macros/plugin.py", ("on_config",)),
    ("Macros: page rendering (listing pages)", "mkdocs_macros/plugin.py", ("on_page_markdown",)),
    ("MkDocs: reading sources and front matter", "mkdocs/structure/pages.py", ("read_source",)),
    ("Writing files", "mkdocs/utils/__init__.py", ("write_file",)),
)


def time_breakdown(profile: Path) -> list[dict]:
    """Seconds and share of the profiled build spent in each phase; the rest is MkDocs and start-up."""
    loaded = pstats.Stats(str(profile))
    stats, total = loaded.stats, loaded.total_tt
    rows = []
    for label, file_end, names in PHASES:
        seconds = 0.0
        for (file, _, name), (_, _, _, cumulative, callers) in stats.items():
            if not file.endswith(file_end):
                continue
            for wanted in names:
                if isinstance(wanted, str) and name == wanted:
                    seconds += cumulative
                elif isinstance(wanted, tuple) and name == wanted[0]:
                    seconds += sum(entry[3] for (caller_file, _, caller), entry in callers.items()
                                   if caller_file.endswith(wanted[1][0]) and caller == wanted[1][1])
        rows.append({"phase": label, "seconds": round(seconds, 2)})
    rows.append({"phase": "Everything else (start-up, MkDocs' files, nav, anchors, other plugins)",
                 "seconds": round(total - sum(row["seconds"] for row in rows), 2)})
    for row in rows:
        row["share"] = round(row["seconds"] / total, 3)
    return rows


def profile_build(size: int, workdir: Path, snapshot: Path) -> list[dict]:
    """Build a ``size``-playbook network under cProfile and break its time down by phase."""
    progress(f"[{size} playbooks] profiling a build (cProfile) ...")
    network = generate_network(workdir / f"profile-{size}" / "project", size, source=snapshot)
    profile = workdir / f"profile-{size}" / "build.prof"
    built = build_site(network.project, workdir / f"profile-{size}" / "site", profile=profile)
    if built.returncode != 0:
        raise BenchError(f"the profiled {size}-playbook build failed:\n{built.output[-4000:]}")
    rows = time_breakdown(profile)
    shutil.rmtree(workdir / f"profile-{size}")
    return rows


# --- Output ------------------------------------------------------------------------------

COLUMNS = (
    ("playbooks", "Playbooks"), ("pages", "Pages"), ("build_cpu_s", "Build CPU (s)"),
    ("build_wall_s", "Build wall (s)"), ("floor_cpu_s", "Markdown floor CPU (s)"),
    ("build_to_floor", "Build / floor (CPU)"),
    ("peak_rss_mb", "Peak memory (MB)"), ("output_mb", "Output (MB)"),
    ("largest_playbook_kb", "Largest playbook page (KB)"), ("median_playbook_kb", "Median playbook page (KB)"),
    ("largest_page_kb", "Largest page (KB)"),
    ("search_index_mb", "Search index (MB)"), ("linkcheck_s", "Link check wall (s)"),
    ("linkcheck_cpu_s", "Link check CPU (s)"), ("linkcheck_to_build", "Link check / build (wall)"),
)


def markdown_table(rows: list[dict], verdicts: list[dict], machine: str,
                   breakdown: list[dict] | None = None, profiled_size: int | None = None) -> str:
    lines = [f"Measured {machine}. Build ratios compare CPU time (the build process's own rusage), "
             "which other processes on a shared machine do not stretch; the link check is compared by wall time.", "",
             "| " + " | ".join(title for _, title in COLUMNS) + " |",
             "|" + " --- |" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row, key) for key, _ in COLUMNS) + " |")
    if verdicts:
        lines += ["", "| Target | Measured | Met |", "| --- | --- | --- |"]
        lines += [f"| {v['target']} | {v['measured']} | {'yes' if v['met'] else '**no**'} |" for v in verdicts]
    if breakdown:
        lines += ["", f"Where the {profiled_size:,}-playbook build's time goes (cProfile, which inflates "
                  "Python-heavy phases; read the shares):", "", "| Phase | Seconds | Share |", "| --- | --- | --- |"]
        lines += [f"| {row['phase']} | {row['seconds']} | {row['share']:.0%} |" for row in breakdown]
    return "\n".join(lines) + "\n"


def _cell(row: dict, key: str) -> str:
    value = row[key]
    if value is None:
        return row["linkcheck_note"] if key == "linkcheck_s" else "-"
    if key == "largest_page_kb":
        return f"{value:,} ({row['largest_page']})"
    return f"{value:,}" if isinstance(value, int) else str(value)


def machine_description() -> str:
    return (f"on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
            f"PLAYBOOKS_TODAY={FIXED_TODAY}")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(DEFAULT_SIZES),
                        help="numbers of playbooks to generate (default: 100 1000 4000)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results",
                        help="write OUT.md and OUT.json (default: bench/results)")
    parser.add_argument("--no-linkcheck", action="store_true", help="skip the link check")
    parser.add_argument("--linkcheck-wait", type=float, default=0.0,
                        help="seconds to wait for tools/linkcheck.py to appear (default: 0)")
    parser.add_argument("--profile", type=int, metavar="SIZE",
                        help="also profile a SIZE-playbook build and show where its time goes")
    parser.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_of:
        print(json.dumps(_markdown_floor_here(args.floor_of)))
        return 0
    rows, breakdown = [], None
    with tempfile.TemporaryDirectory(prefix="playbooks-bench-") as workdir:
        snapshot = snapshot_project(Path(workdir) / "snapshot")
        try:
            for size in sorted(set(args.sizes)):
                rows.append(measure(size, Path(workdir), snapshot, not args.no_linkcheck, args.linkcheck_wait))
            if args.profile:
                breakdown = profile_build(args.profile, Path(workdir), snapshot)
        except BenchError as error:
            print(f"make bench: {error}", file=sys.stderr)
            return 2
    verdicts = check_targets(rows)
    table = markdown_table(rows, verdicts, machine_description(), breakdown, args.profile)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(table, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(
        {"machine": machine_description(), "rows": rows, "targets": verdicts, "profile_size": args.profile,
         "profile": breakdown}, indent=2) + "\n", encoding="utf-8")
    print(table)
    missed = [v for v in verdicts if not v["met"]]
    for verdict in missed:
        print(f"make bench: target missed: {verdict['target']} (measured {verdict['measured']})", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
