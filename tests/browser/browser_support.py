"""Browser checks shared by tests/browser and `make screenshots`.

Finds Chromium, serves a built site on loopback, runs axe-core, records every
request, console error, page error and CSP violation, drives Material's search
and measures what a phone shows. Each checker returns plain text findings so
that a test can assert "no findings" and a deliberately broken site can prove
the checker finds its fault.

Run as a script, it tells whether a usable Chromium is installed. A script
has only its own folder on its path, so the repository's modules (network,
tools) are imported by the functions that use them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT

SYSTEM_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "The browser tests need Chromium. Install Debian's package with\n"
    "    sudo apt-get update && sudo apt-get install -y chromium\n"
    "(`bash .ci/run` does this), or point CHROMIUM_PATH at a Chromium or Chrome\n"
    "executable, or, where the network allows it, run\n"
    "    .venv/bin/python -m playwright install chromium"
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No host name resolves but loopback: nothing can leave the machine even if
    # a page asked for it (the request is still recorded, then refused).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Material's body attribute for each prefers-color-scheme value (mkdocs.yml palette).
MATERIAL_SCHEMES = {"light": "default", "dark": "slate"}
SEARCH_RESULT = ".md-search-result__item"
# Playwright's default timeout, the longest a search may take on a busy machine before it counts as failed.
SEARCH_TIMEOUT_MS = 30_000


class ChromiumNotFound(RuntimeError):
    """No Chromium at CHROMIUM_PATH, /usr/bin/chromium or in Playwright's cache."""


def find_chromium() -> str:
    """The Chromium to drive: $CHROMIUM_PATH, else Debian's, else Playwright's own download."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if os.access(configured, os.X_OK):
            return configured
        raise ChromiumNotFound(f"CHROMIUM_PATH={configured} is not an executable file.\n{INSTALL_HINT}")
    if os.access(SYSTEM_CHROMIUM, os.X_OK):
        return SYSTEM_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    downloads = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for downloaded in sorted(downloads.glob("chromium-*/chrome-linux*/chrome"), reverse=True):
        if os.access(downloaded, os.X_OK):
            return str(downloaded)
    raise ChromiumNotFound(f"No Chromium found.\n{INSTALL_HINT}")


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve ``directory`` on a free loopback port; yields the base URL (ending in /).

    The port is bound before anything is built into ``directory``, so a build
    can use the URL as its site_url (Material's instant navigation needs that).
    It is the link check's server, without the link check's start pages.
    """
    from tools.linkcheck.server import serve

    with serve(directory) as url:
        yield url


def site_paths(site: Path) -> list[str]:
    """Every HTML page of a built site as a URL path relative to its root ('' is the home page)."""
    from network.urls import url_of_built_file

    return [url_of_built_file(html.relative_to(site).as_posix()) for html in sorted(site.rglob("*.html"))]


# --- Recording what a browser context does -------------------------------------------

_CSP_LISTENER = """
addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
                + ` on ${event.documentURI}`);
});
"""


@dataclasses.dataclass
class Recorder:
    """Everything a browser context did that a clinician's privacy or a working page depends on."""

    own_origins: tuple[str, ...]
    requests: list[str] = dataclasses.field(default_factory=list)
    third_party: list[str] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)

    def is_own(self, url: str) -> bool:
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob", "about"):
            return True
        own = (origin.rstrip("/") for origin in self.own_origins)
        return any(url == origin or url.startswith(origin + "/") for origin in own)

    def attach(self, context) -> None:
        """Record every request and error of ``context``; refuse any request to another host."""
        context.add_init_script(_CSP_LISTENER)
        context.on("request", self._on_request)
        context.on("requestfailed", lambda request: self.failed.append(f"{request.url} {request.failure}"))
        context.route("**/*", self._route)
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)

    def watch_page(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _on_request(self, request) -> None:
        self.requests.append(request.url)
        if not self.is_own(request.url):
            self.third_party.append(request.url)

    def _route(self, route) -> None:
        if self.is_own(route.request.url):
            route.fallback()
        else:
            route.abort("blockedbyclient")

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({location})" if location else message.text)

    @property
    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors
                if text.startswith("CSP violation") or "Content Security Policy" in text]

    def problems(self) -> list[str]:
        """Third-party requests, console errors (CSP violations among them) and uncaught errors."""
        found = [f"request to another host: {url}" for url in dict.fromkeys(self.third_party)]
        found += [f"console error: {text}" for text in self.console_errors]
        found += [f"uncaught error: {text}" for text in self.page_errors]
        return found


def new_recorded_context(browser, own_origin: str, **options):
    """A fresh browser context (no storage) with a Recorder attached; returns (context, recorder)."""
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    recorder = Recorder(own_origins=(own_origin,))
    recorder.attach(context)
    return context, recorder


def goto(page, url: str) -> None:
    """Open ``url`` and wait until Material has set the page up (its scripts ran)."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => typeof document$ !== 'undefined' && document.body.dataset.mdColorScheme")


# --- Accessibility ---------------------------------------------------------------------

def axe_violations(page, label: str = "") -> list[str]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page as it is now, one line per element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    where = label or page.url
    found = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{where}: {violation['id']} ({violation['impact']}) at "
                         f"{', '.join(map(str, node['target']))}: {summary}")
    return found


FOCUS_INDICATOR = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // Material's palette toggle focuses a hidden radio and rings its label.
  const shown = element.matches("input.md-option") ? element.nextElementSibling : element;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  // A link wrapped over two lines: look at its first line, not the box around both.
  const line = shown.getClientRects()[0] || box;
  const x = Math.min(Math.max(line.left + line.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(line.top + line.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    name: (shown.tagName.toLowerCase() + (shown.id ? "#" + shown.id : "")
           + (shown.className && typeof shown.className === "string"
              ? "." + shown.className.trim().split(/\\s+/).join(".") : "")
           + " '" + (shown.innerText || shown.getAttribute("aria-label") || shown.title || shown.value || "")
                     .trim().slice(0, 40) + "'"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    inViewport: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth
                && box.width > 0 && box.height > 0,
    covered: !!top && !(shown.contains(top) || top.contains(shown) || element.contains(top)),
    coveredBy: top ? top.tagName.toLowerCase() + "." + String(top.className).split(" ")[0] : "",
    href: shown.getAttribute("href"),
    inContent: !!shown.closest(".md-content"),
  };
}
"""


def focus_problem(page, focus: dict | None) -> str | None:
    """Why the focused element's focus is not visible (2.4.7, 2.4.11), or None when it is.

    An element under something else is looked at again once transitions have
    ended (Material's search overlay fades out for 250 ms after search closes).
    """
    if focus is None:
        return "focus went to the page body"
    if focus["covered"] or not focus["inViewport"]:
        page.wait_for_timeout(600)
        focus = page.evaluate(FOCUS_INDICATOR) or focus
    ring = focus["outlineStyle"] != "none" and focus["outlineWidth"] >= 2
    if not ring and focus["boxShadow"] in ("", "none"):
        return f"{focus['name']} shows no focus ring (outline {focus['outlineStyle']} {focus['outlineWidth']}px)"
    if not focus["inViewport"]:
        return f"{focus['name']} has focus but is outside the viewport"
    if focus["covered"]:
        return f"{focus['name']} has focus but is hidden under {focus['coveredBy']}"
    return None


def tab(page) -> dict | None:
    """Press Tab once; describe the newly focused element."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_INDICATOR)


# --- Search ------------------------------------------------------------------------------

@dataclasses.dataclass
class SearchOutcome:
    query: str
    links: list[str]
    milliseconds: float


class SearchFailed(AssertionError):
    """The search box showed no result for a query that should have one."""


SEARCH_OPEN = "() => document.getElementById('__search').checked"
# Resolves once a result is on screen, or the search panel has closed.
SEARCH_SHOWN_OR_CLOSED = """() => !document.getElementById('__search').checked
  || [...document.querySelectorAll('.md-search-result__item')]
       .some(item => item.checkVisibility({visibilityProperty: true}))"""
# Resolves once the results on screen answer the query in the box, which is the query typed, or the search panel
# has closed. The result list names the query its results answer (data-query, set as Material shows an answer by
# overrides/assets/javascripts/search/answers.js, which lets through only the answer to the query in the box).
SEARCH_ANSWERED_OR_CLOSED = """query => !document.getElementById('__search').checked
  || (document.querySelector('.md-search__input').value === query
      && document.querySelector('.md-search-result__list').dataset.query === query)"""
# Material opens its search panel when the box gains focus: a box that kept its focus while the panel closed
# (an instant navigation closes it) is left first, as a person clicking elsewhere would.
LEAVE_A_FOCUSED_BOX = "input => { if (document.activeElement === input) input.blur(); }"


def _open_search(page):
    """Open Material's search panel, unless it is open, as a person would; return the box.

    On a wide screen a person clicks the search box; on a narrow one, the header's search button.
    """
    field = page.locator(".md-search__input")
    if not page.evaluate(SEARCH_OPEN):
        field.evaluate(LEAVE_A_FOCUSED_BOX)
        button = page.locator(".md-header__button[for='__search']")
        (button if button.is_visible() else field).click()
        try:
            page.wait_for_function(SEARCH_OPEN, timeout=SEARCH_TIMEOUT_MS)
        except Exception as error:  # Playwright's TimeoutError
            raise SearchFailed(f"clicking the search box did not open search on {page.url}") from error
    return field


def search(page, query: str, timeout_ms: int = SEARCH_TIMEOUT_MS) -> SearchOutcome:
    """Type ``query`` into Material's search as a person would and read the results that answer it.

    The time runs from the first keystroke to the first result on screen (each keystroke searches, so it
    may answer the query typed so far); the links are read once the results on screen answer the whole
    query. If the panel closed while typing (an instant navigation finishing late), the query is typed
    again, as a person would.
    """
    for _ in range(3):
        field = _open_search(page)
        field.fill("")
        page.wait_for_selector(SEARCH_RESULT, state="detached")
        started = time.perf_counter()
        page.keyboard.type(query)
        try:
            page.wait_for_function(SEARCH_SHOWN_OR_CLOSED, timeout=timeout_ms)
        except Exception as error:  # Playwright's TimeoutError
            meta = page.locator(".md-search-result__meta").inner_text().strip()
            raise SearchFailed(f"search for {query!r} showed no result within {timeout_ms} ms; "
                               f"the search box says: {meta!r}") from error
        elapsed = (time.perf_counter() - started) * 1000
        try:
            page.wait_for_function(SEARCH_ANSWERED_OR_CLOSED, arg=query, timeout=timeout_ms)
        except Exception as error:  # Playwright's TimeoutError
            answered = page.eval_on_selector(".md-search-result__list", "list => list.dataset.query")
            raise SearchFailed(f"search for {query!r} showed no answer to it within {timeout_ms} ms; "
                               f"the results on screen answer {answered!r}") from error
        if page.evaluate(SEARCH_OPEN):
            break
    else:
        raise SearchFailed(f"the search panel kept closing while {query!r} was typed on {page.url}")
    links = page.eval_on_selector_all(".md-search-result a", "links => links.map(a => a.href)")
    return SearchOutcome(query, links, elapsed)


# A playbook's page, as a search result links it: playbooks/<domain>/<slug>/ (or <slug>.html offline).
PLAYBOOK_PATH = re.compile(r"playbooks/(quality|safety|professionalism)/([a-z0-9-]+?)(?:/(?:index\.html)?|\.html)$")
# Resolves once "Did you mean" shows for the query typed (overrides/assets/javascripts/search/help.js).
HELP_SHOWN = """query => {
  const box = document.querySelector('.pb-search-help');
  return box && !box.hidden && box.dataset.shown === query;
}"""


def playbook_of(link: str) -> str | None:
    """"<domain>/<slug>" of the playbook a result links to, or None for another page."""
    match = PLAYBOOK_PATH.search(urlsplit(link).path)
    return f"{match[1]}/{match[2]}" if match and match[2] != "index" else None


def first_playbook(page, query: str, expects_nothing: bool = False) -> tuple[str | None, float]:
    """The first playbook search shows for ``query`` and the time it took (ms).

    With ``expects_nothing``, the first title under "Did you mean" once search says that nothing matches.
    """
    if not expects_nothing:
        outcome = search(page, query)
        return next(filter(None, map(playbook_of, outcome.links)), None), outcome.milliseconds
    field = _open_search(page)
    field.fill("")
    started = time.perf_counter()
    page.keyboard.type(query)
    try:
        page.wait_for_function(HELP_SHOWN, arg=query.strip(), timeout=SEARCH_TIMEOUT_MS)
    except Exception as error:  # Playwright's TimeoutError
        links = page.eval_on_selector_all(".md-search-result a", "links => links.map(a => a.href)")
        raise SearchFailed(f"search for {query!r} showed no 'Did you mean' but results: {links[:3]}") from error
    elapsed = (time.perf_counter() - started) * 1000
    titles = page.eval_on_selector_all(".pb-search-help__titles a", "links => links.map(a => a.href)")
    return (playbook_of(titles[0]) if titles else None), elapsed


# --- Layout ------------------------------------------------------------------------------

OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 && !element.closest(".md-sidebar, .md-search, .md-tabs, [hidden]")) {
      const scroller = element.parentElement && element.parentElement.closest(
        "pre, code, .md-typeset__scrollwrap, .md-typeset__table");
      if (!scroller) wide.push(element.tagName.toLowerCase() + "." + String(element.className).split(" ")[0]
                               + " (" + Math.round(box.right) + "px)");
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}
"""


def horizontal_overflow(page) -> str | None:
    """Why the page scrolls sideways at its viewport width, or None when it does not."""
    layout = page.evaluate(OVERFLOW)
    if layout["scrollWidth"] > layout["width"]:
        return (f"{page.url} is {layout['scrollWidth']}px wide in a {layout['width']}px viewport; "
                f"too wide: {', '.join(layout['wide']) or 'unknown'}")
    return None


def main() -> int:
    try:
        print(f"Chromium for the browser tests: {find_chromium()}")
    except ChromiumNotFound as missing:
        print(missing, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
