"""The allow-list every page's HTML passes, after Markdown, raw HTML, attr_list and macros.

nh3 (the binding of the Rust crate Ammonia) parses the HTML as a browser
does. Each page's HTML is cleaned twice, by a permissive policy that keeps
everything and by the page's own policy; when the two differ, the page
carries something the policy refuses and the build stops, naming it. (The
permissive pass is skipped where it provably agrees: when a parser reads the
same tokens in the page and in the strict output, reads_the_same.) What is
published is the policy's output, so anything the permissive pass itself
missed is still not published: an element outside HTML, such as a made-up
<x-widget>, loses its tags in both passes and keeps its text, as inert in the
page as it would be in a browser.
"""

from __future__ import annotations

import functools
import html
import html.entities
import html.parser
import re
import urllib.parse

import nh3

from network.lookalike import host_problem
from network.meaning import meaning_problems

# Classes and ids that the site's components (pb-*) and Material's scripts
# (md-*, __*) look up: a page that set them could fake a status chip or stop
# the page's scripts (an element with id="__config").
RESERVED_NAME = re.compile(r"^(?:_|md-|pb-)", re.IGNORECASE)
# The maintainers' pages (generated listings among them) draw the site's own components.
MAINTAINER_RESERVED_NAME = re.compile(r"^(?:_|md-)", re.IGNORECASE)

# No <bdo> and no `dir`: each sets the order text is shown in, so that a dose written 0.1 shows as 1.0.
TAGS = (frozenset(nh3.ALLOWED_TAGS) - {"bdo"}) | {"details", "summary", "input", "label", "figure", "figcaption",
                                                  "section"}
# Why an element or attribute outside the allow-list is refused, where "not allowed" alone would not say.
REASONS = {
    "bdo": "shows its text in another order than it is written (0.1 can read 1.0)",
    "dir": "sets the direction text is shown in, so that it can read other than written (0.1 as 1.0)",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "details": {"open"},
    "input": {"type", "disabled", "checked"},
    "time": {"datetime"},
}
# What the maintainers' pages add: the playbook finder's form (network/templates/playbook-finder.md.jinja)
# and the facets of each row, by name, for its script. Never a playbook's: it could fake a finder's data.
# And target="_self" (that value only) on a link to a place on the page, which Material's instant navigation
# leaves to the browser (network/templates/member-directory.md.jinja says why).
MAINTAINER_TAGS = frozenset({"form", "select", "option"})
FINDER_FACETS = ("domain", "specialty", "contributor", "adopter", "status", "review")
MAINTAINER_ATTRIBUTES = {
    "a": {"target"},
    "form": {"hidden"},
    "select": {"name"},
    "option": {"value"},
    "label": {"for"},
    "p": {"role", "aria-live"},
    "li": {f"data-{facet}" for facet in FINDER_FACETS},
}
# Every element of HTML (and the roots of SVG and MathML), for the permissive pass: it keeps
# everything a page could carry, so that the strict pass differs from it exactly where it refuses.
ALL_ELEMENTS = frozenset("""
a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote
body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl
dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr
html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee math
menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p
param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search section select slot small
source spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time
title tr track tt u ul var video wbr xmp
""".split())
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "poster", "srcset", "background", "xlink:href",
                  "data", "ping", "longdesc", "usemap", "manifest", "codebase", "archive", "icon"}
# Python-Markdown's tables write column alignment as exactly this style.
TABLE_ALIGN = re.compile(r"text-align: (?:left|right|center);")
PLAYBOOK_SCHEMES = ("https", "mailto")
# The maintainers' pages also link to http://127.0.0.1:8000, where `make serve` shows the site.
MAINTAINER_SCHEMES = (*PLAYBOOK_SCHEMES, "http")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Schemes the permissive pass always keeps, so that the strict pass refusing them is seen.
SCRIPT_SCHEMES = {"javascript", "vbscript", "data", "blob", "file", "filesystem", "about"}
# Every word a colon follows: a superset of the URL schemes a fragment holds, found without parsing it.
WORD_BEFORE_COLON = re.compile(r"(?<![a-zA-Z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]*):")  # whole words only: linear
# What a browser drops from a URL before reading its scheme.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
# Attributes whose address the browser fetches as the page loads: only a file published with the site.
LOADING_ATTRIBUTES = URL_ATTRIBUTES - {"href", "cite", "action", "formaction", "longdesc", "ping"}
# What a mailto: link may carry besides its one address (RFC 6068): anything else (cc, bcc, to) sends it elsewhere.
MAILTO_FIELDS = frozenset({"subject", "body"})
MAILBOX = re.compile(r"^[^\s@,;:<>()\[\]\\\"]+@[^\s@,;:<>()\[\]\\\"]+\.[^\s@,;:<>()\[\]\\\".]+$")


def mailto_problem(value: str) -> str | None:
    """Why a mailto: link sends to more than the one address it shows, or None."""
    address, _, query = value.partition(":")[2].partition("?")
    if not MAILBOX.match(urllib.parse.unquote(address)):
        return (f"the link '{value}' should hold one e-mail address, such as mailto:quality@hospital.org; "
                "write each address as a link of its own")
    fields = {name.casefold() for name, _ in urllib.parse.parse_qsl(query, keep_blank_values=True)}
    extra = sorted(fields - MAILTO_FIELDS)
    if extra or (query and not fields):
        return (f"the link '{value}' also sets '{extra[0] if extra else query}', which can copy the message to "
                "someone the reader does not see; a mailto: link may add only subject= and body=")
    return None


def web_address_problem(value: str) -> str | None:
    """Why an https:// address could take a reader elsewhere than it seems, or None."""
    if not re.match(r"^[a-zA-Z]+://", value):
        return f"the address '{value}' lacks the // after its scheme; write it in full, such as https://www.who.int/"
    parts = urllib.parse.urlsplit(value)
    if "@" in parts.netloc:
        return (f"the address '{value}' has a name and '@' before its host, so it goes to '{parts.hostname}', "
                "not to what it shows first; link to the host itself")
    return host_problem(parts.hostname or "")


def url_problem(value: str, schemes: tuple[str, ...] = PLAYBOOK_SCHEMES) -> str | None:
    """Why ``value`` may not be a link or image address, or None: relative, or one of ``schemes``."""
    value = value.strip(" \t\n\r\f")  # what a browser strips from both ends of an address
    if URL_IGNORED.search(value):
        return f"the address '{value}' holds a space or a control character; write it without"
    if value.startswith("#"):
        return None
    scheme = SCHEME.match(value)
    if scheme:
        if scheme[1].lower() in schemes:
            return mailto_problem(value) if scheme[1].lower() == "mailto" else web_address_problem(value)
        allowed = ", ".join(f"{name}:" for name in schemes)
        return f"the address '{value}' uses '{scheme[1]}:'; only {allowed} and links within the site are allowed"
    if re.match(r"^[/\\]{2}|^/\\", value) or "\\" in value:
        return (f"the address '{value}' would lead to another host or holds a backslash; write "
                "https://... for another site or a relative link for a page of this one")
    return None


def _name_problem(attribute: str, value: str, reserved: re.Pattern) -> str | None:
    names = value.split() if attribute == "class" else [value]
    taken = [name for name in names if reserved.match(name)]
    if taken:
        what = "class" if attribute == "class" else "id"
        return (f"the {what} '{taken[0]}' belongs to the site's own components or scripts; "
                + ("rename the heading" if what == "id" else "remove it"))
    return None


def attribute_problem(tag: str, attribute: str, value: str, maintainer: bool = False) -> str | None:
    """Why ``attribute="value"`` on ``<tag>`` is refused, or None."""
    attribute = attribute.lower()
    if attribute.startswith("on"):
        return f"the event handler '{attribute}' on <{tag}> would run script; remove it"
    if attribute not in PERMITTED[bool(maintainer)].get(tag, ATTRIBUTES["*"]):
        reason = f": it {REASONS[attribute]};" if attribute in REASONS else ";"
        return f"the attribute '{attribute}' is not allowed on <{tag}>{reason} remove it"
    if attribute in LOADING_ATTRIBUTES and (SCHEME.match(value.strip()) or re.match(r"^\s*[/\\]{2}", value)):
        return (f"the <{tag}> would be fetched from another host ({value.strip()}), which tells that host who reads "
                "the page, and shows nothing offline; save the file under docs/ and give its relative path")
    if attribute in URL_ATTRIBUTES:
        return url_problem(value, MAINTAINER_SCHEMES if maintainer else PLAYBOOK_SCHEMES)
    if attribute in ("class", "id"):
        return _name_problem(attribute, value, MAINTAINER_RESERVED_NAME if maintainer else RESERVED_NAME)
    if attribute == "style" and not TABLE_ALIGN.fullmatch(value):
        return f"the style '{value}' is not allowed; the site's own style sheet sets the look"
    if attribute == "target" and value != "_self":
        return f"target=\"{value}\" is not allowed; only target=\"_self\" is, which opens no other window"
    if tag == "input" and attribute == "type" and value != "checkbox":
        return f"<input type=\"{value}\"> is not allowed; only a checklist's checkbox is"
    return None


def allowed_tags(maintainer: bool) -> frozenset[str]:
    return TAGS | MAINTAINER_TAGS if maintainer else TAGS


def _maintainer_attributes() -> dict[str, set[str]]:
    return {tag: set(ATTRIBUTES.get(tag, ())) | MAINTAINER_ATTRIBUTES.get(tag, set())
            for tag in set(ATTRIBUTES) | set(MAINTAINER_ATTRIBUTES)}


# The attributes each tag may carry, by whether the page is a maintainer's.
ALLOWED_ATTRIBUTES = {False: ATTRIBUTES, True: _maintainer_attributes()}


def allowed_attributes(maintainer: bool) -> dict[str, set[str]]:
    """The attributes each tag may carry on a playbook page, or on a maintainer's page."""
    return ALLOWED_ATTRIBUTES[bool(maintainer)]


# The attributes whose value attribute_problem reads; any other the allow-list keeps passes whatever its value.
VALUE_CHECKED = URL_ATTRIBUTES | LOADING_ATTRIBUTES | {"class", "id", "style", "target", "type"}


def _value_free(maintainer: bool) -> dict[str, frozenset[str]]:
    """By tag, the attributes it may carry whose every value passes (tests/test_sanitiser_fast_paths.py)."""
    allowed = allowed_attributes(maintainer)
    return {tag: frozenset(name for name in allowed.get(tag, set()) | ATTRIBUTES["*"]
                           if name not in VALUE_CHECKED and not name.startswith("on"))
            for tag in allowed_tags(maintainer)}


VALUE_FREE = {False: _value_free(False), True: _value_free(True)}
# By tag, every attribute it may carry, its own and those every tag may.
PERMITTED = {maintainer: {tag: frozenset(names | ATTRIBUTES["*"]) for tag, names in allowed.items()}
             for maintainer, allowed in ALLOWED_ATTRIBUTES.items()}


class _Names(html.parser.HTMLParser):
    """Every start tag of an HTML fragment with its attributes, to say what the policy refuses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.start_tags: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.start_tags.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


def _read(fragment: str) -> _Names:
    names = _Names()
    names.feed(fragment)
    names.close()
    return names


def _permissive(fragment: str) -> str:
    # Read as a URL parser reads an attribute: references decoded, tabs and line breaks dropped.
    readable = re.sub(r"[\t\n\r]", "", html.unescape(fragment))
    schemes = {scheme.lower() for scheme in WORD_BEFORE_COLON.findall(readable)} | SCRIPT_SCHEMES
    return nh3.clean(fragment, tags=set(ALL_ELEMENTS | TAGS | MAINTAINER_TAGS), clean_content_tags=set(),
                     attributes={"*": set()}, generic_attribute_prefixes={""}, link_rel=None,
                     url_schemes=schemes | set(nh3.ALLOWED_URL_SCHEMES), strip_comments=False)


def _strict(fragment: str, maintainer: bool) -> str:
    value_free = VALUE_FREE[bool(maintainer)]

    def keep(tag, attribute, value):
        if attribute in value_free.get(tag, ()):
            return value
        return None if attribute_problem(tag, attribute, value, maintainer) else value

    return nh3.clean(fragment, tags=set(allowed_tags(maintainer)),
                     attributes={tag: set(names) for tag, names in allowed_attributes(maintainer).items()},
                     attribute_filter=keep, link_rel=None,
                     url_schemes=set(MAINTAINER_SCHEMES if maintainer else PLAYBOOK_SCHEMES),
                     url_relative="pass_through", strip_comments=False)


# One token of HTML written plainly: a start tag with its attributes, each bare (its value empty) or in double
# quotes (an HTML element's self-closing slash changes nothing), an end tag, a run of text, or a '<' that
# starts none of them.
PLAIN_TOKEN = re.compile(r'<[a-z][a-z0-9]*(?: [a-z][a-z0-9_.:-]*(?:="[^"]*")?)* ?/?>|</[a-z][a-z0-9]*>|[^<]+|<')
PLAIN_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9_.:-]*)(?:="([^"]*)")?')
CHARACTER_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|[a-zA-Z][a-zA-Z0-9]{0,31});")


def _reference_read_alike(match: re.Match) -> bool:
    """Whether html.unescape reads this reference as an HTML parser does, in text and in an attribute alike."""
    if not match[1] and not match[2]:
        return match[0][1:] in html.entities.html5  # a whole name with its ';': never a shorter legacy name
    code = int(match[1], 10) if match[1] else int(match[2], 16)
    return code <= 0x10FFFF and html.unescape(match[0]) == chr(code)  # not one the parser replaces


def _decoded(text: str) -> str | None:
    """The characters a parser reads in ``text`` (text or an attribute's value), or None if not read plainly."""
    if "\r" in text:  # a parser reads a line break written \r\n as \n
        return None
    if "&" not in text:
        return text
    references = list(CHARACTER_REFERENCE.finditer(text))
    if len(references) != text.count("&") or not all(map(_reference_read_alike, references)):
        return None
    return html.unescape(text)


@functools.lru_cache(maxsize=1024)  # the same few tokens (a permalink's &para;, a checkbox) on every page
def _token_read(token: str) -> tuple | str | None:
    """What a parser reads in one plain token, or None if it may read it otherwise than html.unescape says."""
    if token.startswith("</"):
        return token
    if token.startswith("<"):
        attributes = tuple((name, _decoded(value)) for name, value in PLAIN_ATTRIBUTE.findall(token))
        if any(value is None for _, value in attributes):
            return None
        return token[1:].split(" ", 1)[0].split(">", 1)[0].removesuffix("/"), attributes
    return _decoded(token)


def reads_the_same(fragment: str, strict: str) -> bool:
    """Whether an HTML parser reads the same tokens in ``fragment`` and in its strict output ``strict``.

    Then it builds the same tree from both: every element and attribute in it is one the strict pass kept
    (or one the parser adds, tbody, tr, colgroup, p or br, which it allows), so neither pass removed anything,
    and the permissive pass would return ``strict`` too. False whenever that is not plain to see.
    """
    written, kept = PLAIN_TOKEN.findall(fragment), PLAIN_TOKEN.findall(strict)
    if len(written) != len(kept) or "<" in written or "<" in kept:
        return False
    for ours, theirs in zip(written, kept, strict=True):
        if ours == theirs:
            continue
        if (ours[0] == "<") is not (theirs[0] == "<"):  # a tag against text
            return False
        read = _token_read(ours)
        if read is None or read != _token_read(theirs):
            return False
    return True


def _needles(tag: str, attribute: str, value: str) -> tuple[str, ...]:
    """How a refused attribute may be written in the source, most telling first, to find its line by."""
    if attribute == "class":
        value = value.split()[0] if value.split() else value
    written = (f'<{tag} {attribute}="{value}"', f'{attribute}="{value}"', f"{attribute}={value}")
    if attribute in URL_ATTRIBUTES:  # written with entities, the address itself is not in the source, its host is
        return (*written, value, urllib.parse.urlsplit(value.strip()).netloc or value)
    return (*written, value if attribute in ("class", "id", "style") else f"{attribute}=", attribute)


def sanitise(fragment: str, maintainer: bool = False) -> tuple[str, list[tuple[str, str | tuple[str, ...]]]]:
    """The HTML to publish, and what the policy refuses as (message, text to find it by) pairs.

    The text to find it by may be a tuple of texts, the first that the source holds naming the line.
    """
    if "<" not in fragment:  # text alone (most headings, which toc passes here one by one)
        return fragment, []
    strict = _strict(fragment, maintainer)
    # What the policy keeps is then read as a whole: what it shows must be what it means.
    meaning = meaning_problems(strict, maintainer)
    if reads_the_same(fragment, strict) or strict == _permissive(fragment):
        return strict, meaning
    refused: dict[str, str] = {}
    for tag, attributes in _read(fragment).start_tags:
        if tag not in allowed_tags(maintainer):
            reason = f": it {REASONS[tag]};" if tag in REASONS else ";"
            refused.setdefault(f"the element <{tag}> is not allowed{reason} remove it", f"<{tag}")
        for attribute, value in attributes:
            problem = attribute_problem(tag, attribute, value, maintainer)
            if problem:
                refused.setdefault(problem, _needles(tag, attribute, value))
    found = list(refused.items()) or [("the sanitiser would change this page's HTML; simplify it", "")]
    return strict, found + meaning
