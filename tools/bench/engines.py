"""The engines' own cost, measured in the same run as the build: the engine floor and Zensical's column.

The engine floor is MkDocs and Material alone building the network's plain
tree (`make plain-tree`, tools/plain_tree.py): the same rendered pages,
generated pages included, the same Markdown extensions, the glossary and the
search plugin, with none of the project's code and no overrides. The build's
CPU time over the floor's is what the project itself costs on top of its
engine (target: at most 1.3x at 1,000 playbooks).

Zensical 0.0.73 (the newest that installs here) builds the same tree in a
throw-away virtualenv, created once per bench run under the bench's folder
with ``pip install zensical==0.0.73``: its time and whether it succeeded are
reported, never a target.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.bench.harness import bench_environment, progress, run_measured
from tools.project import ROOT

ZENSICAL = "zensical==0.0.73"
ENGINE_COLUMNS = (
    ("engine_floor_cpu_s", "Engine floor CPU (s)"), ("build_to_engine", "Build / engine floor (CPU)"),
    ("zensical_s", "Zensical 0.0.73 wall (s)"),
)


def write_tree(project: Path, tree: Path):
    """The network's plain tree, written by the documented command."""
    return run_measured([sys.executable, "-m", "tools.plain_tree", str(tree)], ROOT,
                        bench_environment(PLAYBOOKS_PROJECT=str(project)))


def zensical_command(workdir: Path) -> tuple[Path | None, str]:
    """Zensical in a virtualenv of this bench run (made once): its command, or None and why not."""
    venv = workdir / "zensical-venv"
    command = venv / "bin" / "zensical"
    if command.exists():
        return command, ""
    made = run_measured([sys.executable, "-m", "venv", str(venv)], workdir)
    if made.returncode == 0:
        made = run_measured([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", ZENSICAL], workdir,
                            timeout=900)
    if made.returncode != 0 or not command.exists():
        return None, f"not installed ({made.output.strip().splitlines()[-1:] or 'no output'})"
    return command, ""


def engine_figures(project: Path, build_cpu_s: float, folder: Path, workdir: Path, zensical: bool = True) -> dict:
    """The engine floor of the network at ``project`` and, with ``zensical``, Zensical's build of the same tree."""
    tree = folder / "plain-tree"
    written = write_tree(project, tree)
    if written.returncode != 0:
        return {"engine_floor_cpu_s": None, "build_to_engine": None, "zensical_s": None,
                "engine_note": f"plain tree failed: {written.output[-2000:]}", "zensical_note": "skipped"}
    floor = run_measured([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(folder / "engine-site")], tree)
    row = {"engine_floor_cpu_s": round(floor.cpu_seconds, 2), "engine_floor_wall_s": round(floor.seconds, 2),
           "engine_floor_rss_mb": round(floor.peak_rss_mb, 1),
           "build_to_engine": round(build_cpu_s / floor.cpu_seconds, 2) if floor.returncode == 0 else None,
           "engine_note": "built" if floor.returncode == 0 else f"failed (exit {floor.returncode})",
           "zensical_s": None, "zensical_cpu_s": None, "zensical_note": "skipped"}
    if floor.returncode != 0:
        progress(floor.output[-3000:])
    progress(f"  engine floor {row['engine_floor_cpu_s']} s CPU ({row['engine_note']}): "
             f"build x{row['build_to_engine']}")
    if zensical:
        command, why = zensical_command(workdir)
        if command is None:
            row["zensical_note"] = why
        else:
            run = run_measured([str(command), "build", "--clean", "--config-file", str(tree / "mkdocs.yml")], tree)
            row.update(zensical_s=round(run.seconds, 2), zensical_cpu_s=round(run.cpu_seconds, 2),
                       zensical_rss_mb=round(run.peak_rss_mb, 1),
                       zensical_note="built" if run.returncode == 0 else
                       f"failed (exit {run.returncode}): {run.output.strip().splitlines()[-1:]}")
        progress(f"  Zensical 0.0.73: {row['zensical_note']} in {row['zensical_s']} s")
    return row
