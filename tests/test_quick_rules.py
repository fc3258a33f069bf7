"""The quick rules the build loads the site with agree with the slower rules they stand in for, on tricky input."""

from __future__ import annotations

import copy
import random

import pytest
import yaml

from network.contracts import compiled, quick_judge, typed, validator
from network.frontmatter import split_front_matter
from network.gate import front_matter_as_the_checks_read_it
from network.members import MEMBERS_FILE
from network.sourcefile import NotTyped, front_matter_document, load_yaml, safe_loader_value
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
    """Every code point alone, and mixed ASCII texts: holds_forbidden says what the pattern says."""
    texts = [chr(point) for point in range(0x110000)] + [
        "", "plain\ttext\r\n", "a\x7fb", "\x0b", "line\nline\x0c", "é\x01", "no\u2028break", "x" * 500 + "\x1f"]
    assert [text for text in texts if holds_forbidden(text) != bool(XML_FORBIDDEN.search(text))] == []


FRONT_MATTERS = [
    "title: A\n", "n: 12\nm: 012\no: 0o17\nx: 0x1F\nb: 0b101\ns: 1_000\nt: 1:20\nneg: -3\n",
    "f: .5\ng: 1e3\nh: 1.5e+3\ni: .inf\nj: -.Inf\nk: .nan\nl: 6.8523015e+5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: y\ng: n\n", "a: ~\nb: null\nc:\nd: ''\ne: \"\"\n",
    "d: 2026-01-01\nt: 2001-12-14t21:59:43.10-05:00\nu: 2001-12-14 21:59:43.10\nv: 2002-12-14\n",
    "d: 2026-02-30\n", "d: 2026-13-01\nlater: 2026-02-30\n", "a: 1\na: 2\n", "<<: {a: 1}\nb: 2\n",
    "\"1\": one\n", "1: one\n", "true: x\n", "~: x\n", "2026-01-01: x\n", "a: =\n", "=: x\n", "a: !!str 1\n",
    "a: ! \"12\"\n", "a: !!binary aGVsbG8=\n", "a: \"hello!\"\n", "a: &x 1\nb: 2\n", "a: 1\n---\nb: 2\n",
    "- a\n- b\n", "just text\n", "", "# only a comment\n", "a: |\n  12\n  yes\n", "a: >\n  folded\n  text\n",
    "tags: [12, yes, 'no', \"1.5\", ~, 2026-01-01]\nnested: {a: [1, {b: off}]}\n", "a:\n  - b: 1\n    c: [x, y]\n",
    "a: 'it''s'\nb: \"\\u00e9\\t\"\n", "key with spaces: value: with colon\n", "a: [1, 2\n", "a:\tb\n",
    "? [complex, key]\n: value\n", "a: 1\nb: {c: 1, c: 2}\n", "ünïcode: ✓\n", "a: 12:30:45\nb: 190:20:30.15\n",
    "a: +12\nb: -0\nc: 0.\nd: +.5\ne: 1_0.0_1\n", "a: Null\nb: NULL\nc: True\nd: FALSE\n", "%YAML 1.1\n---\na: 1\n",
]


def _read_again_with_safeloader(text: str) -> tuple[dict | None, str]:
    """The rule the gate's reading replaced: the front matter loaded a second time with SafeLoader."""
    yaml_text, _, found = split_front_matter(text, "")
    if found:
        return {}, ""
    try:
        value = yaml.load(yaml_text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception as error:  # noqa: BLE001 - the old rule's own handling
        return None, " ".join(str(error).split())
    return (value, "") if isinstance(value, dict) else (None, "not a mapping of fields")


@pytest.mark.parametrize("yaml_text", FRONT_MATTERS)
def test_front_matter_typed_from_the_checks_reading_is_what_safeloader_reads(yaml_text):
    """The gate's typed reading (the checks' document typed by SafeLoader's own parts) is what SafeLoader reads."""
    page = f"---\n{yaml_text}---\nbody\n"
    expected = _read_again_with_safeloader(page)
    front_matter_document.cache_clear()
    assert front_matter_as_the_checks_read_it(page, "docs/x.md") == expected
    assert front_matter_as_the_checks_read_it(page, "docs/x.md") == expected  # from the kept document


def test_most_front_matter_is_typed_without_loading_it_again():
    """The quick reading is the one taken for ordinary front matter (not a fallback that hides a difference)."""
    for yaml_text in ["title: A\nn: 12\nd: 2026-01-01\ntags: [a, yes]\nx: ~\n", FRONT_MATTERS[1], FRONT_MATTERS[2]]:
        document, problems = load_yaml(yaml_text, "x.md")
        assert safe_loader_value(document, problems, yaml_text) == yaml.load(yaml_text, yaml.SafeLoader)
    for yaml_text in ["a: 1\na: 2\n", "<<: {a: 1}\n", "a: ! \"12\"\n", "1: one\n", "d: 2026-02-30\n"]:
        document, problems = load_yaml(yaml_text, "x.md")
        with pytest.raises(NotTyped):
            safe_loader_value(document, problems, yaml_text)
