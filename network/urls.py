"""Where each source file is published, and links between pages: the one path-to-URL rule.

Sources are named as MkDocs names them, by their path under docs/ (``src_uri``,
such as ``playbooks/safety/i-pass-handoffs.md``). With directory URLs (the
published site) ``about.md`` is built to ``about/index.html`` and linked as
``about/``; without them (the offline bundle) it is ``about.html``.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse

from network.validation import SLUG_PATTERN

MEMBERS_PAGE = "members.md"
# Each member's own page, members/<id>.md, is generated from data/members.yml; none is a file under docs/.
MEMBER_PAGES_FOLDER = "members"
PLAYBOOKS_FOLDER = "playbooks"
# The playbook finder, /playbooks/: every playbook, narrowed by facets kept in the query string.
FINDER_PAGE = f"{PLAYBOOKS_FOLDER}/index.md"
REVIEW_PAGE = f"{PLAYBOOKS_FOLDER}/review.md"
SPECIALTIES_PAGE = f"{PLAYBOOKS_FOLDER}/specialties.md"
# docs/playbooks/<domain>/<slug>.md; whether the domain and slug are valid is the schema's to say.
PLAYBOOK_PATH = re.compile(rf"^{PLAYBOOKS_FOLDER}/(?P<domain>[^/]+)/(?P<slug>[^/]+)\.md$")
# How one playbook names another in front matter: <domain>/<slug>.
PLAYBOOK_REF = re.compile(rf"^(?P<domain>[a-z]+)/(?P<slug>{SLUG_PATTERN})$")


def playbook_source(ref: str) -> str:
    """The src_uri of the playbook named ``<domain>/<slug>``."""
    return f"{PLAYBOOKS_FOLDER}/{ref}.md"


def playbook_ref(src_uri: str) -> str:
    """The name other playbooks use for the playbook at ``src_uri``: <domain>/<slug>."""
    return src_uri[len(PLAYBOOKS_FOLDER) + 1:-len(".md")]


def domain_index(domain: str) -> str:
    """The src_uri of a domain's listing page."""
    return f"{PLAYBOOKS_FOLDER}/{domain}/index.md"


def listing_page(src_uri: str, number: int) -> str:
    """The src_uri of page ``number`` (from 1) of the generated listing at ``src_uri``.

    Page 1 is the listing itself; page 2 of /playbooks/review/ is /playbooks/review/pages/2/. The pages
    are nested two folders deeper than any playbook, so no playbook's path can name one.
    """
    return src_uri if number == 1 else f"{page_url(src_uri)}pages/{number}/index.md"


# Each tag's own page, /playbooks/tags/<slug>/, generated; the tags page (TAGS_PAGE) lists every tag.
TAGS_PAGE = f"{PLAYBOOKS_FOLDER}/tags.md"


def tag_page(slug: str) -> str:
    """The src_uri of the page that lists the playbooks carrying the tag ``slug``."""
    return f"{PLAYBOOKS_FOLDER}/tags/{slug}/index.md"


def member_entry(member_id: str) -> str:
    """The member's entry in the directory, as a docs-relative target with its anchor."""
    return f"{MEMBERS_PAGE}#{member_id}"


def member_page(member_id: str) -> str:
    """The src_uri of the member's own page (/members/<id>/), generated from the members file."""
    return f"{MEMBER_PAGES_FOLDER}/{member_id}.md"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page built from ``src_uri``; an anchor is kept."""
    path, _, anchor = src_uri.partition("#")
    stem = path[: -len(".md")]
    if not use_directory_urls:
        url = stem + ".html"
    elif stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem[: -len("index")]
    else:
        url = stem + "/"
    return f"{url}#{anchor}" if anchor else url


def built_file(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file, relative to the site folder, that MkDocs writes the page ``src_uri`` to."""
    url = page_url(src_uri, use_directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


def url_of_built_file(relative: str) -> str:
    """The URL path MkDocs links a built file by: about/index.html is about/, index.html is ''."""
    if relative == "index.html":
        return ""
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def sources_of_built_file(relative: str) -> list[str]:
    """The src_uris MkDocs could have built the file ``relative`` (under the site folder) from."""
    if not relative.endswith("index.html"):
        return [relative]
    stem = relative[: -len("index.html")].rstrip("/")
    return [f"{stem}.md", f"{stem}/index.md" if stem else "index.md", f"{stem}/README.md"]


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for two site-relative paths, without asking the system for its folder.

    relpath makes both paths absolute first, which costs a system call each time: listings make tens of
    thousands of links.
    """
    target_parts = [part for part in posixpath.normpath(target).split("/") if part not in ("", ".")]
    start_parts = [part for part in posixpath.normpath(start).split("/") if part not in ("", ".")]
    common = 0
    for target_part, start_part in zip(target_parts, start_parts, strict=False):
        if target_part != start_part:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def relative_link(target_src: str, from_src: str) -> str:
    """A Markdown link from the page ``from_src`` to the page ``target_src`` (both docs-relative)."""
    target, _, anchor = target_src.partition("#")
    path = relative_path(target, posixpath.dirname(from_src))
    return f"{path}#{anchor}" if anchor else path


def built_file_of_url(url: str) -> str:
    """The file, relative to the site folder, behind an unquoted site-relative URL path: about/ is about/index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


# The network's published files for people and machines (DESIGN.md lists these URLs as contracts).
WHATS_NEW_PAGE = "whats-new.md"
API_PLAYBOOKS = "api/playbooks.json"
API_MEMBERS = "api/members.json"
SITEMAP = "sitemap.xml"
ALL_FEED = "all"


def feed_path(name: str = ALL_FEED) -> str:
    """The site-relative path of a feed: ``all`` for the network, or a domain's own."""
    return f"feeds/{name}.atom.xml"


def absolute_url(site_url: str, url: str) -> str:
    """A site-relative URL made absolute under ``site_url`` (which may hold a path, as on GitHub Pages)."""
    return site_url.rstrip("/") + "/" + url


# The issue form a reader reports a problem with (.github/ISSUE_TEMPLATE/report-problem.yml) and its
# field for the page's address, which GitHub fills in from the query parameter of the same id.
REPORT_FORM = "report-problem.yml"
REPORT_PAGE_FIELD = "page"


def site_address(site_url: str, src_uri: str, use_directory_urls: bool = True) -> str:
    """The published address of the page ``src_uri`` under ``site_url`` (SITE_URL)."""
    return absolute_url(site_url, page_url(src_uri, use_directory_urls))


def report_problem_url(repo_url: str, title: str, address: str) -> str:
    """The project's issue form with the page's title and address filled in, every value percent-encoded."""
    query = urllib.parse.urlencode({"template": REPORT_FORM, "title": f"Problem: {title}",
                                    REPORT_PAGE_FIELD: address}, quote_via=urllib.parse.quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


# The one line every e-mailed report carries, since an e-mail is kept and forwarded.
REPORT_MAIL_WARNING = "Please do not include patient details (names, record numbers, dates of birth or images)."


def report_mail_url(mailbox: str, title: str, address: str) -> str:
    """An e-mail to ``mailbox`` (mailto:...) about a playbook: only a subject and a body, each percent-encoded."""
    body = f"Playbook: {title}\nAddress: {address}\n\nWhat is wrong:\n\n\n{REPORT_MAIL_WARNING}\n"
    query = urllib.parse.urlencode({"subject": f"Problem with playbook: {title}", "body": body},
                                   quote_via=urllib.parse.quote)
    return f"mailto:{mailbox.removeprefix('mailto:')}?{query}"


def html_link(target_src: str, from_src: str, use_directory_urls: bool = True) -> str:
    """A link written in raw HTML (which MkDocs does not rewrite) from the page ``from_src`` to ``target_src``."""
    target = page_url(target_src, use_directory_urls)
    base = posixpath.dirname(built_file(from_src, use_directory_urls))
    path, _, anchor = target.partition("#")
    link = relative_path(path, base)
    if use_directory_urls and (path == "" or path.endswith("/")):
        link = "./" if link == "." else link + "/"
    return f"{link}#{anchor}" if anchor else link
