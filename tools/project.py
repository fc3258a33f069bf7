"""The project as the tests, the benchmark and the link-check proof copy it, and the date they fix."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Everything a build of the site reads: a copy of these builds the same site (the build runs the content
# guard's output scan, checks/, with the reviewed allow-list; and `make serve`'s staged rebuilds, tools/preview/).
PROJECT_PARTS = ("mkdocs.yml", "network", "macros", "overrides", "docs", "data", "includes", "CONTRIBUTING.md",
                 "checks", ".content-guard-allow.yml", "tools")
# What `make check` needs on top of PROJECT_PARTS: its own code, the linters' configuration, the Makefile.
CHECK_PARTS = ("Makefile", "requirements.txt", "requirements-check.txt", "requirements-test.txt", "README.md",
               ".gitignore", ".pymarkdown.yml", ".yamllint.yml", "pyproject.toml",
               ".codespell-medical.txt", "linkcheckerrc")
# The build date that tests, the benchmark and the proof set with PLAYBOOKS_TODAY, so a review state never
# changes with the day they run.
FIXED_TODAY = "2026-11-23"
SKIP_CACHES = shutil.ignore_patterns("__pycache__")


# The engines a build may run (`make build ENGINE=...`), each as `python -m <engine>`; the first is the default.
ENGINES = ("mkdocs", "properdocs")


def makefile_exports(makefile: Path = ROOT / "Makefile") -> dict[str, str]:
    """The variables the Makefile exports to every command it runs (its `export NAME := value` lines)."""
    return dict(re.findall(r"^export ([A-Z0-9_]+) := (\S+)$", makefile.read_text(encoding="utf-8"), flags=re.MULTILINE))


def build_environment(today: str = FIXED_TODAY, **extra: str) -> dict[str, str]:
    """The environment of a reproducible build: what make exports, the fixed date, Material's notice off.

    NO_MKDOCS_2_WARNING silences Material's whole notice, its end of life included: only builds whose output a
    test or tool reads set it, never make.
    """
    return {**os.environ, **makefile_exports(), "PLAYBOOKS_TODAY": today, "NO_MKDOCS_2_WARNING": "1", **extra}


def engine_build(engine: str, site: Path) -> list[str]:
    """The command that builds the project in the current folder strictly with ``engine`` into ``site``."""
    return [sys.executable, "-m", engine, "build", "--config-file", "mkdocs.yml", "--strict", "--clean",
            "--site-dir", str(site)]


def copy_project(destination: Path, source: Path = ROOT, parts: tuple[str, ...] = PROJECT_PARTS,
                 ignore=SKIP_CACHES) -> Path:
    """Copy ``parts`` of the project at ``source`` into ``destination`` (``ignore`` as for copytree)."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in parts:
        origin = source / part
        if origin.is_dir():
            shutil.copytree(origin, destination / part, ignore=ignore)
        elif origin.is_file():
            shutil.copy2(origin, destination / part)
    return destination
