"""The date each file last changed in git, read with one `git log` per build."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            capture_output=True, text=True, timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def parse_log(output: str, toplevel: Path) -> dict[Path, datetime.date]:
    """Map each path in ``git log --format=%x00%cs --name-only`` output to its newest date."""
    dates: dict[Path, datetime.date] = {}
    current: datetime.date | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = datetime.date.fromisoformat(line[1:].strip())
        elif line.strip() and current is not None:
            dates.setdefault((toplevel / line.strip()).resolve(), current)
    return dates


def last_change_dates(folder: Path) -> dict[Path, datetime.date]:
    """Newest commit date of every file under ``folder``; empty without (full) git history."""
    if _git(folder, "rev-parse", "--is-shallow-repository") != "false\n":
        return {}
    toplevel = _git(folder, "rev-parse", "--show-toplevel")
    output = _git(folder, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", ".")
    if not toplevel or output is None:
        return {}
    return parse_log(output, Path(toplevel.strip()))


def tracked_symlinks(folder: Path) -> list[str]:
    """Files git tracks as symbolic links (mode 120000), relative to ``folder``; empty outside git."""
    output = _git(folder, "ls-files", "--stage", "-z")
    entries = (entry.split("\t", 1) for entry in (output or "").split("\0") if "\t" in entry)
    return sorted(path for info, path in entries if info.startswith("120000 "))
