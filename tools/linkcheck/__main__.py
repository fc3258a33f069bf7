"""The command line of `make linkcheck`: ``python -m tools.linkcheck SITE_DIR [--external]``."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
from pathlib import Path

from tools import linkcheck
from tools.linkcheck.report import report
from tools.linkcheck.runner import (
    DEFAULT_JOBS,
    ENGINE_FLAG,
    EXTERNAL_ARGS,
    EXTERNAL_RETRIES,
    EXTERNAL_RETRY_DELAY_SECONDS,
    EngineStopped,
    Stopped,
    _stop,
    broken_links,
    retry_external,
    run_engine,
    signals_to_handle,
)
from tools.linkcheck.server import serve

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def check_site(site: Path, docs: Path, external: bool, site_url: str, jobs: int,
               retries: int, retry_delay: float) -> int:
    """Serve ``site``, check it with ``jobs`` linkchecker processes, print the report; the exit code."""
    started = time.perf_counter()
    with serve(site, jobs) as base:
        print(f"linkcheck: serving {site} at {base} to {jobs} linkchecker processes", flush=True)
        args = [*EXTERNAL_ARGS, "--ignore-url", "^" + re.escape(site_url)] if external else []
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
    parser = argparse.ArgumentParser(prog="python -m tools.linkcheck", description=linkcheck.__doc__.split("\n\n")[0])
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
