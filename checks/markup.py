"""Unsafe-markup guard: HTML and links in contributed Markdown that could run code or call other hosts.

Python-Markdown passes raw HTML through to the page, and attr_list lets
``{ key=value }`` set any attribute, so a playbook could otherwise carry
scripts, event handlers, embedded sites, forms or images that every reader's
browser fetches from a third party. Code blocks and code spans are shown as
text, so they are left out of the scan.
"""

from __future__ import annotations

import html
import re

from checks import ENTITY, Finding, FindingsInText, without_code

ELEMENTS: list[tuple[str, re.Pattern, str]] = [
    ("markup/script", re.compile(r"<script\b", re.IGNORECASE),
     "a <script> element would run code in every reader's browser; remove it "
     "(to show code as text, put it in a fenced code block)"),
    ("markup/iframe", re.compile(r"<i?frame(?:set)?\b", re.IGNORECASE),
     "an <iframe> embeds another site in the page; remove it and link to the page instead"),
    ("markup/form", re.compile(r"<(?:form|input|textarea|select|button)\b", re.IGNORECASE),
     "a form or form control could collect information from readers; remove it and link to "
     "your hospital's own form instead"),
    ("markup/object-embed", re.compile(r"<(?:object|embed|applet)\b", re.IGNORECASE),
     "an <object>, <embed> or <applet> element embeds plug-in content; remove it and link to the file instead"),
    ("markup/unsafe-element", re.compile(r"<(?:style|link|meta|base)\b", re.IGNORECASE),
     "a <style>, <link>, <meta> or <base> element changes how the whole page looks or behaves; "
     "remove it (ask a maintainer for a change to the site's style)"),
]

EVENT_HANDLER = re.compile(
    r"<[a-z][\w:-]*\b[^<>]*?[\s\"'/]on[a-z]+\s*="
    r"|\{[^{}\n]*?(?<=[\s{:])on[a-z]+\s*=[^{}\n]*\}",
    re.IGNORECASE,
)
URL_GAP = r"[\t\n\r]*"


def _scheme(name: str) -> str:
    """A URL scheme such as ``javascript:``, allowing the tabs and newlines browsers drop inside it."""
    return URL_GAP.join(name) + URL_GAP + ":"


# Where a URL starts in Markdown or HTML: a link's (, a reference definition, an attribute's =
# (written against its name), an autolink's < or CSS url(. Prose such as "needs JavaScript: ask IT"
# or "Numerator = data: from the EHR" is no link; the build's sanitiser checks every real address.
URL_START = r"(?:\]\(\s*<?|\]:\s*<?|(?<=[\w-])=\s*[\"']?|<|url\(\s*[\"']?)\s*"
SCRIPT_URL = re.compile(rf"{URL_START}(?:{_scheme('javascript')}|{_scheme('vbscript')})", re.IGNORECASE)
DATA_URL = re.compile(
    rf"{URL_START}{_scheme('data')}"
    r"|(?<![\w-])data:[a-z]+/[\w.+-]+[;,]",
    re.IGNORECASE,
)
REMOTE = r"(?:https?:)?//"
# An image's alt text stops at the next '[' (so each character is read once, however many '![' a file
# holds): an alt text with brackets in it is left to the build's sanitiser, which refuses remote images too.
ALT_TEXT = r"(?:[^\[\]\\]|\\.)*"
REMOTE_IMAGE = re.compile(rf"!\[{ALT_TEXT}\]\(\s*<?\s*{REMOTE}|url\(\s*[\"']?\s*{REMOTE}", re.IGNORECASE)
# A media element, then each of its address attributes: one match per tag and per attribute, so linear however
# long a tag is; every address in the value (srcset lists several) is then compared with REMOTE.
MEDIA_TAG = re.compile(r"<(?:img|image|source|video|audio|track|input|picture)\b[^<>]*", re.IGNORECASE)
MEDIA_ADDRESS = re.compile(r"\b(?:src|srcset|poster|data-src)\s*=\s*(\"[^\"]*|'[^']*|[^\s\"'<>]*)", re.IGNORECASE)
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<url>\S+?)>?(?:\s|$)", re.MULTILINE)
REFERENCE_IMAGE = re.compile(rf"!\[(?P<alt>{ALT_TEXT})\](?:\s?\[(?P<label>[^\]]*)\])?(?![(:])")

MESSAGES = {
    "markup/event-handler": "an on...= event-handler attribute (such as onclick=) would run code in the "
                            "reader's browser; remove the attribute",
    "markup/javascript-url": "a javascript: (or vbscript:) link runs code when it is followed; link to an "
                             "https:// page or to another playbook instead",
    "markup/data-url": "a data: URL hides content inside the link; save the file under docs/ and link "
                       "to it, or link to an https:// page",
    "markup/remote-image": "an image from another host makes every reader's browser contact that host; "
                           "save a copy under docs/ (licence permitting, metadata stripped) and link to it",
}


def decode_entities(text: str) -> str:
    """HTML character references decoded, padded with spaces so that offsets still match.

    Browsers decode ``&#106;avascript:`` in an attribute and drop tabs and
    newlines inside a URL, so the padding is tabs and the URL patterns allow
    tabs and newlines between letters.
    """
    def decode(match: re.Match) -> str:
        value = html.unescape(match.group())
        return value + "\t" * (len(match.group()) - len(value)) if len(value) <= len(match.group()) else match.group()
    return ENTITY.sub(decode, text)


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_unsafe_markup(text: str, file: str = "<text>") -> list[Finding]:
    """Scripts, event handlers, script and data URLs, embeds, forms and remote images in Markdown ``text``."""
    scanned = without_code(text)  # same lengths and line breaks as text, so offsets match
    findings = FindingsInText(text, file)
    add = findings.add
    for kind, pattern, message in ELEMENTS:
        for match in pattern.finditer(scanned):
            add(match.start(), kind, message)
    for match in EVENT_HANDLER.finditer(scanned):
        add(match.start(), "markup/event-handler", MESSAGES["markup/event-handler"])
    for match in REMOTE_IMAGE.finditer(scanned):
        add(match.start(), "markup/remote-image", MESSAGES["markup/remote-image"])
    for tag in MEDIA_TAG.finditer(scanned):
        addresses = (address for value in MEDIA_ADDRESS.findall(tag.group())
                     for address in re.split(r"[\s,]+", value.lstrip("\"'")))
        if any(re.match(REMOTE, address.strip(), re.IGNORECASE) for address in addresses):
            add(tag.start(), "markup/remote-image", MESSAGES["markup/remote-image"])
    remote_labels = {_label(match["label"]) for match in REFERENCE_DEFINITION.finditer(scanned)
                     if re.match(REMOTE, match["url"], re.IGNORECASE)}
    for match in REFERENCE_IMAGE.finditer(scanned):
        label = match["label"] or match["alt"]
        if _label(label) in remote_labels:
            add(match.start(), "markup/remote-image", MESSAGES["markup/remote-image"])
    decoded = decode_entities(scanned)
    for kind, pattern in (("markup/javascript-url", SCRIPT_URL), ("markup/data-url", DATA_URL)):
        for match in pattern.finditer(decoded):
            add(match.start(), kind, MESSAGES[kind])
    return findings.sorted()
