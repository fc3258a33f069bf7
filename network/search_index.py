"""The site's search index, cut into small files that the reader's browser fetches only when searching.

Material's search plugin reads every page into documents (a page, then each of
its sections); this module turns them into an inverted index in files named by
the first letters of their words, so that a query fetches the few files its
words need: at 4,000 playbooks well under 1 MB, where Material's one index was
19 MB fetched on every page load. Each file is a script that adds its part to
``self.pbSearch``, so that the same files load from a web server and from the
offline bundle opened from ``file://`` (where a browser refuses ``fetch``).
The browser's side is overrides/assets/javascripts/search/engine.js.
"""

from __future__ import annotations

import functools
import html
import json
import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain, groupby, pairwise
from pathlib import Path

from network.search import RETIRED
from network.search_text import index_words

# Where a word is found, from weakest to strongest: the engine ranks a page by the
# strongest field each query word is found in (see engine.js, FIELD_WEIGHT).
BODY, HEADING, TITLE = 1, 2, 3
# A section whose words count as headings do: the checklist is what a reader looks for.
HEADING_SECTIONS = ("checklist",)
# Documents per file of result texts: a query fetches only the files of the results it shows, so small
# files waste little (a page's sections are neighbours, so one or two files serve a result). At 4,000
# playbooks, 4 a file instead of 16 cut the texts fetched for 20 results from 110 KB to about 25 KB.
DOCUMENTS_PER_FILE = 4
# Letters of a word that name its file of postings: with two, "sepsis" came with "see" and "set" (45 KB
# of postings at 4,000 playbooks for a word of 4 KB); with three, a query fetches little beyond its words.
SHARD_LETTERS = 3
# What a result shows of a section's text, in characters.
TEXT_LENGTH = 160
FOLDER = "search"

_TAG = re.compile(r"<[^>]*>")


def plain_text(markup: str) -> str:
    """The text of Material's index HTML, tags removed and entities read, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def excerpt(text: str, length: int = TEXT_LENGTH) -> str:
    """The first ``length`` characters of ``text`` at a word boundary, escaped for HTML."""
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + " …"
    return html.escape(text)


def script(name: str, value) -> str:
    """A file of the index: a script adding ``value`` to ``self.pbSearch`` under ``name``."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'(self.pbSearch=self.pbSearch||{{}})["{name}"]={data};\n'


def shard(word: str) -> str:
    """The file of postings that holds ``word``: its first SHARD_LETTERS characters, padded with "_"."""
    return word[:SHARD_LETTERS].ljust(SHARD_LETTERS, "_")


def _fields(doc: dict, is_page: bool, info: dict | None) -> list[tuple[int, str]]:
    """The text of a Material document, field by field."""
    fields = []
    if is_page:
        fields.append((TITLE, doc["title"]))
        if info:
            fields.append((HEADING, info["summary"]))
            text = plain_text(doc.get("text", "")).removeprefix(info["status"]).removeprefix(info["summary"])
            fields.append((BODY, text))
            fields.extend((BODY, title) for title in info.get("evidence", ()))
        else:
            fields.append((BODY, plain_text(doc.get("text", ""))))
        fields.extend((HEADING, tag) for tag in doc.get("tags", []))
    else:
        anchor = doc["location"].split("#", 1)[1]
        fields.append((HEADING, doc["title"]))
        fields.append((HEADING if anchor in HEADING_SECTIONS else BODY, plain_text(doc.get("text", ""))))
    return fields


def strongest_fields(fields: list[tuple[int, str]]) -> dict[str, int]:
    """Each word of a document's ``fields`` with the strongest field it is found in.

    The fields are read weakest first, each word's entry overwritten by a stronger field's.
    """
    strongest: dict[str, int] = {}
    for field, text in sorted(fields, key=lambda item: item[0]):
        strongest.update(dict.fromkeys(index_words(text), field))
    return strongest


def index_files(docs: Iterable[dict], pages: dict[str, dict],
                groups: list[list[tuple[str, ...]]]) -> Iterator[tuple[str, str]]:
    """The index's files (name under search/, content) for Material's ``docs`` in its order, one at a time.

    ``pages`` gives, for each playbook's location, its ``rank`` (the tie-break order
    of network/search.py), its ``status`` and ``summary`` (what a result shows) and the
    location it is ``replaced_by``; ``groups`` are the forms search treats as one.
    Each word's postings are kept as one array of ``number * 4 + field`` (its documents in order).
    """
    postings: defaultdict[str, array] = defaultdict(lambda: array("I"))
    page_starts: list[int] = []
    page_locations: list[str] = []
    documents: list[list[str]] = []
    titles: dict[str, str] = {}
    for number, doc in enumerate(docs):
        location = doc["location"]
        path = location.split("#", 1)[0]
        is_page = "#" not in location
        if is_page or not page_locations or page_locations[-1] != path:
            page_starts.append(number)
            page_locations.append(path)
            titles[path] = doc["title"]
        info = pages.get(path)
        for word, field in strongest_fields(_fields(doc, is_page, info)).items():
            postings[word].append(number * 4 + field)
        text = f"{info['status']} {info['summary']}" if is_page and info else plain_text(doc.get("text", ""))
        documents.append([location, html.escape(doc["title"]), excerpt(text)])
    # Each letter's words in two lists: found on several pages, and on one page only (which may be a typo
    # itself, so the engine also looks for near misses of a query word found only there).
    by_letter: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for key, words in groupby(sorted(postings), key=shard):
        encoded = {}
        for word in words:
            entries = postings.pop(word)
            encoded[word] = postings_text(entries)
            on_one_page = bisect_right(page_starts, entries[0] >> 2) == bisect_right(page_starts, entries[-1] >> 2)
            by_letter[word[0]][on_one_page].append(word)
        yield f"p-{key}.js", script(f"p-{key}", encoded)
    for letter, words in by_letter.items():
        yield f"w-{letter}.js", script(f"w-{letter}", [" ".join(words[0]), " ".join(words[1])])
    for start in range(0, len(documents), DOCUMENTS_PER_FILE):
        block = start // DOCUMENTS_PER_FILE
        yield f"d-{block}.js", script(f"d-{block}", documents[start:start + DOCUMENTS_PER_FILE])
    index_of = {location: number for number, location in enumerate(page_locations)}
    ranks = [pages[location]["rank"] if location in pages else -1 for location in page_locations]
    replaced = {number: index_of[pages[location]["replaced_by"]] for number, location in enumerate(page_locations)
                if location in pages and pages[location].get("replaced_by") in index_of}
    yield "meta.js", script("meta", {
        "documents": len(documents), "documentsPerFile": DOCUMENTS_PER_FILE, "shardLetters": SHARD_LETTERS,
        "pageStarts": page_starts, "ranks": ranks, "replacedBy": replaced,
        "letters": sorted(by_letter),
        "variants": [[list(form) for form in group] for group in groups]})
    # "Did you mean" offers playbooks in use: every title but the retired ones, as plain text.
    yield "titles.js", script("titles", [[location, titles[location]] for location in page_locations
                                         if location in pages and pages[location]["rank"] != RETIRED])


def postings_text(entries: array) -> str:
    """A word's postings as written in its file: each entry's document less the one before, times 4, plus its field.

    ``((entry >> 2) - (previous >> 2)) * 4 + (entry & 3)`` is ``entry - (previous & -4)``; each number in base 36.
    """
    return ",".join(map(_base36, [entry - (previous & -4) for previous, entry in pairwise(chain((0,), entries))]))


def format_base36(number: int) -> str:
    """``number`` (0 or more) in base 36, as JavaScript's ``parseInt(text, 36)`` reads it."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


# The same numbers recur in every word's postings (small gaps): each is written out once.
_base36 = functools.lru_cache(maxsize=1 << 16)(format_base36)
_SCRIPT = re.compile(r'\(self\.pbSearch=self\.pbSearch\|\|\{\}\)\["([^"]+)"\]=(.*);\n', re.DOTALL)


def script_value(text: str) -> tuple[str, object] | None:
    """A file of the index read back to its name and value (what :func:`script` wrote); None for any other script."""
    match = _SCRIPT.fullmatch(text)
    return (match[1], json.loads(match[2])) if match else None


def read_index(folder) -> dict:
    """The index's files in ``folder`` (a built site's search/), each read back to its value by name."""
    found = (script_value(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.js")))
    return dict(part for part in found if part)


def indexed_documents(folder) -> list[dict]:
    """Every document of the index in ``folder``, in order, as a result shows it: location, title, text."""
    parts = read_index(folder)
    blocks = sorted((name for name in parts if name.startswith("d-")), key=lambda name: int(name[2:]))
    return [{"location": row[0], "title": row[1], "text": row[2]} for name in blocks for row in parts[name]]


def write_index_files(folder: Path, docs: Iterable[dict], empty_index: str, pages: dict[str, dict],
                      groups: list[list[tuple[str, ...]]], offline: bool) -> None:
    """Replace Material's index in ``folder`` by the site's files and Material's settings with no document.

    ``docs``: Material's documents in its order; ``empty_index``: the JSON Material writes for an index with
    no document (its settings); ``pages``: each playbook's search settings by its URL;
    ``offline``: the bundle that opens from file://, which reads Material's settings from a script (file://
    refuses fetch). Each file is written as it is made, and the stale ones of a `make serve` rebuild removed.
    """
    written = set()
    for name, text in index_files(docs, pages, groups):
        with open(folder / name, "wb") as file:  # the bytes write_text would write, without its text layer
            file.write(text.encode())
        written.add(name)
    for stale in folder.glob("[dpw]-*.js"):
        if stale.name not in written:
            stale.unlink()
    settings_only = json.dumps({"config": json.loads(empty_index)["config"], "docs": []})
    (folder / "search_index.json").write_text(settings_only, encoding="utf-8")
    if offline:
        (folder / "search_index.js").write_text(f"var __index = {settings_only}", encoding="utf-8")
