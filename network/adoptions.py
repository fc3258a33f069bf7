"""Adoptions: what each member has put into use, recorded in that member's own file.

A record that a member adopted a playbook (and what it achieved) speaks for
that member, so it lives where that member's reviewers approve it:
``data/adoptions/<member-id>.yml``, which .github/CODEOWNERS gives to the
member's own reviewer team. A playbook's contributor cannot write it. Each file
is a list of records (network/schemas/adoptions.schema.json); here they are
read, checked against the playbooks they name, and given to those playbooks.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from network.contracts import schema, schema_problems
from network.members import ADOPTIONS_FOLDER, MEMBERS_FILE, Member, adoptions_file
from network.once import reread_when_changed
from network.playbooks import Adoption, Playbook, Result, another_playbook, yes_or_no
from network.problems import Problem
from network.sourcefile import Located, load_yaml
from network.urls import playbook_source
from network.validation import Field, did_you_mean, iso_date_or_month, one_of, plain_text, slug, validate_mapping
from network.vocabulary import ADOPTION_STATES, DEFAULT_ADOPTION_STATE

ADOPTIONS_SCHEMA = "adoptions.schema.json"
# Who must approve each member's file: its own reviewer team, as .github/CODEOWNERS names it.
CODEOWNERS_FILE = Path(".github") / "CODEOWNERS"


def reviewer_team(member_id: str) -> str:
    """The GitHub team that reviews for a member, as CODEOWNERS names it (like @care-network/altru-reviewers)."""
    return f"@care-network/{member_id}-reviewers"


def as_checked(value):
    """A list of results, each read below."""
    return value


def _fields(definition: str, checks: dict) -> dict[str, Field]:
    """The worded checks of one item the adoptions schema defines, required as the schema says."""
    item = schema(ADOPTIONS_SCHEMA)["$defs"][definition]
    return {name: Field(checks[name], required=name in item["required"]) for name in item["properties"]}


RECORD_SCHEMA = _fields("adoption", {"playbook": another_playbook, "since": iso_date_or_month,
                                     "state": one_of(*ADOPTION_STATES), "variation": plain_text,
                                     "results": as_checked})
RESULT_SCHEMA = _fields("result", {"measure": slug, "value": plain_text, "period": plain_text,
                                   "meets_target": yes_or_no})


@dataclasses.dataclass(frozen=True)
class Record:
    """One member's adoption of one playbook, with where it was written."""

    playbook: str
    adoption: Adoption
    file: str
    document: Located
    index: int


@reread_when_changed
def parse_adoptions(text: str, member_id: str, file: str) -> tuple[list[Record], list[Problem]]:
    """The records of one member's file; what they say is checked against the playbooks by record_problems."""
    document, problems = load_yaml(text, file)
    if document is None:
        return [], [] if problems and "empty" in problems[0].message else problems
    if not isinstance(document.value, list):
        return [], problems + [Problem(file, document.start_line, "expected a list of adoptions, each starting "
                                                                  "with '- playbook: <domain>/<slug>'")]
    records: list[Record] = []
    found_here: list[Problem] = []
    for index in range(len(document.value)):
        subject = f"adoption {index + 1}"
        values, found = validate_mapping(document, (index,), RECORD_SCHEMA, file, subject=subject)
        found_here += found
        if found:
            continue
        results, found = _results(document, index, file)
        found_here += found
        adoption = Adoption(member=member_id, state=values.get("state", DEFAULT_ADOPTION_STATE),
                            since=values.get("since"), variation=values.get("variation"), results=results)
        records.append(Record(values["playbook"], adoption, file, document, index))
    lines, fields = {p.line for p in found_here}, {p.field for p in found_here}
    problems += found_here + [p for p in schema_problems(document, ADOPTIONS_SCHEMA, file, field_depth=1)
                              if p.line not in lines and p.field not in fields]
    return records, problems


def read_adoptions(project_dir: Path, members: dict[str, Member]) -> tuple[list[Record], list[Problem]]:
    """Every member's records, from data/adoptions/<member-id>.yml; a file named for no member is a problem."""
    folder = project_dir / ADOPTIONS_FOLDER
    records: list[Record] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        file = (ADOPTIONS_FOLDER / path.name).as_posix()
        member_id = path.stem
        if path.suffix != ".yml" or not path.is_file():
            problems.append(Problem(file, None, "data/adoptions/ holds only <member-id>.yml files"))
            continue
        if member_id not in members:
            problems.append(Problem(file, None, f"no member '{member_id}' in {MEMBERS_FILE.as_posix()};"
                                    f"{did_you_mean(member_id, members)} name the file after the adopting "
                                    "member's id"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(file, None, f"not UTF-8 text ({error.reason}); save it as UTF-8"))
            continue
        found_records, found = parse_adoptions(text, member_id, file)
        records += found_records
        problems += found
    return records, problems


def _results(document: Located, index: int, file: str) -> tuple[tuple[Result, ...], list[Problem]]:
    raw = document.value[index].get("results")
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [Problem(file, document.line(index, "results"), "expected a list of items, each with "
                            "'- measure: <measure id>', 'value:', 'period:' and 'meets_target:'", field="results",
                            subject=f"adoption {index + 1}")]
    results, problems = [], []
    for number in range(len(raw)):
        values, found = validate_mapping(document, (index, "results", number), RESULT_SCHEMA, file,
                                         subject=f"adoption {index + 1}, results item {number + 1}")
        problems += found
        if not found:
            results.append(Result(**values))
    return tuple(results), problems


def record_problems(records: list[Record], playbooks: dict[str, Playbook], members: dict[str, Member],
                    today: datetime.date) -> list[Problem]:
    """What the records say that their playbooks, the member list or the calendar contradict."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        line_of, subject = record.document.line, f"adoption {record.index + 1}"
        adoption, playbook = record.adoption, playbooks.get(record.playbook)
        if playbook is None:
            problems.append(Problem(record.file, line_of(record.index, "playbook"),
                                    f"no playbook '{record.playbook}' (expected a file docs/"
                                    f"{playbook_source(record.playbook)});{did_you_mean(record.playbook, playbooks)}"
                                    .rstrip(";"), field="playbook", subject=subject))
            continue
        key = (adoption.member, record.playbook)
        if key in seen:
            problems.append(Problem(record.file, line_of(record.index, "playbook"), f"'{record.playbook}' is "
                                    f"already recorded on line {seen[key]}; keep one record per playbook",
                                    field="playbook", subject=subject))
        seen.setdefault(key, line_of(record.index, "playbook"))
        if playbook.contributor == adoption.member:
            problems.append(Problem(record.file, line_of(record.index, "playbook"), f"'{adoption.member}' "
                                    "contributed this playbook; record only playbooks of other members that it has "
                                    "put into use", field="playbook", subject=subject))
        if adoption.since and adoption.since > today.isoformat()[:len(adoption.since)]:
            problems.append(Problem(record.file, line_of(record.index, "since"), f"{adoption.since} is after the "
                                    f"build date {today.isoformat()}; write when the member started",
                                    field="since", subject=subject))
        measures = {measure.id for measure in playbook.measures}
        for number, result in enumerate(adoption.results):
            if result.measure not in measures:
                defined = ", ".join(sorted(measures)) or "none"
                problems.append(Problem(record.file, line_of(record.index, "results", number, "measure"),
                                        f"the playbook '{record.playbook}' defines no measure '{result.measure}';"
                                        f"{did_you_mean(result.measure, measures)} its measures are: {defined}",
                                        field="measure", subject=f"{subject}, results item {number + 1}"))
    return problems


def with_adoptions(playbooks: list[Playbook], records: list[Record]) -> list[Playbook]:
    """The playbooks, each with the adoptions recorded for it, by member id."""
    by_playbook: dict[str, list[Adoption]] = {}
    for record in records:
        by_playbook.setdefault(record.playbook, []).append(record.adoption)
    return [dataclasses.replace(playbook, adopted_by=tuple(sorted(by_playbook.get(playbook.ref, []),
                                                                  key=lambda adoption: adoption.member)))
            for playbook in playbooks]


def codeowners_problems(project_dir: Path, member_ids: list[str]) -> list[Problem]:
    """Each member file that .github/CODEOWNERS does not give to that member's own reviewer team.

    Without that line the file falls to the network office's rule for data/, and a contributor
    could write another member's adoptions with no approval from that member.
    """
    path = project_dir / CODEOWNERS_FILE
    if not path.is_file():
        return []  # a copy of the site without its repository settings (a tarball): nothing to compare
    lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    owners = {words[0]: words[1:] for words in lines}
    return [Problem(CODEOWNERS_FILE.as_posix(), None, f"no line gives /{adoptions_file(member_id)} to "
                    f"{reviewer_team(member_id)}; add '/{adoptions_file(member_id)} {reviewer_team(member_id)}' "
                    "(a maintainer's change)")
            for member_id in member_ids if owners.get(f"/{adoptions_file(member_id)}") != [reviewer_team(member_id)]]
