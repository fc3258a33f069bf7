"""What a page shows is what it means: checks on a page's HTML after the allow-list has passed it.

network/sanitiser.py decides which elements and attributes may appear at
all, one attribute at a time. Here the page is read as a tree, because what
a reader is shown depends on where a thing stands and what it holds: a class
the theme hides text with, an anchor the page's header links to, ruby text
outside a ruby, a link whose text names one host and goes to another. Each
problem is a (reason, texts to find its line by) pair, as the sanitiser's are.
"""

from __future__ import annotations

import dataclasses
import html.parser
import re
import urllib.parse

from markdown.extensions.toc import slugify

from network.lookalike import unicode_host

# --- Classes --------------------------------------------------------------------------------------------------
# What a contributor may write as a class: Material's admonition types (on an admonition or a collapsible
# block) and how an admonition floats. Every other class is the theme's, and some hide text (Material sets
# `font-size: 0` on footnote-backref and `opacity: 0` on headerlink) or fetch code (mermaid).
ADMONITION_TYPES = frozenset("""
note abstract summary tldr info todo tip hint important success check done question help faq warning caution
attention failure fail missing danger error bug example quote cite
""".split())
PLAYBOOK_CLASSES = ADMONITION_TYPES | {"admonition", "admonition-title", "inline", "end"}
# Pygments' token classes, which pymdownx.highlight writes on the spans of a code block.
CODE_TOKEN = re.compile(r"^(?:[a-z]{1,2}[0-9]?|[a-z]{3}|err|esc|hll)$")
# What the Markdown extensions write, by element, where the class changes nothing a reader is shown.
# (Code blocks with a title or line numbers add filename, highlighttable, linenos, linenodiv and normal.)
GENERATED_CLASSES = {
    "div": {"footnote", "toc", "highlight", "admonition", "linenodiv"},
    "ul": {"task-list"},
    "li": {"task-list-item"},
    "label": {"task-list-control"},
    "code": {"highlight"},
    "span": {"keys", "filename", "normal"},
    "table": {"highlighttable"},
    "th": {"filename"},
    "td": {"linenos", "code"},
    "details": ADMONITION_TYPES,
}
GENERATED_PATTERNS = {"kbd": re.compile(r"^key-[a-z0-9-]+$"), "div": re.compile(r"^language-[\w+#.-]+$"),
                      "code": re.compile(r"^language-[\w+#.-]+$")}
# The text the extensions put in the elements whose class hides it: toc's permalink and footnotes' way back.
PERMALINK_TEXT = "¶"
BACKREF_TEXT = "↩"

# --- Anchors --------------------------------------------------------------------------------------------------
# What the playbook header links to ("Go to checklist", and the printed checklist starts there).
HEADER_ANCHORS = frozenset({"checklist"})
# The ids of a playbook's change notes (network/changes.py), which What's new and the feeds link to.
CHANGE_ANCHOR = re.compile(r"^update-\d{4}-\d{2}-\d{2}(?:-\d+)?$")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
DEDUPLICATED = re.compile(r"^(?P<base>.+)_\d+$")

# --- Links ----------------------------------------------------------------------------------------------------
# What in a link's text a reader takes for an address: a URL, a www. host, an e-mail address, or a host
# such as cdc.gov (a name ending in a dot and two or more letters, except a file's extension).
FILE_EXTENSIONS = frozenset("pdf png jpg jpeg gif svg webp md html htm csv xlsx xls docx doc pptx txt zip json "
                            "xml yml yaml".split())
EMAIL_IN_TEXT = re.compile(r"[^\s@<>()\[\],;:\"']+@(?P<host>[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+)")
URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://(?P<userinfo>[^\s/?#@]*@)?(?P<host>[^\s/?#:]+)")
HOST_IN_TEXT = re.compile(r"(?<![\w@./-])(?P<host>(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?P<tld>[^\W\d_]{2,}))(?![\w@-])")


@dataclasses.dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


VOID = frozenset({"br", "hr", "img", "input", "wbr", "col", "area"})


class _Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.nodes: list[Node] = []  # every element, in document order

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        self.nodes.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parsed_elements(fragment: str) -> list[Node]:
    """Every element of any HTML, in document order, each in its tree, as Python's html.parser reads it."""
    parser = _Tree()
    parser.feed(fragment)
    parser.close()
    return parser.nodes


# One token of HTML as the allow-list writes it: a start tag with its attributes, each in double quotes (and
# an optional self-closing slash), an end tag, a run of text, or a '<' that starts none of them.
TOKEN = re.compile(r'<([a-z][a-z0-9]*)((?: [a-z][a-z0-9_.:-]*="[^"]*")*) ?(/?)>|</([a-z][a-z0-9]*)>|([^<]+)|(<)')
ATTRIBUTE = re.compile(r' ([a-z][a-z0-9_.:-]*)="([^"]*)"')
# Elements whose content html.parser reads as raw text, not as tags.
RAW_TEXT = frozenset(html.parser.HTMLParser.CDATA_CONTENT_ELEMENTS)


def tokens_read(fragment: str) -> list[Node] | None:
    """The elements html.parser reads in ``fragment``, read in one pass; None unless every token is plain.

    Plain: each tag is written as TOKEN says and none holds raw text (script, style), as in the
    allow-list's output. html.parser then reads each token alone, so one regular expression reads the same.
    """
    root = Node("#root", {}, None)
    current, nodes = root, []
    for tag, attributes, closed, end, text, _stray in TOKEN.findall(fragment):
        if text:
            current.children.append(html.unescape(text) if "&" in text else text)
        elif tag:
            if tag in RAW_TEXT:
                return None
            node = Node(tag, {name: html.unescape(value) if "&" in value else value
                              for name, value in ATTRIBUTE.findall(attributes)} if attributes else {}, current)
            current.children.append(node)
            nodes.append(node)
            if not closed and tag not in VOID:
                current = node
        elif end:
            node = current
            while node is not root and node.tag != end:
                node = node.parent
            if node is not root:
                current = node.parent
        else:
            return None
    return nodes


def elements(fragment: str) -> list[Node]:
    """Every element of the HTML, in document order, each in its tree, as html.parser reads it.

    The HTML is the allow-list's own output, which is well formed, so this reads it as a browser does.
    """
    nodes = tokens_read(fragment)
    return parsed_elements(fragment) if nodes is None else nodes


# --- Each check: a node in, (reason, needle) pairs out -----------------------------------------------------------

def _generated(node: Node, name: str) -> bool:
    """Whether ``name`` on ``node`` is exactly what a Markdown extension writes there."""
    tag = node.tag
    if name in GENERATED_CLASSES.get(tag, ()) or (tag in GENERATED_PATTERNS and GENERATED_PATTERNS[tag].match(name)):
        return True
    if tag == "span" and CODE_TOKEN.match(name):
        return any(ancestor.tag == "code" for ancestor in node.ancestors())
    if name == "headerlink":
        heading = node.parent
        return (tag == "a" and heading is not None and heading.tag in HEADINGS and node.text() == PERMALINK_TEXT
                and node.attrs.get("href") == f"#{heading.attrs.get('id', '')}")
    if name == "footnote-backref":
        return tag == "a" and node.text() == BACKREF_TEXT and node.attrs.get("href", "").startswith("#fnref")
    if name == "footnote-ref":
        return tag == "a" and node.parent is not None and node.parent.tag == "sup" and node.text().isdigit()
    if name == "task-list-indicator":
        return tag == "span" and not node.children
    return False


# Classes with a reason of their own.
CLASS_REASONS = {
    "mermaid": "the theme would fetch the Mermaid diagram program from another host to draw it, and it is "
               "blocked, so the reader sees an empty diagram; draw the diagram as an image under docs/ instead",
}


def class_problems(node: Node) -> list[tuple[str, tuple[str, ...]]]:
    """Classes a contributor may not set: every class but the admonition types, unless an extension wrote it."""
    return [(f"the class '{name}': " + CLASS_REASONS.get(
                name, "it belongs to the site's theme, which can hide text or restyle it with it; remove it (a "
                      f"playbook may use only the admonition types: {', '.join(sorted(ADMONITION_TYPES))})"),
             (f'class="{name}"', f".{name}", name))
            for name in node.classes() if name not in PLAYBOOK_CLASSES and not _generated(node, name)]


def ruby_problems(node: Node) -> list[tuple[str, tuple[str, ...]]]:
    """<rt> and <rp> only inside a <ruby> that shows its base text, <rp> holding only a bracket."""
    if node.tag in ("rt", "rp") and (node.parent is None or node.parent.tag != "ruby"):
        return [(f"<{node.tag}> outside a <ruby> is never shown on screen, but search finds its text; remove it",
                 (f"<{node.tag}>{node.text()}", f"<{node.tag}"))]
    if node.tag == "rp" and node.text().strip() not in ("(", ")", "（", "）", "[", "]", "【", "】", ""):
        return [(f"<rp> holds '{node.text().strip()}', which browsers hide; an <rp> holds only a bracket, such as (",
                 (f"<rp>{node.text()}", "<rp"))]
    if node.tag == "ruby":
        base = "".join(child if isinstance(child, str) else child.text() for child in node.children
                       if isinstance(child, str) or child.tag not in ("rt", "rp"))
        if not base.strip() or not any(isinstance(child, Node) and child.tag == "rt" for child in node.children):
            return [("a <ruby> needs its base text and an <rt> annotation of it; write the text plainly instead",
                     ("<ruby",))]
    return []


def _id_needles(anchor: str) -> tuple[str, ...]:
    """How an id is written in Markdown or HTML, most telling first, to find its line by."""
    return (f'id="{anchor}"', f"id='{anchor}'", f"id={anchor}", f"#{anchor} }}", f"#{anchor}}}", anchor)


def anchor_problems(nodes: list[Node]) -> list[tuple[str, tuple[str, ...]]]:
    """Ids that take an anchor the header, What's new or the table of contents gives meaning to."""
    problems = []
    headings = [node for node in nodes if node.tag in HEADINGS and node.attrs.get("id")]
    heading_anchors = {node.attrs["id"] for node in headings}
    heading_anchors |= {match["base"] for match in map(DEDUPLICATED.match, heading_anchors) if match}
    for node in nodes:
        anchor = node.attrs.get("id")
        if not anchor:
            continue
        if CHANGE_ANCHOR.match(anchor):
            problems.append((f"the id '{anchor}' is the anchor of one of the playbook's change notes, which What's "
                             "new and the feeds link to; choose another", _id_needles(anchor)))
        elif node.tag in HEADINGS:
            natural = slugify(node.text().replace(PERMALINK_TEXT, ""), "-")
            if anchor in HEADER_ANCHORS and anchor != natural:
                problems.append((f"the id '{anchor}' belongs to the playbook's own '{anchor.title()}' heading, which "
                                 "the page header and the printed checklist go to; remove it from this heading",
                                 _id_needles(anchor)))
        elif anchor in HEADER_ANCHORS or anchor in heading_anchors:
            problems.append((f"the id '{anchor}' is the anchor of a heading that the page header or the table of "
                             "contents links to, so those links would land here instead; remove it",
                             _id_needles(anchor)))
    return problems


def _link_host(href: str) -> tuple[str, str | None]:
    """('web', host) for an http(s) address, ('mail', address) for mailto:, ('site', None) for a link in the site."""
    parts = urllib.parse.urlsplit(href.strip())
    if parts.scheme.lower() in ("https", "http"):
        return "web", unicode_host(parts.hostname or "")
    if parts.scheme.lower() == "mailto":
        return "mail", urllib.parse.unquote(parts.path).casefold()
    return "site", None


def _same_site(shown: str, target: str) -> bool:
    shown, target = shown.removeprefix("www."), target.removeprefix("www.")
    return target == shown or target.endswith("." + shown)


def shown_addresses(text: str) -> tuple[list[str], list[str]]:
    """The hosts and the e-mail addresses a link's text shows."""
    emails = [match.group().casefold() for match in EMAIL_IN_TEXT.finditer(text)]
    rest = EMAIL_IN_TEXT.sub(" ", text)
    hosts = [unicode_host(match["host"]) for match in URL_IN_TEXT.finditer(rest)]
    rest = URL_IN_TEXT.sub(" ", rest)
    hosts += [unicode_host(match["host"]) for match in HOST_IN_TEXT.finditer(rest)
              if match["tld"].casefold() not in FILE_EXTENSIONS]
    return hosts, emails


def _link_needles(text: str, href: str) -> tuple[str, ...]:
    return (f"]({href}", f'href="{href}"', f"[{text}]", f">{text}<", href, text)


def link_text_problems(node: Node) -> list[tuple[str, tuple[str, ...]]]:
    """A link whose text shows an address must go to it."""
    if node.tag != "a" or "href" not in node.attrs:
        return []
    text = " ".join(node.text().split())
    if "." not in text and "@" not in text and ":" not in text:  # shows no address of any kind
        return []
    hosts, emails = shown_addresses(text)
    kind, target = _link_host(node.attrs["href"])
    where = node.attrs["href"]
    if any(match["userinfo"] for match in URL_IN_TEXT.finditer(text)):
        return [(f"the link's text shows an address with a name and '@' before its host ({text}), which reads as "
                 "another host than the one it names; show the address itself", _link_needles(text, where))]
    for host in hosts:
        if kind != "web" or not _same_site(host, target):
            return [(f"the link's text shows the address {host} but the link goes to {where}; make the text "
                     "and the address the same, or describe the page in words", _link_needles(text, where))]
    for email in emails:
        if kind != "mail" or email != target:
            return [(f"the link's text shows the e-mail address {email} but the link goes to {where}; make the "
                     "text and the address the same", _link_needles(text, where))]
    return []


RUBY_TAGS = frozenset({"ruby", "rt", "rp"})


def meaning_problems(fragment: str, maintainer: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """Everything in ``fragment`` (the allow-list's output) that shows a reader other than what it means.

    Each check runs on the elements it can find something in (any other gives it nothing), in document order.
    """
    nodes = elements(fragment)
    problems = []
    for node in nodes:
        tag, attrs = node.tag, node.attrs
        if tag in RUBY_TAGS:
            problems += ruby_problems(node)
        if tag == "a" and "href" in attrs:
            problems += link_text_problems(node)
        if not maintainer and "class" in attrs:
            problems += class_problems(node)
    if not maintainer:
        problems += anchor_problems([node for node in nodes if node.attrs.get("id")])
    return problems
