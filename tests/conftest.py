"""Scenario sites: a copy of the project with some files changed, built for real."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from network.problems import Problem
from tools.project import FIXED_TODAY, PROJECT_PARTS, ROOT, build_environment, copy_project
from tools.validate import project_problems


@dataclasses.dataclass
class Result:
    returncode: int
    output: str
    project: Path
    site: Path

    def page(self, url_path: str) -> BeautifulSoup:
        """The built page at a site path such as 'members/' or 'playbooks/safety/x/'."""
        path = self.site / url_path
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_parts(parts, project: Path) -> Path:
    """Copy these files and folders of the repository into ``project``."""
    return copy_project(project, parts=tuple(parts))


def make_project(tmp_path: Path, files: dict[str, str | None] | None = None) -> Path:
    """Copy the project into ``tmp_path``; ``files`` writes (or, with None, deletes) paths."""
    project = tmp_path / "project"
    project.mkdir()
    copy_parts(PROJECT_PARTS, project)
    for relative, text in (files or {}).items():
        target = project / relative
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return project


def run(args: list[str], project: Path, today: str = FIXED_TODAY) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=project, env=build_environment(today), capture_output=True, text=True,
                          timeout=600)


def build(project: Path, today: str = FIXED_TODAY) -> Result:
    site = project.parent / "site"
    done = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project, today)
    return Result(done.returncode, done.stdout + done.stderr, project, site)


def check(project: Path, today: str = FIXED_TODAY) -> Result:
    """`make check`'s validation of ``project``, run from the repository (the copy holds no tools/)."""
    done = run([sys.executable, "-m", "tools.validate", str(project)], ROOT, today)
    return Result(done.returncode, done.stdout + done.stderr, project, project / "site")


def problems_of(project: Path, today: str = FIXED_TODAY) -> list[Problem]:
    """What the build's gate and loaders refuse in ``project``, found in this process (no build, no subprocess)."""
    return project_problems(project, datetime.date.fromisoformat(today))[1]


def assert_problem(problems: list[Problem], file: str, line: int | None, *needles: str) -> Problem:
    """One of ``problems`` is in ``file`` at ``line`` (any line when None) and its text holds every needle."""
    for problem in problems:
        text = str(problem)
        if problem.file == file and (line is None or problem.line == line) and all(n in text for n in needles):
            return problem
    listed = "\n".join(f"  {problem}" for problem in problems) or "  (none)"
    raise AssertionError(f"no problem in {file}:{line} with {needles}; the problems were:\n{listed}")


@pytest.fixture
def scenario(tmp_path):
    """Build a copy of the project with some files changed, as ``scenario({'path': 'text'})``."""
    def build_scenario(files: dict[str, str | None] | None = None, today: str = FIXED_TODAY) -> Result:
        return build(make_project(tmp_path, files), today)
    return build_scenario


def run_root(tmp_path_factory) -> Path:
    """The temporary folder of the whole run: shared by every pytest-xdist worker, the session's own without."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def run_lock(tmp_path_factory, name: str):
    """Hold the run's lock called ``name``: one worker at a time does what it guards."""
    with open(run_root(tmp_path_factory) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_once_per_run(tmp_path_factory, name: str, env: dict[str, str] | None = None) -> Result:
    """The shipped project built once for the whole run (the first worker to ask builds, the others read it)."""
    folder = run_root(tmp_path_factory) / name
    record = folder / "result.json"
    with run_lock(tmp_path_factory, name):
        if not record.is_file():
            folder.mkdir()
            with mock.patch.dict(os.environ, env or {}):
                result = build(make_project(folder))
            record.write_text(json.dumps({"returncode": result.returncode, "output": result.output}),
                              encoding="utf-8")
    done = json.loads(record.read_text(encoding="utf-8"))
    return Result(done["returncode"], done["output"], folder / "project", folder / "site")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Result:
    """The project as shipped, built once for the run under a fixed date."""
    result = build_once_per_run(tmp_path_factory, "shipped")
    assert result.returncode == 0, result.output
    return result


def assert_clean_failure(result: Result, *needles: str) -> None:
    """A failed build or check: non-zero exit, each needle in the output, no traceback."""
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    for needle in needles:
        assert needle in result.output, f"{needle!r} not in:\n{result.output}"


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The project built as `make offline` builds it (OFFLINE=true), once for the run."""
    result = build_once_per_run(tmp_path_factory, "offline", {"OFFLINE": "true"})
    assert result.returncode == 0, result.output
    return result.site


# --- Running on every core (pytest-xdist) ---------------------------------------------------

BROWSER_REPORT_FILE = ROOT / "build" / "browser-report.json"
# What the browser tests measured (tests/browser/conftest.py), gathered from every worker to be printed once.
BROWSER_MEASUREMENTS: dict[str, object] = {}


def pytest_sessionfinish(session):
    """A worker hands its measurements to the main process, which writes them all to BROWSER_REPORT_FILE."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["browser_measurements"] = dict(BROWSER_MEASUREMENTS)
    elif BROWSER_MEASUREMENTS:
        BROWSER_REPORT_FILE.parent.mkdir(exist_ok=True)
        BROWSER_REPORT_FILE.write_text(json.dumps(BROWSER_MEASUREMENTS, indent=2) + "\n", encoding="utf-8")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    BROWSER_MEASUREMENTS.update(getattr(node, "workeroutput", {}).get("browser_measurements", {}))


def pytest_terminal_summary(terminalreporter):
    if BROWSER_MEASUREMENTS:
        terminalreporter.section("browser measurements (reported, never asserted)")
        for name, value in BROWSER_MEASUREMENTS.items():
            terminalreporter.write_line(f"{name}: {value}")
        terminalreporter.write_line(f"written to {BROWSER_REPORT_FILE.relative_to(ROOT)}")
