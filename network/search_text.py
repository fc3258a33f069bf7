"""How search reads text into words, the same in the build and in the reader's browser.

The build indexes a page's words with these rules, and the browser's search
(overrides/assets/javascripts/search/words.js) reads a query with the same
ones, so that a word typed matches the word written; tests/test_search_index.py
holds the two to the same results.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Words too common to tell playbooks apart: left out of the index and of queries.
STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or so than that the their "
    "then there these this to was were will with".split())
# A word and its plural are one word: "bundles" finds "bundle". Words ending so are not plurals.
NOT_PLURAL = ("ss", "us", "is", "ous")
# Typo tolerance starts at this length (shorter words have too many neighbours).
FUZZY_MIN_LENGTH = 5

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def fold(text: str) -> str:
    """Lower case without accents or apostrophes: "Behaviour's" and "behaviours" read alike."""
    plain = text.casefold()
    if not plain.isascii():  # ASCII text has no accent to take off (the common case: it is read char by char)
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    return re.sub(r"['\u2019]", "", plain)


def stem(word: str) -> str:
    """The singular of a plain English plural of five letters or more ("handoffs" to "handoff")."""
    if len(word) >= FUZZY_MIN_LENGTH and word.endswith("s") and not word.endswith(NOT_PLURAL):
        return word[:-1]
    return word


def query_words(text: str) -> list[str]:
    """The words of ``text`` as a query reads them: a hyphenated word is one word ("I-PASS" is "ipass")."""
    words = (stem(match.replace("-", "")) for match in _WORD.findall(fold(text)))
    return [word for word in words if word not in STOP_WORDS]


def index_words(text: str) -> list[str]:
    """The words of ``text`` as the index keeps them: a hyphenated word whole and each of its parts."""
    return [word for match in _WORD.findall(fold(text)) for word in _index_forms(match)]


@functools.lru_cache(maxsize=1 << 16)
def _index_forms(match: str) -> tuple[str, ...]:
    """What the index keeps of one word as written (a pure rule, read once per distinct word)."""
    parts = match.split("-")
    forms = (stem(word) for word in ([match.replace("-", "")] + parts if len(parts) > 1 else parts))
    return tuple(form for form in forms if form not in STOP_WORDS)
