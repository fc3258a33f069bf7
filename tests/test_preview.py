"""`make serve` after an edit: the edited page at once (a quick rebuild), then the listings (a complete one).

The stages as pure logic with a stand-in builder; the two stages of a real
dirty rebuild on a generated network, read off the built files; and the
server itself, edited and polled as `make bench` measures it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from network.urls import built_file, domain_index, member_page
from tools.bench.corpus import generate_network
from tools.bench.harness import bench_environment
from tools.bench.preview import EDITS, preview_latency
from tools.preview import live as live_preview
from tools.preview import staged as preview
from tools.project import ENGINES


@pytest.fixture
def stage_state(monkeypatch):
    """The preview's module state, emptied for one test (a build in this process would otherwise leave some)."""
    monkeypatch.setattr(preview, "_kept", {})
    monkeypatch.setattr(preview, "_stage", {"quick": False})
    return preview._kept


def recording_builder(calls: list[bool], fail: bool = False):
    def builder():
        calls.append(preview.quick_rebuild())
        if fail:
            raise RuntimeError("the build failed")
    return builder


def test_an_edit_is_rebuilt_quickly_first_then_completely(stage_state, tmp_path):
    stage_state["listing pages"] = ["kept"]
    calls: list[bool] = []
    staged = preview.StagedRebuilds(recording_builder(calls), tmp_path)
    staged()
    assert calls == [True] and (tmp_path / preview.CATCH_UP_SIGNAL).read_text() == "1\n"
    assert not preview.quick_rebuild()
    staged()
    assert calls == [True, False]
    staged()
    assert calls == [True, False, True] and (tmp_path / preview.CATCH_UP_SIGNAL).read_text() == "2\n"


def test_with_nothing_kept_yet_the_rebuild_is_complete(stage_state, tmp_path):
    calls: list[bool] = []
    preview.StagedRebuilds(recording_builder(calls), tmp_path)()
    assert calls == [False]


def test_a_failed_quick_rebuild_asks_for_no_complete_one(stage_state, tmp_path):
    stage_state["listing pages"] = ["kept"]
    calls: list[bool] = []
    staged = preview.StagedRebuilds(recording_builder(calls, fail=True), tmp_path)
    with pytest.raises(RuntimeError):
        staged()
    assert not staged.catch_up_due and not (tmp_path / preview.CATCH_UP_SIGNAL).exists()
    assert not preview.quick_rebuild()


def test_a_quick_rebuild_reuses_what_the_last_complete_build_computed(stage_state):
    assert preview.kept_or_computed("listing pages", lambda: "complete") == "complete"
    preview._stage["quick"] = True
    assert preview.kept_or_computed("listing pages", lambda: "quick") == "complete"
    assert preview.kept_or_computed("published files", lambda: "first") == "first"
    preview._stage["quick"] = False
    assert preview.kept_or_computed("listing pages", lambda: "again") == "again"


def test_a_complete_stage_scans_what_was_written_since_the_last_complete_scan_that_passed(stage_state, monkeypatch):
    monkeypatch.setattr(preview, "_scanned", {})
    monkeypatch.setattr(preview, "dirty_rebuilds", {"on": True})
    rules = ("allow-list", 1)
    assert preview.scanned_since(10.0, rules) is None  # the first build of `make serve` scans every file
    preview.scan_passed(10.0, rules)
    preview._stage["quick"] = True
    assert preview.scanned_since(20.0, rules) == 20.0  # a quick stage: the files it wrote
    preview.scan_passed(20.0, rules)
    preview._stage["quick"] = False
    assert preview.scanned_since(30.0, rules) == 10.0  # the quick stage's pages are read again
    assert preview.scanned_since(30.0, ("allow-list", 2)) is None  # a changed allow-list: every file again
    preview.scan_passed(30.0, rules)
    assert preview.scanned_since(40.0, rules) == 30.0
    preview.dirty_rebuilds["on"] = False
    assert preview.scanned_since(50.0, rules) is None  # `make build`: every file


@pytest.fixture(scope="module")
def small_network(tmp_path_factory):
    return generate_network(tmp_path_factory.mktemp("preview") / "project", 12, members=6)


# Runs in the network's folder, like `mkdocs serve --dirty`: a first build, an edit, then each stage's output.
# Under ProperDocs (`make serve ENGINE=properdocs`) its modules stand in for mkdocs.*, as its command does.
STAGES = textwrap.dedent("""
    import json, sys, tempfile
    if sys.argv[5] == "properdocs":
        import properdocs.replacement
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site, source, title, outputs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])

    def builder():
        config = load_config("mkdocs.yml", site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    builder()
    from tools.preview import staged as preview
    staged = preview.StagedRebuilds(builder, Path(tempfile.mkdtemp()))
    source.write_text(source.read_text(encoding="utf-8").replace("title: ", f"title: {title} ", 1), encoding="utf-8")
    shown = []
    for stage in ("quick", "complete"):
        staged()
        shown.append({name: title in (site / path).read_text(encoding="utf-8") for name, path in outputs.items()})
    print(json.dumps(shown))
""")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_quick_rebuild_shows_the_edited_page_and_the_complete_one_its_listings(small_network, tmp_path, engine):
    src_uri = small_network.pages[0]
    source = small_network.project / "docs" / src_uri
    contributor = re.search(r"^contributor: (.+)$", source.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    outputs = {"page": built_file(src_uri), "listing": built_file(domain_index(src_uri.split("/")[1])),
               "member": built_file(member_page(contributor.strip()))}
    original = source.read_text(encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-c", STAGES, str(tmp_path / "site"), str(source), "Staged edit",
                               json.dumps(outputs), engine], cwd=small_network.project, env=bench_environment(),
                              capture_output=True, text=True, timeout=600)
    finally:
        source.write_text(original, encoding="utf-8")
    assert done.returncode == 0, done.stderr[-3000:]
    quick, complete = json.loads(done.stdout.strip().splitlines()[-1])
    assert quick == {"page": True, "listing": False, "member": False}
    assert complete == {"page": True, "listing": True, "member": True}


# Runs in the network's folder: a first build, then `make serve`'s stages wrapped as the server wraps them
# (tools/preview/live.py reports each rebuild to the open page), recording which published files each scan read:
# the complete stage reads what was written since the first build began, here every file.
SCANS = textwrap.dedent("""
    import json, sys, tempfile, time
    from pathlib import Path
    import checks.output as output
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site, source, planted = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    scans = []
    read_all = output.published_texts

    def published_texts(site_dir, since=None):
        scans.append(set())
        for item in read_all(site_dir, since):
            scans[-1].add(item.path)
            yield item

    output.published_texts = published_texts

    stages = []

    def builder():
        from tools.preview import staged
        stages.append("quick" if staged.quick_rebuild() else "complete")
        config = load_config("mkdocs.yml", site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    def written_since(start):
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                      if p.is_file() and p.stat().st_mtime >= start)

    builder()
    from tools.preview import live, staged as preview
    state = live.PreviewState()
    rebuild = live.ReportedRebuilds(preview.StagedRebuilds(builder, Path(tempfile.mkdtemp())), state, Path("docs"))
    original = source.read_text(encoding="utf-8")
    time.sleep(1.5)  # past the scan's one-second margin: the first build's pages are older than the quick stage
    start = time.time() - 1
    source.write_text(original.replace("title: ", "title: Scanned ", 1), encoding="utf-8")
    rebuild()
    quick = {"read": sorted(scans[-1]), "written": written_since(start), "problems": state.problems}
    rebuild()
    every_file = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    complete = {"all": sorted(scans[-1]) == every_file, "problems": state.problems}
    time.sleep(1.5)
    source.write_text(original + "\\n" + planted + "\\n", encoding="utf-8")
    rebuild()
    print(json.dumps({"quick": quick, "complete": complete, "planted": state.problems,
                      "stages": stages}))
""")


def test_the_quick_stage_scans_only_its_pages_and_still_reports_patient_data_in_the_edited_one(small_network,
                                                                                                  tmp_path):
    """The quick stage's output scan reads the pages it wrote; the complete one reads every file; a finding shows."""
    src_uri = small_network.pages[1]
    source = small_network.project / "docs" / src_uri
    original = source.read_text(encoding="utf-8")
    # The build decodes the escapes into a record number: only the output scan sees it (test_published_guard.py).
    planted = r"Read back M\RN 3\4567890 at the bedside."
    try:
        done = subprocess.run([sys.executable, "-c", SCANS, str(tmp_path / "site"), str(source), planted],
                              cwd=small_network.project, env=bench_environment(), capture_output=True, text=True,
                              timeout=600)
    finally:
        source.write_text(original, encoding="utf-8")
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    quick, complete = result["quick"], result["complete"]
    assert quick["problems"] == [] and complete["problems"] == []
    assert built_file(src_uri) in quick["read"]
    assert quick["read"] == quick["written"]
    assert built_file(domain_index(src_uri.split("/")[1])) not in quick["read"]
    assert complete["all"]
    planted_line = len(original.splitlines()) + 2
    assert result["stages"] == ["complete", "quick", "complete", "quick"]
    assert [line for line in result["planted"]
            if line.startswith(f"docs/{src_uri}:{planted_line}: patient-data/mrn")], result["planted"]


def test_the_server_shows_each_edit_on_the_page_then_in_its_listings(small_network, tmp_path):
    log = tmp_path / "serve.log"
    # In a thread of its own: the browser tests' Playwright may be running in this one, and Playwright's
    # synchronous API refuses to start inside another's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        figures = pool.submit(preview_latency, small_network, bench_environment(), log=log).result()
    output = log.read_text(encoding="utf-8")
    assert set(figures) == {"preview_page_s", "preview_listing_s", "preview_member_s"}
    assert output.count("Bringing the listings, member pages and feeds up to date") == EDITS, output[-3000:]
    assert "ERROR" not in output, output[-3000:]


# --- The live preview (tools/preview/live.py): only under `make serve`, never in the built site ---

def test_the_built_site_holds_no_preview_script(shipped_site):
    pages = list(shipped_site.site.rglob("*.html"))
    assert pages and not (shipped_site.site / "_preview").exists()
    assert not [page for page in pages if "_preview" in page.read_text(encoding="utf-8")]


def test_a_served_page_gets_the_preview_script_as_a_file_never_inline():
    served = live_preview.inject(b"<html><body><p>x</p></body></html>", 7)
    assert served == b'<html><body><p>x</p><script src="/_preview/live.js" data-version="7"></script></body></html>'


def test_the_state_is_held_until_the_next_rebuild_ends():
    state = live_preview.PreviewState()
    assert state.after(-1) == {"version": 0, "problems": []}
    assert state.after(0, timeout=0.01) == {"version": 0, "problems": []}
    state.rebuilt(["docs/x.md:2: field 'title': missing required field"])
    assert state.after(0) == {"version": 1, "problems": ["docs/x.md:2: field 'title': missing required field"]}


def test_a_failed_rebuild_is_told_as_file_line_problems(tmp_path):
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "a.md").write_text("---\ntitle: A\n---\n\nSee [b](b.md).\n", encoding="utf-8")
    messages = ["2 problems in the site's content:\n  docs/playbooks/a.md:2: field 'title': bad\n"
                "  docs/playbooks/c.md:4: field 'owner': bad",
                "Doc file 'playbooks/a.md' contains a link 'b.md', but the target 'playbooks/b.md' is not found "
                "among documentation files.", "Aborted with a BuildError!"]
    assert live_preview.problem_lines(messages, tmp_path) == [
        "docs/playbooks/a.md:2: field 'title': bad", "docs/playbooks/c.md:4: field 'owner': bad",
        "docs/playbooks/a.md:5: link 'b.md': the target 'playbooks/b.md' is not found among documentation files."]
