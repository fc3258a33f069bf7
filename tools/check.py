"""`make check`: every check over every file, as many at a time as the machine has cores, every problem in one run.

Run as ``python -m tools.check`` in the project folder. The checks are
independent, so they run side by side (the longest first); each one's output
is printed whole, in the order below, as soon as it and those before it are
done, so the lines of two checks never mix. Every problem is a
``path:line: message`` line (``path:line:column: ...`` for the linters).
With ``CHECK_TIMES=1`` in the environment, each check's wall time is printed
after its output (where `make check`'s time goes). Exits 1 when any check fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent
# The checks, longest first, so that the short ones fill the other core while the long ones run.
CHECKS = (
    ("data, front matter, strict build and link check", [sys.executable, "-m", "tools.site_check"]),
    ("patient data, markup, images and secrets", [sys.executable, "-m", "checks"]),
    ("Markdown layout", [sys.executable, "-m", "tools.markdown_lint", "docs", "CONTRIBUTING.md", "README.md"]),
    ("YAML", [str(BIN / "yamllint"), "--strict", "--format", "parsable", "."]),
    ("spelling", [str(BIN / "codespell")]),
    ("Python", [str(BIN / "ruff"), "check", "--quiet", "."]),
)


def run(command: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """The check's outcome and its wall time in seconds."""
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return done, time.monotonic() - started


def main() -> int:
    started = time.monotonic()
    failed = []
    timed = os.environ.get("CHECK_TIMES") == "1"
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        running = [(name, pool.submit(run, command)) for name, command in CHECKS]
        for name, future in running:
            done, seconds = future.result()
            sys.stdout.write(done.stdout)
            sys.stdout.flush()
            sys.stderr.write(done.stderr)
            sys.stderr.flush()
            if done.returncode != 0:
                failed.append(name)
            if timed:
                print(f"make check: {name}: {seconds:.1f} s", file=sys.stderr, flush=True)
    if failed:
        print(f"make check: failed ({'; '.join(failed)}); fix each file:line above "
              "(CONTRIBUTING.md explains every kind)", file=sys.stderr)
        return 1
    print(f"make check: every check passed ({len(CHECKS)} checks, {time.monotonic() - started:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
