"""Two built sites compared file by file, the engine's generator line aside: `python -m tools.site_compare A B`."""

from __future__ import annotations

import re
import sys
from itertools import zip_longest
from pathlib import Path

# The one line an engine may write differently: the theme's <meta name="generator"> names the engine and its
# version ("mkdocs-1.6.1, ..." against "mkdocs-ProperDocs 1.6.7, ...").
GENERATOR_LINE = re.compile(rb'\s*<meta name="generator" content="[^"\n]*">\s*')


def published_files(site: Path) -> set[str]:
    """Every file under ``site``, as a path relative to it with forward slashes."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def comparable_lines(content: bytes) -> list[bytes]:
    """The lines of a published file, each generator line blanked (so line numbers stay those of the file)."""
    return [b"" if GENERATOR_LINE.fullmatch(line) else line for line in content.split(b"\n")]


def first_differing_line(first: bytes, second: bytes) -> int | None:
    """The 1-based number of the first line that differs, the generator line aside; None when none does."""
    pairs = zip_longest(comparable_lines(first), comparable_lines(second))
    return next((number for number, (one, other) in enumerate(pairs, start=1) if one != other), None)


def site_differences(first: Path, second: Path) -> list[str]:
    """One line for each file that differs between two built sites or is in only one of them, sorted by path."""
    first_files, second_files = published_files(first), published_files(second)
    differences = []
    for path in sorted(first_files | second_files):
        if path not in second_files:
            differences.append(f"{path}: only in {first}")
        elif path not in first_files:
            differences.append(f"{path}: only in {second}")
        else:
            number = first_differing_line((first / path).read_bytes(), (second / path).read_bytes())
            if number is not None:
                differences.append(f"{path}:{number}: differs from line {number} on")
    return differences


def main(arguments: list[str]) -> int:
    if len(arguments) != 2:
        print("usage: python -m tools.site_compare FIRST_SITE SECOND_SITE", file=sys.stderr)
        return 2
    first, second = (Path(argument) for argument in arguments)
    for site in (first, second):
        if not site.is_dir():
            print(f"{site}: no such folder (build the site into it first)", file=sys.stderr)
            return 2
    differences = site_differences(first, second)
    for difference in differences:
        print(difference)
    if differences:
        print(f"{len(differences)} published file(s) differ between {first} and {second}", file=sys.stderr)
        return 1
    print(f"{len(published_files(first))} published files identical in {first} and {second}, the generator line aside")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
