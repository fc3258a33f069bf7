"""The output scan's compact records give what the per-character and per-line records they replace gave."""

from __future__ import annotations

import html
import random
import unicodedata

import pytest

from checks import READER_CHANGES, as_a_reader_sees_it
from checks.output import letters_and_digits, new_stretches, source_letters

TRICKY_TEXTS = [
    "",
    "plain ascii\nover two lines",
    "&#64;&amp;&lt;b&gt; at the start, and at the end &#x40;",
    "Ｆｕｌｌｗｉｄｔｈ ０１２３ digits, a ﬁ ligature, ½ and ² (NFKC writes more or fewer)",
    "zero\u200bwidth\u200d joiners\ufeff and a soft\u00adhyphen (format characters dropped)",
    "a reference to a format character &#8203; and an unknown &nosuch; and &amp without its semicolon",
    "ünïcödé then ascii then ü\nİstanbul ı and ß",
    "\u0301combining first, then e\u0301 and ℃ ㎒",
    "&#x1F600; an emoji by reference, 😀 as written, and a lone \ud800 surrogate",
    "&#64;start", "end&amp;", "a\u200bb\u200b", "\ufb01ne &#x41;&#65 x", "\u200b", "&#8203;&#64;",
    "\uff11\uff12 &amp;&lt;&copy; \u00bd\u2026 &bogus; z",
]


def per_character_origin(text: str) -> list[int]:
    """The old rule: the offset in ``text`` of each character as a reader sees it, one entry a character."""
    origin, last = [], 0
    for match in READER_CHANGES.finditer(text):
        origin.extend(range(last, match.start()))
        written = match.group()
        for piece in html.unescape(written) if written[0] == "&" else written:
            if unicodedata.category(piece) != "Cf":
                origin.extend([match.start()] * len(unicodedata.normalize("NFKC", piece)))
        last = match.end()
    origin.extend(range(last, len(text) + 1))
    return origin


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_reader_offsets_by_stretch_are_the_per_character_offsets(text):
    seen, origin = as_a_reader_sees_it(text)
    expected = per_character_origin(text)
    assert len(expected) == len(seen) + 1
    assert [origin[offset] for offset in range(len(seen) + 1)] == expected


def per_letter_lines(text: str, name: str) -> list[int]:
    """The old rule for a file read line by line: the line of each letter, one entry a letter."""
    return [number for number, line in enumerate(text.split("\n"), start=1)
            for _ in letters_and_digits(html.unescape(line))]


@pytest.mark.parametrize("text", [
    "one\n\n  \ntwo &amp; three\n---\nfour ﬁ five",
    "\n\nlate start\n\n",
    "",
])
def test_a_source_letter_is_placed_at_its_line(text):
    letters = source_letters(text, "page.html")
    assert [letters.line_at(at) for at in range(len(letters.text))] == per_letter_lines(text, "page.html")


def test_a_yaml_source_letter_is_placed_at_its_value_s_line_in_any_order():
    letters = source_letters("b:\n  - x1\n  - ''\na: 'y&amp;2'\n", "data/a.yml")
    assert [(letter, letters.line_at(at)) for at, letter in enumerate(letters.text)] == [
        ("x", 2), ("1", 2), ("y", 4), ("a", 4), ("m", 4), ("p", 4), ("2", 4), ("y", 4), ("2", 4)]


def test_a_line_read_once_is_known_again_by_its_digest():
    seen: set[bytes] = set()
    assert new_stretches("a\nb\nc", seen) == "a\nb\nc"
    assert new_stretches("x\nb\ny\nb\nc\nd", seen) == "x\nb\ny\nb\nc\nd"
    assert new_stretches("a\nb\nc\nd", seen) == ""
    assert new_stretches("a\nb\nz\nc\nd\n\ud800", seen) == "b\nz\nc\nd\n\ud800"
    assert len(seen) == 8


def stretches_by_line_text(text: str, seen: set[str]) -> str:
    """The old rule: new_stretches with the lines' texts in ``seen``."""
    lines = text.split("\n")
    fresh = [index for index, line in enumerate(lines) if line not in seen]
    seen.update(lines)
    kept = sorted({near for index in fresh for near in (index - 1, index, index + 1) if 0 <= near < len(lines)})
    stretches: list[list[str]] = []
    for index in kept:
        if stretches and stretches[-1][0] == index - 1:
            stretches[-1][0] = index
            stretches[-1].append(lines[index])
        else:
            stretches.append([index, lines[index]])
    return "\n\x00\n".join("\n".join(stretch[1:]) for stretch in stretches)


def test_new_stretches_by_digest_are_those_by_line_text():
    generator = random.Random(32)
    by_text: set[str] = set()
    by_digest: set[bytes] = set()
    for _ in range(5000):
        text = "\n".join(generator.choice("abcdef") * generator.randint(0, 2) for _ in range(generator.randint(0, 9)))
        assert new_stretches(text, by_digest) == stretches_by_line_text(text, by_text)
