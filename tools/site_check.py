"""`make check`'s site check: data and front matter, then the strict build and link check, each problem at its line.

Run as ``python -m tools.site_check [PROJECT_DIR]``. It validates the data
and every page's front matter as the build does (tools/validate.py), then
builds the project with ``mkdocs build --strict`` into a temporary folder, as
CI does, every page with a problem of its own stood in for
(tools/stand_in.py), so one run names every problem; and it checks
every link and #anchor of what was built with the link check CI runs
(tools/linkcheck/). A link MkDocs or the link check refuses is printed as
``docs/<file>.md:<line>: link '<as written>': <what is wrong>``, with a "did
you mean" where a page or an anchor of the site is close to what was written.
"""

from __future__ import annotations

import datetime
import difflib
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from network.members import MEMBERS_FILE, load_members
from network.problems import Problem
from network.review import today_from
from network.urls import built_file
from tools import stand_in
from tools.link_advice import LEFT_AS_IS, refused_link_advice
from tools.linkcheck import anchors, report, runner, server
from tools.preview.live import MKDOCS_LINK_WARNING, source_line
from tools.validate import project_problems

BUILD_ERROR = re.compile(r"^(?:ERROR|WARNING)\s+-\s+(?P<message>.*)$")


def closest(written: str, choices: list[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or ''."""
    close = difflib.get_close_matches(written, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _where(docs: Path, src: str, link: str, project_dir: Path) -> str:
    path = docs / src
    try:
        line = source_line(path.read_text(encoding="utf-8"), link)
    except OSError:
        line = None
    shown = os.path.relpath(path, project_dir)
    return f"{shown}:{line}" if line else shown


def build_errors(output: str) -> list[str]:
    """The problems a stopped build printed: its ERROR lines' own problem lines, as they are."""
    problems, in_error = [], False
    for line in output.splitlines():
        match = BUILD_ERROR.match(line.strip()) if not line.startswith(" ") else None
        if match:
            in_error = line.startswith("ERROR")
            message = match["message"]
            if in_error and not re.match(r"Error reading page|Aborted|\d+ problems? in the site's content:", message):
                problems.append(message)
        elif in_error and line.startswith("  ") and line.strip():
            problems.append(line.strip())
        elif not line.startswith(" "):
            in_error = False
    return problems


def anchor_hint(fragment: str, built: Path) -> str:
    """'; did you mean '#x'?' for the anchor of the built page ``built`` closest to ``fragment``, or ''."""
    names = [anchor[0] for anchor in anchors.page_anchors(built)] if built.is_file() else []
    return closest(fragment, names).replace("did you mean '", "did you mean '#", 1)


def doc_suggestion(src: str, link: str, what: str, docs: Path, site: Path) -> str:
    """For a link MkDocs refused: the closest page, or the closest anchor of the page it names."""
    if "Did you mean" in what:
        return ""
    path, _, fragment = link.partition("#")
    anchor_of = re.search(r"does not contain an anchor|there is no such anchor on this page", what)
    if anchor_of:
        doc = re.search(r"the doc '([^']+)'", what)
        target = doc[1] if doc else src
        return anchor_hint(fragment, site / built_file(target))
    pages = [posixpath.relpath(candidate.relative_to(docs).as_posix(), posixpath.dirname(src) or ".")
             for candidate in docs.rglob("*.md")]
    return closest(path, pages)


def build_problems(output: str, docs: Path, project_dir: Path, site: Path) -> list[tuple[str, set]]:
    """MkDocs' link warnings in its build log, each at the source line of the link, with what it names."""
    problems = []
    for line in output.splitlines():
        match = BUILD_ERROR.match(line.strip())
        found = MKDOCS_LINK_WARNING.search(match["message"]) if match else None
        if found:
            what = re.sub(r"^but\s+", "", found["rest"].strip().rstrip(".")) or "not found"
            hint = doc_suggestion(found["src"], found["link"], what, docs, site)
            if LEFT_AS_IS in what:
                # MkDocs' "left as is" says nothing a contributor can act on: what to write instead.
                sources = [path.relative_to(docs).as_posix() for path in docs.rglob("*.md")]
                what, hint = refused_link_advice(found["src"], found["link"], sources), ""
            where = _where(docs, found["src"], found["link"], project_dir)
            doc = re.search(r"the doc '([^']+)'", what)
            anchor = found["link"].partition("#")[2]
            keys = {(found["src"], found["link"])} | ({(found["src"], (doc[1] if doc else found["src"]), anchor)}
                                                      if anchor and ("anchor" in what) else set())
            problems.append((f"{where}: link '{found['link']}': {what}{hint}", keys))
    return problems


def page_urls(site: Path) -> list[str]:
    return [server.page_url(path.relative_to(site).as_posix()) for path in site.rglob("*.html")]


def suggestion(entry: report.Checked, base: str, site: Path) -> str:
    """A page or anchor of the site close to what a broken link wrote."""
    page = urllib.parse.urlsplit(entry.page).path
    target, _, fragment = entry.url.partition("#")
    if entry.valid and fragment:
        return anchor_hint(fragment, server.served_file(site, target))
    written_path = entry.written.partition("#")[0]
    relative = [posixpath.relpath("/" + url.lstrip("./"), posixpath.dirname(page) or "/") + "/"
                if url.endswith("/") else posixpath.relpath("/" + url, posixpath.dirname(page) or "/")
                for url in page_urls(site)]
    return closest(written_path, relative)


def link_problems(broken: list[report.Checked], base: str, site: Path, docs: Path,
                  project_dir: Path) -> list[tuple[str, set]]:
    """The link check's findings, each at the source line that writes the link, with what it names."""
    problems = []
    for entry in broken:
        built = report.page_name(entry.page, base)
        source = report.source_of(built, docs)
        src = os.path.relpath(Path(source).resolve(), docs.resolve()) if source else None
        where = _where(docs, src, entry.written, project_dir) if src else built
        target, _, anchor = entry.url.partition("#")
        target_source = report.source_of(report.page_name(target, base), docs)
        target_src = os.path.relpath(Path(target_source).resolve(), docs.resolve()) if target_source else None
        keys = {(src, entry.written)} | ({(src, target_src, anchor)} if anchor and target_src else set())
        problems.append((f"{where}: link '{entry.written}': {report.problem(entry)}"
                         f"{suggestion(entry, base, site)}", keys))
    return sorted(problems, key=lambda problem: problem[0])


# Up to this many pages, one linkchecker process checks the site: a second one costs its start-up (about
# 0.4 s of CPU) for little, while `make check`'s other checks keep the other core busy.
ONE_PROCESS_PAGES = 300


def link_check_jobs(site: Path) -> int:
    """How many linkchecker processes check the built ``site``."""
    pages = sum(1 for _ in site.rglob("*.html"))
    return 1 if pages <= ONE_PROCESS_PAGES else runner.DEFAULT_JOBS


def built_problems(build_dir: Path, project_dir: Path, workdir: Path) -> list[tuple[str, set]]:
    """The strict build of ``build_dir`` and the link check of its pages, each problem at its line in project_dir."""
    docs = project_dir / "docs"
    site = workdir / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=build_dir, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    output = done.stdout + done.stderr
    found = build_problems(output, docs, project_dir, site)
    if done.returncode != 0 and not found:
        # Not a link: the build's own message says what (a front-matter field, the sanitiser, ...).
        return [(line, set()) for line in build_errors(output) or [output.strip().splitlines()[-1]]]
    if (site / "index.html").is_file():
        # MkDocs writes every page before a strict build stops on its warnings, so links
        # written as raw HTML are checked too; a link both refuse is named once.
        jobs = link_check_jobs(site)
        with server.serve(site, jobs) as base:
            broken, _, _ = runner.broken_links(site, base, jobs)
            named = {key for _, keys in found for key in keys}
            found += [(line, keys) for line, keys in link_problems(broken, base, site, docs, project_dir)
                      if named.isdisjoint(keys)]
    # A build stopped by the content's own checks (the output scan) as well as by links: both.
    named_lines = {line for line, _ in found}
    return found + [(line, set()) for line in dict.fromkeys(build_errors(output)) if line not in named_lines]


def site_problems(project_dir: Path, checked: list[Problem], today: datetime.date) -> list[str]:
    """The build and link check over every page with no problem of its own (tools/stand_in.py says how)."""
    pages = stand_in.pages_named(checked)
    with tempfile.TemporaryDirectory(prefix="site-check-") as workdir:
        if not pages:
            return [line for line, _ in built_problems(project_dir, project_dir, Path(workdir))]
        member = next((found.id for found in load_members(project_dir / MEMBERS_FILE)), "")
        stood_in = stand_in.stood_in_copy(project_dir, Path(workdir) / "project", pages, member, today,
                                          lambda copy: project_problems(copy, today)[1])
        sources = [path.relative_to(stood_in.project / "docs").as_posix()
                   for path in (stood_in.project / "docs").rglob("*.md")]
        return [line for line, keys in built_problems(stood_in.project, project_dir, Path(workdir))
                if not any(len(key) == 2 and stand_in.left_out_target(*key, stood_in, sources) for key in keys)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    project_dir = Path(args[0] if args else ".").resolve()
    today = today_from(os.environ)
    _, checked = project_problems(project_dir, today)
    problems = [str(problem) for problem in checked]
    waiting = stand_in.outside_docs(checked)
    if not waiting:
        problems += [line for line in site_problems(project_dir, checked, today) if line not in problems]
    problems = list(dict.fromkeys(problems))
    for problem in problems:
        print(problem, file=sys.stderr)
    if waiting:
        print(f"site check: the strict build and the link check run once {', '.join(waiting)} "
              f"{'is' if len(waiting) == 1 else 'are'} fixed: every page is built from it", file=sys.stderr)
    if problems:
        print(f"site check: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the data, the front "
              "matter, the strict build or the link check; fix each line above", file=sys.stderr)
        return 1
    print("site check: the data and every front matter are valid, and the strict build and the link check of "
          "every link and #anchor passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
