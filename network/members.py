"""The member directory: data/members.yml, loaded and validated."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from network.contracts import schema, schema_problems
from network.lookalike import folded
from network.once import reread_when_changed
from network.problems import ContentError, Problem
from network.sourcefile import Located, load_yaml
from network.validation import (
    Field,
    Invalid,
    https_url,
    iso_date_or_month,
    list_of,
    mailto_address,
    one_of,
    plain_text,
    slug,
    true_flag,
    validate_mapping,
)
from network.vocabulary import SERVICES, STATES

# The member directory's single source of truth, from the project folder.
MEMBERS_FILE = Path("data") / "members.yml"
# Each member's adoptions, one file per member that its own reviewers approve (network/adoptions.py).
ADOPTIONS_FOLDER = Path("data") / "adoptions"


def adoptions_file(member_id: str) -> str:
    """The file that holds a member's adoptions, as a contributor names it."""
    return (ADOPTIONS_FOLDER / f"{member_id}.yml").as_posix()


def state_code(value):
    """A two-letter US state code such as ND."""
    if not isinstance(value, str) or value not in STATES:
        raise Invalid(f"expected a two-letter US state code in capitals (like ND), got '{value}'"
                      if isinstance(value, str) else "expected a two-letter US state code (like ND)")
    return value


# The members-file contract is the committed JSON Schema (network/schemas/members.schema.json): it names
# the fields, says which are required and checks their typed values; these checks convert and word them.
MEMBERS_SCHEMA = "members.schema.json"
_CHECKS = {
    "id": slug,
    "name": plain_text,
    "city": plain_text,
    "state": state_code,
    "joined": iso_date_or_month,
    "services": list_of(one_of(*SERVICES)),
    "specialties": list_of(plain_text),
    "website": https_url,
    "source": https_url,
    "fictional": true_flag,
    "contact": mailto_address,
}
_ITEM = schema(MEMBERS_SCHEMA)["items"]
MEMBER_SCHEMA = {name: Field(_CHECKS[name], required=name in _ITEM["required"]) for name in _ITEM["properties"]}


@dataclasses.dataclass(frozen=True)
class Member:
    id: str
    name: str
    city: str
    state: str
    joined: str
    services: tuple[str, ...]
    specialties: tuple[str, ...]
    website: str | None = None
    source: str | None = None
    fictional: bool = False
    # The network's mailbox for this member; fictional members only (see _members_from).
    contact: str | None = None

    @property
    def state_name(self) -> str:
        return STATES[self.state]

    @property
    def service_labels(self) -> list[str]:
        return [SERVICES[s] for s in self.services]


@reread_when_changed
def parse_members(text: str, file: str) -> list[Member]:
    """Members from the text of a members file; raises ContentError with every problem."""
    document, problems = load_yaml(text, file)
    if document is None:
        raise ContentError(problems)
    members, more = _members_from(document, file)
    lines, fields = {p.line for p in more}, {p.field for p in more}
    problems += more + [p for p in schema_problems(document, MEMBERS_SCHEMA, file, field_depth=1)
                        if p.line not in lines and p.field not in fields]
    if problems:
        raise ContentError(problems)
    return members


def load_members(path: Path, file: str | None = None) -> list[Member]:
    """Members from data/members.yml (``file`` is the name shown in messages)."""
    file = file or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(file, None, "file not found; the member directory needs it")]) from None
    except UnicodeDecodeError as error:
        raise ContentError([Problem(file, None, f"not UTF-8 text ({error.reason}); save it as UTF-8")]) from None
    return parse_members(text, file)


def _members_from(document: Located, file: str) -> tuple[list[Member], list[Problem]]:
    if not isinstance(document.value, list):
        return [], [Problem(file, document.start_line,
                            "expected a list of members, each starting with '- id: ...'")]
    members: list[Member] = []
    problems: list[Problem] = []
    first_line_of_id: dict[str, int] = {}
    first_of: dict[tuple[str, str], tuple[str, int]] = {}
    for index, raw in enumerate(document.value):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        subject = f"member '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"member {index + 1}"
        values, found = validate_mapping(document, (index,), MEMBER_SCHEMA, file, subject)
        problems += found
        member_id = values.get("id")
        if member_id in first_line_of_id:
            problems.append(Problem(
                file, document.line(index, "id"),
                f"duplicate id; '{member_id}' is already used on line {first_line_of_id[member_id]}",
                field="id", subject=subject,
            ))
        elif member_id:
            first_line_of_id[member_id] = document.line(index, "id")
        problems += _lookalike_problems(values, first_of, document, index, file, subject)
        if not found and not values.get("fictional") and not values.get("source"):
            found = [Problem(file, document.line(index), "missing for a real member; add the https:// address of a "
                             "public report of its membership (or 'fictional: true' for an invented one)",
                             field="source", subject=subject)]
            problems += found
        if not found and values.get("contact") and not values.get("fictional"):
            found = [Problem(file, document.line(index, "contact"), "a real member's entry links only to its "
                             "public website and source; remove 'contact' (only fictional members carry one)",
                             field="contact", subject=subject)]
            problems += found
        if not found:
            members.append(Member(**{
                **values,
                "services": tuple(values["services"]),
                "specialties": tuple(values["specialties"]),
            }))
    return members, problems


def _lookalike_problems(values: dict, first_of: dict[tuple[str, str], tuple[str, int]], document: Located,
                        index: int, file: str, subject: str) -> list[Problem]:
    """A member's name or id that reads as an earlier member's once case, punctuation and look-alikes are set aside.

    ``first_of`` maps (field, folded value) to the first member's value and line; this member's are added to it.
    """
    problems = []
    for field in ("id", "name"):
        value = values.get(field)
        if not value:
            continue
        line = document.line(index, field)
        earlier = first_of.setdefault((field, folded(value)), (value, line))
        if earlier[1] == line or (field == "id" and earlier[0] == value):  # itself, or the duplicate id named above
            continue
        problems.append(Problem(
            file, line,
            f"'{value}' reads the same as the {field} '{earlier[0]}' of the member on line {earlier[1]} once case, "
            f"spaces, punctuation and look-alike letters are set aside; did you mean '{earlier[0]}'? Edit that "
            f"member's entry, or give a new member a {field} a reader cannot mistake for it",
            field=field, subject=subject))
    return problems


def members_by_state(members: list[Member]) -> list[tuple[str, list[Member]]]:
    """(state name, members sorted by name) pairs, states in alphabetical order."""
    groups: dict[str, list[Member]] = {}
    for member in members:
        groups.setdefault(member.state_name, []).append(member)
    return [(state, sorted(group, key=lambda m: m.name.casefold()))
            for state, group in sorted(groups.items())]


def network_summary(members: list[Member]) -> dict:
    """Counts for the home page: members, states and the services on offer."""
    offered = {service for member in members for service in member.services}
    return {
        "members": len(members),
        "fictional": sum(member.fictional for member in members),
        "states": len({member.state for member in members}),
        "services": [label for key, label in SERVICES.items() if key in offered],
    }
