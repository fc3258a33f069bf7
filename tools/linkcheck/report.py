"""What linkchecker logged, read from its CSV, and the broken links printed by page, line and source."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import urllib.parse
from pathlib import Path

from network.urls import built_file_of_url, sources_of_built_file
from tools.linkcheck.server import START_PREFIX

PAGES_LISTED_PER_PROBLEM = 10


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


def parse_csv(output: str) -> list[Checked]:
    """The URLs of linkchecker's CSV output, with the columns linkcheckerrc's [csv] section asks for."""
    rows = csv.DictReader(io.StringIO(output, newline=""), delimiter=";")
    return [Checked(written=row["urlname"] or "", url=row["url"] or row["urlname"] or "",
                    page=row["parentname"] or "", line=row["line"] or "", result=row["result"] or "",
                    warning=row["warningstring"] or "", valid=row["valid"] == "True")
            for row in rows]


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
    return built_file_of_url(path.lstrip("/"))


def source_of(built: str, docs: Path) -> str | None:
    """The file under docs/ that MkDocs built a page from, where one can be found."""
    for candidate in sources_of_built_file(built):
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
