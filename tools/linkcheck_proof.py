"""`make linkcheck-proof`: the link check reports exactly the planted faults, every run, on a busy machine.

Run as ``python -m tools.linkcheck_proof [--runs N]``. It builds the site,
plants one broken link of every kind into the built pages (a missing page, a
missing anchor in a link Markdown wrote, in raw HTML, in a link a template
wrote, on a page with hundreds of anchors, and into a page the crawl reaches
last), keeps every core busy with other processes, and runs the link check N
times in a row. Each run must report exactly the planted faults: one more, one
fewer or another one fails the proof, with the difference printed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.linkcheck.report import Checked, page_name, problem
from tools.linkcheck.runner import DEFAULT_JOBS, EngineStopped, broken_links
from tools.linkcheck.server import serve
from tools.project import PROJECT_PARTS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RUNS = 20
MANY_ANCHORS = 600

# Each planted fault: (built page, HTML put at the end of its article, the link as written, what is wrong).
# Pages are named as in the report: relative to the site folder.
PLANTED = [
    ("about/index.html", '<a href="../nowhere/">A page never written</a>', "../nowhere/", "404 File not found"),
    ("playbooks/safety/i-pass-handoffs/index.html", '<p><a href="../sepsis-hour-1-bundle/#no-such-step">step</a></p>',
     "../sepsis-hour-1-bundle/#no-such-step", "anchor #no-such-step not found on that page"),
    ("privacy/index.html", '<p class="raw"><a href="#no-such-heading">raw HTML</a></p>',
     "#no-such-heading", "anchor #no-such-heading not found on that page"),
    ("playbooks/quality/index.html", '<p><a href="../../members/#no-such-member">Contributed by</a></p>',
     "../../members/#no-such-member", "anchor #no-such-member not found on that page"),
    ("accessibility/index.html", '<a href="../many-anchors/#a-missing">deep</a> <a href="../many-anchors/#a599">ok</a>',
     "../many-anchors/#a-missing", "anchor #a-missing not found on that page"),
    ("index.html", '<a href="zz-reached-last/#not-there">late</a> <a href="zz-reached-last/#there">ok</a>',
     "zz-reached-last/#not-there", "anchor #not-there not found on that page"),
]
# Pages the faults above point into, written into the built site.
EXTRA_PAGES = {
    "many-anchors/index.html": "<!doctype html><title>Many</title><article>"
                               + "".join(f'<h2 id="a{n}">Anchor {n}</h2>' for n in range(MANY_ANCHORS))
                               + "</article>",
    "zz-reached-last/index.html": '<!doctype html><title>Last</title><article><p id="there">x</p></article>',
}


def build_site(workdir: Path) -> Path:
    """The project as it is, built strictly into ``workdir``/site."""
    project = workdir / "project"
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / part)
    site = workdir / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                          cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        raise SystemExit(f"make linkcheck-proof: the site did not build:\n{done.stdout}{done.stderr}")
    return site


def plant(site: Path, planted=PLANTED) -> set[tuple[str, str, str]]:
    """Write the faults into the built ``site``; the set of (link as written, page, problem) to expect."""
    for relative, text in EXTRA_PAGES.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    for relative, markup, _, _ in planted:
        page = site / relative
        html = page.read_text(encoding="utf-8")
        if "</article>" not in html:
            raise SystemExit(f"make linkcheck-proof: {relative} has no <article> to plant a link in")
        page.write_text(html.replace("</article>", markup + "</article>", 1), encoding="utf-8")
    return {(written, relative, what) for relative, _, written, what in planted}


def reported(broken: list[Checked], base: str) -> set[tuple[str, str, str]]:
    """What a run reported, in the form of plant()'s expectations."""
    return {(entry.written, page_name(entry.page, base), problem(entry)) for entry in broken}


def differences(expected: set, found: set) -> list[str]:
    """Lines naming every planted fault not reported and every report not planted; empty when they agree."""
    return ([f"missed: {written} in {page} ({what})" for written, page, what in sorted(expected - found)]
            + [f"unexpected: {written} in {page} ({what})" for written, page, what in sorted(found - expected)])


@contextlib.contextmanager
def every_core_busy():
    """One spinning process per core for as long as the block runs."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    try:
        yield len(spinners)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def prove(site: Path, expected: set, runs: int, jobs: int) -> list[str]:
    """Run the check ``runs`` times on ``site``; the differences of the first run that disagrees, if any."""
    for run in range(1, runs + 1):
        with serve(site, jobs) as base:
            broken, _, _ = broken_links(site, base, jobs)
        found = differences(expected, reported(broken, base))
        if found:
            return [f"run {run} of {runs}:", *found]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make linkcheck-proof", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs in a row (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help="linkchecker processes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="linkcheck-proof-") as workdir:
        site = build_site(Path(workdir))
        expected = plant(site)
        with every_core_busy() as spinners:
            try:
                failed = prove(site, expected, args.runs, args.jobs)
            except EngineStopped as error:
                failed = [str(error)]
    if failed:
        print("make linkcheck-proof: the link check did not report exactly the planted faults\n  "
              + "\n  ".join(failed), file=sys.stderr)
        return 1
    print(f"make linkcheck-proof: {args.runs} runs in a row, {spinners} other processes keeping every core busy: "
          f"each reported exactly the {len(expected)} planted faults ({time.perf_counter() - started:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
