"""Under GitHub Actions, every problem a check prints on a file's line is also an annotation on that line.

Run as ``python -m tools.annotations COMMAND [ARG...]``: it runs COMMAND, passes
its output through unchanged (standard error merged into standard output)
between ``::stop-commands::`` and its end, so that nothing COMMAND prints acts
as a workflow command, then prints one ``::error file=…,line=…,title=…::…`` workflow command per
problem found in that output, appends the list of them all to the job summary
(the file ``GITHUB_STEP_SUMMARY`` names) and exits with COMMAND's status.
Under ``GITHUB_ACTIONS=true`` the Makefile runs `make check`'s recipe through
it, so it reads whatever the checks print, however `make check` runs them.

A problem is a line that starts with the path of a file of the project and,
where there is one, its line and column: ``path:line[:column]: message`` (the
project's checks, yamllint's parsable format, codespell, pymarkdown) or
``path: message``, or ruff's ``--> path:line:column`` under its message line.
File names and messages are contributor text: each is escaped as the
workflow-command format requires, so none can end the command or start another.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from network.escape import markdown_code, markdown_text

# Set for COMMAND, so that a `make check` run inside it passes its output through without annotating twice.
NESTED = "PLAYBOOKS_ANNOTATING"
TITLE = "make check"
# Where a location ends: the line, an optional column, then ": message" or the end of the line.
LOCATION = re.compile(r"(?P<line>\d+)(?::(?P<column>\d+))?(?::\s?(?P<message>.*)|\s*$)")
# ruff's full format names the place on a line of its own, below the message.
RUFF_PLACE = re.compile(r"^\s*-->\s+(?P<place>.+)$")


@dataclasses.dataclass(frozen=True)
class Annotation:
    """One problem at a place in a file."""

    file: str
    line: int | None
    column: int | None
    message: str

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded, so the text stays one command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(annotation: Annotation) -> str:
    """The ``::error`` command that shows ``annotation`` on its file's line under "Files changed"."""
    properties = {"file": annotation.file, "line": annotation.line, "col": annotation.column,
                  "title": f"{TITLE}: {annotation.where}"}
    listed = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items()
                      if value is not None)
    return f"::error {listed}::{escape_data(annotation.message)}"


def _project_path(written: str, root: Path) -> str:
    """A path as printed (``./x``, absolute or relative) as the repository names it."""
    path = Path(written)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return written
    return written.removeprefix("./")


def parse_place(text: str, is_file: Callable[[str], bool], root: Path = Path("/")) -> Annotation | None:
    """``text`` as ``path[:line[:column]][: message]`` where ``path`` is a file, else None.

    Every ``:`` is tried as the end of the path, first to last, so a file name that holds
    ``:`` (or ``,`` or ``%``) is still found whole.
    """
    for end in (index for index, character in enumerate(text) if character == ":"):
        file = _project_path(text[:end], root)
        if not file or file.startswith(("/", "../")) or not is_file(file):
            continue
        rest = text[end + 1:]
        located = LOCATION.match(rest)
        if located:
            column = located["column"]
            return Annotation(file, int(located["line"]), int(column) if column else None,
                              (located["message"] or "").strip())
        if rest.startswith(" ") and rest.strip():
            return Annotation(file, None, None, rest.strip())
    return None


def find_annotations(lines: Iterable[str], is_file: Callable[[str], bool], root: Path = Path("/")) -> list[Annotation]:
    """Every problem in a check's output lines, once each, in the order printed."""
    found: dict[Annotation, None] = {}
    previous = ""
    for raw in lines:
        line = raw.rstrip("\r\n")
        ruff = RUFF_PLACE.match(line)
        if ruff:
            place = parse_place(ruff["place"] + ": " + previous, is_file, root)
        else:
            place = parse_place(line.strip(), is_file, root)
        if place and place.message:
            found[place] = None
        if line.strip():
            previous = line.strip()
    return list(found)


def summary(annotations: list[Annotation], status: int) -> str:
    """The job summary's Markdown: every problem with its place, each quoted value escaped."""
    if not annotations:
        verdict = "passed" if status == 0 else f"failed (exit status {status}) with no problem on a file's line"
        return f"## {TITLE}\n\n{markdown_text(TITLE)} {verdict}; the step's log has the details.\n"
    count = len(annotations)
    lines = [f"## {TITLE}: {count} problem{'s' if count != 1 else ''}", "",
             "Each one on a line the pull request changed is also shown there, under \"Files changed\" "
             "(GitHub shows at most ten a step there; all of them are listed here).", ""]
    lines += [f"- `{markdown_code(a.where)}`: {markdown_text(a.message)}" for a in annotations]
    return "\n".join(lines) + "\n"


def run(command: list[str], out) -> tuple[int, list[str]]:
    """Run ``command``, copying its output to ``out`` as it comes; its status and its output lines.

    GitHub stops reading workflow commands in the copy (``::stop-commands::``, resumed after), so a
    contributor's value that a check prints at the start of a line cannot act as one.
    """
    environment = {**os.environ, NESTED: "1"}
    lines = []
    token = secrets.token_hex(16)
    out.write(f"::stop-commands::{token}\n")
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment,
                          text=True, encoding="utf-8", errors="replace") as process:
        for line in process.stdout:
            out.write(line)
            out.flush()
            lines.append(line)
    if lines and not lines[-1].endswith("\n"):
        out.write("\n")
    out.write(f"::{token}::\n")
    out.flush()
    return process.returncode, lines


def main(argv: list[str] | None = None) -> int:
    command = sys.argv[1:] if argv is None else argv
    if not command:
        print("usage: python -m tools.annotations COMMAND [ARG...]", file=sys.stderr)
        return 2
    if os.environ.get(NESTED):
        return subprocess.call(command)
    root = Path.cwd()
    status, lines = run(command, sys.stdout)
    annotations = find_annotations(lines, lambda path: (root / path).is_file(), root)
    for annotation in annotations:
        print(workflow_command(annotation), flush=True)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    # A clean pass adds nothing: `make test` runs `make check` again after it passed.
    if summary_file and (annotations or status):
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(summary(annotations, status))
    return status


if __name__ == "__main__":
    sys.exit(main())
