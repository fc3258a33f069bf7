"""Characters XML 1.0 forbids or discourages, refused where a contributor writes them.

Every text of the site may reach an Atom feed, the sitemap or the JSON API. A
control character or a noncharacter such as U+FFFE makes a feed ill-formed XML
that feed readers reject whole, so it is refused at input, at its line.
"""

from __future__ import annotations

import re
import unicodedata

from network.problems import Problem

# XML 1.0 (section 2.2) allows tab, line feed and carriage return of the C0 controls, and no surrogate,
# U+FFFE or U+FFFF; it discourages the C1 controls and the noncharacters (U+FDD0-U+FDEF and the last
# two code points of every plane). All of them are refused.
_PLANE_ENDS = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(1, 17))
XML_FORBIDDEN = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef"
                           f"\\ufffe\\uffff{_PLANE_ENDS}]")


# The ASCII characters XML 1.0 allows: tab, line feed, carriage return and the printable ones.
_ASCII_ALLOWED = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])


def holds_forbidden(text: str) -> bool:
    """Whether ``text`` holds a character of XML_FORBIDDEN; an ASCII text is read as bytes, many times faster."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_ALLOWED))
    return XML_FORBIDDEN.search(text) is not None


def describe(character: str) -> str:
    """'U+FFFE (a noncharacter)' or 'U+0007 (BELL, a control character)'."""
    code = f"U+{ord(character):04X}"
    category = unicodedata.category(character)
    if category == "Cc":
        return f"{code} (a control character)"
    if category == "Cs":
        return f"{code} (half of a surrogate pair)"
    return f"{code} (a noncharacter)"


def forbidden_character_problems(text: str, file: str, first_line: int = 1) -> list[Problem]:
    """One problem per line of ``text`` that holds a character XML 1.0 forbids or discourages."""
    problems = []
    if not holds_forbidden(text):
        return problems
    for number, line in enumerate(text.split("\n"), start=first_line):
        found = XML_FORBIDDEN.search(line)
        if found:
            problems.append(Problem(file, number, f"holds {describe(found.group())} at character {found.start() + 1}, "
                                    "which the site's feeds and sitemap (XML) cannot carry; delete it "
                                    "(retype the text around it if you cannot see it)"))
    return problems
