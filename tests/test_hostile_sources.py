"""Hostile pull requests, part 1: no contributed file runs code at build time or publishes another file.

Each vector is tried for real: the project is copied, the hostile change made,
and the build and `make check`'s source check run. A payload that would write
a marker file proves that no template ran, in builds that fail too.
"""

from __future__ import annotations

import os
import subprocess

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from pymdownx.snippets import SnippetMissingError

from conftest import ROOT, assert_clean_failure, build, check, make_project
from network import pages
from network.frontmatter import split_front_matter
from network.gate import front_matter_as_the_checks_read_it, page_meta_problem, page_problems, rendered_meta_problem
from test_playbooks import GOOD

PLAYBOOK = "docs/playbooks/safety/test-practice.md"


def payload(marker) -> str:
    """Jinja that writes ``marker`` if it is ever rendered (the classic route from a template to os)."""
    return (f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n\n"
            f"{{{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}}}\n")


def with_front_matter_line(line: str) -> str:
    return GOOD.replace("tags: [testing]\n", f"tags: [testing]\n{line}\n")


# Each: the file written, its text (with {payload} where the Jinja goes), and what the message says.
TEMPLATE_VECTORS = {
    "render_macros in a playbook": (
        PLAYBOOK, with_front_matter_line("render_macros: true") + "{payload}",
        f"{PLAYBOOK}:11: field 'render_macros': unknown field"),
    "an indented --- hides render_macros from a line-by-line reader": (
        PLAYBOOK, GOOD.replace("Patient Safety\n", "Patient Safety\n  ---\nrender_macros: true\n") + "{payload}",
        f"{PLAYBOOK}:8: field 'render_macros': unknown field"),
    "render_macros in a maintainer page": (
        "docs/about.md", "---\ntitle: About\nrender_macros: true\n---\n\n{payload}",
        "docs/about.md:1: field 'render_macros': not allowed in a page's front matter"),
    "MultiMarkdown-style meta without ---": (
        "docs/privacy.md", "template: main.html\nrender_macros: true\n\n{payload}",
        "docs/privacy.md:1: MkDocs reads this page's front matter differently from the checks"),
    "a playbook with another Markdown extension": (
        "docs/playbooks/safety/other.markdown", with_front_matter_line("render_macros: true") + "{payload}",
        "docs/playbooks/safety/other.markdown: a playbook's file name ends in .md; rename it to other.md"),
    "a nested index.md under a domain": (
        "docs/playbooks/safety/more/index.md", with_front_matter_line("render_macros: true") + "{payload}",
        "docs/playbooks/safety/more/index.md: a playbook must sit directly in docs/playbooks/safety/"),
    "a YAML tag only the line-aware reader ignores": (
        PLAYBOOK, GOOD.replace("owner: Director of Patient Safety", "owner: !!python/name:os.system Director")
        + "{payload}", f"{PLAYBOOK}:1: MkDocs cannot read this front matter"),
    "a page outside the known places": (
        "docs/notes.mdown", "---\ntitle: Notes\nrender_macros: true\n---\n\n{payload}",
        "docs/notes.mdown: not a place for a page"),
}


def test_the_payload_runs_where_templates_are_rendered(tmp_path):
    """The control for the vectors below: in a template page the same payload does write its marker."""
    marker = tmp_path / "ran"
    project = make_project(tmp_path)
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n" + payload(marker), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    assert marker.exists()


@pytest.mark.parametrize("name", TEMPLATE_VECTORS)
def test_no_contributed_page_is_rendered_as_a_template(tmp_path, name):
    file, text, message = TEMPLATE_VECTORS[name]
    marker = tmp_path / "ran"
    project = make_project(tmp_path, {file: text.replace("{payload}", payload(marker))})
    assert_clean_failure(check(project), message)
    assert_clean_failure(build(project), message)
    assert not marker.exists(), "a payload ran"


def test_the_template_list_lives_in_one_place(tmp_path):
    config = (make_project(tmp_path) / "mkdocs.yml")
    text = config.read_text(encoding="utf-8").replace(
        "render_by_default: false", "render_by_default: false\n      force_render_paths: '*.md'")
    config.write_text(text, encoding="utf-8")
    assert_clean_failure(build(config.parent), "mkdocs.yml: field 'force_render_paths': ", "network/pages.py")


def test_template_pages_are_an_anchored_list():
    assert pages.force_render_paths().splitlines() == ["/" + page for page in pages.TEMPLATE_PAGES]
    assert "/playbooks/safety/index.md" in pages.force_render_paths().splitlines()
    assert not any(pages.is_playbook(page) for page in pages.TEMPLATE_PAGES)


def test_a_page_whose_front_matter_changed_after_the_gate_is_refused_at_render_time():
    read = {"about.md": {"title": "About"}}
    assert page_meta_problem("about.md", {"title": "About"}, read, "docs/about.md") is None
    assert "not the one the checks read" in str(page_meta_problem("about.md", {"title": "x"}, read, "docs/about.md"))
    assert "not the one the checks read" in str(page_meta_problem("new.md", {}, read, "docs/new.md"))
    assert "field 'render_macros'" in str(page_meta_problem("about.md", {"render_macros": True},
                                                          {"about.md": {"render_macros": True}}, "docs/about.md"))


def test_a_page_mkdocs_reads_otherwise_is_refused_at_render_time_with_the_gates_message(tmp_path):
    page = tmp_path / "about.md"
    page.write_text("title: About\n\nbody\n", encoding="utf-8")
    read = {"about.md": {}}
    problem = rendered_meta_problem("about.md", {"title": ["About"]}, read, str(page), "docs/about.md")
    assert str(problem).startswith("docs/about.md:1: MkDocs reads this page's front matter differently from the checks")
    page.write_text("---\ntitle: Changed\n---\n", encoding="utf-8")  # changed since the gate read it
    problem = rendered_meta_problem("about.md", {"title": "Changed"}, read, str(page), "docs/about.md")
    assert "not the one the checks read" in str(problem)
    assert rendered_meta_problem("about.md", {}, read, str(page), "docs/about.md") is None


FRONT_MATTER_VARIANTS = [
    "---\ntitle: A\n---\nbody\n",
    "---\ntitle: A\n  ---\nrender_macros: true\n---\nbody\n",
    "---\ntitle: A\n---x\nrender_macros: true\n---\n",
    "---  \ntitle: A\n...\t\nbody\n",
    "---\ntitle: A\n---",
    "---\ntitle: A\n ---\n",
    "title: A\nrender_macros: true\n\nbody\n",
    "--- \ntitle: [A\n---\n",
    "\n---\ntitle: A\n---\n",
]


@pytest.mark.parametrize("text", FRONT_MATTER_VARIANTS)
def test_the_checks_read_front_matter_where_mkdocs_does(text):
    """Wherever MkDocs finds YAML front matter, the project's reader finds the same fields."""
    mkdocs_meta = get_data(text)[1]
    ours, _ = front_matter_as_the_checks_read_it(text)
    yaml_text, _, problems = split_front_matter(text, "x.md")
    if mkdocs_meta and not problems:
        assert ours == mkdocs_meta
    if "render_macros" in mkdocs_meta:
        assert ours != mkdocs_meta or "render_macros" in yaml_text


@pytest.mark.parametrize("src_uri, allowed", [
    ("playbooks/safety/x.md", True),
    ("playbooks/safety/chart.png", True),
    ("playbooks/safety/images/chart.jpeg", True),
    ("index.md", True),
    ("stylesheets/extra.css", True),
    ("playbooks/safety/x.html", False),
    ("playbooks/safety/x.svg", False),
    ("playbooks/safety/x.txt", False),
    ("playbooks/safety/x.csv", False),
    ("playbooks/safety/x.MD", False),
    ("playbooks/safety/.hidden.png", False),
    ("playbooks/other/x.md", False),
    ("playbooks/x.md", False),
    ("assets/javascripts/keyboard.js", False),
    ("extra.js", False),
])
def test_only_playbooks_images_and_the_maintainers_files_are_published(src_uri, allowed):
    assert (pages.file_problem(src_uri, frozenset()) is None) is allowed


def test_nothing_shadows_a_theme_file():
    reason = pages.file_problem("stylesheets/extra.css", frozenset({"stylesheets/extra.css"}))
    assert reason and "replaces the theme's own file" in reason


def test_files_links_and_snippets_that_would_publish_other_files_are_refused(tmp_path):
    secret = tmp_path / "build-machine-secret.txt"
    secret.write_text("CI_TOKEN=do-not-publish\n", encoding="utf-8")
    project = make_project(tmp_path, {
        "docs/playbooks/safety/page.html": "<script>alert(1)</script>",
        "docs/playbooks/safety/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "docs/playbooks/safety/notes.txt": "text",
        "docs/playbooks/safety/numbers.csv": "a,b",
        "docs/assets/javascripts/keyboard.js": "alert(1)",
        "docs/404.html": "<script>alert(1)</script>",
        PLAYBOOK: GOOD + '\n--8<-- ".git/config"\n\n-8<- "../.github/workflows/ci.yml"\n',
    })
    for link, target in [("docs/playbooks/safety/environ.png", "/proc/self/environ"),
                         ("includes/config.md", str(secret)),
                         ("data/more.yml", str(secret)),
                         ("docs/playbooks/quality/elsewhere", str(tmp_path))]:
        os.symlink(target, project / link)
    expected = [
        "docs/playbooks/safety/page.html: this kind of file is not published",
        "docs/playbooks/safety/chart.svg: SVG images can carry script",
        "docs/playbooks/safety/notes.txt: this kind of file is not published",
        "docs/playbooks/safety/numbers.csv: this kind of file is not published",
        "docs/assets/javascripts/keyboard.js: replaces the theme's own file 'assets/javascripts/keyboard.js'",
        "docs/404.html: replaces the theme's own file '404.html'",
        f"{PLAYBOOK}:22: '--8<--' would include another file",
        f"{PLAYBOOK}:24: '--8<--' would include another file",
        "docs/playbooks/safety/environ.png: a symbolic link is not published",
        "includes/config.md: a symbolic link is not published",
        "data/more.yml: a symbolic link is not published",
        "docs/playbooks/quality/elsewhere: a symbolic link is not published",
    ]
    built = build(project)
    assert_clean_failure(check(project), *expected)
    assert_clean_failure(built, *expected)
    assert not built.site.exists() or "do-not-publish" not in "".join(
        path.read_text(errors="replace") for path in built.site.rglob("*") if path.is_file())


def test_a_symbolic_link_tracked_by_git_is_refused(tmp_path):
    project = make_project(tmp_path)
    (project / "README-link.md").symlink_to("CONTRIBUTING.md")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "README-link.md"], check=True)
    assert_clean_failure(check(project), "README-link.md: git tracks this as a symbolic link")


@pytest.mark.parametrize("target", ['"../.git/config"', '".github/workflows/ci.yml"', '"/etc/hostname"'])
def test_the_one_page_that_includes_a_file_includes_only_that_file(tmp_path, target):
    project = make_project(tmp_path, {"docs/contributing.md": f"---\ntitle: Contributing\n---\n\n--8<-- {target}\n"})
    assert_clean_failure(build(project), "docs/contributing.md:5: '--8<--' may include only CONTRIBUTING.md here")


@pytest.mark.parametrize("target", ["../.git/config", ".github/workflows/ci.yml", "/etc/hostname", "../mkdocs.yml"])
def test_snippets_themselves_read_only_includes_and_contributing(tmp_path, target, monkeypatch):
    """Behind the gate, the build's own snippets settings cannot reach another file of the repository."""
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "abbreviations.md").write_text("*[ICU]: Intensive care unit\n", encoding="utf-8")
    (tmp_path / "CONTRIBUTING.md").write_text("# Contributing\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("name: ci\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    options = load_config(str(ROOT / "mkdocs.yml")).mdx_configs["pymdownx.snippets"]
    converter = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    assert "Contributing" in converter.convert('--8<-- "CONTRIBUTING.md"')
    with pytest.raises(SnippetMissingError):
        markdown.Markdown(extensions=["pymdownx.snippets"],
                          extension_configs={"pymdownx.snippets": options}).convert(f'--8<-- "{target}"')


@pytest.mark.parametrize("src_uri", ["about.md", "playbooks/safety/test-practice.md"])
@pytest.mark.parametrize("text", FRONT_MATTER_VARIANTS + [text for _, text, _ in TEMPLATE_VECTORS.values()] + [
    "---\ntitle: A\ndate: 2024-02-30\n---\n", "---\n- a\n- b\n---\n", "---\ntitle: !!str 1\n---\n",
    "---\ntitle: A\nreviewed: 2024-01-31\nrender_macros: yes\n---\n", "---\n{title: A}\n---\n", ""])
def test_the_build_refuses_what_the_gate_with_mkdocs_reader_refused(tmp_path, src_uri, text):
    """The build's gate, whose comparison waits for MkDocs' own reading, refuses what `make check`'s gate refuses.

    `make check` gives the gate MkDocs' reader; the build compares MkDocs' reading as the page renders.
    """
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    text = page.read_text(encoding="utf-8-sig")
    mkdocs_meta = get_data(text)[1]
    meta, gate_before = page_problems(src_uri, text, "docs/x.md", get_data)
    kept, now = page_problems(src_uri, text, "docs/x.md", None)
    before = gate_before or [p for p in [page_meta_problem(src_uri, mkdocs_meta, {src_uri: meta}, "docs/x.md")] if p]
    rendered = rendered_meta_problem(src_uri, mkdocs_meta, {src_uri: kept}, str(page), "docs/x.md")
    after = now or ([rendered] if rendered else [])
    assert set(after) <= set(before)
    assert bool(after) == bool(before)
    if not now:  # the page reaches MkDocs: the comparison is made there
        assert any("differently" in problem.message for problem in after) == any(
            "differently" in problem.message for problem in before)
    assert kept == meta or before
