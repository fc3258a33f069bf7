"""`make new`: start a playbook from the template, with every required field and the standard sections.

    make new DOMAIN=safety TITLE="Falls prevention rounds" CONTRIBUTOR=your-member-id
    python -m tools.new_playbook --domain safety --title "..." --contributor your-member-id

Asks for whatever is not given (when run at a terminal), refuses an unknown
domain or member id and an existing file, and writes
docs/playbooks/<domain>/<slug>.md from tools/templates/playbook.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import string
import sys
import unicodedata
from pathlib import Path

from network.members import MEMBERS_FILE, load_members
from network.problems import ContentError
from network.review import today_from
from network.urls import page_url, playbook_source
from network.validation import Invalid, did_you_mean, plain_text, slug
from network.vocabulary import DOMAINS

TEMPLATE = Path(__file__).parent / "templates" / "playbook.md"
SLUG_LENGTH = 60


class Refused(Exception):
    """What the contributor asked for cannot be written; the message says why and what to do."""


def slugify(title: str) -> str:
    """A file name from a title: 'Children's early warning (PEWS)' -> 'childrens-early-warning-pews'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]", "", text.lower()))
    name = ""
    for word in words:
        candidate = f"{name}-{word}" if name else word
        if len(candidate) > SLUG_LENGTH and name:
            break
        name = candidate
    return name


def render(title: str, domain: str, contributor: str, today: str) -> str:
    """The new playbook's text: the template with its fields filled in."""
    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(title=json.dumps(title, ensure_ascii=False), domain=domain,
                               contributor=contributor, today=today)


def checked_domain(domain: str) -> str:
    """The domain in any case ("Safety", "SAFETY"); the list of domains when it matches none."""
    if domain.strip().lower() not in DOMAINS:
        raise Refused(f"unknown domain '{domain}';{did_you_mean(domain.strip().lower(), DOMAINS)} "
                      f"expected one of {', '.join(DOMAINS)}")
    return domain.strip().lower()


def checked_title(title: str) -> str:
    try:
        return plain_text(title)
    except Invalid as error:
        raise Refused(f"title: {error}") from None


def member_ids(project_dir: Path) -> set[str]:
    try:
        return {member.id for member in load_members(project_dir / MEMBERS_FILE, MEMBERS_FILE.as_posix())}
    except ContentError as error:
        raise Refused(f"cannot read the member directory; fix it first:\n{error}") from None


def checked_contributor(contributor: str, members: set[str]) -> str:
    if contributor not in members:
        raise Refused(f"unknown member id '{contributor}';{did_you_mean(contributor, sorted(members))} "
                      "use your institution's id from "
                      f"{MEMBERS_FILE.as_posix()}: {', '.join(sorted(members))}")
    return contributor


def create_playbook(project_dir: Path, domain: str, title: str, contributor: str,
                    file_slug: str | None = None, members: set[str] | None = None) -> Path:
    """Write docs/playbooks/<domain>/<slug>.md in ``project_dir``; raises Refused with the reason.

    ``members`` holds the member ids where the caller has read them already.
    """
    domain = checked_domain(domain)
    title = checked_title(title)
    contributor = checked_contributor(contributor, members if members is not None else member_ids(project_dir))
    name = file_slug or slugify(title)
    try:
        slug(name)
    except Invalid:
        raise Refused(f"cannot make a file name from '{name or title}'; give one with SLUG=lowercase-words-"
                      "with-hyphens") from None
    path = project_dir / "docs" / playbook_source(f"{domain}/{name}")
    shown = path.relative_to(project_dir).as_posix()
    if path.exists():
        raise Refused(f"{shown} already exists; edit that file, or choose another title (or SLUG=...)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(title, domain, contributor, today_from(os.environ).isoformat()), encoding="utf-8")
    return path


def ask(value: str | None, question: str, check=lambda answer: answer) -> str:
    """``value`` if given, else the answer typed at the terminal, asked again until ``check`` accepts it.

    A wrong answer costs only that answer: the ones before it are kept.
    """
    if value:
        return check(value.strip())
    if not sys.stdin.isatty():
        raise Refused(f"missing: {question}. Run: make new DOMAIN=safety TITLE=\"Your title\" "
                      "CONTRIBUTOR=your-member-id")
    while True:
        try:
            answer = input(f"{question}: ").strip()
        except EOFError:
            raise Refused(f"missing: {question}") from None
        try:
            return check(answer)
        except Refused as error:
            print(f"make new: {error}; try again (Ctrl+C stops)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make new", description=__doc__.splitlines()[0])
    parser.add_argument("--domain", default=os.environ.get("PLAYBOOK_DOMAIN"), help=", ".join(DOMAINS))
    parser.add_argument("--title", default=os.environ.get("PLAYBOOK_TITLE"), help="the playbook's title")
    parser.add_argument("--contributor", default=os.environ.get("PLAYBOOK_CONTRIBUTOR"),
                        help=f"your institution's member id in {MEMBERS_FILE.as_posix()}")
    parser.add_argument("--slug", default=os.environ.get("PLAYBOOK_SLUG") or None,
                        help="the file name without .md (default: made from the title)")
    parser.add_argument("--project-dir", type=Path, default=Path("."), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        project_dir = args.project_dir.resolve()
        domain = ask(args.domain, f"Domain ({', '.join(DOMAINS)})", checked_domain)
        title = ask(args.title, "Title (plain text, such as Falls prevention rounds)", checked_title)
        members = member_ids(project_dir)
        contributor = ask(args.contributor, f"Your institution's member id (from {MEMBERS_FILE.as_posix()})",
                          lambda answer: checked_contributor(answer, members))
        path = create_playbook(project_dir, domain, title, contributor, args.slug, members)
    except Refused as error:
        print(f"make new: {error}", file=sys.stderr)
        return 1
    shown = path.relative_to(args.project_dir.resolve()).as_posix()
    preview = f"http://127.0.0.1:8000/{page_url(path.relative_to(project_dir / 'docs').as_posix())}"
    print(f"make new: wrote {shown} (status: draft).\n"
          f"Next: replace the guidance text, preview it with `make serve` at {preview} "
          "and run `make check` before you open a pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
