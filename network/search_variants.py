"""Spelling variants, synonyms and abbreviations that search treats as one: data a maintainer extends.

``data/search-variants.yml`` maps what a reader types to the form the playbooks
use ("behaviour: behavior", "hand off: handoff"); the glossary
(includes/abbreviations.md) adds each abbreviation and what it stands for.
Search finds the pages of every form of a group whichever form was typed.
"""

from __future__ import annotations

from pathlib import Path

from network.glossary import GLOSSARY_FILE, read_glossary
from network.problems import Problem, display_path
from network.search_text import query_words
from network.sourcefile import load_yaml

VARIANTS_FILE = Path("data") / "search-variants.yml"
ENTRY_FORM = "write one 'what a reader types: the form the playbooks use' a line (or a list on the right)"

Form = tuple[str, ...]


def variant_edges(text: str, file: str) -> tuple[list[tuple[Form, Form, int]], list[Problem]]:
    """Each entry of the variants file as (typed form, meant form, line), and a problem for each bad entry."""
    document, problems = load_yaml(text, file)
    if document is None or problems:
        return [], problems
    if not isinstance(document.value, dict):
        return [], [Problem(file, document.start_line, f"expected a mapping; {ENTRY_FORM}")]
    edges: list[tuple[Form, Form, int]] = []
    first_line: dict[Form, int] = {}
    for key, value in document.value.items():
        line = document.line(key)
        targets = value if isinstance(value, list) else [value]
        if not targets or not all(isinstance(target, str) and target.strip() for target in targets):
            problems.append(Problem(file, line, f"'{key}' needs a word or a list of words on the right; {ENTRY_FORM}"))
            continue
        typed = tuple(query_words(key))
        if not typed:
            problems.append(Problem(file, line, f"'{key}' has no word search can use (only common words)"))
            continue
        if typed in first_line:
            problems.append(Problem(file, line, f"'{key}' is already listed on line {first_line[typed]}; keep one"))
            continue
        first_line[typed] = line
        for target in targets:
            meant = tuple(query_words(target))
            if meant == typed:
                problems.append(Problem(file, line, f"'{key}' is mapped to itself ('{target}'); remove the line"))
            elif not meant:
                problems.append(Problem(file, line, f"'{target}' has no word search can use (only common words)"))
            else:
                edges.append((typed, meant, line))
    return edges, problems


def glossary_edges(glossary: dict[str, str]) -> list[tuple[Form, Form, int]]:
    """Each abbreviation of the glossary and what it stands for, as variant entries (without a line)."""
    edges = []
    for abbreviation, meaning in glossary.items():
        short, long = tuple(query_words(abbreviation)), tuple(query_words(meaning))
        if short and long and short != long:
            edges.append((short, long, 0))
    return edges


def cycle_problems(edges: list[tuple[Form, Form, int]], file: str) -> list[Problem]:
    """A problem for each entry whose meant form leads back, entry by entry, to the form typed."""
    following: dict[Form, list[Form]] = {}
    for typed, meant, _ in edges:
        following.setdefault(typed, []).append(meant)
    problems = []
    for typed, meant, line in edges:
        if not line:
            continue
        seen, stack = {meant}, [meant]
        while stack:
            form = stack.pop()
            if form == typed:
                chain = f"'{' '.join(meant)}' leads back to '{' '.join(typed)}'"
                problems.append(Problem(file, line, f"a cycle: {chain}; map each word one way only"))
                break
            for nxt in following.get(form, []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return problems


def variant_groups(edges: list[tuple[Form, Form, int]]) -> list[list[Form]]:
    """The forms that search treats as one, grouped (every form joined to another by an entry, either way)."""
    parent: dict[Form, Form] = {}

    def root(form: Form) -> Form:
        while parent.setdefault(form, form) != form:
            form = parent[form]
        return form

    for typed, meant, _ in edges:
        parent[root(typed)] = root(meant)
    groups: dict[Form, list[Form]] = {}
    for form in parent:
        groups.setdefault(root(form), []).append(form)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def load_variants(project_dir: Path) -> tuple[list[list[Form]], list[Problem]]:
    """The groups of the variants file and the glossary, and every problem of the variants file (file:line)."""
    # A glossary problem is the build's to report, where it reads the glossary for every page.
    glossary, _ = read_glossary(project_dir / GLOSSARY_FILE, project_dir)
    problems: list[Problem] = []
    path = project_dir / VARIANTS_FILE
    file = display_path(path, project_dir)
    if not path.is_file():
        return [], problems + [Problem(file, None, f"the search variants file is missing; {ENTRY_FORM}")]
    edges, found = variant_edges(path.read_text(encoding="utf-8"), file)
    edges += glossary_edges(glossary)
    problems += found + cycle_problems(edges, file)
    return variant_groups(edges), problems
