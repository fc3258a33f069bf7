"""`make linkcheck`: check every link and #anchor of a built site with linkchecker.

Run as ``python -m tools.linkcheck SITE_DIR [--external]``.

The site is served on a free loopback port by Python's http.server, and
linkchecker, configured by the checked-in ``linkcheckerrc``, crawls it from
generated pages that link every HTML file, so links written as raw HTML (which
the MkDocs build cannot see) and pages linked from nowhere are checked too.
One linkchecker process runs per core (``--jobs``), each parsing its share of
the pages, and each page is fetched and parsed once however many #anchors
point into it (see check_each_page_once).
Prints each broken link or anchor with the page and line that hold it and
exits 1; exits 0 when everything resolves and 2 when the check could not run.
The server and linkchecker stop whatever happens (an error, Ctrl-C, SIGTERM
or SIGHUP).

``--external`` fetches external URLs as well (timeout, retries, linkchecker's
per-host rate limit; HTTP 429 counts as reachable) and skips the site's own
published address, ``SITE_URL``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import functools
import html
import html.parser
import http.server
import io
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib
from http import HTTPStatus
from pathlib import Path

from bs4.dammit import UnicodeDammit

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "linkcheckerrc"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
LOOPBACK = "127.0.0.1"
# Generated pages, one per linkchecker process, that link every HTML file of
# the site between them: the crawl's starts. Each process parses only the pages
# its start page lists (and follows links to the others without parsing them).
START_PREFIX = "/__linkcheck-pages-"
PARTITION_VARIABLE = "LINKCHECK_PARTITION"
# Material's 404 page links the published address absolutely: it is served by
# the host under any path, so it is the one page not checked from the root.
UNCHECKED_PAGES = {"404.html"}
EXTERNAL_TIMEOUT_SECONDS = 20
EXTERNAL_THREADS = 8
EXTERNAL_RETRIES = 2
EXTERNAL_RETRY_DELAY_SECONDS = 30
# Pages are parsed in pure Python, so the check uses one process per core.
DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))
PAGES_LISTED_PER_PROBLEM = 10
ENGINE_FLAG = "--linkchecker-engine"


class Stopped(Exception):
    """A signal asked the check to stop."""


def _stop(signum, frame):
    raise Stopped(signal.Signals(signum).name)


def signals_to_handle(current_handler=signal.getsignal) -> list[signal.Signals]:
    """SIGINT and SIGTERM always, also when SIGINT was inherited as ignored (a shell starts
    `make test &` so); SIGHUP unless it was ignored on purpose (nohup)."""
    wanted = [signal.SIGINT, signal.SIGTERM]
    if current_handler(signal.SIGHUP) is not signal.SIG_IGN:
        wanted.append(signal.SIGHUP)
    return wanted


# --- The server ------------------------------------------------------------------


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a static host would: no folder listings.

    The ``LinkChecker`` header tells linkchecker the server welcomes it, so the
    rate in linkcheckerrc rules instead of its 0.1-0.6 s pause per request.
    """

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without this, Nagle's
    # algorithm holds the body for the client's delayed ACK (about 40 ms).
    disable_nagle_algorithm = True

    def end_headers(self):
        self.send_header("LinkChecker", "allow-concurrent-checks")
        super().end_headers()

    def send_head(self):
        body = self.server.start_pages.get(urllib.parse.urlsplit(self.path).path)
        if body is not None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "No index.html in this folder")
        return None

    def log_message(self, format, *args):
        """Requests are not logged: the report names what failed."""


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Path, jobs: int):
        super().__init__((LOOPBACK, 0), functools.partial(SiteRequestHandler, directory=str(site)))
        self.start_pages = start_pages(site, jobs)

    def handle_error(self, request, client_address):
        """linkchecker hangs up once it has what it needs; only other errors are shown."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def page_url(relative: str) -> str:
    """The URL path of a built HTML file as MkDocs links it: about/index.html is about/."""
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return urllib.parse.quote(relative)


def start_path(part: int, jobs: int) -> str:
    return f"{START_PREFIX}{part + 1}-of-{jobs}__.html"


def partition(url_path: str, jobs: int) -> int:
    """Which of ``jobs`` processes parses the page at ``url_path`` (such as /about/)."""
    return zlib.crc32(urllib.parse.unquote(url_path).encode("utf-8")) % jobs


def start_pages(site: Path, jobs: int) -> dict[str, bytes]:
    """For each process, an HTML page linking the pages it parses; together, every HTML file once."""
    links: list[list[str]] = [[] for _ in range(jobs)]
    for relative in sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")):
        if relative not in UNCHECKED_PAGES:
            url = page_url(relative)
            links[partition(urllib.parse.urljoin("/", url), jobs)].append(
                f'<a href="{html.escape(url)}">{html.escape(relative)}</a>')
    return {start_path(part, jobs): f"<!doctype html>\n<title>Pages</title>\n{chr(10).join(links[part])}\n".encode()
            for part in range(jobs)}


@contextlib.contextmanager
def running(server: http.server.ThreadingHTTPServer):
    """Run ``server`` in a thread; yields its port, and always stops and closes it."""
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def serve(site: Path, jobs: int = 1):
    """Serve ``site`` on a free loopback port; yields its base URL, always stops the server."""
    with running(SiteServer(site, jobs)) as port:
        yield f"http://{LOOPBACK}:{port}/"


# --- linkchecker, run in a child process -------------------------------------------


class PageElements(html.parser.HTMLParser):
    """What linkchecker reads of a page's BeautifulSoup tree, from one streaming pass.

    linkchecker only walks every element's name, attributes and position
    (find_links), looks for a robots <meta> (find) and reads the encoding;
    building a whole tree for that was half the check's CPU.
    """

    def __init__(self, markup: bytes | str, from_encoding: str | None = None):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, int, int]] = []
        if isinstance(markup, bytes):
            self.original_encoding = from_encoding or "utf-8"
            try:
                text = markup.decode(self.original_encoding)
            except (UnicodeDecodeError, LookupError):
                dammit = UnicodeDammit(markup, [from_encoding] if from_encoding else [])
                text, self.original_encoding = dammit.unicode_markup or "", dammit.original_encoding
        else:
            text, self.original_encoding = markup, None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.elements.append((tag, {name: value or "" for name, value in attrs}, line, column))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def find(self, name: str, attrs: dict):
        """The first element called ``name`` whose attributes match (text, or a regex searched)."""
        for tag, values, _, _ in self.elements:
            if tag == name and all(
                    key in values and (value.search(values[key]) if hasattr(value, "search") else values[key] == value)
                    for key, value in attrs.items()):
                return tag, values
        return None


def find_links(soup: PageElements, callback, tags) -> None:
    """linkcheck.htmlutil.linkparse.find_links over a PageElements pass, without each element's text.

    linkparse reads every element's text (the whole page's for <body>) only to
    name links, and linkcheckerrc's CSV has no names. Elements with none of the
    attributes LinkFinder.html_element looks at (and no <base>) are passed over
    here rather than there: most of a page's elements.
    """
    from linkcheck.htmlutil import linkparse

    finder = linkparse.LinkFinder(callback, tags)
    for name, attrs, line, column in soup.elements:
        wanted = finder.tags.get(name, finder.universal_attrs)
        if name != "base" and wanted.isdisjoint(attrs):
            continue
        finder.html_element(name, attrs, "", line, column + 1)


def crawl_each_page_once() -> None:
    """Make linkchecker fetch and parse each page once, one share of the pages per process.

    Anchors are not checked by linkchecker (its AnchorCheck plugin stays off,
    so a page#anchor URL is the page itself for its cache, as linkchecker
    documents): see anchor_problems. Each process parses only the pages of its
    partition (from the environment, read once) and reads a page in one
    streaming pass of html.parser (PageElements) instead of a BeautifulSoup
    tree. Nothing here is shared between processes or threads but immutable
    settings and functools' thread-safe cache of loggers.
    """
    from linkcheck import log
    from linkcheck.checker import urlbase
    from linkcheck.htmlutil import htmlsoup, linkparse

    part, _, jobs = os.environ.get(PARTITION_VARIABLE, "0/1").partition("/")
    part, jobs = int(part), int(jobs)
    crawl_page = urlbase.UrlBase.allows_recursion

    def allows_recursion(url_data):
        """Pages of other processes are fetched for their status, not parsed."""
        path = url_data.urlparts[2] or "/"
        mine = path.startswith(START_PREFIX) or url_data.extern[0] or partition(path, jobs) == part
        return mine and crawl_page(url_data)

    logger_named = functools.lru_cache(maxsize=None)(logging.getLogger)
    log_debug = log.debug

    def debug(logname, msg, *args, **kwargs):
        """linkcheck.log.debug without a locked logging.getLogger call each time (millions a run)."""
        if logger_named(logname).isEnabledFor(logging.DEBUG):
            log_debug(logname, msg, *args, **kwargs)

    log.debug = debug
    linkparse.find_links = find_links
    htmlsoup.make_soup = PageElements
    urlbase.UrlBase.allows_recursion = allows_recursion


@dataclasses.dataclass
class _AnchorLookup:
    """The two things linkchecker's UrlAnchorCheck.check_anchor reads of a URL, and its warning."""
    anchor: str
    encoding: str = "utf-8"
    warning: str = ""

    def add_warning(self, message, tag=None):
        self.warning = message


def page_anchors(path: Path) -> list:
    """The anchors of one built page, found as linkchecker's AnchorCheck finds them."""
    from linkcheck.htmlutil import linkparse
    from linkcheck.plugins import anchorcheck

    collector = anchorcheck.UrlAnchorCheck()
    find_links(PageElements(path.read_bytes()), collector.add_anchor, linkparse.AnchorTags)
    return collector.anchors


def anchor_problems(site: Path, site_base: str) -> list[Checked]:
    """Every link of every page whose #anchor its target page of this site lacks.

    Run once, in one process, over the built files after the crawl: the same
    site gives the same answer however busy the machine is. Links are found by
    linkchecker's own LinkFinder and anchors checked by its own
    UrlAnchorCheck.check_anchor, over every link of every page, not only the
    first link to each URL. This replaces linkchecker's AnchorCheck plugin,
    which its maintainers disabled for a release as unreliable (linkchecker
    PR #575; issues #568 and #460) and which fetches and parses a page again
    for every anchor pointing into it (issue #781).
    """
    from linkcheck.htmlutil import linkparse
    from linkcheck.plugins import anchorcheck

    anchors: dict[Path, list] = {}
    links_by_page: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(site.rglob("*.html")):  # one parse a page gives its links and its anchors
        relative = path.relative_to(site).as_posix()
        soup = PageElements(path.read_bytes())
        collector = anchorcheck.UrlAnchorCheck()
        find_links(soup, collector.add_anchor, linkparse.AnchorTags)
        anchors[path] = collector.anchors
        if relative in UNCHECKED_PAGES:
            continue
        links: list[tuple[str, int]] = links_by_page.setdefault(urllib.parse.urljoin(site_base, page_url(relative)), [])

        def found(url, line, column, name, base):  # LinkFinder passes these by keyword
            links.append((url, line))

        find_links(soup, found, linkparse.LinkTags)
    problems: list[Checked] = []
    for page, links in links_by_page.items():
        for written, line in links:
            resolved = urllib.parse.urljoin(page, written.strip())
            target, _, fragment = resolved.partition("#")
            if not fragment or not target.startswith(site_base):
                continue
            target_path = site / urllib.parse.unquote(urllib.parse.urlsplit(target).path).lstrip("/")
            if target_path.is_dir():
                target_path = target_path / "index.html"
            if target_path not in anchors:
                continue  # not an HTML page of the site: a missing page is linkchecker's to report
            lookup = _AnchorLookup(anchor=fragment)
            checker = anchorcheck.UrlAnchorCheck()
            checker.anchors = anchors[target_path]
            checker.check_anchor(lookup)
            if lookup.warning:
                problems.append(Checked(written=written, url=resolved, page=page, line=str(line),
                                        result="200 OK", warning=lookup.warning, valid=True))
    return problems


def run_engine(linkchecker_args: list[str]) -> None:
    """The child process: linkchecker's own command line, with each page fetched once."""
    crawl_each_page_once()
    from linkcheck.command.linkchecker import linkchecker
    sys.argv = ["linkchecker", *linkchecker_args]
    linkchecker()


@dataclasses.dataclass(frozen=True)
class Checked:
    """One URL linkchecker logged (with --verbose, every URL it met)."""
    written: str
    url: str
    page: str
    line: str
    result: str
    warning: str
    valid: bool

    @property
    def broken(self) -> bool:
        return not self.valid or bool(self.warning)


@dataclasses.dataclass
class Run:
    """One linkchecker process: its exit code, what it logged and its error output."""
    returncode: int
    checked: list[Checked]
    stderr: str


def linkchecker(runs: list[tuple[list[str], dict[str, str]]], stdin: str | None = None) -> list[Run]:
    """Run linkchecker processes at once, each with its arguments and extra environment, CSV output.

    Whatever happens (an error, a signal in this process), every child is ended.
    """
    processes = []
    outputs: list[tuple[str, str]] = [("", "")] * len(runs)
    try:
        for args, extra_environment in runs:
            environment = {**os.environ, **extra_environment}
            # A proxy must never see the loopback server.
            for name in ("no_proxy", "NO_PROXY"):
                environment[name] = ",".join(filter(None, [os.environ.get(name), LOOPBACK, "localhost"]))
            command = [sys.executable, "-m", "tools.linkcheck", ENGINE_FLAG, "--config", str(CONFIG),
                       "--no-status", "--verbose", "--output", "csv/utf-8", *args]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=environment, text=True, encoding="utf-8",
                                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE))

        def collect(index: int) -> None:
            outputs[index] = processes[index].communicate(stdin or "")

        readers = [threading.Thread(target=collect, args=(index,), daemon=True) for index in range(len(processes))]
        for reader in readers:
            reader.start()
        for reader in readers:
            while reader.is_alive():
                reader.join(0.2)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    return [Run(process.returncode, parse_csv(stdout), stderr) for process, (stdout, stderr) in zip(processes, outputs)]


def parse_csv(output: str) -> list[Checked]:
    """linkchecker's CSV output, with the columns linkcheckerrc's [csv] section asks for."""
    rows = csv.DictReader(io.StringIO(output, newline=""), delimiter=";")
    return [Checked(written=row["urlname"] or "", url=row["url"] or row["urlname"] or "",
                    page=row["parentname"] or "", line=row["line"] or "", result=row["result"] or "",
                    warning=row["warningstring"] or "", valid=row["valid"] == "True")
            for row in rows]


# --- The report --------------------------------------------------------------------


def problem(entry: Checked) -> str:
    """What is wrong with a URL, in a few words."""
    anchor = re.search(r"Anchor `(.*?)' \(decoded", entry.warning)
    if entry.valid and anchor:
        return f"anchor #{anchor.group(1)} not found on that page"
    text = entry.result if not entry.valid else entry.warning
    text = re.sub(r"^\[[\w-]+\]\s*", "", " ".join(text.split()))
    return text[:200] or "broken"


def page_name(url: str, base: str) -> str:
    """The built file behind a served URL, relative to the site folder."""
    if not url.startswith(base):
        return url
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    if path.startswith(START_PREFIX):
        return "(the list of every page)"
    relative = path.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


def source_of(built: str, docs: Path) -> str | None:
    """The file under docs/ that MkDocs built a page from, where one can be found."""
    if built.endswith("index.html"):
        stem = built[: -len("index.html")].rstrip("/")
        candidates = [f"{stem}.md", f"{stem}/index.md" if stem else "index.md", f"{stem}/README.md"]
    else:
        candidates = [built]
    for candidate in candidates:
        if (docs / candidate).is_file():
            return os.path.relpath(docs / candidate)
    return None


def report(broken: list[Checked], base: str, docs: Path) -> list[str]:
    """Lines grouped by broken URL, each naming the page (and source) and line that hold it."""
    by_problem: dict[tuple[str, str], list[Checked]] = {}
    for entry in broken:
        by_problem.setdefault((entry.written or entry.url, problem(entry)), []).append(entry)
    lines = []
    for (written, what), entries in sorted(by_problem.items()):
        target = entries[0].url.replace(base, "/", 1) if entries[0].url.startswith(base) else entries[0].url
        shown = written if target in (written, "") else f"{written} (resolves to {target})"
        lines.append(f"  {shown}: {what}")
        places = sorted({(page_name(e.page, base), e.line) for e in entries if e.page})
        for page, line in places[:PAGES_LISTED_PER_PROBLEM]:
            source = source_of(page, docs)
            lines.append(f"      in {page}" + (f" line {line}" if line else "")
                         + (f", built from {source}" if source else ""))
        if len(places) > PAGES_LISTED_PER_PROBLEM:
            lines.append(f"      and {len(places) - PAGES_LISTED_PER_PROBLEM} more pages")
    return lines


def is_external(entry: Checked, base: str) -> bool:
    return not entry.url.startswith(base)


def retry_external(broken: list[Checked], base: str, retries: int, delay: float) -> list[Checked]:
    """External URLs that failed are checked again ``retries`` times; those that ever pass are dropped."""
    still = [entry for entry in broken if is_external(entry, base)]
    for attempt in range(1, retries + 1):
        if not still:
            break
        urls = sorted({entry.url.partition("#")[0] for entry in still})
        print(f"linkcheck: {len(urls)} external URLs failed; checking them again in {delay:g} s "
              f"(retry {attempt} of {retries})", flush=True)
        time.sleep(delay)
        (again,) = linkchecker([(["--check-extern", "--recursion-level", "0", "--stdin", "--timeout",
                                  str(EXTERNAL_TIMEOUT_SECONDS), "--threads", str(EXTERNAL_THREADS)], {})],
                               stdin="\n".join(urls))
        failing = {entry.url.partition("#")[0] for entry in again.checked if entry.broken}
        still = [entry for entry in still if entry.url.partition("#")[0] in failing]
    return [entry for entry in broken if not is_external(entry, base)] + still


class EngineStopped(Exception):
    """linkchecker itself stopped; the message holds its exit code and error output."""


def broken_links(site: Path, base: str, jobs: int, args: list[str] | None = None) -> tuple[list[Checked], list[Checked], list[Run]]:
    """The broken links and anchors of ``site`` served at ``base``, every URL checked, and each process's run."""
    runs = linkchecker([([*(args or []), base + start_path(part, jobs).lstrip("/")],
                         {PARTITION_VARIABLE: f"{part}/{jobs}"}) for part in range(jobs)])
    for run in runs:
        if run.returncode not in (0, 1) or not run.checked:
            raise EngineStopped(f"linkchecker stopped with exit code {run.returncode}:\n{run.stderr}")
    checked = [entry for run in runs for entry in run.checked]
    return [entry for entry in checked if entry.broken] + anchor_problems(site, base), checked, runs


def check_site(site: Path, docs: Path, external: bool, site_url: str, jobs: int,
               retries: int, retry_delay: float) -> int:
    """Serve ``site``, check it with ``jobs`` linkchecker processes, print the report; the exit code."""
    started = time.perf_counter()
    with serve(site, jobs) as base:
        print(f"linkcheck: serving {site} at {base} to {jobs} linkchecker processes", flush=True)
        args = []
        if external:
            args += ["--check-extern", "--timeout", str(EXTERNAL_TIMEOUT_SECONDS),
                     "--threads", str(EXTERNAL_THREADS), "--ignore-url", "^" + re.escape(site_url)]
        try:
            broken, checked, runs = broken_links(site, base, jobs, args)
        except EngineStopped as error:
            print(f"linkcheck: {error}", file=sys.stderr)
            return 2
        if external and broken:
            broken = retry_external(broken, base, retries, retry_delay)
    seconds = time.perf_counter() - started
    urls = len({entry.url for entry in checked})
    found = len({(entry.url, entry.page, entry.line) for entry in broken})
    if found:
        print(f"linkcheck: {found} broken links or anchors in {site} ({urls} URLs checked in {seconds:.1f} s):")
        print("\n".join(report(broken, base, docs)))
        print("linkcheck: fix each link above where the page's source writes it "
              f"and run `make {'linkcheck-external' if external else 'linkcheck'}` again.")
        return 1
    if any(run.returncode for run in runs) and not external:
        print("linkcheck: linkchecker reported problems that could not be read:\n"
              + "\n".join(run.stderr for run in runs), file=sys.stderr)
        return 1
    scope = "link or anchor" if external else "internal link or anchor"
    print(f"linkcheck: {urls} URLs checked in {seconds:.1f} s; no broken {scope}.")
    return 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder, such as site")
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="the Markdown sources, to name the file behind a page (default: docs)")
    parser.add_argument("--external", action="store_true",
                        help="also fetch external URLs (needs the internet)")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or DEFAULT_SITE_URL,
                        help="the site's own address, never fetched (default: $SITE_URL or %(default)s)")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS,
                        help="linkchecker processes, each parsing its share of the pages (default: %(default)s)")
    parser.add_argument("--retries", type=int, default=EXTERNAL_RETRIES,
                        help="with --external, how often a failed external URL is checked again")
    parser.add_argument("--retry-delay", type=float, default=EXTERNAL_RETRY_DELAY_SECONDS,
                        help="with --external, seconds to wait before each retry")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [ENGINE_FLAG]:
        run_engine(argv[1:])
        return 0
    args = parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"linkcheck: {args.site} has no index.html; build the site first (make build)", file=sys.stderr)
        return 2
    handlers = {signum: signal.signal(signum, _stop) for signum in signals_to_handle()}
    try:
        return check_site(site, args.docs, args.external, args.site_url, max(1, args.jobs),
                          args.retries, args.retry_delay)
    except Stopped as stop:
        print(f"linkcheck: stopped ({stop}); the server is shut down", file=sys.stderr)
        return 130
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())
