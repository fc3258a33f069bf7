"""Everything the site, the checks and the tools need, read and validated once, and its views built once."""

from __future__ import annotations

import dataclasses
import datetime
import functools
from pathlib import Path

from network.adoptions import codeowners_problems, read_adoptions, record_problems, with_adoptions
from network.git_history import last_change_dates
from network.members import MEMBERS_FILE, Member, load_members
from network.playbooks import Playbook, load_playbooks
from network.problems import ContentError
from network.views import MemberView, PlaybookView, member_views, playbook_views


@dataclasses.dataclass(frozen=True)
class Site:
    """The network's content as of ``today``: members and playbooks, and one view of each."""

    members: list[Member]
    playbooks: list[Playbook]
    today: datetime.date
    views: list[PlaybookView]
    member_views: list[MemberView]

    @functools.cached_property
    def members_by_id(self) -> dict[str, Member]:
        return {view.member.id: view.member for view in self.member_views}


def load_site(project_dir: Path, docs_dir: Path, today: datetime.date, texts: dict[str, str] | None = None,
              history: bool = False) -> Site:
    """Members and playbooks, validated together so every problem is reported at once.

    ``texts`` holds the pages the gate already read; with ``history`` each view
    carries the date its file last changed in git (one `git log`), unless that date is after ``today``: a
    commit's date is whatever its author's clock or hand said, and a page never claims a change yet to come.
    """
    problems = []
    members: list[Member] = []
    try:
        members = load_members(project_dir / MEMBERS_FILE, MEMBERS_FILE.as_posix())
    except ContentError as error:
        problems += error.problems
    by_id = {member.id: member for member in members}
    # Each member's adoptions, from its own file (network/adoptions.py); without members, none can be checked.
    records, found = read_adoptions(project_dir, by_id) if members else ([], [])
    try:
        playbooks = load_playbooks(docs_dir, by_id, project_dir, today, texts)
    except ContentError as error:
        # Without members every contributor looks unknown: report only the members file then.
        problems += [p for p in error.problems if not (problems and p.field in ("contributor", "owner_contact"))]
        playbooks = []
    problems += found
    if playbooks:
        problems += record_problems(records, {playbook.ref: playbook for playbook in playbooks}, by_id, today)
    problems += codeowners_problems(project_dir, sorted({record.adoption.member for record in records}))
    if problems:
        raise ContentError(problems)
    playbooks = with_adoptions(playbooks, records)
    changed = {}
    if history:
        dates = last_change_dates(docs_dir)
        changed = {p.src_uri: date for p in playbooks
                   if (date := dates.get((docs_dir / p.src_uri).resolve())) and date <= today}
    return site_from(members, playbooks, today, changed)


def site_from(members: list[Member], playbooks: list[Playbook], today: datetime.date,
              last_changed: dict[str, datetime.date] | None = None) -> Site:
    """The site for validated members and playbooks: their views built, once."""
    views = playbook_views(playbooks, {member.id: member for member in members}, today, last_changed)
    return Site(members, playbooks, today, views, member_views(members, views))
