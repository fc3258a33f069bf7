"""Profile analysis: call counts and their growth between sizes, and where a build's time goes."""

from __future__ import annotations

import cProfile
import pstats
import re
import shutil
from pathlib import Path

from tools.bench.corpus import generate_network
from tools.bench.harness import BenchError, build_site, progress

MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

# Phases of a build: (label, file path ending, function names); each phase's time is the
# cumulative time of those functions (for a tuple caller, only as called from there).
PHASES = (
    ("Python-Markdown conversion (with pymdown, the glossary, the sanitiser)", "markdown/core.py", ("convert",)),
    ("Python-Markdown set-up, once per page", "markdown/core.py", ("__init__",)),
    ("Search index (Material search plugin)", "material/plugins/search/plugin.py",
     ("on_page_context", "on_post_build")),
    ("Theme templates (Material base.html, per page)", "jinja2/environment.py",
     ("render", ("mkdocs/commands/build.py", "_build_page"))),
    ("Macros: define_env (members, playbooks, git log, headers)", "mkdocs_macros/plugin.py", ("on_config",)),
    ("Macros: page rendering (listing pages)", "mkdocs_macros/plugin.py", ("on_page_markdown",)),
    ("MkDocs: reading sources and front matter", "mkdocs/structure/pages.py", ("read_source",)),
    ("Writing files", "mkdocs/utils/__init__.py", ("write_file",)),
)


def call_counts(profile: Path | pstats.Stats | cProfile.Profile) -> dict[str, int]:
    """Calls of every Python function and built-in in a cProfile result, keyed 'file:line(name)'.

    cProfile tells functions apart by the address of their code object, so code
    that is compiled at run time and freed (Jinja templates, module bodies) can
    lend its label to the next code at that address. Only functions of .py files
    (not their module bodies) and built-ins are counted; templates are still
    covered through the jinja2, markupsafe, macros and network functions they call.
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
