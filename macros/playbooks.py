"""Playbooks: front-matter schema, the playbook index and review currency."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
from pathlib import Path

from macros.members import Member
from macros.sourcefile import ContentError, Located, Problem, display_path, load_yaml
from macros.validation import (
    Field,
    Invalid,
    did_you_mean,
    https_url,
    iso_date,
    list_of,
    one_of,
    plain_text,
    slug,
    validate_mapping,
    whole_number,
)

DOMAINS = {"quality": "Quality", "safety": "Safety", "professionalism": "Professionalism"}
STATUSES = {"draft": "Draft", "approved": "Approved", "retired": "Retired"}
REVIEW_STATES = {"overdue": "Review overdue", "due-soon": "Review due soon", "current": "Current"}
DUE_SOON_DAYS = 60
PLAYBOOK_PATH = re.compile(r"^playbooks/(?P<domain>[^/]+)/(?P<slug>[^/]+)\.md$")


def playbook_ref(value):
    """Another playbook, written <domain>/<slug> (like safety/i-pass-handoffs)."""
    if isinstance(value, str) and "/" in value:
        domain, _, name = value.partition("/")
        if domain in DOMAINS and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
            return value
    raise Invalid(f"expected another playbook written <domain>/<slug> (like safety/i-pass-handoffs), got {value!r}")


PLAYBOOK_SCHEMA = {
    "title": Field(plain_text),
    "summary": Field(plain_text),
    "domain": Field(one_of(*DOMAINS)),
    "contributor": Field(slug),
    "owner": Field(plain_text),
    "status": Field(one_of(*STATUSES)),
    "last_reviewed": Field(iso_date),
    "review_interval_months": Field(whole_number(1, 36)),
    "specialties": Field(list_of(plain_text), required=False),
    "tags": Field(list_of(plain_text), required=False),
    "adopted_by": Field(list_of(slug), required=False),
    "evidence": Field(lambda value: value, required=False),
    "supersedes": Field(playbook_ref, required=False),
    "superseded_by": Field(playbook_ref, required=False),
}
EVIDENCE_SCHEMA = {"title": Field(plain_text), "url": Field(https_url)}


@dataclasses.dataclass(frozen=True)
class Evidence:
    title: str
    url: str


@dataclasses.dataclass(frozen=True)
class Playbook:
    src_uri: str
    title: str
    summary: str
    domain: str
    contributor: str
    owner: str
    status: str
    last_reviewed: datetime.date
    review_interval_months: int
    specialties: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    adopted_by: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    supersedes: str | None = None
    superseded_by: str | None = None
    # Where each front-matter value was read, for problems found across files.
    source: Located | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        """The playbook's name in other playbooks' front matter: <domain>/<slug>."""
        return self.src_uri[len("playbooks/"):-len(".md")]

    @property
    def next_review(self) -> datetime.date:
        return add_months(self.last_reviewed, self.review_interval_months)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """``start`` plus ``months``, clamped to the last day of a shorter month."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def review_state(next_review: datetime.date, today: datetime.date) -> str:
    """overdue after the due date; due-soon within DUE_SOON_DAYS (inclusive); else current."""
    if today > next_review:
        return "overdue"
    if (next_review - today).days <= DUE_SOON_DAYS:
        return "due-soon"
    return "current"


def today_from(environ: dict) -> datetime.date:
    """The build date, or PLAYBOOKS_TODAY=YYYY-MM-DD where set (for reproducible builds)."""
    value = environ.get("PLAYBOOKS_TODAY")
    if not value:
        return datetime.date.today()
    try:
        return iso_date(value)
    except Invalid as error:
        raise ContentError([Problem("PLAYBOOKS_TODAY", None, str(error))]) from None


# MkDocs' own rule (mkdocs.utils.meta.YAML_RE): a line '---' first, the YAML, then a line
# '---' or '...' that starts at the beginning of the line. Reading it by the same rule is
# what keeps the checks and the build looking at the same fields; the build also compares
# the two readings (macros/build_gate.py).
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# How MkDocs decodes a page: UTF-8, a byte-order mark dropped.
PAGE_ENCODING = "utf-8-sig"


def read_page(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """A page's text as MkDocs decodes it, or the problem that it is not UTF-8."""
    try:
        return path.read_text(encoding=PAGE_ENCODING), []
    except UnicodeDecodeError as error:
        return None, [Problem(file, None, f"not UTF-8 text ({error.reason}); save it as UTF-8")]


def split_front_matter(text: str, file: str) -> tuple[str, int, list[Problem]]:
    """The front matter's YAML text and the line it starts on, read as MkDocs reads it."""
    match = FRONT_MATTER.match(text)
    if match:
        return match[1], 2, []
    if text.split("\n", 1)[0].rstrip(" \t") == "---":
        return "", 0, [Problem(file, 1, "front matter is never closed; end it with a line '---' that starts "
                                        "at the beginning of the line (not indented), followed by a line break")]
    return "", 0, [Problem(file, 1, "no front matter; start the file with a line '---', the fields "
                                    "(CONTRIBUTING.md lists them; `make new` writes them for you), then '---'")]


def parse_playbook(text: str, src_uri: str, file: str) -> tuple[Playbook | None, list[Problem]]:
    """One playbook from its Markdown source; problems with the schema on their own."""
    match = PLAYBOOK_PATH.match(src_uri)
    if not match:
        return None, [Problem(file, None, "a playbook lives at docs/playbooks/<domain>/<slug>.md")]
    problems: list[Problem] = []
    if match["domain"] not in DOMAINS:
        problems.append(Problem(file, None, f"unknown domain folder '{match['domain']}'; "
                                            f"use one of {', '.join(DOMAINS)}"))
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", match["slug"]):
        problems.append(Problem(file, None, "the file name must be a lowercase slug such as "
                                            "'sepsis-hour-1-bundle.md'"))
    yaml_text, first_line, found = split_front_matter(text, file)
    if found:
        return None, problems + found
    document, found = load_yaml(yaml_text, file, first_line)
    if document is None:
        found = [dataclasses.replace(p, message=p.message.replace("the file is empty", "the front matter is empty"))
                 for p in found]
        return None, problems + found
    problems += found
    values, found = validate_mapping(document, (), PLAYBOOK_SCHEMA, file)
    problems += found
    evidence, found = _evidence(document, values.get("evidence"), file)
    problems += found
    if "domain" in values and match["domain"] in DOMAINS and values["domain"] != match["domain"]:
        problems.append(Problem(file, document.line("domain"),
                                f"expected '{match['domain']}', the folder the playbook is in; "
                                f"got '{values['domain']}' (move the file or fix the field)", field="domain"))
    if problems:
        return None, problems
    fields = {key: tuple(value) if isinstance(value, list) else value for key, value in values.items()}
    return Playbook(src_uri=src_uri, **{**fields, "evidence": evidence}, source=document), []


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


def cross_check(playbooks: list[Playbook], members: dict[str, Member], files: dict[str, str]) -> list[Problem]:
    """Problems between files: unknown member ids and dangling supersedes links."""
    problems: list[Problem] = []
    by_ref = {playbook.ref: playbook for playbook in playbooks}
    known = ", ".join(sorted(members))
    for playbook in playbooks:
        file, line_of = files[playbook.src_uri], playbook.source.line
        if playbook.contributor not in members:
            problems.append(Problem(file, line_of("contributor"),
                                    f"unknown member id '{playbook.contributor}';"
                                    f"{did_you_mean(playbook.contributor, members)} expected one of "
                                    f"the ids in data/members.yml: {known}", field="contributor"))
        for index, member_id in enumerate(playbook.adopted_by):
            if member_id not in members:
                problems.append(Problem(file, line_of("adopted_by", index),
                                        f"unknown member id '{member_id}';{did_you_mean(member_id, members)} "
                                        f"expected one of the ids in data/members.yml: {known}", field="adopted_by"))
            elif member_id == playbook.contributor:
                problems.append(Problem(file, line_of("adopted_by", index),
                                        f"'{member_id}' is the contributor; list only other members "
                                        "that have put the practice into use", field="adopted_by"))
        for field in ("supersedes", "superseded_by"):
            target = getattr(playbook, field)
            if target and target not in by_ref:
                problems.append(Problem(file, line_of(field),
                                        f"no playbook '{target}' (expected a file "
                                        f"docs/playbooks/{target}.md);{did_you_mean(target, by_ref)}".rstrip(";"),
                                        field=field))
            elif target == playbook.ref:
                problems.append(Problem(file, line_of(field), "a playbook cannot name itself", field=field))
    return problems


# The guidance `make new` writes (tools/templates/playbook.md) starts each sentence to replace so.
TEMPLATE_PLACEHOLDER = re.compile(r"\bReplace th(?:is|ese)\b")


def placeholder_problems(text: str, file: str) -> list[Problem]:
    """Lines that still hold the `make new` template's guidance; `make check` refuses them, a preview shows them."""
    return [Problem(file, number, "still holds the template's guidance ('Replace this...'); write your own text")
            for number, line in enumerate(text.splitlines(), start=1) if TEMPLATE_PLACEHOLDER.search(line)]


def review_date_problems(playbooks: list[Playbook], files: dict[str, str], today: datetime.date) -> list[Problem]:
    """A ``last_reviewed`` after the build date would show the playbook as current for years."""
    return [Problem(files[playbook.src_uri], playbook.source.line("last_reviewed"),
                    f"{playbook.last_reviewed.isoformat()} is after the build date {today.isoformat()}; write the "
                    "date the review took place", field="last_reviewed")
            for playbook in playbooks if playbook.last_reviewed > today]


def load_playbooks(docs_dir: Path, members: dict[str, Member], display_root: Path | None = None,
                   today: datetime.date | None = None) -> list[Playbook]:
    """Every playbook under docs_dir/playbooks, read once; raises ContentError with every problem."""
    display_root = display_root or docs_dir.parent
    playbooks: list[Playbook] = []
    problems: list[Problem] = []
    files: dict[str, str] = {}
    folder = docs_dir / "playbooks"
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        src_uri = path.relative_to(docs_dir).as_posix()
        if path.parent == folder or path.name == "index.md":
            continue
        file = display_path(path, display_root)
        text, found = read_page(path, file)
        problems += found
        if text is None:
            continue
        playbook, found = parse_playbook(text, src_uri, file)
        problems += found
        if playbook:
            playbooks.append(playbook)
            files[src_uri] = file
    problems += cross_check(playbooks, members, files)
    problems += review_date_problems(playbooks, files, today or datetime.date.today())
    if problems:
        raise ContentError(problems)
    return playbooks
