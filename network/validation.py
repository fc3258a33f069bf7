"""Field checks shared by the member directory and the playbook schema.

A schema is a mapping of field name to :class:`Field`. Each check takes the
raw value (text, list or mapping, as :mod:`network.sourcefile` loads it) and
returns the converted value or raises :class:`Invalid` saying what is
expected.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import difflib
import re
import urllib.parse
from typing import Any, Callable

from network.problems import Problem
from network.sourcefile import Located, resolved_tag

# A lowercase id: member ids, playbook file names, the kinds of secret the content guard names.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG = re.compile(rf"^{SLUG_PATTERN}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
MARKUP = re.compile(r"[<>]|\{\{|\{%|\{#")
# A control character (a tab, a carriage return, U+000B...): it would break a generated table or the XML of a feed.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Invalid(ValueError):
    """A value that does not fit its field; the message says what fits.

    ``item`` is the index of the offending list item, so its own line is shown.
    """

    def __init__(self, message: str, item: int | None = None):
        super().__init__(message)
        self.item = item


@dataclasses.dataclass(frozen=True)
class Field:
    check: Callable[[Any], Any]
    required: bool = True


def plain_text(value: Any) -> str:
    """One line of text with no HTML or template markup."""
    if not isinstance(value, str):
        raise Invalid(f"expected plain text, got {_kind(value)}")
    text = value.strip()
    if not text:
        raise Invalid("expected plain text, got an empty value")
    if "\n" in text:
        raise Invalid("expected a single line of text")
    control = CONTROL.search(text)
    if control:
        raise Invalid(f"expected plain text without control characters; found U+{ord(control.group()):04X} at "
                      f"character {control.start() + 1}: retype the text around it")
    if MARKUP.search(text):
        raise Invalid(f"expected plain text without markup (<, >, {{{{ or {{%), got '{text}'")
    return text


def slug(value: Any) -> str:
    """A lowercase id such as altru or dartmouth-hitchcock."""
    if not isinstance(value, str) or not SLUG.match(value):
        raise Invalid(
            "expected a lowercase slug of letters, digits and single hyphens "
            f"(like 'great-lakes-harbor'), got {_show(value)}"
        )
    return value


def impossible_date(value: str) -> str | None:
    """Why a date shaped YYYY-MM-DD or YYYY-MM cannot exist, such as 'there is no month 13'."""
    year, month, *day = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day and not 1 <= day[0] <= calendar.monthrange(year, month)[1]:
        return f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days, not {day[0]}"
    return None


def iso_date(value: Any) -> datetime.date:
    """A calendar date written YYYY-MM-DD."""
    if isinstance(value, str) and ISO_DATE.match(value):
        reason = impossible_date(value)
        if reason:
            raise Invalid(f"{value} is not a date: {reason}")
        return datetime.date.fromisoformat(value)
    raise Invalid(f"expected a date written YYYY-MM-DD (like 2026-03-01), got {_show(value)}")


def iso_date_or_month(value: Any) -> str:
    """YYYY-MM-DD, or YYYY-MM where only the month is known; kept as text."""
    if isinstance(value, str) and (ISO_MONTH.match(value) or ISO_DATE.match(value)):
        reason = impossible_date(value)
        if reason:
            raise Invalid(f"{value} is not a date: {reason}")
        return value
    raise Invalid(
        "expected a date written YYYY-MM-DD, or YYYY-MM where only the month is "
        f"known (like 2012-05), got {_show(value)}"
    )


# Parentheses and brackets stay: DOIs hold them, and every template escapes the URL for where it goes.
URL_UNSAFE = re.compile(r"[\s<>\"'`{}\\|^]")


def https_url(value: Any) -> str:
    """An absolute https:// address."""
    if isinstance(value, str) and URL_UNSAFE.search(value):
        raise Invalid(f"expected an https:// address without spaces, quotes, angle brackets or backslashes "
                      f"(percent-encode them, such as %20 for a space), got {_show(value)}")
    parts = urllib.parse.urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme != "https" or "." not in parts.netloc or "@" in parts.netloc:
        raise Invalid(f"expected an https:// address, got {_show(value)}")
    return value


# A role mailbox: mailto: and one address, nothing a mail client would read as more (no ?, no second address).
MAILTO = re.compile(r"^mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def mailto_address(value: Any) -> str:
    """A role mailbox written mailto:name@example.org."""
    if isinstance(value, str) and MAILTO.match(value):
        return value
    raise Invalid(f"expected a role mailbox written mailto:name@hospital.org, got {_show(value)}")


def true_flag(value: Any) -> bool:
    """``true``, the only value a marker field such as ``fictional`` takes."""
    if value != "true":
        raise Invalid(f"expected 'true' (or leave the field out), got {_show(value)}")
    return True


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise Invalid(f"expected one of {', '.join(choices)}; got {_show(value)}")
        return value

    check.__doc__ = f"One of {', '.join(choices)}."
    return check


def whole_number(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, str) and re.fullmatch(r"\d+", value) and low <= int(value) <= high:
            return int(value)
        raise Invalid(f"expected a whole number from {low} to {high}, got {_show(value)}")

    check.__doc__ = f"A whole number from {low} to {high}."
    return check


def list_of(item_check: Callable[[Any], Any], *, unique: bool = True) -> Callable[[Any], list]:
    """A YAML list (``[a, b]`` or one ``- item`` a line) whose items pass ``item_check``."""

    def check(value: Any) -> list:
        if not isinstance(value, list):
            got = _show(value) if isinstance(value, dict) else f"{_kind(value)} {_show(value)}"
            raise Invalid(f"expected a list such as [a, b], got {got}")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(item_check(item))
            except Invalid as error:
                raise Invalid(f"item {index + 1}: {error}", item=index) from None
        if unique:
            seen = set()
            for item in items:
                if repr(item) in seen:
                    raise Invalid(f"{_show(item)} is listed twice", item=items.index(item, items.index(item) + 1))
                seen.add(repr(item))
        return items

    check.__doc__ = "A list such as [a, b]; write [] for none."
    return check


def validate_mapping(
    document: Located,
    path: tuple,
    schema: dict[str, Field],
    file: str,
    subject: str | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Check the mapping at ``path`` against ``schema``; return values and problems."""
    raw = _at(document.value, path)
    if not isinstance(raw, dict):
        return {}, [Problem(
            file, document.line(*path),
            f"expected a mapping of fields (key: value), got {_kind(raw)}", subject=subject,
        )]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in raw:
        if key not in schema:
            problems.append(Problem(
                file, document.line(*path, key),
                f"unknown field;{did_you_mean(key, schema)} allowed fields are {', '.join(schema)}",
                field=key, subject=subject,
            ))
    for name, field in schema.items():
        if name not in raw or raw[name] == "":
            if field.required:
                problems.append(Problem(
                    file, document.line(*path, name) if name in raw else document.line(*path),
                    f"missing required field; {_describe(field)}",
                    field=name, subject=subject,
                ))
            continue
        try:
            values[name] = field.check(raw[name])
        except Invalid as error:
            where = (*path, name) if error.item is None else (*path, name, error.item)
            problems.append(Problem(
                file, document.line(*where), str(error), field=name, subject=subject,
            ))
            continue
        if field.check is not iso_date_or_month:
            problems += _not_read_as_text(document, (*path, name), values[name], file, name, subject)
    return values, problems


# What YAML 1.1 (the reading of MkDocs, Material and mkdocs-macros) makes of a plain value that is not text.
_YAML_TYPES = {"int": "a number", "float": "a number", "bool": "true or false", "null": "nothing (null)",
               "timestamp": "a date", "merge": "a merge key", "value": "a value key"}


def yaml_type(value: str) -> str | None:
    """What YAML 1.1 reads the unquoted ``value`` as, when that is not text (``911`` is 'a number')."""
    return _YAML_TYPES.get(resolved_tag(value).rsplit(":", 1)[-1])


def _not_read_as_text(document: Located, path: tuple, value: Any, file: str, name: str,
                      subject: str | None) -> list[Problem]:
    """A text field (or a list of texts) whose unquoted value the site's generator reads as a number, a date..."""
    if isinstance(value, str):
        items = [(path, value)]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [((*path, index), item) for index, item in enumerate(value)]
    else:
        return []
    problems = []
    for where, text in items:
        kind = yaml_type(text) if where in document.plain else None
        if kind:
            quoted = f'{name}: "{text}"' if where == path else f'"{text}"'
            problems.append(Problem(file, document.line(*where), f"YAML reads {text} as {kind}, not text; put it in "
                                    f"quotes: {quoted}", field=name, subject=subject))
    return problems


def did_you_mean(value: str, choices) -> str:
    """' did you mean 'x'?' for the closest of ``choices`` to a mistyped ``value``, or ''."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f" did you mean '{close[0]}'?" if close else ""


def _describe(field: Field) -> str:
    doc = (field.check.__doc__ or "").strip().splitlines()
    if not doc:
        return "add it"
    word = doc[0].split()[0]
    first = doc[0] if len(word) > 1 and word.isupper() else doc[0][0].lower() + doc[0][1:]  # keep 'YYYY-MM' as written
    return f"expected {first.rstrip('.')}"


def _at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
