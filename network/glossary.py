"""The site's glossary (includes/abbreviations.md), read once with Python-Markdown's own abbr extension.

Every page shows the glossary's abbreviations as tooltips. The build hands
the definitions to the abbr extension's ``glossary`` option (macros/__init__.py)
rather than appending the file to every page, which made Python-Markdown
parse it again on each one. A page's own ``*[ABBR]: ...`` line still applies on that page.
"""

from __future__ import annotations

from pathlib import Path

import markdown
from markdown.extensions.abbr import AbbrExtension

from network.problems import Problem, display_path

GLOSSARY_FILE = Path("includes") / "abbreviations.md"
ENTRY_FORM = "write one '*[ABBR]: what it stands for' a line"


def read_glossary(path: Path, project_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """The glossary file's entries, or the problem that it is missing."""
    file = display_path(path, project_dir)
    if not path.is_file():
        return {}, [Problem(file, None, f"the glossary is missing; {ENTRY_FORM}")]
    return glossary_entries(path.read_text(encoding="utf-8"), file)


def glossary_entries(text: str, file: str) -> tuple[dict[str, str], list[Problem]]:
    """Each abbreviation with what it stands for, as the abbr extension reads each line; a problem per other line."""
    extension = AbbrExtension()
    converter = markdown.Markdown(extensions=[extension])
    glossary: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        html = converter.reset().convert(line)
        if html or len(extension.abbrs) != 1:
            problems.append(Problem(file, number, f"not a glossary entry; {ENTRY_FORM}"))
            continue
        (abbreviation, meaning), = extension.abbrs.items()
        if abbreviation in glossary:
            problems.append(Problem(file, number, f"'{abbreviation}' is defined twice; keep one line"))
        glossary[abbreviation] = meaning
    return glossary, problems
