"""The quick rules the build loads the site with agree with the slower rules they stand in for, on tricky input."""

from __future__ import annotations

import copy
import random

import pytest

from network.contracts import compiled, quick_judge, typed, validator
from network.frontmatter import split_front_matter
from network.members import MEMBERS_FILE
from network.sourcefile import load_yaml
from network.xmltext import XML_FORBIDDEN, holds_forbidden
from tools.project import ROOT

SCHEMAS = ("playbook.schema.json", "adoptions.schema.json", "members.schema.json", "api/playbooks.schema.json",
           "api/members.schema.json")
# Values jsonschema tells apart in ways a quick rule could miss: bool against integer, 2.0, NaN, impossible
# dates, markup, control and noncharacters, duplicates that differ only as True and 1.
TRICKY = ["", " ", "x", "<b>", "{{ x }}", "{#", "a\x01b", "\x85", "\ufdd0", "2026-02-30", "2024-02-29", "2026-13-01",
          "２０２６-01-01", "2026-1-01", 0, 1, -1, 36, 37, 2.0, 2.5, float("nan"), float("inf"), True, False, None,
          [], [1], [1, 1], [1, True], [0, False], [1.0, 1], ["a", "a"], ["a", "b"], [[1], [1]], [{"a": 1}, {"a": 1}],
          {}, {"a": 1}, "mailto:a@b.c", "mailto:a@b", "https://a.b/c", "https://a/b", "quality/x-y", "quality/X",
          "strong", "very-low", "new", "quality", "approved", "great-lakes-harbor", "a--b", 10**30, [{}],
          [{"title": "t", "url": "https://a.b"}], [{"id": "m", "name": "n", "target": "t", "how": "h"}]]


def _shipped_documents() -> list[tuple[str, object]]:
    """Every shipped playbook's front matter, adoptions file and the members file, typed as the build types them."""
    found = []
    for path in sorted((ROOT / "docs" / "playbooks").glob("*/*.md")):
        if path.name != "index.md":
            text, line, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
            found.append(("playbook.schema.json", typed(load_yaml(text, path.name, line)[0])))
    for path in sorted((ROOT / "data" / "adoptions").glob("*.yml")):
        found.append(("adoptions.schema.json", typed(load_yaml(path.read_text(encoding="utf-8"), path.name)[0])))
    found.append(("members.schema.json", typed(load_yaml((ROOT / MEMBERS_FILE).read_text(encoding="utf-8"), "m")[0])))
    return found


def _paths(value, path=()):
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _paths(item, (*path, key))


def _mutated(value, chance: random.Random):
    """``value`` with one to three of its parts replaced by a tricky value, deleted, or given a sibling."""
    value = copy.deepcopy(value)
    for _ in range(chance.choice([1, 1, 2, 3])):
        paths = [path for path in _paths(value) if path]
        if not paths:
            break
        path = chance.choice(paths)
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        roll = chance.random()
        if roll < 0.6:
            parent[path[-1]] = copy.deepcopy(chance.choice(TRICKY))
        elif roll < 0.8:
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[chance.choice(["extra", "title", "tags", "adopted_by", path[-1]])] = chance.choice(TRICKY)
        else:
            parent.append(copy.deepcopy(chance.choice(parent + TRICKY)))
    return value


def test_the_quick_judge_says_what_jsonschema_says_of_mutated_shipped_documents():
    """Two thousand seeded mutations of every shipped document: the quick verdict is jsonschema's, both ways."""
    chance = random.Random(32)
    documents = _shipped_documents()
    verdicts = []
    for _ in range(2000):
        name, value = chance.choice(documents)
        value = _mutated(value, chance) if chance.random() < 0.97 else chance.choice(TRICKY)
        verdicts.append((quick_judge(name)(value), validator(name).is_valid(value), name, value))
    assert [case for case in verdicts if case[0] != case[1]] == []
    assert {verdict for verdict, *_ in verdicts} == {True, False}  # the corpus holds valid and invalid documents
    assert all(quick_judge(name)(value) for name, value in documents)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_published_schema_is_judged_quickly(name):
    """No schema falls back to jsonschema alone for a valid document: each keyword it uses is compiled."""
    assert quick_judge(name) is not None


@pytest.mark.parametrize("subschema", [
    {"type": "integer", "minimum": 1, "maximum": 36}, {"type": ["string", "null"]}, {"enum": [1, "a", None]},
    {"const": 1}, {"uniqueItems": True}, {"minItems": 1}, {"format": "date"}, {"not": {"pattern": "[<>]"}},
    {"anyOf": [{"type": "boolean"}, {"pattern": "^a"}]}, {"items": {"type": "integer"}}, True, False,
    {"type": "object", "required": ["a"], "additionalProperties": False, "properties": {"a": {"type": "integer"}}},
    {"type": "object", "additionalProperties": {"type": "string"}, "properties": {"b": {}}}])
def test_each_compiled_keyword_judges_as_jsonschema(subschema):
    checker = validator("playbook.schema.json").evolve(schema=subschema)
    judge = compiled(subschema, checker)
    assert [value for value in TRICKY if judge(value) != checker.is_valid(value)] == []


def test_a_keyword_left_out_falls_back_to_jsonschema():
    checker = validator("playbook.schema.json")
    assert compiled({"type": "object", "patternProperties": {"^x": {}}}, checker) is None
    assert compiled({"properties": {"a": {"$ref": "https://example.org/a"}}}, checker) is None


def test_the_ascii_reading_of_forbidden_characters_finds_what_the_pattern_finds():
    """Every code point alone, and texts mixing allowed and forbidden ASCII: holds_forbidden is the pattern's verdict."""
    texts = [chr(point) for point in range(0x110000)] + [
        "", "plain\ttext\r\n", "a\x7fb", "\x0b", "line\nline\x0c", "é\x01", "no\u2028break", "x" * 500 + "\x1f"]
    assert [text for text in texts if holds_forbidden(text) != bool(XML_FORBIDDEN.search(text))] == []
