"""Invisible-character guard: bidi controls and zero-width characters in published text.

A right-to-left override inside a dose shows the reader other digits than the
ones written, and a zero-width space inside an identifier hides it from every
pattern; browsers render both without a trace, so both are refused outright.
"""

from __future__ import annotations

import re
import unicodedata

from checks import Finding, FindingsInText

# Each kind: the characters, and what they do to the text a reader sees.
INVISIBLE_KINDS = (
    ("text/bidi-control", re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"),
     "reorders the text a reader sees"),
    ("text/invisible-character", re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]"),
     "hides what the text says from the checks"),
)


def find_invisible_characters(text: str, file: str) -> list[Finding]:
    """Every bidi control and zero-width or soft-hyphen character in ``text``, by line."""
    findings = FindingsInText(text, file)
    for kind, pattern, effect in INVISIBLE_KINDS:
        for match in pattern.finditer(text):
            code = f"U+{ord(match.group()):04X}"
            findings.add(match.start(), kind, f"an invisible {unicodedata.name(match.group(), code)} ({code}) "
                                              f"{effect}; delete it (retype the line if you cannot see it)")
    return findings.sorted()
