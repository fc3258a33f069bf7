"""Which lines of a text an expensive family of patterns needs to read: the lines near one that holds its trigger.

Each family of the output scan's patterns (checks/patient_data.py, checks/secrets.py) names a trigger: words
or cheap patterns of which every match of the family holds one on a line it spans, and a reach: how many lines
a match may extend beyond that line, either way (blank lines, which only join what is around them, not
counted). The family then reads the text with every other line replaced by BARRIER: the same lines at the same
numbers, the kept lines as written, and between them a character no pattern reads, so nothing joins across a gap.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re

# What stands for a line no match can reach: a control character no pattern matches or reads across.
BARRIER = "\x00"
# A run of dropped lines, with the breaks between them.
DROPPED_RUN = re.compile(r"\x00(?:\n\x00)+")
# A run of kept lines, in kept_lines' marks.
KEPT_RUN = re.compile(rb"\x01+")
# Case folding leaves two letters that re.IGNORECASE reads as i: the dotless ı, and İ (folded to i and a dot).
FOLD_FIXES = {"\u0131": "i", "\u0307": ""}


# Each trigger is itself: as a key it is hashed by identity, not by hashing its patterns' compiled code.
@dataclasses.dataclass(frozen=True, eq=False)
class Trigger:
    """What every match of a family holds on one of its lines, and how many lines beyond it a match reaches.

    ``words`` are found as written, ``folded`` (lower case) and ``folded_patterns`` in the case-folded text
    (so as a pattern with re.IGNORECASE finds them), ``patterns`` by a search. Lines that ``transparent``
    matches whole (blank lines, and for a family whose matches run on over lines of digits, those) are kept on
    the way but not counted. ``words_at_once``: the words are found by one pattern, quicker for many that share
    their first letters.
    """

    reach: int
    words: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    folded_patterns: tuple[re.Pattern, ...] = ()
    transparent: re.Pattern = re.compile(r"\s*")
    words_at_once: bool = False


def one_pattern_of(words: tuple[str, ...]) -> str:
    """A pattern that finds each of ``words``, its alternatives merged by their first letters (a trie)."""
    if "" in words:
        rest = tuple(word for word in words if word)
        return f"(?:{one_pattern_of(rest)})?" if rest else ""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    alternatives = [re.escape(first) + one_pattern_of(tuple(sorted(set(rests))))
                    for first, rests in sorted(by_first.items())]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


@functools.cache
def words_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """One search for ``words``: the same lines as a search for each, as none holds a line break; else None."""
    return None if any("\n" in word for word in words) else re.compile(one_pattern_of(words))


def _spans_of_words(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return spans


def lines_of(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """The 0-based numbers of the lines that the ``spans`` (start, end) of ``text`` touch."""
    lines: set[int] = set()
    line, last = 0, 0
    for start, end in sorted(spans):
        line += text.count("\n", last, start)
        end_line = line + text.count("\n", start, max(end - 1, start))
        lines.update(range(line, end_line + 1))
        last = start
    return lines


def trigger_lines(text: str, trigger: Trigger) -> set[int]:
    """The lines of ``text`` that hold something of ``trigger``."""
    at_once = words_pattern(trigger.words) if trigger.words_at_once else None
    if at_once is not None:
        spans = [match.span() for match in at_once.finditer(text)]
    else:
        spans = _spans_of_words(text, trigger.words)
    spans += [match.span() for pattern in trigger.patterns for match in pattern.finditer(text)]
    lines = lines_of(text, spans)
    if trigger.folded or trigger.folded_patterns:
        folded = text.casefold()  # line for line: folding never writes or removes a line break
        for letter, fixed in FOLD_FIXES.items():
            folded = folded.replace(letter, fixed) if letter in folded else folded
        spans = _spans_of_words(folded, trigger.folded)
        spans += [match.span() for pattern in trigger.folded_patterns for match in pattern.finditer(folded)]
        lines |= lines_of(folded, spans)
    return lines


def kept_lines(lines: list[str], hits: set[int], trigger: Trigger) -> bytearray:
    """1 for each line within the trigger's reach of a hit (and the transparent lines on the way), else 0."""
    kept = bytearray(len(lines))
    for hit in sorted(hits):
        kept[hit] = 1
        for step in (-1, 1):
            number, left = hit + step, trigger.reach
            while 0 <= number < len(lines):
                if not trigger.transparent.fullmatch(lines[number]):
                    if left == 0:
                        break
                    left -= 1
                kept[number] = 1
                number += step
    return kept


def kept_runs(text: str, trigger: Trigger) -> tuple[list[tuple[int, int, int, int]], int]:
    """The runs of lines in the trigger's reach, as (first line, line after, start, end offsets); and the line count."""
    lines = text.split("\n")
    kept = kept_lines(lines, trigger_lines(text, trigger), trigger)
    lengths = list(itertools.accumulate(map(len, lines)))  # line n ends at lengths[n] + n
    runs = [(run.start(), run.end(), lengths[run.start() - 1] + run.start() if run.start() else 0,
             lengths[run.end() - 1] + run.end() - 1) for run in KEPT_RUN.finditer(kept)]
    return runs, len(lines)


class Reading:
    """A text as a family of patterns reads it: the lines in the trigger's reach, each run of the others one BARRIER.

    A run of kept lines is a stretch of the text as written, so an offset in the reading is found in the text
    from the run it falls in.
    """

    def __init__(self, text: str, trigger: Trigger):
        pieces: list[str] = []
        self._starts: list[int] = []
        self._origins: list[int] = []
        at = 0
        runs, line_count = kept_runs(text, trigger)
        for first, _, origin, end in runs:
            if first > 0:
                pieces.append(BARRIER)
                at += len(BARRIER) + 1
            self._starts.append(at)
            self._origins.append(origin)
            pieces.append(text[origin:end])
            at += len(pieces[-1]) + 1
        if not runs or runs[-1][1] < line_count:
            pieces.append(BARRIER)
        self.text = "\n".join(pieces)

    def offset(self, read_offset: int) -> int:
        """Where ``read_offset`` of the reading is in the text (a kept line's characters are the text's)."""
        index = max(bisect.bisect_right(self._starts, read_offset) - 1, 0)
        return self._origins[index] + read_offset - self._starts[index] if self._starts else 0


def near_triggers(text: str, trigger: Trigger) -> str:
    """``text`` with each line that no part of ``trigger`` is within its reach of replaced by BARRIER."""
    pieces: list[str] = []
    last = 0
    runs, line_count = kept_runs(text, trigger)
    for first, past, origin, end in runs:
        pieces += [BARRIER] * (first - last)
        pieces.append(text[origin:end])
        last = past
    pieces += [BARRIER] * (line_count - last)
    return "\n".join(pieces)


def one_barrier_a_gap(read: str) -> str:
    """The reading with each run of dropped lines one BARRIER (for patterns placed by what they found)."""
    return DROPPED_RUN.sub(BARRIER, read)
