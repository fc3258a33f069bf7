"""`make check`'s Markdown layout check: pymarkdown over each file, a crash reported as the file's problem.

Run as ``python -m tools.markdown_lint PATH ...`` (folders are searched for
``*.md``). Each finding prints as pymarkdown's own command line prints it,
``file:line:column: rule: description``. pymarkdown stops with an unhandled
error on some front matter (an impossible date such as 2026-13-01), so each
file is scanned on its own through pymarkdown's API and such a stop names the
file instead of ending the check. A file nesting blocks deeper than the site
allows (network/nesting.py) is not handed to pymarkdown, whose parser slows
down without bound on it: its nesting problem is printed instead.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

from network.nesting import nesting_problems

CONFIG = Path(__file__).resolve().parent.parent / ".pymarkdown.yml"


def markdown_files(paths: list[str]) -> list[Path]:
    found: set[Path] = set()
    for name in paths:
        path = Path(name)
        found |= set(path.rglob("*.md")) if path.is_dir() else {path}
    return sorted(found)


def lint(path: Path) -> list[str]:
    """Pymarkdown's findings for one file, or one line saying it could not read the file."""
    try:
        too_deep = nesting_problems(path.read_text(encoding="utf-8-sig"), str(path))
    except (OSError, UnicodeDecodeError):
        too_deep = []  # pymarkdown names the file it cannot read
    if too_deep:
        return [str(problem) for problem in too_deep]
    try:
        result = PyMarkdownApi().configuration_file_path(str(CONFIG)).enable_strict_configuration().scan_path(str(path))
    except PyMarkdownApiException as error:
        reason = str(error).split(":", 1)[0]
        return [f"{path}: the Markdown layout check could not read this file ({reason}); fix the problems "
                "the other checks name in it (often an impossible date or broken front matter), then run "
                "`make check` again"]
    return [f"{failure.scan_file}:{failure.line_number}:{failure.column_number}: {failure.rule_id}: "
            f"{failure.rule_description}"
            + (f" {failure.extra_error_information.strip()}" if failure.extra_error_information else "")
            + f" ({failure.rule_name})"
            for failure in result.scan_failures]


def main(argv: list[str] | None = None) -> int:
    # pymarkdown logs each unhandled error with its traceback; the line printed below says it instead.
    logging.getLogger("pymarkdown").addHandler(logging.NullHandler())
    logging.getLogger("pymarkdown").propagate = False
    findings = [line for path in markdown_files(sys.argv[1:] if argv is None else argv) for line in lint(path)]
    for line in findings:
        print(line)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
