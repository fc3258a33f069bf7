"""linkchecker run in one child process per core, each page fetched and parsed once, and the broken links found."""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tools.linkcheck.anchors import PageElements, anchor_problems, find_links
from tools.linkcheck.report import Checked, parse_csv
from tools.linkcheck.server import LOOPBACK, START_PREFIX, partition, start_path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "linkcheckerrc"
PARTITION_VARIABLE = "LINKCHECK_PARTITION"
# Pages are parsed in pure Python, so the check uses one process per core.
DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))
# `python -m tools.linkcheck ENGINE_FLAG ARGS` is a child process: linkchecker's own command line.
ENGINE_FLAG = "--linkchecker-engine"
EXTERNAL_TIMEOUT_SECONDS = 20
EXTERNAL_THREADS = 8
EXTERNAL_RETRIES = 2
EXTERNAL_RETRY_DELAY_SECONDS = 30
# What --external adds to linkchecker's command line, and what a retry of failed external URLs runs with.
EXTERNAL_ARGS = ["--check-extern", "--timeout", str(EXTERNAL_TIMEOUT_SECONDS), "--threads", str(EXTERNAL_THREADS)]


class Stopped(Exception):
    """A signal asked the check to stop."""


def _stop(signum, frame):
    raise Stopped(signal.Signals(signum).name)


def signals_to_handle(current_handler=signal.getsignal) -> list[signal.Signals]:
    """The signals that stop the check (and its server and linkchecker processes).

    SIGINT and SIGTERM always, also when SIGINT was inherited as ignored (a
    shell starts `make test &` so); SIGHUP unless it was ignored on purpose
    (nohup).
    """
    wanted = [signal.SIGINT, signal.SIGTERM]
    if current_handler(signal.SIGHUP) is not signal.SIG_IGN:
        wanted.append(signal.SIGHUP)
    return wanted


def crawl_each_page_once() -> None:
    """Make linkchecker fetch and parse each page once, one share of the pages per process.

    Anchors are not checked by linkchecker (its AnchorCheck plugin stays off,
    so a page#anchor URL is the page itself for its cache, as linkchecker
    documents): see anchors.anchor_problems. Each process parses only the pages
    of its partition (from the environment, read once) and reads a page in one
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


def run_engine(linkchecker_args: list[str]) -> None:
    """The child process: linkchecker's own command line, with each page fetched once."""
    crawl_each_page_once()
    from linkcheck.command.linkchecker import linkchecker
    sys.argv = ["linkchecker", *linkchecker_args]
    linkchecker()


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
    return [Run(process.returncode, parse_csv(stdout), stderr)
            for process, (stdout, stderr) in zip(processes, outputs, strict=True)]


class EngineStopped(Exception):
    """linkchecker itself stopped; the message holds its exit code and error output."""


def broken_links(site: Path, base: str, jobs: int,
                 args: list[str] | None = None) -> tuple[list[Checked], list[Checked], list[Run]]:
    """The broken links and anchors of ``site`` served at ``base``, every URL checked, and each process's run."""
    runs = linkchecker([([*(args or []), base + start_path(part, jobs).lstrip("/")],
                         {PARTITION_VARIABLE: f"{part}/{jobs}"}) for part in range(jobs)])
    for run in runs:
        if run.returncode not in (0, 1) or not run.checked:
            raise EngineStopped(f"linkchecker stopped with exit code {run.returncode}:\n{run.stderr}")
    checked = [entry for run in runs for entry in run.checked]
    return [entry for entry in checked if entry.broken] + anchor_problems(site, base), checked, runs


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
        (again,) = linkchecker([([*EXTERNAL_ARGS, "--recursion-level", "0", "--stdin"], {})], stdin="\n".join(urls))
        failing = {entry.url.partition("#")[0] for entry in again.checked if entry.broken}
        still = [entry for entry in still if entry.url.partition("#")[0] in failing]
    return [entry for entry in broken if not is_external(entry, base)] + still
