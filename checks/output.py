"""The output scan: patient data and secrets in what the site publishes, the gate every build passes.

The source scan (`python -m checks`) reads what a contributor wrote, for
quick feedback; but the build decodes it (Markdown escapes, inline markup, a
definition list joining two lines, YAML escapes, character references) into
something else. So after every build the same patterns (checks/patient_data.py,
and the credential formats of checks/secrets.py) read each published file as
a reader or a machine meets it (checks/reader_text.py), the reviewed
allow-list applies to the text found, and each finding names the source
file and line that produced it: the text found is looked for, letters and
digits only, in the Markdown (escapes, markup and references removed) and
in the YAML values (escapes decoded) of every file the site is built from.
Where it cannot be found, the finding names the source the build wrote the
file from, or the published path.
"""

from __future__ import annotations

import array
import bisect
import dataclasses
import functools
import hashlib
import html
import re
import sys
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from checks import Finding
from checks.allowlist import Entry, load_allow_list
from checks.do_not_use import (
    ZERO_CONTEXTS,
    Rule,
    dose_units,
    find_do_not_use,
    find_in_word_lists,
    load_rules,
    normalise,
)
from checks.patient_data import find_patient_data
from checks.prefilter import Trigger, trigger_lines
from checks.reader_text import UNREADABLE, PublishedText, published_texts
from checks.secrets import find_secret_formats

# The files the site is built from, where a finding's text is looked for (the page's own source first).
SOURCES = ("docs/**/*.md", "includes/**/*.md", "CONTRIBUTING.md", "data/**/*.yml", "mkdocs.yml",
           "overrides/**/*.html", "network/schemas/*.json")
SOURCE_ENDINGS = (".md", ".yml", ".html", ".json")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
TAG = re.compile(r"<[^>]*>")
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
# Between two stretches of a text read apart (new_stretches reads each repeated line once).
STRETCH_BREAK = "\n\x00\n"


def letters_and_digits(text: str) -> str:
    """``text`` reduced to its letters and digits, case folded: what stays of it through any encoding."""
    return NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", text).casefold())


class _Letters:
    """One source file's letters and digits, and the line each came from: where each line's letters start."""

    def __init__(self):
        self.text: list[str] = []
        self.size = 0
        self.starts = array.array("I")
        self.lines = array.array("I")

    def add(self, text: str, line: int) -> None:
        letters = letters_and_digits(text)
        if letters:
            self.text.append(letters)
            self.starts.append(self.size)
            self.lines.append(line)
            self.size += len(letters)

    def read(self) -> SourceLetters:
        return SourceLetters("".join(self.text), self.starts, self.lines)


@dataclasses.dataclass(frozen=True)
class SourceLetters:
    """A source file's letters and digits, and for each of its lines that has some, where they start and its number."""

    text: str
    starts: array.array
    lines: array.array

    def line_at(self, position: int) -> int:
        """The number of the line that wrote the letter at ``position`` of ``text``."""
        return self.lines[bisect.bisect_right(self.starts, position) - 1]


def _yaml_values(letters: _Letters, text: str, first_line: int) -> bool:
    """Add each YAML value of ``text`` (escapes decoded) at its line; False if it is not YAML."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError:
        return False
    nodes = [root] if root is not None else []
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode):
            # As written (a page shows a field as text) and decoded (the site's JSON reads a reference in it).
            for value in dict.fromkeys((node.value, html.unescape(node.value))):
                letters.add(value, node.start_mark.line + first_line)
        elif isinstance(node, yaml.MappingNode):
            nodes.extend(value for _, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(reversed(node.value))
    return True


def source_letters(text: str, name: str) -> SourceLetters:
    """A source file's letters and digits as the build publishes them, and the line of each.

    YAML (a data file, a page's front matter) by its decoded values; the rest line by line with HTML tags
    removed and character references decoded, which removes Markdown's escapes and markup too.
    """
    letters = _Letters()
    body_line = 1
    if name.endswith((".yml", ".yaml")) and _yaml_values(letters, text, 1):
        return letters.read()
    front = FRONT_MATTER.match(text)
    if front and name.endswith(".md") and _yaml_values(letters, front[1], 2):
        body_line = text.count("\n", 0, front.end()) + 1
        text = text[front.end():]
    for number, line in enumerate(text.split("\n"), start=body_line):
        letters.add(html.unescape(TAG.sub("", line)), number)
    return letters.read()


class SourceIndex:
    """Where in the project's sources a text found in the published site was written, read when first asked.

    The page's own source is read alone first; the others, in name order, only until one holds the text.
    """

    def __init__(self, project_dir: Path):
        self.project_dir = project_dir
        self._names: list[str] | None = None
        self._read: dict[str, SourceLetters | None] = {}

    def _source_paths(self) -> list[Path]:
        return sorted({path for pattern in SOURCES for path in self.project_dir.glob(pattern) if path.is_file()})

    def file(self, name: str) -> SourceLetters | None:
        """One source's letters and digits and their lines, or None if it is not a readable source."""
        if name not in self._read:
            path = self.project_dir / name
            readable = name.endswith(SOURCE_ENDINGS) and path.is_file()
            try:
                self._read[name] = source_letters(path.read_text(encoding="utf-8"), name) if readable else None
            except (OSError, UnicodeDecodeError, ValueError):
                self._read[name] = None
        return self._read[name]

    def names(self) -> list[str]:
        """Every source's name, in name order (the order a text is looked for in them)."""
        if self._names is None:
            self._names = sorted(path.relative_to(self.project_dir).as_posix() for path in self._source_paths())
        return self._names

    def locate(self, found: str, first: str | None = None, before: str = "", after: str = "") -> tuple[str, int] | None:
        """The source file and line that wrote ``found`` (``first``, the page's own source, is looked in first).

        ``before`` and ``after``: the text read either side of ``found``, which must surround it in the source
        too (so "10 U" is not placed at an earlier "10 units").
        """
        needle, skip = letters_and_digits(before + found + after), len(letters_and_digits(before))
        if not letters_and_digits(found):
            return None
        own = self.file(first) if first else None
        for name, letters in self._own_then_all(first, own):
            at = letters.text.find(needle)
            if at >= 0:
                return name, letters.line_at(at + skip)
        return None

    def _own_then_all(self, first: str | None, own: SourceLetters | None) -> Iterator[tuple[str, SourceLetters]]:
        """The page's own source, then (only if asked for) each readable source in name order, read when reached."""
        if own:
            yield first, own
        for name in self.names():
            letters = self.file(name)
            if letters is not None:
                yield name, letters

    def locate_in_line(self, found: str, line: str, first: str | None = None) -> tuple[str, int] | None:
        """Where ``found`` was written, read with the words before it on its published ``line``, fewer if need be."""
        at = line.find(found)
        for words in (6, 3, 0):
            before = " ".join(line[:at].split()[-words:]) if at > 0 and words else ""
            after = " ".join(line[at + len(found):].split()[:words]) if at >= 0 and words else ""
            place = self.locate(found, first, before, after)
            if place:
                return place
        return None


def line_key(line: str) -> bytes:
    """A line's fixed-size digest, which stands for it among the lines read (a set of them, not of the lines)."""
    return hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def new_stretches(text: str, seen: set[bytes]) -> str:
    """The lines of ``text`` not in ``seen`` (each with the line either side), then all of them added to ``seen``.

    The theme repeats the navigation, header and footer on every page and the search index repeats each page:
    each line is read once, with its neighbours, so that a name and an age on two lines still meet. ``seen``
    holds each line's digest (line_key), not its text.
    """
    lines = text.split("\n")
    fresh, added = bytearray(len(lines)), set()
    for index, line in enumerate(lines):
        key = line_key(line)
        if key not in seen:
            fresh[index] = 1
            added.add(key)
    seen |= added
    if not added:
        return ""
    if fresh.count(0) == 0:
        return text
    kept = bytes(map(max, fresh, b"\0" + fresh[:-1], fresh[1:] + b"\0"))  # a fresh line and the lines either side
    pieces: list[str] = []
    for index, line in enumerate(lines):
        if kept[index]:
            pieces.append(("\n" if kept[index - 1] else STRETCH_BREAK) + line if pieces else line)
    return "".join(pieces)


def _reader_line(finding: Finding) -> str:
    return finding.source_line.strip()


UNREADABLE_KIND = "published/unreadable"
# The files whose text a clinician reads as written (pages, feeds, the site's JSON, the search results' texts),
# where a banned abbreviation counts; the search index's word lists (read as no text, checks/reader_text.py) join
# words never written together: checks/do_not_use.py reads the word lists they come from.
PROSE_FILES = (".html", ".htm", ".json", ".xml", ".txt", ".js")


def reads_as_prose(item: PublishedText) -> bool:
    return item.part == "text" and item.path.lower().endswith(PROSE_FILES)


# The Do Not Use rules' contexts in which a finding holds one of the rule's forms, with no letter either side of
# it; the zero contexts' findings hold a point, one to six digits and a unit (checks/do_not_use.py builds the
# patterns). Listed here, not derived: a context added there later reads every line until it is known to hold its form.
FORM_CONTEXTS = {"after-number", "after-dose", "before-dose", "anywhere"}


@functools.cache
def do_not_use_trigger(rules: tuple[Rule, ...]) -> tuple[re.Pattern, ...] | None:
    """What every line with a Do Not Use finding holds (a banned form, a dose's point); None: any line."""
    if any(rule.context not in FORM_CONTEXTS | ZERO_CONTEXTS for rule in rules):
        return None
    forms = sorted({form for rule in rules if rule.context in FORM_CONTEXTS for form in rule.forms}, key=len,
                   reverse=True)
    zeros = any(rule.context in ZERO_CONTEXTS for rule in rules)
    zero = [rf"\.\d{{1,6}} ?(?:{dose_units(rules)})(?!\w)"] if zeros else []
    # Each form first, then the letter before it, one pattern a first letter: a search skips ahead to that letter.
    by_first: dict[str, list[str]] = {}
    for form in forms:
        by_first.setdefault(form[0], []).append(rf"{re.escape(form)}(?<![A-Za-z]{re.escape(form)})(?![A-Za-z])")
    return tuple(re.compile("|".join(group)) for group in [*by_first.values(), zero] if group)


def find_do_not_use_quickly(text: str, file: str) -> list[Finding]:
    """find_do_not_use over the lines that can hold a finding, read together and each finding put back at its line.

    A finding never spans two lines, and each banned form is written as it is matched, so a line without one
    (as a reader reads it, checks.do_not_use.normalise) cannot hold a finding. The trigger reads no line break,
    so it is searched in the whole text at once.
    """
    trigger = do_not_use_trigger(load_rules()[0])
    if trigger is None:
        return find_do_not_use(text, file)
    lines, read = text.split("\n"), normalise(text)
    if len(lines) != read.count("\n") + 1:
        return find_do_not_use(text, file)
    kept = sorted(trigger_lines(read, Trigger(reach=0, patterns=trigger)))
    return [dataclasses.replace(finding, line=kept[finding.line - 1] + 1)
            for finding in find_do_not_use("\n".join(lines[number] for number in kept), file)] if kept else []


# How much text the scanners read at once: many pages in one call, so each pattern's own start-up is paid rarely.
BATCH_CHARS = 200_000
SCANNERS = (find_patient_data, find_secret_formats, find_do_not_use_quickly)


class _Batch:
    """Texts waiting to be scanned together (each with its position among the texts read), at most BATCH_CHARS."""

    def __init__(self, prose: bool):
        self.prose = prose
        self.positions: list[int] = []
        self.texts: list[str] = []
        self.size = 0

    def fits(self, text: str) -> bool:
        return not self.texts or self.size + len(text) <= BATCH_CHARS

    def add(self, position: int, text: str) -> None:
        self.positions.append(position)
        self.texts.append(text)
        self.size += len(text)

    def scanned(self) -> list[tuple[int, int, Finding]]:
        """(position, scanner, finding) for every finding in the batch's texts, which it then lets go.

        The texts are joined by STRETCH_BREAK, which no pattern reads across; a finding's line in the
        batch tells the text it is in. The Do Not Use rules apply to prose only.
        """
        first_lines, line = [], 1
        for text in self.texts:
            first_lines.append(line)
            line += text.count("\n") + STRETCH_BREAK.count("\n")
        joined = STRETCH_BREAK.join(self.texts)
        found = [(self.positions[bisect.bisect_right(first_lines, finding.line) - 1], number, finding)
                 for number, scanner in enumerate(SCANNERS if self.prose else SCANNERS[:2])
                 for finding in scanner(joined, "")]
        self.positions, self.texts, self.size = [], [], 0
        return found


def findings_in(texts: Iterable[PublishedText], index: SourceIndex, built_from: dict[str, str]) -> list[Finding]:
    """Every patient identifier and credential in ``texts``, each at the source file and line that produced it.

    Each text is scanned in a batch of many as it comes and let go: only the findings are kept.
    """
    seen: set[bytes] = set()
    located: dict[tuple, Finding] = {}
    read: list[tuple[str, str]] = []
    batches = {prose: _Batch(prose) for prose in (True, False)}
    found: list[tuple[int, int, Finding]] = []
    for item in texts:
        if item.part == UNREADABLE:
            located[(f"site/{item.path}", None, UNREADABLE_KIND)] = Finding(
                f"site/{item.path}", None, UNREADABLE_KIND,
                f"the guard cannot read this published file ({item.text}), so cannot say it is safe to publish")
            continue
        text = item.text if item.part == "file name" else new_stretches(item.text, seen)
        if not text.strip():
            continue
        batch = batches[reads_as_prose(item)]
        if not batch.fits(text):
            found += batch.scanned()
        batch.add(len(read), text)
        read.append((item.path, item.part))
    for batch in batches.values():
        if batch.texts:
            found += batch.scanned()
    # In the order the texts were read, each scanner's findings in line order, as one text at a time gave them.
    found.sort(key=lambda entry: entry[:2])
    for at, _, finding in found:
        path, part = read[at]
        source = built_from.get(path)
        if finding.kind.startswith("do-not-use/"):
            place = index.locate_in_line(finding.found, finding.source_line, source)
        else:
            place = index.locate(finding.found or _reader_line(finding), source)
        where = f"site/{path}" + (" (its file name)" if part == "file name" else "")
        if place:
            file, line = place
        else:
            file, line = (source or f"site/{path}"), None
        key = (file, line, finding.kind)
        if key in located:
            continue
        origin = "" if place else (f" (written from {source}" if source else " (written by the build")
        origin += ", at no line the build can name)" if origin else ""
        message = f"{finding.message}; published in {where}{origin}"
        source_line = _source_line(index, place) + "\n" + _reader_line(finding)
        located[key] = Finding(file, line, finding.kind, message, source_line, finding.found)
    return sorted(located.values(), key=lambda f: (f.file, f.line or 0, f.kind))


def _source_line(index: SourceIndex, place: tuple[str, int] | None) -> str:
    if not place:
        return ""
    try:
        lines = (index.project_dir / place[0]).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[place[1] - 1] if place[1] <= len(lines) else ""


def glossary_findings(project_dir: Path) -> list[Finding]:
    """The banned forms of the glossary (tooltips on every page) and the search variants, and the rules' problems."""
    return find_in_word_lists(project_dir) + list(load_rules()[1])


def allowed(finding: Finding, entries: list[Entry]) -> bool:
    """Whether a reviewed entry of the allow-list covers ``finding`` (its file, kind and text)."""
    return any(entry.matches(finding) for entry in entries)


def scan_site(site_dir: Path, project_dir: Path, built_from: dict[str, str] | None = None,
              pages_written_since: float | None = None) -> list[Finding]:
    """Every finding in the built site at ``site_dir`` that the reviewed allow-list does not cover.

    ``built_from`` maps a published path to the source file it was built from, where the build knows it;
    ``pages_written_since`` limits the scan to the pages a `make serve` rebuild wrote (reader_text.py).
    The allow-list's own problems (an incomplete or unused entry) are `python -m checks`' to report.
    """
    entries, _ = load_allow_list(project_dir)
    texts = published_texts(site_dir, pages_written_since)
    findings = findings_in(texts, SourceIndex(project_dir), built_from or {}) + glossary_findings(project_dir)
    return [finding for finding in findings if not allowed(finding, entries)]


def main(argv: list[str] | None = None) -> int:
    """`python -m checks.output SITE_DIR [PROJECT_DIR]`: the output scan over a site built (and indexed) already.

    For a step that writes published files after MkDocs' own build (a search engine's index, say), and for a
    site generator that runs no MkDocs hook: the build itself runs the same scan (checks/build_guard.py).
    """
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2 or any(arg.startswith("-") for arg in args):
        print("usage: python -m checks.output SITE_DIR [PROJECT_DIR]", file=sys.stderr)
        return 2
    site_dir, project_dir = Path(args[0]), Path(args[1] if len(args) > 1 else ".")
    findings = scan_site(site_dir, project_dir)
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(f"output scan: {len(findings)} problem{'s' if len(findings) != 1 else ''} in {site_dir}; fix each "
              "line above (CONTRIBUTING.md explains every kind)", file=sys.stderr)
        return 1
    print(f"output scan: no patient data, credentials or banned abbreviations published in {site_dir}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
