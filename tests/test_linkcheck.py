"""`make linkcheck` (tools/linkcheck/): broken raw-HTML links, anchors and pages fail it, by page and URL."""

from __future__ import annotations

import collections
import configparser
import contextlib
import dataclasses
import http.server
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, assert_clean_failure, build, make_project
from tools import linkcheck_proof
from tools.linkcheck import runner, server
from tools.linkcheck.__main__ import main

ABOUT = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
# Raw HTML: the MkDocs build does not see these links, so only the link check can.
BROKEN_LINKS = """

<p class="fixture-links">
<a href="../nowhere/">A page that was never written</a>
<a href="../members/#no-such-member">A member that does not exist</a>
<a href="../playbooks/safety/no-such-playbook/">A playbook that was removed</a>
<a href="#no-such-heading">A heading of this page that does not exist</a>
<a href="../members/#cottonwood-regional">A member that exists</a>
</p>
"""
# A page linked from nowhere, left in the built site (docs/ may not hold HTML files).
ORPHAN_PAGE = '<!doctype html><title>Old</title><p id="kept">Old page</p><a href="gone/">Gone</a>\n'


@dataclasses.dataclass
class Checked:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_linkcheck(site: Path, *args: str, docs: Path | None = None) -> Checked:
    """``python -m tools.linkcheck SITE ARGS`` as `make linkcheck` runs it."""
    command = [sys.executable, "-m", "tools.linkcheck", str(site), *args]
    if docs:
        command += ["--docs", str(docs)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return Checked(done.returncode, done.stdout, done.stderr)


def served_port(output: str) -> int:
    match = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", output)
    assert match, output
    return int(match.group(1))


def port_is_closed(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def processes_mentioning(text: str) -> list[int]:
    """Ids of live processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """The project with raw-HTML links to a missing page, anchor and playbook, and an orphan page."""
    project = make_project(tmp_path_factory.mktemp("broken-links"), {
        "docs/about.md": ABOUT + BROKEN_LINKS,
    })
    result = build(project)
    assert result.returncode == 0, result.output
    (result.site / "legacy").mkdir()
    (result.site / "legacy" / "old-page.html").write_text(ORPHAN_PAGE, encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def broken_run(broken_site):
    return run_linkcheck(broken_site.site, docs=broken_site.project / "docs")


def test_the_build_does_not_see_raw_html_links(broken_site):
    page = broken_site.page("about/")
    assert page.find("a", href="../nowhere/"), "the fixture link should reach the built page"


def test_broken_links_fail_the_check_naming_page_line_and_url(broken_run):
    assert_clean_failure(broken_run, "5 broken links or anchors")
    output = broken_run.stdout
    for url, problem in [
        ("../nowhere/", "404"),
        ("../members/#no-such-member", "anchor #no-such-member not found"),
        ("../playbooks/safety/no-such-playbook/", "404"),
        ("#no-such-heading", "anchor #no-such-heading not found"),
    ]:
        block = re.search(rf"^  {re.escape(url)}.*: (?P<problem>.*)\n      in (?P<page>\S+) line (?P<line>\d+)"
                          r", built from (?P<source>\S+)$", output, re.MULTILINE)
        assert block, f"{url} not reported with its page and line:\n{output}"
        assert problem in block["problem"], output
        assert block["page"] == "about/index.html", output
        assert block["source"].endswith("docs/about.md"), output
    assert "#cottonwood-regional" not in output, "an anchor that exists was reported"


def test_pages_linked_from_nowhere_are_checked_too(broken_run):
    assert re.search(r"^  gone/ \(resolves to /legacy/gone/\): 404 .*\n      in legacy/old-page\.html line 1$",
                     broken_run.stdout, re.MULTILINE), broken_run.stdout


def test_the_shipped_site_passes_and_its_server_is_gone_afterwards(shipped_site):
    result = run_linkcheck(shipped_site.site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no broken internal link or anchor" in result.stdout
    port = served_port(result.stdout)
    assert port_is_closed(port)
    assert processes_mentioning(f"127.0.0.1:{port}") == []


def test_a_missing_site_is_a_clean_error(tmp_path):
    result = run_linkcheck(tmp_path / "site")
    assert_clean_failure(result, "has no index.html", "make build")
    assert result.returncode == 2


def start_linkcheck(site: Path, ignored: tuple[signal.Signals, ...] = ()) -> tuple[subprocess.Popen, str, int]:
    """`make linkcheck`'s command, started with ``ignored`` signals ignored; returns once linkchecker runs.

    A shell ignores SIGINT so for `make test &`, and nohup SIGHUP. Every other stop signal starts at its
    default, whatever this test run itself inherited (under nohup, SIGHUP would otherwise arrive ignored).
    """
    def ignore():
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN if signum in ignored else signal.SIG_DFL)

    process = subprocess.Popen([sys.executable, "-m", "tools.linkcheck", str(site)], cwd=ROOT, preexec_fn=ignore,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    first_line = process.stdout.readline()
    port = served_port(first_line)
    deadline = time.monotonic() + 60
    while not processes_mentioning(f"127.0.0.1:{port}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_mentioning(f"127.0.0.1:{port}"), "linkchecker never started"
    return process, first_line, port


def assert_stopped_cleanly(process: subprocess.Popen, first_line: str, port: int) -> None:
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, first_line + stdout + stderr
    assert "Traceback" not in stderr, stderr
    assert "stopped" in stderr
    assert port_is_closed(port)
    deadline = time.monotonic() + 15
    while processes_mentioning(f"127.0.0.1:{port}") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(f"127.0.0.1:{port}") == [], "linkchecker outlived the check"


@pytest.mark.parametrize("stop, ignored", [
    (signal.SIGTERM, ()), (signal.SIGINT, ()), (signal.SIGHUP, ()),
    (signal.SIGINT, (signal.SIGINT,)),  # inherited as ignored, as under `make test &`
])
def test_a_signal_stops_the_server_and_linkchecker(shipped_site, stop, ignored):
    process, first_line, port = start_linkcheck(shipped_site.site, ignored)
    process.send_signal(stop)
    assert_stopped_cleanly(process, first_line, port)


def test_sighup_ignored_on_purpose_stays_ignored(shipped_site):
    """Under nohup the check goes on after SIGHUP and finishes."""
    process, first_line, port = start_linkcheck(shipped_site.site, (signal.SIGHUP,))
    process.send_signal(signal.SIGHUP)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0 and "stopped" not in stderr, first_line + stdout + stderr
    assert "no broken internal link or anchor" in stdout
    assert port_is_closed(port)


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_fetched_once_however_many_anchors_point_into_them(shipped_site, monkeypatch, capsys, jobs):
    """At most once by each linkchecker process: the one that parses it, and the others for its status."""
    requests = collections.Counter()
    count = server.SiteRequestHandler.send_head

    def counting_send_head(handler):
        requests[handler.path] += 1
        return count(handler)

    monkeypatch.setattr(server.SiteRequestHandler, "send_head", counting_send_head)
    assert main([str(shipped_site.site), "--jobs", str(jobs)]) == 0, capsys.readouterr()
    pages = [path for path in requests if path.endswith("/") or path.endswith(".html")]
    assert "/members/" in pages and len(pages) > 10
    assert {path: n for path, n in requests.items() if n > jobs} == {}
    anchored = sum(len(re.findall(r'href="[^"]*#[^"]+"', page.read_text(encoding="utf-8")))
                   for page in shipped_site.site.rglob("*.html"))
    assert anchored > 2 * len(pages), "the site should link many #anchors for this test to mean something"


# --- make linkcheck-external, offline: every "external" host is another loopback address ----


class Stub(http.server.BaseHTTPRequestHandler):
    """An external host: /ok answers 200, /busy 429 (rate limited), anything else 404."""

    def do_GET(self):
        status = {"/ok": 200, "/busy": 429}.get(self.path, 404)
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "60")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, format, *args):
        """Quiet."""


@contextlib.contextmanager
def stub_host(address: str):
    """An external host on another loopback address, answering by path: not a site folder, so not SiteServer."""
    with server.running(http.server.ThreadingHTTPServer((address, 0), Stub)) as port:
        yield f"http://{address}:{port}"


def test_external_mode_fetches_external_links_skips_the_site_url_and_forgives_429(tmp_path):
    """A hand-written site, so that no real external address is ever asked for."""
    with stub_host("127.0.0.2") as host, stub_host("127.0.0.3") as published:
        site = tmp_path / "site"
        (site / "sources").mkdir(parents=True)
        (site / "index.html").write_text('<!doctype html><title>Home</title><a href="sources/">Sources</a>\n')
        (site / "sources" / "index.html").write_text(f"""<!doctype html><title>Sources</title>
<a href="{host}/ok">A source that answers</a>
<a href="{host}/busy">A source that is busy (HTTP 429)</a>
<a href="{host}/moved-away">A source that moved away</a>
<a href="{published}/never-fetched/">This site, as published</a>
""")
        internal = run_linkcheck(site)
        assert internal.returncode == 0, internal.output
        external = run_linkcheck(site, "--external", "--site-url", published + "/",
                                 "--retries", "1", "--retry-delay", "0")
    assert_clean_failure(external, "1 broken links or anchors", f"{host}/moved-away: 404",
                         "in sources/index.html line 4")
    assert "checking them again" in external.stdout
    assert "/busy" not in external.stdout and "/ok" not in external.stdout
    assert "never-fetched" not in external.stdout


def test_linkcheckerrc_fails_on_warnings_and_leaves_anchors_to_the_one_pass():
    """With linkchecker's AnchorCheck on, a page#anchor URL would be fetched again for every anchor."""
    config = configparser.ConfigParser()
    config.read(runner.CONFIG)
    assert "AnchorCheck" not in config
    assert config["output"]["warnings"] == "1"
    assert config["filtering"]["checkextern"] == "0"
    ignored = {name.strip() for name in config["filtering"]["ignorewarnings"].split(",")}
    assert "http-rate-limited" in ignored
    assert not ignored & {"url-error-getting-content", "url-content-size-zero", "mail-no-mx-host"}
    assert float(config["checking"]["maxrequestspersecond"]) >= 100


# --- make linkcheck-proof ------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted_site(shipped_site, tmp_path_factory):
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(shipped_site.site, site)
    return site, linkcheck_proof.plant(site)


def test_the_proof_passes_when_every_planted_fault_is_reported(planted_site):
    site, expected = planted_site
    assert len(expected) == len(linkcheck_proof.PLANTED)
    assert linkcheck_proof.prove(site, expected, runs=2, jobs=2) == []


def test_the_proof_fails_when_a_planted_fault_is_left_out_of_the_expected_list(planted_site):
    site, expected = planted_site
    left_out = sorted(expected)[0]
    failed = linkcheck_proof.prove(site, expected - {left_out}, runs=1, jobs=2)
    assert failed and f"unexpected: {left_out[0]} in {left_out[1]}" in "\n".join(failed), failed


def test_the_proof_fails_when_a_fault_goes_unreported(planted_site):
    site, expected = planted_site
    ghost = ("#ghost", "about/index.html", "anchor #ghost not found on that page")
    failed = linkcheck_proof.prove(site, expected | {ghost}, runs=1, jobs=2)
    assert failed and "missed: #ghost in about/index.html" in "\n".join(failed), failed
