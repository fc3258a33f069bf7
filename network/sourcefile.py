"""Read YAML from contributed files, keeping the line of every value.

PyYAML's own loaders guess types (``NO`` becomes False, ``0471`` an octal
number, ``2012-05-01`` a date) and keep the last of two duplicate keys. Here
every scalar stays text, duplicate keys are problems, and each value's line is
kept so that a message can point a contributor at it.

Contributed YAML is input, never a program: an alias (``*name``), which can
make a few lines expand to billions of values (an "alias bomb"), and nesting
deeper than MAX_DEPTH are refused from the parser's events, before any value
is built; so is an explicit tag (``!!binary``, ``!!python/...``).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import yaml

from network.problems import PARSED_PAGES_KEPT, Problem
from network.xmltext import XML_FORBIDDEN, describe


@dataclasses.dataclass
class Located:
    """A YAML document as plain values plus the line of each key and item."""

    value: Any
    lines: dict[tuple, int]
    start_line: int
    # The paths of the scalars written without quotes, which YAML 1.2 may read as numbers or booleans.
    plain: frozenset[tuple] = frozenset()

    def line(self, *path: Any) -> int:
        """The line of the value at ``path``, or of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.start_line


class _TextLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
    """A loader that resolves every scalar as text (no implicit types); libyaml's parser where PyYAML has it.

    Front matter that carries measures, adoption records and grades is several times longer than
    the prose fields alone, and PyYAML's pure-Python parser was then most of a build's load time.
    """


# How deep mappings and lists may nest in a contributed file: the front-matter schema needs 4 levels.
MAX_DEPTH = 12
# The tags a value may carry: those every plain mapping, list and text gets.
PLAIN_TAGS = {yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
              yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}


def too_deep(file: str, line: int) -> Problem:
    return Problem(file, line, f"lists and mappings nested more than {MAX_DEPTH} deep; flatten the structure "
                               "(CONTRIBUTING.md shows every field)")


def may_nest_or_alias(text: str) -> bool:
    """Whether ``text`` could hold an alias or nest more than MAX_DEPTH deep (if not, no event scan is needed).

    Every alias starts with '*'; nesting that deep needs that many brackets, a line indented that far,
    or lists opened on one line ('- - ').
    """
    return ("*" in text or text.count("[") + text.count("{") > MAX_DEPTH or "- - " in text
            or "\n" + " " * MAX_DEPTH in text)


def structure_problems(text: str, file: str, first_line: int = 1) -> list[Problem]:
    """Aliases and too deep nesting in ``text``, found from the parser's events before anything is built.

    Events come one at a time and hold no more than their own text, so an alias bomb costs only its own
    length here.
    """
    if not may_nest_or_alias(text):
        return []
    offset = first_line - 1
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_TextLoader):
            line = event.start_mark.line + 1 + offset
            if isinstance(event, yaml.AliasEvent):
                return [Problem(file, line, f"a YAML alias (*{event.anchor}) repeats a value written elsewhere, "
                                            "and aliases are not allowed here: write the value out in full")]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [too_deep(file, line)]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return []  # load_yaml reports what is not valid YAML, with its line
    return []


def load_yaml(text: str, file: str, first_line: int = 1) -> tuple[Located | None, list[Problem]]:
    """Parse ``text`` as one YAML document whose first line is ``first_line``."""
    offset = first_line - 1
    refused = structure_problems(text, file, first_line)
    if refused:
        return None, refused
    try:
        node = yaml.compose(text, Loader=_TextLoader)
    except RecursionError:
        return None, [too_deep(file, first_line)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else None
        reason = error.problem or error.context or "not valid YAML"
        source_lines = text.splitlines()
        bad_line = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
        hint = "; indent with spaces, not tabs" if "\t" in bad_line else ""
        reason = reason.replace("'\\t'", "a tab")
        return None, [Problem(file, line, f"not valid YAML: {reason}{hint}")]
    except yaml.YAMLError as error:
        return None, [Problem(file, None, f"not valid YAML: {error}")]
    if node is None:
        return None, [Problem(file, None, "the file is empty; expected YAML content")]
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    plain: set[tuple] = set()
    value = _to_python(node, (), lines, problems, file, offset, plain)
    return Located(value, lines, node.start_mark.line + 1 + offset, frozenset(plain)), problems


def _to_python(node, path, lines, problems, file, offset, plain):
    lines[path] = node.start_mark.line + 1 + offset
    if len(path) > MAX_DEPTH:
        problems.append(too_deep(file, lines[path]))
        return None
    if node.tag not in PLAIN_TAGS:
        problems.append(Problem(file, lines[path], f"a YAML tag ({node.tag.replace('tag:yaml.org,2002:', '!!')}) "
                                "is not allowed; write the value as plain text, in quotes if needed",
                                field=_field_of(path)))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(file, key_line, "a key must be plain text"))
                continue
            key = key_node.value
            if key in result:
                problems.append(Problem(
                    file, key_line,
                    f"duplicate key; '{key}' is already set on line {lines[path + (key,)]}: keep one",
                    field=key,
                ))
                continue
            result[key] = _to_python(value_node, path + (key,), lines, problems, file, offset, plain)
            lines[path + (key,)] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, path + (index,), lines, problems, file, offset, plain)
            for index, item in enumerate(node.value)
        ]
    if not node.style:  # plain: None from PyYAML's parser, "" from libyaml's
        plain.add(path)
    forbidden = XML_FORBIDDEN.search(node.value)
    if forbidden:  # written as an escape such as "\uFFFE" in double quotes, which no scan of the file's text sees
        problems.append(Problem(file, lines[path], f"holds {describe(forbidden.group())}, which the site's feeds "
                                "and sitemap (XML) cannot carry; delete it", field=_field_of(path)))
    return node.value


def _field_of(path: tuple) -> str | None:
    """The name of the innermost field along ``path``."""
    return next((step for step in reversed(path) if isinstance(step, str)), None)


@functools.lru_cache(maxsize=PARSED_PAGES_KEPT)
def front_matter_document(text: str, file: str, first_line: int) -> tuple[Located | None, tuple[Problem, ...]]:
    """``load_yaml`` of a page's front matter, kept: the gate and the playbook parser read each text once.

    The document is shared by both: neither changes it.
    """
    document, problems = load_yaml(text, file, first_line)
    return document, tuple(problems)


class NotTyped(Exception):
    """The text-read document cannot say what PyYAML's SafeLoader makes of its text: load it with SafeLoader."""


# PyYAML's SafeLoader, MkDocs' reading of front matter: its YAML 1.1 resolver, and its constructor of each
# type a plain scalar can resolve to (a tag such as !!binary needs a '!', which is never typed here).
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TEXT_TAG = yaml.resolver.Resolver.DEFAULT_SCALAR_TAG
_SCALAR_TYPES = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


def resolved_tag(text: str) -> str:
    """The tag SafeLoader's resolver gives ``text`` written plain (text at once where no implicit type starts so)."""
    implicit = _RESOLVER.yaml_implicit_resolvers
    if text[:1] not in implicit and None not in implicit and not _RESOLVER.yaml_path_resolvers:
        return _TEXT_TAG
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


def safe_loader_value(document: Located | None, problems, text: str) -> Any:
    """What ``yaml.load(text, SafeLoader)`` returns, typed from the document ``load_yaml`` read from ``text``.

    Each plain scalar is resolved and constructed by SafeLoader's own resolver and constructor, every
    other scalar is text. Raises NotTyped wherever that could differ from SafeLoader's reading: a text with
    a '!' (a tag, which also changes how a quoted scalar resolves), a document with a problem (duplicate
    keys, which SafeLoader keeps the last of), a key that is not plain text (a number, '<<' merge), or a
    value whose construction fails (SafeLoader would fail on the first it constructs, in its own order).
    """
    if document is None or problems or "!" in text:
        raise NotTyped
    plain = document.plain

    def typed(value: Any, path: tuple) -> Any:
        if isinstance(value, str):
            tag = resolved_tag(value) if path in plain else _TEXT_TAG
            if tag == _TEXT_TAG:
                return value
            if tag not in _SCALAR_TYPES:
                raise NotTyped
            try:
                return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
            except Exception as error:  # noqa: BLE001 - any failure: SafeLoader itself says what it is
                raise NotTyped from error
        if isinstance(value, list):
            return [typed(item, (*path, index)) for index, item in enumerate(value)]
        if any(resolved_tag(key) != _TEXT_TAG for key in value):
            raise NotTyped
        return {key: typed(item, (*path, key)) for key, item in value.items()}
    return typed(document.value, ())
