"""The project's one loopback HTTP server of a built site (link check, browser tests), and the start pages."""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import sys
import threading
import urllib.parse
import zlib
from http import HTTPStatus
from pathlib import Path

from network.urls import url_of_built_file

LOOPBACK = "127.0.0.1"
# Generated pages, one per linkchecker process, that link every HTML file of
# the site between them: the crawl's starts. Each process parses only the pages
# its start page lists (and follows links to the others without parsing them).
START_PREFIX = "/__linkcheck-pages-"
# Material's 404 page links the published address absolutely: it is served by
# the host under any path, so it is the one page not checked from the root.
UNCHECKED_PAGES = {"404.html"}


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
    """The folder ``site`` on a free loopback port, with start pages for ``jobs`` linkchecker processes.

    With ``jobs`` 0 (a browser's server) there are no start pages, and the
    folder may be built only once the server runs.
    """

    daemon_threads = True

    def __init__(self, site: Path, jobs: int = 0):
        super().__init__((LOOPBACK, 0), functools.partial(SiteRequestHandler, directory=str(site)))
        self.start_pages = start_pages(site, jobs) if jobs else {}

    def handle_error(self, request, client_address):
        """A client may hang up once it has what it needs; only other errors are shown."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def page_url(relative: str) -> str:
    """The quoted URL, relative to the site's root, of a built file: about/index.html is about/, index.html ./."""
    return urllib.parse.quote(url_of_built_file(relative)) or "./"


def served_file(site: Path, url: str) -> Path:
    """The file of ``site`` the server answers the URL ``url`` with: a folder's index.html."""
    path = site / urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


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
def serve(site: Path, jobs: int = 0):
    """Serve ``site`` on a free loopback port (start pages for ``jobs`` processes); yields its base URL.

    The server always stops. With no start pages (``jobs`` 0) ``site`` is read
    only as it is asked for, so it may be built once the server runs, with the
    URL as its site_url.
    """
    with running(SiteServer(site, jobs)) as port:
        yield f"http://{LOOPBACK}:{port}/"
