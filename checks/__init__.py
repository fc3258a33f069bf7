"""The content guard behind `make check`: patient data, unsafe markup, image metadata, secrets.

Each scanner is a pure function that takes a file's text (or an image's bytes)
and returns :class:`Finding` values; ``python -m checks [PROJECT_DIR]`` runs
them all over the project and prints one ``file:line: kind: message`` line per
finding.
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
import unicodedata


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem in one file, worded for a contributor: what was found and how to fix it."""

    file: str
    line: int | None
    kind: str
    message: str
    source_line: str = dataclasses.field(default="", compare=False, repr=False)
    # The text the scanner matched, as it read it (the output scan looks for it in the sources).
    found: str = dataclasses.field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.kind}: {self.message}"


class LineIndex:
    """Turns an offset in a text into its 1-based line number."""

    def __init__(self, text: str):
        self.starts = [0] + [match.end() for match in re.finditer(r"\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


class FindingsInText:
    """Collects findings in one text, at most one per line and kind, in line order."""

    def __init__(self, text: str, file: str):
        self.file = file
        self.index = LineIndex(text)
        self.lines = text.split("\n")
        self.found: dict[tuple[int, str], Finding] = {}

    def add(self, offset: int, kind: str, message: str, found: str = "") -> None:
        line = self.index.line(offset)
        self.found.setdefault((line, kind), Finding(self.file, line, kind, message, self.lines[line - 1], found))

    def sorted(self) -> list[Finding]:
        return sorted(self.found.values(), key=lambda finding: (finding.line, finding.kind))


# An HTML character reference, such as &#64; or &amp;.
ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# What reads differently in a browser: a character reference, or any character outside ASCII.
READER_CHANGES = re.compile(rf"{ENTITY.pattern}|[^\x00-\x7f]")


class Origins:
    """Where each character of a text as a reader sees it is in the text, worked out when asked (for a finding)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._in_step: list[bool] = []

    def add(self, start: int, origin: int, in_step: bool) -> None:
        """From ``start`` on, characters come from ``origin``: one for one if ``in_step``, else all from it."""
        self._starts.append(start)
        self._origins.append(origin)
        self._in_step.append(in_step)

    def __getitem__(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._origins[index] + (offset - self._starts[index] if self._in_step[index] else 0)


def as_a_reader_sees_it(text: str) -> tuple[str, Origins]:
    """``text`` as a browser shows it, and the offset in ``text`` of each of its characters.

    HTML character references are decoded (``&#64;`` is ``@``), every character
    is in Unicode NFKC form (fullwidth digits are digits) and zero-width and
    other format characters are dropped, so that a pattern cannot be dodged by
    writing the same thing another way. The offsets (of every character and the end) are kept as the
    stretches copied as written and the characters written another way, so a published file of megabytes
    does not hold one number a character.
    """
    out: list[str] = []
    origin = Origins()
    last = seen = 0
    for match in READER_CHANGES.finditer(text):
        if match.start() > last:
            out.append(text[last:match.start()])
            origin.add(seen, last, True)
            seen += match.start() - last
        written = match.group()
        for piece in html.unescape(written) if written[0] == "&" else written:
            if unicodedata.category(piece) != "Cf":
                normal = unicodedata.normalize("NFKC", piece)
                if normal:
                    out.append(normal)
                    origin.add(seen, match.start(), False)
                    seen += len(normal)
        last = match.end()
    out.append(text[last:])
    origin.add(seen, last, True)
    return "".join(out), origin


def blank_out(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` replaced by spaces, newlines kept, so offsets and lines still match."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)


def without_code(text: str) -> str:
    """The text with fenced code blocks and inline code spans blanked out.

    Markdown shows code literally (escaped), so markup inside it never reaches
    the page as HTML.
    """
    lines = text.split("\n")
    kept: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = FENCE_OPEN.match(line)
            if match:
                fence = match["fence"]
                kept.append(" " * len(line))
                continue
            kept.append(line)
        else:
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                fence = None
            kept.append(" " * len(line))
    result = "\n".join(kept)
    for match in reversed(list(CODE_SPAN.finditer(result))):
        result = blank_out(result, match.start(), match.end())
    return result
