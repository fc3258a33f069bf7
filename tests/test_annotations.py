"""`make check` under GitHub Actions: each problem an annotation on its file's line, all of them in the job summary.

tools/annotations.py reads the output of every check `make check` runs; these tests give it each check's
own output format, hostile file names and values, and finally run `make check` itself with a planted
problem, as CI does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from tools.annotations import (
    NESTED,
    Annotation,
    escape_data,
    escape_property,
    find_annotations,
    summary,
    workflow_command,
)

HOSTILE_NAME = "docs/odd,name:7%0A::warning::x.md"
HOSTILE_VALUE = "pending%0A::warning file=x::injected, really\r\n::error::again"


def unescape(text: str) -> str:
    for escaped, character in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, character)
    return text


def parse_command(command: str) -> tuple[dict[str, str], str]:
    """A workflow command read as the runner reads it: properties (no ':') split at ',' and '=', message after '::'."""
    match = re.fullmatch(r"::error (?P<properties>[^:]*)::(?P<message>.*)", command)
    assert match, command
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return {name: unescape(value) for name, value in properties.items()}, unescape(match["message"])


def test_escaping_follows_the_workflow_command_format():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"


def test_a_hostile_file_name_and_value_stay_one_command_and_read_back_whole():
    annotation = Annotation(HOSTILE_NAME, 3, 2, f"field 'status': got '{HOSTILE_VALUE}'")
    command = workflow_command(annotation)
    assert "\n" not in command and "\r" not in command
    properties, message = parse_command(command)
    assert properties == {"file": HOSTILE_NAME, "line": "3", "col": "2", "title": f"make check: {HOSTILE_NAME}:3"}
    assert message == annotation.message


def test_every_check_s_output_format_is_read_as_a_file_line_and_message():
    files = {"docs/playbooks/safety/x.md", "data/members.yml", "tools/odd.py", "CONTRIBUTING.md", HOSTILE_NAME}
    output = [
        # the project's checks (tools/validate, checks, tools/site_check), indented under a heading
        "make check: 2 problems in the site's content:\n",
        "  docs/playbooks/safety/x.md:8: field 'status': expected one of draft, approved, retired\n",
        "data/members.yml: the file is empty\n",
        # yamllint --format parsable, codespell, pymarkdown
        "./data/members.yml:2:1: [error] duplication of key \"id\" in mapping (key-duplicates)\n",
        "./CONTRIBUTING.md:12: teh ==> the\n",
        f"{ROOT}/CONTRIBUTING.md:5:1: MD012: Multiple consecutive blank lines\n",
        # ruff's full format: the message, then the place
        "F401 [*] `os` imported but unused\n",
        " --> tools/odd.py:1:8\n",
        "  |\n",
        f"{HOSTILE_NAME}:4: teh ==> the\n",
        # not problems: no file of the project, or a file outside it
        "make check: failed; fix each file:line above\n",
        "/etc/passwd:1: not ours\n",
        "INFO    -  Building documentation to directory: /tmp/site\n",
    ]
    found = find_annotations(output, files.__contains__, ROOT)
    assert found == [
        Annotation("docs/playbooks/safety/x.md", 8, None, "field 'status': expected one of draft, approved, retired"),
        Annotation("data/members.yml", None, None, "the file is empty"),
        Annotation("data/members.yml", 2, 1, "[error] duplication of key \"id\" in mapping (key-duplicates)"),
        Annotation("CONTRIBUTING.md", 12, None, "teh ==> the"),
        Annotation("CONTRIBUTING.md", 5, 1, "MD012: Multiple consecutive blank lines"),
        Annotation("tools/odd.py", 1, 8, "F401 [*] `os` imported but unused"),
        Annotation(HOSTILE_NAME, 4, None, "teh ==> the"),
    ]


def test_a_problem_printed_twice_is_annotated_once():
    line = "docs/x.md:3: field 'title': must be text\n"
    assert len(find_annotations([line, line], {"docs/x.md"}.__contains__)) == 1


def test_the_summary_lists_every_problem_with_markup_escaped():
    text = summary([Annotation("docs/a`b.md", 3, None, "title '<script>*x*</script>' | [link](y)")], status=1)
    assert text.startswith("## make check: 1 problem\n")
    assert "- `docs/a?b.md:3`: title '&lt;script&gt;\\*x\\*&lt;/script&gt;' \\| \\[link\\]\\(y\\)" in text
    assert "passed" in summary([], status=0) and "exit status 2" in summary([], status=2)


def on_github_actions(summary_file: Path, **extra: str) -> dict[str, str]:
    """The environment of a step on GitHub Actions, writing its job summary to ``summary_file``."""
    environment = {name: value for name, value in os.environ.items() if name != NESTED}
    return {**environment, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary_file), **extra}


def annotate(command: list[str], cwd: Path, summary_file: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.annotations", *command], cwd=cwd,
                          env=on_github_actions(summary_file, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=600)


def commands_read(stdout: str) -> list[str]:
    """The workflow commands the runner acts on: none between ``::stop-commands::T`` and ``::T::``."""
    acted, stopped = [], None
    for line in stdout.splitlines():
        if stopped:
            stopped = None if line == f"::{stopped}::" else stopped
        elif line.startswith("::stop-commands::"):
            stopped = line.removeprefix("::stop-commands::")
        elif line.startswith("::"):
            acted.append(line)
    return acted


def test_the_command_s_output_passes_through_its_status_is_kept_and_printed_commands_are_inert(tmp_path):
    hostile = tmp_path / HOSTILE_NAME
    hostile.parent.mkdir(parents=True)
    hostile.write_text("teh\n", encoding="utf-8")
    script = (f"printf '%s\\n' '{HOSTILE_NAME}:1: teh ==> the' '::error::a value printed at the start of a line'"
              " 'docs/missing.md:2: not a file here'; echo to stderr >&2; exit 3")
    done = annotate(["sh", "-c", script], tmp_path, tmp_path / "summary.md")
    assert done.returncode == 3
    assert "to stderr" in done.stdout and "::error::a value printed" in done.stdout
    (command,) = commands_read(done.stdout)
    assert parse_command(command) == ({"file": HOSTILE_NAME, "line": "1", "title": f"make check: {HOSTILE_NAME}:1"},
                                      "teh ==> the")
    written = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert written.startswith("## make check: 1 problem") and "docs/missing.md" not in written


def test_make_check_under_github_actions_annotates_each_planted_problem_on_its_line(tmp_path):
    """As CI runs it: a bad status (hostile value) on line 8, a hostile file name, an unused import."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "site-offline*", "__pycache__", ".pytest_cache", ".ruff_cache", "screenshots"))
    playbook = project / "docs/playbooks/safety/i-pass-handoffs.md"
    lines = playbook.read_text(encoding="utf-8").split("\n")
    assert lines[7] == "status: approved"
    lines[7] = 'status: "pending%0A::warning file=x::injected, really"'
    playbook.write_text("\n".join(lines), encoding="utf-8")
    odd_name = "docs/playbooks/safety/odd,name:7%.md"
    shutil.copy(playbook, project / odd_name)
    (project / "tools" / "odd.py").write_text("import os\n", encoding="utf-8")
    summary_file = tmp_path / "summary.md"
    done = subprocess.run(["make", "--no-print-directory", "check", f"VENV={ROOT / '.venv'}"], cwd=project,
                          env=on_github_actions(summary_file), capture_output=True, text=True, timeout=900)
    assert done.returncode != 0, done.stdout + done.stderr
    annotations = [parse_command(command) for command in commands_read(done.stdout)]
    places = {(properties["file"], properties.get("line")): message for properties, message in annotations}
    assert len(places) >= 3, done.stdout + done.stderr
    assert "pending%0A::warning file=x::injected, really" in places[("docs/playbooks/safety/i-pass-handoffs.md", "8")]
    assert "lowercase slug" in places[(odd_name, None)]
    assert places[("tools/odd.py", "1")].startswith("F401")
    written = summary_file.read_text(encoding="utf-8")
    assert written.startswith(f"## make check: {len(annotations)} problem")
    assert "i-pass-handoffs.md:8" in written and "tools/odd.py:1" in written and "odd,name:7%.md" in written
