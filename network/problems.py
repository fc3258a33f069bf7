"""How every check reports what is wrong: a Problem per finding, all of them in one ContentError."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

# How many parsed pages the parsers keep from one build to the next in one process (`make serve`).
PARSED_PAGES_KEPT = 20_000


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong in a contributed file, worded for the contributor."""

    file: str
    line: int | None
    message: str
    field: str | None = None
    subject: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.subject:
            parts.append(self.subject)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class ContentError(Exception):
    """Raised with every problem found, so a build or a check stops with all of them.

    The site's adapter (macros/) turns it into the build failure of the site
    generator; a command-line tool prints it and exits 1.
    """

    def __init__(self, problems: list[Problem]):
        # Once each: the gate and a loader may both refuse the same line (an alias in front matter).
        self.problems = list(dict.fromkeys(problems))
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the site's content:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))


def display_path(path: Path, root: Path) -> str:
    """``path`` as a contributor names it: relative to the project folder where it can be."""
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)
