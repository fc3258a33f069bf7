"""The text of every published file as a reader or a machine meets it, for the output scan (checks/output.py).

The build decodes what a contributor wrote (Markdown escapes, inline markup,
YAML escapes, character references) before it publishes it, so the guard
reads the published files: an HTML page's text with its tags removed and
its character references decoded (inline elements joined without a space,
as a browser shows ``Jo<em>hn</em>``; hidden elements included), the text a
page carries outside its body text (titles, alt texts, comments, mailto
links, JSON-LD); every string of a JSON file (HTML in it read as HTML, as
the search index holds it); every text of an XML file (feeds, the sitemap,
the member map); and the name of every published file. Each reader is a
function of the file's bytes in :data:`READERS`, chosen by the name's
ending: a new kind of published file (a search engine's compressed index
fragments, say) is one more entry.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import html
import json
import re
import urllib.parse
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Callable, Iterator

from network.search_index import script_value

# Elements a browser lays out inside a line: their tags join the text around them without a break.
INLINE = ("a|abbr|acronym|b|bdi|bdo|big|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|rp|rt|ruby|s|samp|small"
          "|span|strike|strong|sub|sup|time|tt|u|var|wbr")
QUOTED_TAG = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"
# Each pattern that starts at every "<" or space first looks at the letter its names can start with (in any case,
# with the letters re.IGNORECASE reads as one of them), which is quicker than trying each name there.
ANY_CASE_OF = {"i": "iI\u0130\u0131", "k": "kK\u212a", "s": "sS\u017f"}


def first_letters(names: str) -> str:
    """A lookahead for the first letters of the ``names`` (a|b|...) in any case."""
    letters = sorted({name[0] for name in names.split("|")})
    return "(?=[" + "".join(ANY_CASE_OF.get(letter, letter + letter.upper()) for letter in letters) + "])"


INLINE_TAG = re.compile(rf"</?{first_letters(INLINE)}(?:{INLINE})\b{QUOTED_TAG}>", re.IGNORECASE)
ANY_TAG = re.compile(rf"<[!/?]?[a-zA-Z]{QUOTED_TAG}>")
# What a browser does not show as text: comments, scripts and style sheets (their text is read apart).
HIDDEN_BLOCK = re.compile(r"<!--.*?-->|<(script|style|template)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
DATA_SCRIPT = re.compile(r"<script\b[^>]*type=[\"']?application/(?:ld\+)?json[^>]*>(.*?)</script\s*>",
                         re.DOTALL | re.IGNORECASE)
# Attributes whose text a reader meets (tooltip, alternative text, label, description) or a machine follows.
READ_ATTRIBUTES = "alt|title|aria-label|aria-description|placeholder|label|content|summary"
READ_ATTRIBUTE = re.compile(rf"\s{first_letters(READ_ATTRIBUTES)}(?:{READ_ATTRIBUTES})"
                            r"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
CONTACT_LINK = re.compile(rf"\s{first_letters('href')}href\s*=\s*[\"']?((?:mailto|tel|sms):[^\"'\s>]*)", re.IGNORECASE)
# Table cells stay on their row's line, between bars, as a Markdown table is written (checks/patient_data.py
# reads a table whose header names patients row by row).
CELL_START = re.compile(r"<t[dh]\b[^>]*>", re.IGNORECASE)
CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
ROW_END = re.compile(r"</tr\s*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
BLANK_LINES = re.compile(r"\s*\n\s*")


def text_of_markup(markup: str) -> str:
    """The body text of an HTML fragment as a browser shows it: tags removed, references decoded, blocks on lines."""
    text = HIDDEN_BLOCK.sub("\n", markup)
    text = INLINE_TAG.sub("", text)
    text = ROW_END.sub("|\n", CELL_END.sub(" ", CELL_START.sub("| ", text)))
    text = ANY_TAG.sub("\n", text)
    text = SPACES.sub(" ", html.unescape(text))
    return BLANK_LINES.sub("\n", text).strip()


# The theme writes a page's <title> as "<page title> - <site name>": two texts, not one sentence (the page's
# own title is read whole in its heading).
TITLE_ELEMENT = re.compile(r"(<title\b[^>]*>)([^<]*)(</title\s*>)", re.IGNORECASE)


def html_text(markup: str) -> str:
    """An HTML page's text: its body text, then each title, alt text, comment, contact link and JSON-LD string."""
    markup = TITLE_ELEMENT.sub(lambda match: match[1] + match[2].replace(" - ", "\n") + match[3], markup, count=1)
    extras = [html.unescape(a or b) for a, b in READ_ATTRIBUTE.findall(markup)]
    extras += [comment.strip() for comment in COMMENT.findall(markup)]
    extras += [urllib.parse.unquote(html.unescape(link)) for link in CONTACT_LINK.findall(markup)]
    extras += [json_text(script) for script in DATA_SCRIPT.findall(markup)]
    return "\n".join([text_of_markup(markup), *(extra for extra in extras if extra.strip())])


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _plain(text: str) -> str:
    return text_of_markup(text) if "<" in text or "&" in text else text


def json_text(text: str) -> str:
    """Every string of a JSON document, one a line, HTML in it read as HTML (the search index holds HTML)."""
    try:
        document = json.loads(text)
    except ValueError:
        return text_of_markup(text)
    return "\n".join(_plain(string) for string in _strings(document))


def xml_text(text: str) -> str:
    """Every text and attribute value of an XML document (a feed, the sitemap, an SVG), one a line."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return text_of_markup(text)
    parts = []
    for element in root.iter():
        parts += [_plain(value) for value in element.attrib.values()]
        parts += [_plain(piece) for piece in (element.text, element.tail) if piece and piece.strip()]
    return "\n".join(parts)


PAGEFIND_SIGNATURE = b"pagefind_dcd"


def pagefind_fragment_text(data: bytes) -> str:
    """A Pagefind index fragment (gzip, a signature, then JSON) as the text of its JSON."""
    raw = gzip.decompress(data)
    return json_text(raw.removeprefix(PAGEFIND_SIGNATURE).decode("utf-8", "replace"))


# The search index's files that hold what a result shows (each page's title and text); the others hold
# word lists, words never written side by side, in which a patient-data pattern would find false numbers.
SHOWN_SEARCH_PARTS = re.compile(r"d-\d+|titles")


def search_script_text(text: str) -> str:
    """The text a search result shows, from a file of the site's search index (network/search_index.py).

    Read like the API's JSON; the index's word lists, and the theme's scripts, give no text.
    """
    part = script_value(text)
    return json_text(json.dumps(part[1], ensure_ascii=False)) if part and SHOWN_SEARCH_PARTS.fullmatch(part[0]) else ""


def _decoded(read: Callable[[str], str]) -> Callable[[bytes], str]:
    return lambda data: read(data.decode("utf-8", "replace"))


# Each published file's reader, by how its name ends; files not listed (style sheets, fonts, images), and
# scripts other than the search index's, are read by name only: their content is the theme's, or an image
# the build re-encoded (checks/images.py).
READERS: dict[str, Callable[[bytes], str]] = {
    ".html": _decoded(html_text),
    ".htm": _decoded(html_text),
    ".json": _decoded(json_text),
    ".xml": _decoded(xml_text),
    ".svg": _decoded(xml_text),
    ".txt": _decoded(lambda text: text),
    ".webmanifest": _decoded(json_text),
    ".pf_fragment": pagefind_fragment_text,
    ".js": _decoded(search_script_text),
}


def file_name_text(path: str) -> str:
    """A published path as words: 'ward-3/mrn-12345678.png' reads 'ward 3 / mrn 12345678 png'."""
    return re.sub(r"[-_.]+", " ", urllib.parse.unquote(path)).replace("/", " / ")


UNREADABLE = "unreadable"


@dataclasses.dataclass(frozen=True)
class PublishedText:
    """One text a published file shows: its content, or its name (``part`` says which; UNREADABLE: why not)."""

    path: str
    text: str
    part: str = "text"


# Where each of the theme's blocks repeated on every page (header, navigation, footer) begins and ends.
BLOCK_EDGE = re.compile(r"<(?=/?(?:header|nav|footer)\b)", re.IGNORECASE)
PAGE_ENDINGS = (".html", ".htm")


def unseen_blocks(markup: str, seen: set[bytes]) -> str:
    """``markup`` without each block an earlier page had word for word (by its hash), then all added to ``seen``.

    The theme repeats its header, navigation and footer on every page: each is read on the first page only.
    """
    edges = [0, *(edge.start() for edge in BLOCK_EDGE.finditer(markup)), len(markup)]
    kept = []
    for start, end in zip(edges, edges[1:], strict=False):
        block = markup[start:end]
        key = hashlib.blake2b(block.encode("utf-8", "replace"), digest_size=16).digest()
        if key not in seen:
            seen.add(key)
            kept.append(block)
    return "\n".join(kept)


def reader_for(path: str) -> Callable[[bytes], str] | None:
    name = path.lower()
    return next((read for ending, read in READERS.items() if name.endswith(ending)), None)


def published_texts(site_dir: Path, pages_written_since: float | None = None) -> Iterator[PublishedText]:
    """Every published file's name, and the text of each file that has a reader, in path order.

    With ``pages_written_since`` (a time), only the files written since then: what `make serve`'s rebuilds
    rewrote, so that the preview stays quick (tools/preview/staged.py); `make build`, `make check` and CI
    read everything.
    A block of a page that an earlier page had word for word is read once (unseen_blocks).
    """
    seen_blocks: set[bytes] = set()
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        if pages_written_since is not None and path.stat().st_mtime < pages_written_since:
            continue
        relative = path.relative_to(site_dir).as_posix()
        yield PublishedText(relative, file_name_text(relative), "file name")
        read = reader_for(relative)
        if read:
            try:
                data = path.read_bytes()
                page = relative.lower().endswith(PAGE_ENDINGS)
                yield PublishedText(relative, html_text(unseen_blocks(data.decode("utf-8", "replace"), seen_blocks))
                                    if page else read(data))
            except (OSError, EOFError) as error:
                yield PublishedText(relative, str(error), UNREADABLE)
