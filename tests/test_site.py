"""The site as a whole: commands, git dates, glossary, no third-party requests in the HTML."""

from __future__ import annotations

import datetime
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, assert_clean_failure, build, check, make_project
from network.git_history import last_change_dates, parse_log
from network.glossary import glossary_entries
from tools.project import build_environment

LOADING_ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href"}
NOT_LOADED = {"canonical", "alternate", "next", "prev", "author", "license"}


def test_check_passes_on_the_shipped_content():
    result = check(ROOT)
    assert result.returncode == 0, result.output
    assert "members and" in result.output and "playbooks are valid" in result.output


def test_parse_log_keeps_the_newest_date_of_each_file(tmp_path):
    output = "\x002026-11-20\n\ndocs/a.md\n\x002026-01-02\n\ndocs/a.md\ndocs/b.md\n"
    dates = parse_log(output, tmp_path)
    assert dates == {(tmp_path / "docs/a.md").resolve(): datetime.date(2026, 11, 20),
                     (tmp_path / "docs/b.md").resolve(): datetime.date(2026, 1, 2)}


def _git(project: Path, *args: str, date: str = "2026-10-01T12:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def test_header_shows_the_last_git_change_apart_from_the_review_date(tmp_path):
    project = make_project(tmp_path)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "first", date="2026-10-01T12:00:00")
    target = project / "docs/playbooks/safety/i-pass-handoffs.md"
    target.write_text(target.read_text() + "\nA clarification.\n")
    _git(project, "commit", "-qam", "edit", date="2026-11-20T12:00:00")
    assert last_change_dates(project / "docs")[target.resolve()] == datetime.date(2026, 11, 20)
    result = build(project)
    assert result.returncode == 0, result.output
    changed = result.page("playbooks/safety/i-pass-handoffs/").select_one(".pb-header__changed")
    assert "2026-11-20" in changed.get_text()
    other = result.page("playbooks/safety/sepsis-hour-1-bundle/").select_one(".pb-header__changed")
    assert "2026-10-01" in other.get_text()


def test_build_without_git_history_leaves_the_date_out(tmp_path):
    project = make_project(tmp_path)
    assert last_change_dates(project / "docs") == {}
    result = build(project)
    assert result.returncode == 0, result.output
    assert result.page("playbooks/safety/i-pass-handoffs/").select_one(".pb-header__changed") is None


def test_shallow_clone_leaves_the_date_out(tmp_path):
    origin = make_project(tmp_path)
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "one")
    _git(origin, "commit", "-q", "--allow-empty", "-m", "two")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True)
    assert last_change_dates(clone / "docs") == {}


def test_abbreviations_get_a_tooltip_on_every_page(shipped_site):
    glossary = (ROOT / "includes" / "abbreviations.md").read_text()
    terms = dict(re.findall(r"^\*\[([^\]]+)\]: (.+)$", glossary, re.M))
    assert "WHO" in terms
    page = shipped_site.page("playbooks/safety/who-surgical-safety-checklist/")
    titles = {abbr.get_text(): abbr["title"] for abbr in page.select("article abbr")}
    assert titles.get("WHO") == terms["WHO"]


def test_the_glossary_is_read_with_the_abbr_extension_and_a_stray_line_is_named():
    entries, problems = glossary_entries("*[ICU]: Intensive care unit\n\nICU means intensive care\n"
                                         "*[ICU]: Intensive care\n", "includes/abbreviations.md")
    assert entries == {"ICU": "Intensive care"}
    assert [str(problem) for problem in problems] == [
        "includes/abbreviations.md:3: not a glossary entry; write one '*[ABBR]: what it stands for' a line",
        "includes/abbreviations.md:4: 'ICU' is defined twice; keep one line"]


def test_a_broken_glossary_fails_the_build_with_its_line(tmp_path):
    glossary = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    project = make_project(tmp_path, {"includes/abbreviations.md": glossary + "[WHO] World Health Organization\n"})
    line = glossary.count("\n") + 1
    assert_clean_failure(build(project), f"includes/abbreviations.md:{line}: not a glossary entry")


def test_no_page_loads_anything_from_another_host(shipped_site):
    pages = list(shipped_site.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag, attribute in LOADING_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                if tag == "link" and NOT_LOADED & set(element.get("rel", [])):
                    continue
                assert not re.match(r"(https?:)?//", element.get(attribute, "")), (page, str(element))
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_answers_on_loopback():
    port = _free_port()
    server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT,
                              env=build_environment(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/members/", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "make serve did not answer within 180 s"
                time.sleep(0.5)
        assert 'id="altru"' in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
