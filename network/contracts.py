"""The published JSON Schemas (network/schemas/): loaded once, and YAML documents checked against them.

The front-matter and members-file schemas are the contract editors read (a
contributor's editor completes and checks fields as they type) and the one
the build checks typed values against with the jsonschema library. A YAML
document is read as text with lines (network/sourcefile.py); its unquoted
scalars are typed as YAML 1.2's core schema types them, as an editor does,
before it is checked, and each schema error becomes a Problem at the line of
the value, worded from the schema's own ``description``.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Callable

import jsonschema
from jsonschema._utils import equal, find_additional_properties, uniq

from network.problems import Problem
from network.sourcefile import Located

SCHEMAS = Path(__file__).parent / "schemas"
# Where each schema is published, relative to the site (DESIGN.md's URLs), and the file it comes from.
PUBLISHED_SCHEMAS = {
    "schemas/playbook.schema.json": "playbook.schema.json",
    "schemas/members.schema.json": "members.schema.json",
    "schemas/adoptions.schema.json": "adoptions.schema.json",
    "schemas/api/playbooks.schema.json": "api/playbooks.schema.json",
    "schemas/api/members.schema.json": "api/members.schema.json",
}
_INTEGER = re.compile(r"[-+]?[0-9]+")
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = ("", "~", "null", "Null", "NULL")


@functools.cache
def schema(name: str) -> dict:
    """A committed schema, by its path under network/schemas/."""
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A validator of the schema ``name`` that checks formats (a date that cannot exist is refused)."""
    document = schema(name)
    cls = jsonschema.validators.validator_for(document)
    cls.check_schema(document)
    fast = jsonschema.validators.extend(cls, {"not": not_pattern})
    return fast(inlined(document), format_checker=cls.FORMAT_CHECKER)


# The keywords a schema may hold for ``is_valid`` to judge it at once, besides the annotations it ignores.
_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "default", "examples"}
Judge = Callable[[Any], bool]


@functools.cache
def quick_judge(name: str) -> Judge | None:
    """Whether a value is valid against the schema ``name``, judged as its jsonschema validator judges.

    Compiled once from the inlined schema into nested checks of the keywords the project's schemas use
    (None for a schema with any other keyword). A valid document needs no walk through jsonschema, which
    took most of the load's time at 1,000 playbooks; an invalid one is still told apart by jsonschema.
    """
    checker = validator(name)
    return compiled(checker.schema, checker)


def compiled(subschema: Any, checker: jsonschema.protocols.Validator) -> Judge | None:
    """``checker.is_valid`` for ``subschema`` as one function, or None if it uses a keyword left out here."""
    if subschema is True or subschema is False:
        return lambda instance, verdict=subschema: verdict
    if not isinstance(subschema, dict):
        return None
    tests: list[Judge] = []
    for keyword, value in subschema.items():
        if keyword in _ANNOTATIONS:
            continue
        make = _KEYWORDS.get(keyword)
        test = make(value, subschema, checker) if make else None
        if test is None:
            return None
        tests.append(test)
    if len(tests) == 1:
        return tests[0]

    def judge(instance) -> bool:
        for test in tests:
            if not test(instance):
                return False
        return True
    return judge


def _of_type(name: str, checker) -> Judge:
    """The validator's type check, kept per Python type (a float's is judged each time: 2.0 is an integer)."""
    known: dict[type, bool] = {}

    def test(instance) -> bool:
        kind = type(instance)
        if kind is float:
            return checker.is_type(instance, name)
        if kind not in known:
            known[kind] = checker.is_type(instance, name)
        return known[kind]
    return test


def _type(value, subschema, checker) -> Judge:
    tests = [_of_type(name, checker) for name in ([value] if isinstance(value, str) else value)]
    return tests[0] if len(tests) == 1 else lambda instance: any(test(instance) for test in tests)


def _properties(value, subschema, checker) -> Judge | None:
    tests = {key: compiled(item, checker) for key, item in value.items()}
    if None in tests.values():
        return None

    def test(instance) -> bool:
        if isinstance(instance, dict):
            for key, item in instance.items():
                judge = tests.get(key)
                if judge is not None and not judge(item):
                    return False
        return True
    return test


def _additional(value, subschema, checker) -> Judge | None:
    if "patternProperties" in subschema:
        return None
    known = subschema.get("properties", {})
    if value is False:
        return lambda instance: not isinstance(instance, dict) or known.keys() >= instance.keys()
    test = compiled(value, checker)
    return test and (lambda instance: not isinstance(instance, dict) or all(
        test(instance[key]) for key in find_additional_properties(instance, subschema)))


def _required(value, subschema, checker) -> Judge:
    needed = set(value)
    return lambda instance: not isinstance(instance, dict) or instance.keys() >= needed


def _items(value, subschema, checker) -> Judge | None:
    test = None if "prefixItems" in subschema else compiled(value, checker)
    return test and (lambda instance: not isinstance(instance, list) or all(map(test, instance)))


def _pattern(value, subschema, checker) -> Judge:
    search = re.compile(value).search  # what re.search(value, text) compiles
    return lambda instance: not isinstance(instance, str) or search(instance) is not None


def _not(value, subschema, checker) -> Judge | None:
    test = compiled(value, checker)
    return test and (lambda instance: not test(instance))


def _any_of(value, subschema, checker) -> Judge | None:
    tests = [compiled(item, checker) for item in value]
    return None if None in tests else lambda instance: any(test(instance) for test in tests)


def _enum(value, subschema, checker) -> Judge:
    return lambda instance: any(equal(each, instance) for each in value)


def _format(value, subschema, checker) -> Judge:
    formats = checker.format_checker
    return lambda instance: formats is None or formats.conforms(instance, value)


def _bound(compare: Callable[[Any, Any], bool]):
    def make(value, subschema, checker) -> Judge:
        number = _of_type("number", checker)
        return lambda instance: not number(instance) or compare(instance, value)
    return make


def _min_items(value, subschema, checker) -> Judge:
    return lambda instance: not isinstance(instance, list) or len(instance) >= value


def _unique_items(value, subschema, checker) -> Judge:
    return lambda instance: not (value and isinstance(instance, list)) or uniq(instance)


# Each keyword as jsonschema's own (jsonschema/_keywords.py) judges it, with jsonschema's equal and uniq.
_KEYWORDS = {"type": _type, "properties": _properties, "additionalProperties": _additional, "required": _required,
             "items": _items, "pattern": _pattern, "not": _not, "anyOf": _any_of, "enum": _enum,
             "const": lambda value, subschema, checker: lambda instance: equal(instance, value),
             "minimum": _bound(lambda instance, limit: not instance < limit),
             "maximum": _bound(lambda instance, limit: not instance > limit),
             "minItems": _min_items, "uniqueItems": _unique_items, "format": _format}


def not_pattern(validator, not_schema, instance, schema):
    """Jsonschema's ``not``, same verdict and words, read at once where it only forbids a pattern.

    Every plain text in front matter is "not a pattern" (no markup, no control characters): jsonschema
    builds a sub-validator for each; read at once, validating 1,000 playbooks took a quarter less CPU.
    """
    if isinstance(instance, str) and set(not_schema) == {"pattern"}:
        if re.search(not_schema["pattern"], instance):
            yield jsonschema.ValidationError(f"{instance!r} should not be valid under {not_schema!r}")
        return
    yield from jsonschema._keywords.not_(validator, not_schema, instance, schema)


def inlined(document: dict) -> dict:
    """The schema with each local ``$ref`` to its ``$defs`` replaced by the definition: the same verdicts and words.

    Resolving a reference costs the validator a registry look-up each time; with adoption records,
    measures and grades in front matter that was a third of the check's time at 1,000 playbooks.
    The committed and published schema keeps its references.
    """
    definitions = document.get("$defs", {})

    def expand(value):
        if isinstance(value, list):
            return [expand(item) for item in value]
        if not isinstance(value, dict):
            return value
        reference = value.get("$ref", "")
        if reference.startswith("#/$defs/") and reference.count("/") == 2:
            target = expand(definitions[reference.removeprefix("#/$defs/")])
            rest = {key: expand(item) for key, item in value.items() if key != "$ref"}
            return {**rest, **target}  # an error names the definition's own description, as through the $ref
        return {key: expand(item) for key, item in value.items()}

    return {key: expand(value) for key, value in document.items() if key != "$defs"}


def typed(document: Located) -> Any:
    """The document's values with each unquoted scalar typed as YAML 1.2's core schema does (12, true, null)."""
    def convert(value: Any, path: tuple) -> Any:
        if isinstance(value, dict):
            return {key: convert(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item, (*path, index)) for index, item in enumerate(value)]
        if path not in document.plain:
            return value
        if value in _NULLS:
            return None
        if value in _BOOLEANS:
            return _BOOLEANS[value]
        return int(value) if _INTEGER.fullmatch(value) else value
    return convert(document.value, ())


def schema_problems(document: Located, name: str, file: str, field_depth: int = 0) -> list[Problem]:
    """Every value of ``document`` the schema ``name`` refuses, at its line, named by its field.

    The field is the key ``field_depth`` steps down the path (0 for front matter, 1 for a list of members).
    """
    values = typed(document)
    judge = quick_judge(name)
    if judge and judge(values):
        return []
    problems, seen = [], set()
    for error in sorted(validator(name).iter_errors(values), key=lambda e: list(map(str, e.path))):
        path = tuple(error.absolute_path)
        if path in seen and error.validator not in ("required", "additionalProperties"):
            continue  # One problem a value: a date that is neither shaped nor real is named once.
        seen.add(path)
        if not isinstance(error.instance, (str, list, dict)) and _fits_as_text(name, error, document, path):
            continue
        if error.validator == "additionalProperties":
            extra = [key for key in error.instance if key not in error.schema.get("properties", {})]
            path = (*path, extra[0]) if extra else path
        missing = [key for key in error.validator_value if key not in error.instance] \
            if error.validator == "required" else []
        named = (*path, missing[0]) if missing else path
        field = named[field_depth] if len(named) > field_depth and isinstance(named[field_depth], str) else None
        problems.append(Problem(file, document.line(*path), _message(error), field=field,
                                subject=_subject(named[field_depth + 1:]) if field else None))
    return problems


def _fits_as_text(name: str, error: jsonschema.ValidationError, document: Located, path: tuple) -> bool:
    """Whether an unquoted value typed as a number or boolean (0471, NO) is what a text field takes, as written.

    The project reads every value as text; only where the schema wants a number or a boolean is it typed.
    """
    if path not in document.plain:
        return False
    value = document.value
    for step in path:
        value = value[step]
    return validator(name).evolve(schema=error.schema).is_valid(value)


def _subject(rest: tuple) -> str | None:
    """'item 2' for a value inside a list field, else None."""
    return f"item {rest[0] + 1}" if rest and isinstance(rest[0], int) else None


def _message(error: jsonschema.ValidationError) -> str:
    """What the schema expects, from its description, and what it got."""
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"unknown field; allowed fields are {allowed}"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        described = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        return f"missing required field '{missing}'" + (f"; {_lower(described)}" if described else "")
    if error.validator == "uniqueItems":
        return "an item is listed twice; keep one"
    description = error.schema.get("description")
    got = f", got {_show(error.instance)}"
    return f"expected {_lower(description)}{got}" if description else f"{error.message}{got}"


def _lower(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return repr(value)
