"""What detect-secrets reads: each file's text bounded, so its regular expressions run in linear time.

Some of detect-secrets' patterns backtrack: its IBM Cloud pattern is cubic in a
run of spaces after a word such as "key" (a table padded as editors align it
took minutes), its npm pattern quadratic in a long line of slashes, and its
YAML reader expands aliases without limit. So it scans a copy of each file in
which

- every run of spaces and tabs is one space (no credential holds a space);
- a line longer than WINDOW characters is cut into windows of WINDOW
  characters, each overlapping the one before by OVERLAP (longer than any
  credential it knows), written as lines of their own and mapped back to the
  line they came from;
- in a YAML file whose parser events hold an alias or nest too deep, the
  characters that make them (* & [ ] { }) are spaces, so its YAML reader reads
  it as lines of text.

Each pattern then runs on at most WINDOW characters at a time, and each
character of a file is read at most twice: linear in the file's length.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from network.sourcefile import structure_problems

WINDOW = 1000
OVERLAP = 250
BLANKS = re.compile(r"[ \t]+")
YAML_STRUCTURE = str.maketrans({character: " " for character in "*&[]{}"})


def bounded_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines detect-secrets reads for ``text``, and the line of ``text`` each comes from."""
    lines, origins = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        line = BLANKS.sub(" ", line)
        if len(line) <= WINDOW:
            lines.append(line)
            origins.append(number)
            continue
        for start in range(0, len(line) - OVERLAP, WINDOW - OVERLAP):
            lines.append(line[start:start + WINDOW])
            origins.append(number)
    return lines, origins


def bounded_copy(project_dir: Path, files: list[str], copy_dir: Path,
                 lines_kept: Callable[[str, list[str]], list[bool] | None] | None = None) -> dict[str, list[int]]:
    """Write each of ``files`` bounded into ``copy_dir``; for each text file, the original line of each copied line.

    ``lines_kept(name, lines)``: which of a file's bounded lines to copy (None: all of them).
    """
    origins: dict[str, list[int]] = {}
    for name in files:
        data = (project_dir / name).read_bytes()
        target = copy_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            target.write_bytes(data)  # not text: detect-secrets reads no lines from it either
            continue
        if name.endswith((".yml", ".yaml")) and structure_problems(text, name):
            text = text.translate(YAML_STRUCTURE)
        lines, origins[name] = bounded_lines(text)
        kept = lines_kept(name, lines) if lines_kept else None
        if kept is not None:
            origins[name] = [origin for origin, keep in zip(origins[name], kept, strict=True) if keep]
            lines = [line for line, keep in zip(lines, kept, strict=True) if keep]
        target.write_text("\n".join(lines), encoding="utf-8")
    return origins
