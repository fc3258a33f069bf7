"""`make serve`'s live preview: the open page follows every save, and shows the problems of a failed rebuild.

MkDocs' server injects an inline livereload script into every page it
serves, with a per-request id, so no hash in the site's Content-Security-
Policy can allow it, and the policy (overrides/main.html) allows no inline
script. Under `make serve` only, the hook (macros/published_files.py) makes
the server:

- inject ``<script src="/_preview/live.js">`` instead, a same-origin file the
  policy allows as it stands; the file (tools/preview/live.js) is served
  from here, and never written into the site, so `make build` has no trace
  of it;
- answer ``/_preview/state/<version>``: the version of the last rebuild and
  its problems, held until the next rebuild ends (a long poll). The script
  reloads the page after a rebuild that passed, and after one that failed
  shows its problems at the top of the page, in the site's own style, until
  a rebuild passes again;
- after a failed rebuild, serve the pages of the last one that passed
  (MkDocs would hold every request until a rebuild passes), and print the
  problems in the terminal every time: MkDocs' build log drops a message it
  has printed once, so a repeated mistake showed only "Aborted with a
  BuildError!".

This module uses the server's private methods of MkDocs 1.6.1 (pinned):
``_serve_request``, ``_inject_js_into_html`` and the epochs.
tests/browser/test_live_preview.py holds it to what a reader sees.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path

from tools.preview.staged import BUILD_LOG, ENGINE_LOG

PREVIEW_PATH = "/_preview/"
SCRIPT = Path(__file__).with_name("live.js")
STATE = re.compile(re.escape(PREVIEW_PATH) + r"state/(-?[0-9]+)")
# How long a poll is held when nothing changes (the browser asks again at once).
HOLD_SECONDS = 30
# MkDocs' link warning, as `make check` (tools/site_check.py) reads it too.
MKDOCS_LINK_WARNING = re.compile(
    r"Doc file '(?P<src>[^']+)' contains (?:a link|an unrecognized relative link|an absolute link) "
    r"'(?P<link>[^']+)'(?:,| but)?\s*(?P<rest>.*)")
# Lines of a failed build that say nothing about what to fix.
NOT_A_PROBLEM = re.compile(r"^(?:Aborted with |\d+ problems? in the site's content:$|Error reading page )")
log = logging.getLogger("mkdocs.live_preview")


class PreviewState:
    """The version of the last rebuild (counting up) and its problems, with a condition to wait for the next."""

    def __init__(self):
        self.version = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()

    def rebuilt(self, problems: list[str]) -> None:
        with self.changed:
            self.version += 1
            self.problems = problems
            self.changed.notify_all()

    def after(self, version: int, timeout: float = HOLD_SECONDS) -> dict:
        """The state once its version differs from ``version`` (or after ``timeout``), as the script reads it."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout=timeout)
            return {"version": self.version, "problems": list(self.problems)}


def source_line(text: str, link: str) -> int | None:
    """The first line of a Markdown source that writes ``link`` (as a link target, else anywhere)."""
    lines = text.splitlines()
    for pattern in (f"({link}", f'"{link}"', f"'{link}'", link):
        for number, line in enumerate(lines, start=1):
            if pattern in line:
                return number
    return None


def problem_lines(messages: list[str], docs_dir: Path, shown_dir: str = "docs") -> list[str]:
    """A failed build's warnings and errors as ``file:line: what`` lines: a link warning at its source line."""
    lines = []
    for message in messages:
        for line in message.splitlines():
            line = line.strip()
            if not line or NOT_A_PROBLEM.match(line):
                continue
            link = MKDOCS_LINK_WARNING.search(line)
            if link:
                try:
                    number = source_line((docs_dir / link["src"]).read_text(encoding="utf-8"), link["link"])
                except OSError:
                    number = None
                where = f"{shown_dir}/{link['src']}" + (f":{number}" if number else "")
                what = re.sub(r"^but\s+", "", link["rest"].strip())
                line = f"{where}: link '{link['link']}': {what}"
            lines.append(line)
    return list(dict.fromkeys(lines))


class _Collected(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _forget_printed_messages() -> None:
    """Let MkDocs' build log print a message again (its DuplicateFilter drops one it has printed)."""
    for known in logging.getLogger(BUILD_LOG).filters:
        if hasattr(known, "msgs"):
            known.msgs.clear()


class ReportedRebuilds:
    """`make serve`'s builder, wrapped: each rebuild's problems, or none, recorded for the open pages."""

    def __init__(self, builder: Callable[[], None], state: PreviewState, docs_dir: Path):
        self.builder = builder
        self.state = state
        self.docs_dir = docs_dir

    def __call__(self) -> None:
        collected = _Collected()
        mkdocs_log = logging.getLogger(ENGINE_LOG)
        _forget_printed_messages()
        mkdocs_log.addHandler(collected)
        try:
            self.builder()
        # Any failed rebuild is shown, and the server keeps serving (MkDocs stops a strict build with Abort,
        # a SystemExit): the traceback and "Aborted with ..." say nothing the problems do not.
        except (Exception, SystemExit) as error:  # noqa: BLE001
            problems = problem_lines(collected.messages, self.docs_dir) or [str(error)]
            self.state.rebuilt(problems)
            log.error("The preview shows these problems in the open page and comes back once they are fixed")
            return
        finally:
            mkdocs_log.removeHandler(collected)
        self.state.rebuilt([])


def inject(content: bytes, version: int) -> bytes:
    """A served page with the preview's script before ``</body>``: a file, allowed by the site's own policy."""
    tag = f'<script src="{PREVIEW_PATH}live.js" data-version="{version}"></script>'.encode()
    end = content.rfind(b"</body>")
    end = len(content) if end < 0 else end
    return content[:end] + tag + content[end:]


def install(server, state: PreviewState, docs_dir: Path) -> None:
    """Make MkDocs' live-reload server serve the preview's script and state, and show failed rebuilds."""
    serve_site = server._serve_request

    def serve_request(environ, start_response):
        path = environ["PATH_INFO"]
        if path == PREVIEW_PATH + "live.js":
            body = SCRIPT.read_bytes()
            start_response("200 OK", [("Content-Type", "application/javascript"), ("Cache-Control", "no-store"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        asked = STATE.fullmatch(path)
        if asked:
            body = json.dumps(state.after(int(asked[1]))).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return serve_site(environ, start_response)

    server._serve_request = serve_request
    server._inject_js_into_html = lambda content, epoch: inject(content, state.version)
    server.builder = ReportedRebuilds(server.builder, state, docs_dir)
