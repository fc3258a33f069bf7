"""The GitHub workflows: hardened against untrusted pull requests, and calling the Makefile targets.

`make test` runs `make lint-workflows` (actionlint and zizmor, offline) over
.github/; these tests prove that target fails on a bad workflow and hold the
workflows to the contracts the linters do not know about.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from tools.review_report import NOTHING_DUE

WORKFLOWS = ROOT / ".github" / "workflows"
FULL_SHA_WITH_VERSION = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: (\S+) # v\d+\.\d+\.\d+$")
GOOD_STEP = """      - name: Check out the repository
        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
"""


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block (PyYAML reads the bare key `on` as True)."""
    value = workflow.get("on", workflow.get(True))
    return value if isinstance(value, dict) else {name: None for name in ([value] if isinstance(value, str) else value)}


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def lint(github_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "lint-workflows", f"GITHUB_DIR={github_dir}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def workflow_names() -> list[str]:
    return sorted(path.name for path in WORKFLOWS.glob("*.yml"))


def test_there_is_one_workflow_per_check():
    assert workflow_names() == ["ci.yml", "links-external.yml", "pages.yml", "review-report.yml"]


def bad_folder(tmp_path: Path, workflow: str) -> Path:
    github = tmp_path / ".github"
    (github / "workflows").mkdir(parents=True)
    (github / "workflows" / "bad.yml").write_text(workflow, encoding="utf-8")
    return github


def test_lint_workflows_passes_on_the_shipped_workflows():
    result = lint(ROOT / ".github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "found nothing" in result.stdout


def test_zizmor_flags_an_untrusted_pull_request_workflow(tmp_path):
    github = bad_folder(tmp_path, """name: Bad
on:
  pull_request_target:
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make test
""")
    result = lint(github)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "bad.yml" in output
    for finding in ("dangerous-triggers", "unpinned-uses", "artipacked"):
        assert finding in output, f"zizmor did not report {finding}:\n{output}"
    assert "Traceback" not in output


def test_actionlint_flags_an_injected_title_and_a_broken_script(tmp_path):
    github = bad_folder(tmp_path, """name: Bad
on:
  pull_request:
permissions:
  contents: read
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
""" + GOOD_STEP + """      - run: echo "${{ github.event.pull_request.title }}"
      - run: if [ $unset = 1 ] then echo; fi
""")
    result = lint(github)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"bad\.yml:\d+:\d+: .*github\.event\.pull_request\.title.*potentially untrusted", output), output
    assert "shellcheck reported issue" in output, output
    assert "template-injection" in output, "zizmor should run even when actionlint failed"


def test_lint_workflows_refuses_a_folder_without_workflows(tmp_path):
    result = lint(tmp_path / ".github")
    assert result.returncode != 0
    assert "no workflow in" in result.stderr


@pytest.mark.parametrize("name", workflow_names())
def test_workflow_reads_only_by_default_and_never_runs_untrusted_triggers(name):
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert not set(triggers(workflow)) & {"pull_request_target", "workflow_run", "issue_comment"}


@pytest.mark.parametrize("name", workflow_names())
def test_every_action_is_pinned_to_a_full_sha_with_its_version(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if "uses:" not in line or line.strip().startswith("#"):
            continue
        target = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        if target.startswith("$/"):
            continue
        assert FULL_SHA_WITH_VERSION.match(target), f"{name}: {line.strip()}"
        assert VERSION_COMMENT.search(line), f"{name}: no version comment on {line.strip()}"


@pytest.mark.parametrize("name", workflow_names())
def test_checkouts_keep_no_credentials_and_scripts_interpolate_nothing(name):
    for job, step in steps(load(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, f"{name} {job}"
        assert "${{" not in step.get("run", ""), f"{name} {job}: pass expressions through env:"


@pytest.mark.parametrize("name", workflow_names())
def test_pip_is_cached_on_the_requirements_files(name):
    """Of the checkout, or of the folder the job checks the pull request out into (`path:`)."""
    for job_name, job in load(name)["jobs"].items():
        folders = {step.get("with", {}).get("path", "") for step in job.get("steps", [])
                   if step.get("uses", "").startswith("actions/checkout@")}
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["python-version"] == "3.11"
                assert step["with"]["cache"] == "pip"
                assert any(step["with"]["cache-dependency-path"].split() ==
                           [f"{folder}/{file}".lstrip("/") for file in ("requirements.txt", "requirements-check.txt",
                                                                               "requirements-test.txt")]
                           for folder in folders), f"{name} {job_name}"


def runs(workflow: dict) -> list[str]:
    return [step["run"] for _, step in steps(workflow) if "run" in step]


def test_ci_runs_what_a_contributor_runs_and_uploads_the_offline_bundle_as_the_preview():
    workflow = load("ci.yml")
    assert set(triggers(workflow)) == {"pull_request", "push", "workflow_call"}
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    commands = runs({"jobs": {"test": workflow["jobs"]["test"]}})
    assert "make check" in commands and "make test" in commands
    assert any("apt-get install --yes chromium" in command for command in commands)
    test_steps = workflow["jobs"]["test"]["steps"]
    (upload,) = [step for step in test_steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "site-offline/" and upload["with"]["name"] == "site-preview"
    offline = next(index for index, step in enumerate(test_steps) if step.get("run") == "make offline")
    assert offline < test_steps.index(upload)


def test_make_offline_puts_the_readme_saying_how_to_open_it_in_the_bundle():
    plan = subprocess.run(["make", "--dry-run", "--always-make", "offline"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60).stdout.splitlines()
    build = next(i for i, line in enumerate(plan) if "--site-dir site-offline" in line)
    copy = plan.index("cp tools/templates/offline-README.txt site-offline/README.txt")
    zipped = next(i for i, line in enumerate(plan) if "zipfile -c site-offline.zip site-offline/" in line)
    assert build < copy < zipped
    readme = (ROOT / "tools" / "templates" / "offline-README.txt").read_text(encoding="utf-8")
    for words in ("site-preview", "Extract All", "double-click index.html", "file://", "search"):
        assert words in readme


def test_a_pull_request_s_summary_compares_the_base_build_with_its_own():
    job = load("ci.yml")["jobs"]["site-changes"]
    assert job["if"] == "${{ github.event_name == 'pull_request' }}"
    assert "permissions" not in job, "the workflow's read-only default is enough"
    checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert [step["with"]["path"] for step in checkouts] == ["head", "base"]
    assert "ref" not in checkouts[0]["with"], "the pull request as CI tests it"
    assert checkouts[1]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    script = "\n".join(runs({"jobs": {"site-changes": job}}))
    assert "make -C head build" in script and "make -C base build" in script and "PLAYBOOKS_TODAY" in script
    summarise = next(step for step in job["steps"] if "tools.site_changes" in step.get("run", ""))
    assert summarise["working-directory"] == "head"
    assert summarise["run"] == ('.venv/bin/python -m tools.site_changes ../base/site site'
                                ' | tee -a "$GITHUB_STEP_SUMMARY"')


def test_pages_deploys_after_ci_with_write_access_in_the_deploy_job_only():
    workflow = load("pages.yml")
    assert set(triggers(workflow)) == {"push", "schedule", "workflow_dispatch"}
    jobs = workflow["jobs"]
    assert jobs["ci"]["uses"] == "$/.github/workflows/ci.yml"
    assert jobs["build"]["needs"] == "ci" and jobs["deploy"]["needs"] == "build"
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for name, job in jobs.items():
        if name != "deploy":
            assert "write" not in (job.get("permissions") or {}).values(), name
    build = {step.get("id") or step.get("name"): step for step in jobs["build"]["steps"]}
    checkout = next(step for step in jobs["build"]["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert build["make build"]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build["pages"]["uses"].startswith("actions/configure-pages@")
    assert "make linkcheck" in runs({"jobs": {"build": jobs["build"]}})
    uses = [step.get("uses", "") for step in jobs["build"]["steps"] + jobs["deploy"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_pages_rebuilds_every_day_so_review_status_turns_on_its_due_date():
    """One cron line, every day of every month, at a fixed UTC minute (GitHub reads cron in UTC)."""
    (entry,) = triggers(load("pages.yml"))["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*"), entry
    assert minute.isdigit() and hour.isdigit() and int(hour) < 24, entry


@pytest.mark.parametrize("name, target, label", [
    ("links-external.yml", "make --silent linkcheck-external", "broken-links"),
    ("review-report.yml", "make --silent review-report", "review-due"),
])
def test_weekly_reports_keep_one_labelled_issue_and_never_block_a_pull_request(name, target, label):
    workflow = load(name)
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert job["env"]["ISSUE_LABEL"] == label and job["env"]["ISSUE_TITLE"]
    script = "\n".join(runs(workflow))
    assert target in script
    assert 'gh issue list --state open --label "$ISSUE_LABEL" --limit 1' in script
    for command in ("gh issue create", "gh issue edit", "gh issue close"):
        assert command in script
    issue_step = next(step for _, step in steps(workflow) if "gh issue" in step.get("run", ""))
    assert issue_step["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_the_review_workflow_knows_the_report_s_nothing_due_line():
    (job,) = load("review-report.yml")["jobs"].values()
    assert job["env"]["NOTHING_DUE"] == NOTHING_DUE


def test_dependabot_updates_pip_and_actions_after_a_cooldown():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(update["cooldown"]["default-days"] >= 7 for update in ecosystems.values())


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-check.txt", "requirements-test.txt"])
def test_every_requirement_is_pinned_to_one_version(name):
    for number, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), start=1):
        requirement = line.split("#", 1)[0].strip()
        # The test set includes `make check`'s set, which stays free of the browser and workflow tools.
        if requirement and requirement != "-r requirements-check.txt":
            assert re.fullmatch(r"[A-Za-z0-9._\[\]-]+==[A-Za-z0-9.+!-]+", requirement), f"{name}:{number}: {line}"
