"""Playbooks: the front-matter schema, each playbook parsed, and the checks across playbooks and members."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from pathlib import Path

from network.changes import Change, change_problems, future_change_problems, parse_changes
from network.contracts import schema, schema_problems
from network.frontmatter import read_page, split_front_matter
from network.lookalike import folded
from network.members import ADOPTIONS_FOLDER, MEMBERS_FILE, Member, adoptions_file
from network.problems import PARSED_PAGES_KEPT, ContentError, Problem, display_path
from network.review import add_months
from network.sourcefile import Located, front_matter_document
from network.urls import PLAYBOOK_PATH, PLAYBOOK_REF, PLAYBOOKS_FOLDER, playbook_ref, playbook_source
from network.validation import (
    SLUG,
    Field,
    Invalid,
    did_you_mean,
    https_url,
    iso_date,
    list_of,
    mailto_address,
    one_of,
    plain_text,
    slug,
    validate_mapping,
    whole_number,
)
from network.vocabulary import (
    CERTAINTIES,
    DEFAULT_ADOPTION_STATE,
    DOMAINS,
    STATUSES,
    STRENGTHS,
    adopting,
    in_use,
)


def another_playbook(value):
    """Another playbook, written <domain>/<slug> (like safety/i-pass-handoffs)."""
    match = PLAYBOOK_REF.match(value) if isinstance(value, str) else None
    if match and match["domain"] in DOMAINS:
        return value
    raise Invalid(f"expected another playbook written <domain>/<slug> (like safety/i-pass-handoffs), got {value!r}")


def owner_contact(value):
    """A role mailbox (mailto:name@hospital.org) or the id of the member whose directory entry to ask."""
    if isinstance(value, str) and value.startswith("mailto:"):
        return mailto_address(value)
    try:
        return slug(value)
    except Invalid:
        raise Invalid("expected a role mailbox written mailto:name@hospital.org, or the id of a member "
                      f"(like saguaro-springs) whose directory entry says whom to ask; got {value!r}") from None


def as_checked(value):
    """A value whose shape the JSON Schema checks; lists of mappings are then read item by item below."""
    return value


# The front-matter contract is the committed JSON Schema (network/schemas/playbook.schema.json): it
# names the fields, says which are required, and checks their typed values. The checks below turn
# each value into the project's type and word what is wrong for a contributor; tests/test_published.py
# holds both to the same fields and the same verdicts.
FRONT_MATTER_SCHEMA = "playbook.schema.json"
_CHECKS = {
    "title": plain_text,
    "summary": plain_text,
    "domain": one_of(*DOMAINS),
    "contributor": slug,
    "owner": plain_text,
    "owner_contact": owner_contact,
    "status": one_of(*STATUSES),
    "last_reviewed": iso_date,
    "review_interval_months": whole_number(1, 36),
    "specialties": list_of(plain_text),
    "tags": list_of(plain_text),
    "measures": as_checked,
    "recommendations": as_checked,
    "evidence": as_checked,
    "supersedes": another_playbook,
    "superseded_by": another_playbook,
    "changes": as_checked,
}
PLAYBOOK_SCHEMA = {name: Field(_CHECKS[name], required=name in schema(FRONT_MATTER_SCHEMA)["required"])
                   for name in schema(FRONT_MATTER_SCHEMA)["properties"]}
EVIDENCE_SCHEMA = {"title": Field(plain_text), "url": Field(https_url)}


def yes_or_no(value):
    """True or false."""
    if value in ("true", "false"):
        return value == "true"
    raise Invalid(f"expected true or false, got {value!r}")


def evidence_number(value):
    """The number of an item of the playbook's evidence list, counting from 1."""
    if isinstance(value, str) and value.isdigit() and int(value) >= 1:
        return int(value)
    raise Invalid(f"expected the number of an evidence item, counting from 1 (like [1, 3]), got {value!r}")


def _fields(definition: str, checks: dict) -> dict[str, Field]:
    """The worded checks of one item the front-matter schema defines (its $defs), required as the schema says."""
    item = schema(FRONT_MATTER_SCHEMA)["$defs"][definition]
    return {name: Field(checks[name], required=name in item["required"]) for name in item["properties"]}


MEASURE_SCHEMA = _fields("measure", {"id": slug, "name": plain_text, "target": plain_text, "how": plain_text})
RECOMMENDATION_SCHEMA = _fields("recommendation", {"text": plain_text, "strength": one_of(*STRENGTHS),
                                                   "certainty": one_of(*CERTAINTIES), "rationale": plain_text,
                                                   "evidence": list_of(evidence_number)})


@dataclasses.dataclass(frozen=True)
class Evidence:
    title: str
    url: str


@dataclasses.dataclass(frozen=True)
class Measure:
    id: str
    name: str
    target: str
    how: str


@dataclasses.dataclass(frozen=True)
class Result:
    """A member's latest result for one of the playbook's measures."""

    measure: str
    value: str
    period: str
    meets_target: bool


@dataclasses.dataclass(frozen=True)
class Adoption:
    """One member's use of a playbook: since when, how far along, what it changed, what it achieved."""

    member: str
    state: str = DEFAULT_ADOPTION_STATE
    since: str | None = None
    variation: str | None = None
    results: tuple[Result, ...] = ()

    @property
    def adopting(self) -> bool:
        return adopting(self.state)


@dataclasses.dataclass(frozen=True)
class Recommendation:
    """A key recommendation graded with GRADE; ``evidence`` numbers items of the playbook's evidence from 1."""

    text: str
    strength: str
    certainty: str
    rationale: str
    evidence: tuple[int, ...]

    @property
    def rank(self) -> tuple[int, int]:
        """Its place when recommendations are ordered strongest first: strength, then certainty."""
        return list(STRENGTHS).index(self.strength), list(CERTAINTIES).index(self.certainty)


@dataclasses.dataclass(frozen=True)
class Playbook:
    src_uri: str
    title: str
    summary: str
    domain: str
    contributor: str
    owner: str
    owner_contact: str
    status: str
    last_reviewed: datetime.date
    review_interval_months: int
    specialties: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    adopted_by: tuple[Adoption, ...] = ()
    measures: tuple[Measure, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    supersedes: str | None = None
    superseded_by: str | None = None
    # Change notes, newest first (network/changes.py).
    changes: tuple[Change, ...] = ()
    # Where each front-matter value was read, for problems found across files.
    source: Located | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        """The playbook's name in other playbooks' front matter: <domain>/<slug>."""
        return playbook_ref(self.src_uri)

    @property
    def next_review(self) -> datetime.date:
        return add_months(self.last_reviewed, self.review_interval_months)

    @property
    def in_use(self) -> bool:
        return in_use(self.status)

    @property
    def adopters(self) -> tuple[str, ...]:
        """The ids of the members adopting it now: every adoption but the stopped ones."""
        return tuple(adoption.member for adoption in self.adopted_by if adoption.adopting)

    @property
    def strongest(self) -> Recommendation | None:
        """Its strongest recommendation (strength, then certainty; the first of equals), if it grades any."""
        return min(self.recommendations, key=lambda item: item.rank, default=None)


@dataclasses.dataclass(frozen=True)
class Claims:
    """What a playbook refused for its own problems still says about other files, checked across files all the same.

    Only the fields that passed their own checks: a misspelled contributor is named in the same run as a
    missing field, and links to this playbook from other playbooks are not reported as dangling.
    """

    src_uri: str
    contributor: str | None
    owner_contact: str | None
    supersedes: str | None
    superseded_by: str | None
    source: Located = dataclasses.field(compare=False, repr=False)

    @property
    def ref(self) -> str:
        return playbook_ref(self.src_uri)


def parse_playbook(text: str, src_uri: str, file: str) -> tuple[Playbook | None, list[Problem]]:
    """One playbook from its Markdown source; problems with the schema on their own."""
    playbook, _, problems = parse_playbook_or_claims(text, src_uri, file)
    return playbook, problems


# Pure, and kept like network.gate.page_problems: a rebuild of `make serve` parses only the playbooks that changed.
@functools.lru_cache(maxsize=PARSED_PAGES_KEPT)
def parse_playbook_or_claims(text: str, src_uri: str, file: str) -> tuple[Playbook | None, Claims | None,
                                                                           list[Problem]]:
    """One playbook, or, when it has problems of its own, what it claims about other files and the problems."""
    match = PLAYBOOK_PATH.match(src_uri)
    if not match:
        return None, None, [Problem(file, None, "a playbook lives at docs/playbooks/<domain>/<slug>.md")]
    problems: list[Problem] = []
    if match["domain"] not in DOMAINS:
        problems.append(Problem(file, None, f"unknown domain folder '{match['domain']}'; "
                                            f"use one of {', '.join(DOMAINS)}"))
    if not SLUG.match(match["slug"]):
        problems.append(Problem(file, None, "the file name must be a lowercase slug such as "
                                            "'sepsis-hour-1-bundle.md'"))
    yaml_text, first_line, found = split_front_matter(text, file)
    if found:
        return None, None, problems + found
    document, found = front_matter_document(yaml_text, file, first_line)
    if document is None:
        found = [dataclasses.replace(p, message=p.message.replace("the file is empty", "the front matter is empty"))
                 for p in found]
        return None, None, problems + found
    problems += found
    adopted_by = _adopted_by_problems(document, file)
    values, found = validate_mapping(document, (), PLAYBOOK_SCHEMA, file)
    found = adopted_by + [problem for problem in found if not adopted_by or problem.field != "adopted_by"]
    evidence, more = _evidence(document, values.get("evidence"), file)
    found += more
    measures, more = _measures(document, values.get("measures"), file)
    found += more
    recommendations, more = _recommendations(document, values.get("recommendations"), len(evidence), file)
    found += more
    problems += found + _not_yet_reported(schema_problems(document, FRONT_MATTER_SCHEMA, file), found)
    changes = ()
    if "changes" in values and not any(p.field == "changes" for p in problems):
        changes = parse_changes(values["changes"])
        problems += change_problems(changes, document, file, values.get("status"), values.get("last_reviewed"))
    if "domain" in values and match["domain"] in DOMAINS and values["domain"] != match["domain"]:
        problems.append(Problem(file, document.line("domain"),
                                f"expected '{match['domain']}', the folder the playbook is in; "
                                f"got '{values['domain']}' (move the file or fix the field)", field="domain"))
    if problems:
        claims = Claims(src_uri, values.get("contributor"), values.get("owner_contact"),
                        values.get("supersedes"), values.get("superseded_by"),
                        document) if match["domain"] in DOMAINS and isinstance(document.value, dict) else None
        return None, claims, problems
    fields = {key: tuple(value) if isinstance(value, list) else value for key, value in values.items()}
    return Playbook(src_uri=src_uri, **{**fields, "evidence": evidence, "measures": measures, "changes": changes,
                                        "recommendations": recommendations},
                    source=document), None, []


def _items(document: Located, path: tuple, file: str, example: str) -> tuple[list, list[Problem]]:
    """The list at ``path`` of the front matter, or the problem that it is not a list."""
    raw = document.value
    for step in path:
        raw = raw[step]
    if isinstance(raw, list):
        return raw, []
    return [], [Problem(file, document.line(*path), f"expected a list of items, each {example}", field=path[-1])]


def _measures(document: Located, raw, file: str) -> tuple[tuple[Measure, ...], list[Problem]]:
    if raw is None:
        return (), []
    raw, problems = _items(document, ("measures",), file, "with '- id: ...', 'name:', 'target:' and 'how:'")
    measures: list[Measure] = []
    for index in range(len(raw)):
        values, found = validate_mapping(document, ("measures", index), MEASURE_SCHEMA, file,
                                         subject=f"measures item {index + 1}")
        problems += found
        if found:
            continue
        if values["id"] in {measure.id for measure in measures}:
            problems.append(Problem(file, document.line("measures", index, "id"),
                                    f"'{values['id']}' is already the id of another measure; give each its own",
                                    field="id", subject=f"measures item {index + 1}"))
        measures.append(Measure(**values))
    return tuple(measures), problems


def _adopted_by_problems(document: Located, file: str) -> list[Problem]:
    """``adopted_by`` in front matter: a claim on other members' behalf, which only they can make."""
    raw = document.value.get("adopted_by") if isinstance(document.value, dict) else None
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    named = [item.get("member") if isinstance(item, dict) else item for item in items]
    members = sorted({member for member in named if isinstance(member, str) and SLUG.match(member)})
    whose = (" and ".join(f"'{member}' (in {adoptions_file(member)})" for member in members)
             or f"the adopting member (in {ADOPTIONS_FOLDER.as_posix()}/<member-id>.yml)")
    return [Problem(file, document.line("adopted_by"), "an adoption is recorded by the member that adopted the "
                    f"playbook, in its own file, which its own reviewers approve: it needs the confirmation of "
                    f"{whose}; remove this field and ask them to add the record (CONTRIBUTING.md, 'Adoptions')",
                    field="adopted_by")]


def _recommendations(document: Located, raw, evidence_count: int, file: str) -> tuple[tuple[Recommendation, ...],
                                                                                      list[Problem]]:
    if raw is None:
        return (), []
    raw, problems = _items(document, ("recommendations",), file,
                           "with '- text: ...', 'strength:', 'certainty:', 'rationale:' and 'evidence:'")
    items: list[Recommendation] = []
    for index in range(len(raw)):
        subject = f"recommendations item {index + 1}"
        values, found = validate_mapping(document, ("recommendations", index), RECOMMENDATION_SCHEMA, file,
                                         subject=subject)
        problems += found
        if found:
            continue
        beyond = [number for number in values["evidence"] if number > evidence_count]
        if beyond or not values["evidence"]:
            problems.append(Problem(file, document.line("recommendations", index, "evidence"),
                                    f"expected numbers of the playbook's evidence items, 1 to {evidence_count}; "
                                    f"got {beyond[0] if beyond else 'none'}", field="evidence", subject=subject))
            continue
        items.append(Recommendation(**{**values, "evidence": tuple(values["evidence"])}))
    return tuple(items), problems


def _not_yet_reported(schema_found: list[Problem], found: list[Problem]) -> list[Problem]:
    """The schema's problems on a line and field the worded checks did not already name."""
    lines = {problem.line for problem in found}
    fields = {problem.field for problem in found}
    return [problem for problem in schema_found if problem.line not in lines and problem.field not in fields]


def _evidence(document: Located, raw, file: str) -> tuple[tuple[Evidence, ...], list[Problem]]:
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [Problem(file, document.line("evidence"),
                            "expected a list of items, each with '- title: ...' and 'url: https://...'",
                            field="evidence")]
    items, problems = [], []
    for index in range(len(raw)):
        values, found = validate_mapping(document, ("evidence", index), EVIDENCE_SCHEMA, file,
                                         subject=f"evidence item {index + 1}")
        problems += found
        if not found:
            items.append(Evidence(**values))
    return tuple(items), problems


def cross_check(playbooks: list[Playbook | Claims], members: dict[str, Member],
                files: dict[str, str]) -> list[Problem]:
    """Problems between files: unknown member ids and dangling supersedes links (a field missing is not checked)."""
    problems: list[Problem] = []
    by_ref = {playbook.ref: playbook for playbook in playbooks}
    known = ", ".join(sorted(members))
    for playbook in playbooks:
        file, line_of = files[playbook.src_uri], playbook.source.line
        if playbook.contributor is not None and playbook.contributor not in members:
            problems.append(Problem(file, line_of("contributor"),
                                    f"unknown member id '{playbook.contributor}';"
                                    f"{did_you_mean(playbook.contributor, members)} expected one of "
                                    f"the ids in {MEMBERS_FILE.as_posix()}: {known}", field="contributor"))
        contact = playbook.owner_contact or "mailto:"
        if not contact.startswith("mailto:") and contact not in members:
            problems.append(Problem(file, line_of("owner_contact"),
                                    f"unknown member id '{contact}';{did_you_mean(contact, members)} expected "
                                    "mailto:name@hospital.org or one of the ids in "
                                    f"{MEMBERS_FILE.as_posix()}: {known}", field="owner_contact"))
        elif not contact.startswith("mailto:") and not members[contact].contact:
            problems.append(Problem(file, line_of("owner_contact"),
                                    f"member '{contact}' has no 'contact' in {MEMBERS_FILE.as_posix()}, so a reader "
                                    "would find no one to ask; write a role mailbox (mailto:name@hospital.org) "
                                    "or name a member whose entry has a contact", field="owner_contact"))
        for field in ("supersedes", "superseded_by"):
            target = getattr(playbook, field)
            if target and target not in by_ref:
                problems.append(Problem(file, line_of(field),
                                        f"no playbook '{target}' (expected a file "
                                        f"docs/{playbook_source(target)});{did_you_mean(target, by_ref)}".rstrip(";"),
                                        field=field))
            elif target == playbook.ref:
                problems.append(Problem(file, line_of(field), "a playbook cannot name itself", field=field))
        problems += _unconfirmed_supersession(playbook, by_ref, members, file)
    return problems


def title_problems(playbooks: list[Playbook], files: dict[str, str]) -> list[Problem]:
    """Titles that read as another playbook's once case, spaces, punctuation and look-alike letters are set aside."""
    by_title: dict[str, list[Playbook]] = {}
    for playbook in playbooks:
        by_title.setdefault(folded(playbook.title), []).append(playbook)
    return [Problem(files[playbook.src_uri], playbook.source.line("title"),
                    f"'{playbook.title}' reads the same as the title of {files[other.src_uri]} ('{other.title}') once "
                    "case, spaces, punctuation and look-alike letters are set aside; did you mean to revise "
                    f"{files[other.src_uri]}? Otherwise give this playbook a title a reader cannot mistake for it",
                    field="title")
            for group in by_title.values() if len(group) > 1
            for playbook in group for other in group[:2] if other is not playbook]  # each names the first other


def _unconfirmed_supersession(playbook: Playbook, by_ref: dict[str, Playbook], members: dict[str, Member],
                              file: str) -> list[Problem]:
    """A ``supersedes`` claim on another member's playbook that the replaced playbook does not confirm.

    Retiring another member's practice is that member's decision: its playbook must say
    ``superseded_by`` this one, a change its own reviewers approve. One member may replace its own.
    """
    replaced = by_ref.get(playbook.supersedes) if playbook.supersedes else None
    if not replaced or replaced is playbook or replaced.superseded_by == playbook.ref \
            or replaced.contributor == playbook.contributor:
        return []
    owner = members.get(replaced.contributor)
    whose = f"{owner.name} ('{owner.id}')" if owner else f"'{replaced.contributor}'"
    return [Problem(file, playbook.source.line("supersedes"),
                    f"'{replaced.ref}' is {whose}'s playbook, and it does not say it is superseded by this one: "
                    f"this needs the confirmation of {whose}, whose reviewers add 'superseded_by: {playbook.ref}' "
                    f"to docs/{playbook_source(replaced.ref)} (CONTRIBUTING.md, 'Replacing a playbook'); "
                    "until then, remove this line", field="supersedes")]


# The guidance `make new` writes (tools/templates/playbook.md) starts each sentence to replace so.
TEMPLATE_PLACEHOLDER = re.compile(r"\bReplace th(?:is|ese)\b")


def placeholder_problems(text: str, file: str) -> list[Problem]:
    """Lines that still hold the `make new` template's guidance; `make check` refuses them, a preview shows them."""
    return [Problem(file, number, "still holds the template's guidance ('Replace this...'); write your own text")
            for number, line in enumerate(text.splitlines(), start=1) if TEMPLATE_PLACEHOLDER.search(line)]


def review_date_problems(playbooks: list[Playbook], files: dict[str, str], today: datetime.date) -> list[Problem]:
    """Dates after the build date: a ``last_reviewed`` looks current for years, a note fakes a past."""
    problems = [Problem(files[playbook.src_uri], playbook.source.line("last_reviewed"),
                        f"{playbook.last_reviewed.isoformat()} is after the build date {today.isoformat()}; write "
                        "the date the review took place", field="last_reviewed")
                for playbook in playbooks if playbook.last_reviewed > today]
    return problems + [problem for playbook in playbooks
                       for problem in future_change_problems(playbook.changes, playbook.source,
                                                             files[playbook.src_uri], today)]


def playbook_sources(src_uris) -> list[str]:
    """The src_uris, of those given, that are read as playbooks: docs/playbooks/<folder>/<name>.md but index.md."""
    return sorted(src_uri for src_uri in src_uris
                  if src_uri.endswith(".md") and src_uri.count("/") >= 2
                  and src_uri.startswith(f"{PLAYBOOKS_FOLDER}/") and not src_uri.endswith("/index.md"))


def load_playbooks(docs_dir: Path, members: dict[str, Member], display_root: Path | None = None,
                   today: datetime.date | None = None, texts: dict[str, str] | None = None) -> list[Playbook]:
    """Every playbook under docs_dir/playbooks; raises ContentError with every problem.

    ``texts`` holds the pages already read (by the gate), keyed by src_uri, so no file is read twice.
    """
    display_root = display_root or docs_dir.parent
    if texts is None:
        folder = docs_dir / PLAYBOOKS_FOLDER
        found_pages = folder.rglob("*.md") if folder.is_dir() else []
        src_uris = playbook_sources(path.relative_to(docs_dir).as_posix() for path in found_pages)
    else:
        src_uris = playbook_sources(texts)
    playbooks: list[Playbook] = []
    claims: list[Claims] = []
    problems: list[Problem] = []
    files: dict[str, str] = {}
    for src_uri in src_uris:
        file = display_path(docs_dir / src_uri, display_root)
        if texts is None:
            text, found = read_page(docs_dir / src_uri, file)
            problems += found
        else:
            text = texts[src_uri]
        if text is None:
            continue
        playbook, claimed, found = parse_playbook_or_claims(text, src_uri, file)
        problems += found
        if playbook:
            playbooks.append(playbook)
        if claimed:
            claims.append(claimed)
        files[src_uri] = file
    problems += cross_check([*playbooks, *claims], members, files)
    problems += title_problems(playbooks, files)
    problems += review_date_problems(playbooks, files, today or datetime.date.today())
    if problems:
        raise ContentError(problems)
    return playbooks
