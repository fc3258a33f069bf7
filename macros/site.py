"""Everything the site's generated pages need, read once per build."""

from __future__ import annotations

import dataclasses
import datetime
import functools
from pathlib import Path

from macros.git_history import last_change_dates
from macros.listings import playbook_header
from macros.members import Member, load_members
from macros.playbooks import Playbook, load_playbooks
from macros.sourcefile import ContentError

MEMBERS_FILE = Path("data") / "members.yml"


@dataclasses.dataclass(frozen=True)
class SiteData:
    members: list[Member]
    playbooks: list[Playbook]
    today: datetime.date

    @functools.cached_property
    def members_by_id(self) -> dict[str, Member]:
        return {member.id: member for member in self.members}


def load_site_data(project_dir: Path, docs_dir: Path, today: datetime.date) -> SiteData:
    """Members and playbooks, validated together so every problem is reported at once."""
    problems = []
    members: list[Member] = []
    try:
        members = load_members(project_dir / MEMBERS_FILE, MEMBERS_FILE.as_posix())
    except ContentError as error:
        problems += error.problems
    try:
        playbooks = load_playbooks(docs_dir, {m.id: m for m in members}, project_dir, today)
    except ContentError as error:
        # Without members every contributor looks unknown: report only the members file then.
        problems += [p for p in error.problems if not (problems and p.field in ("contributor", "adopted_by"))]
        playbooks = []
    if problems:
        raise ContentError(problems)
    return SiteData(members, playbooks, today)


def playbook_headers(data: SiteData, docs_dir: Path, use_directory_urls: bool) -> dict[str, dict]:
    """Header values for every playbook page, keyed by its path under docs/."""
    changed = last_change_dates(docs_dir)
    by_id = data.members_by_id
    by_ref = {playbook.ref: playbook for playbook in data.playbooks}
    return {
        playbook.src_uri: playbook_header(
            playbook, by_id, by_ref, data.today,
            changed.get((docs_dir / playbook.src_uri).resolve()), use_directory_urls,
        )
        for playbook in data.playbooks
    }
