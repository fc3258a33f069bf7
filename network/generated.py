"""The pages the build generates, as Markdown computed from the loaded site, with no engine import.

The domain listings and their later pages, the tag pages, each member's page,
the directory, the finder, the dashboard, What's new, the home page's overview
and the About page's office: each is Markdown rendered from the autoescaped
templates in network/templates/. :class:`GeneratedPages` holds them for one
build; an adapter hands them to the engine (macros/ to MkDocs and
mkdocs-macros, tools/plain_tree.py to a plain Markdown tree any engine builds).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from network import listings
from network.escape import markdown_text, markdown_url, script_json
from network.feeds import feed_title
from network.office import NETWORK_OFFICE_MAILBOX, is_example_address
from network.problems import ContentError, Problem
from network.review import DUE_SOON_DAYS, DUE_SOON_PHRASE
from network.search import search_help_links
from network.site import Site
from network.structured_data import medical_web_page
from network.urls import (
    ALL_FEED,
    API_MEMBERS,
    API_PLAYBOOKS,
    FINDER_PAGE,
    REVIEW_PAGE,
    SPECIALTIES_PAGE,
    TAGS_PAGE,
    WHATS_NEW_PAGE,
    domain_index,
    feed_path,
    html_link,
    listing_page,
    relative_link,
    tag_page,
)
from network.usmap import map_rows
from network.views import (
    MemberView,
    PlaybookView,
    adoption_values,
    finder_row,
    header_values,
    listing_item,
)
from network.vocabulary import ADOPTION_STATES, DOMAINS, SERVICES, STATES, STATUS_NOTES

TEMPLATES = Path(__file__).parent / "templates"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters["md"] = markdown_text
_templates.filters["url"] = markdown_url


def render(template: str, **context) -> str:
    """Render ``network/templates/<template>`` with autoescaping on."""
    return _templates.get_template(template).render(**context)


# --- The generated pages' Markdown: the domain's listings (network/listings.py) through the templates ---

def _items(views, from_src: str) -> list[dict]:
    return [listing_item(view, from_src) for view in views]


def directory_markdown(members: list[MemberView], from_src: str, jump_list: bool = False) -> str:
    """The member directory: the map, members by service, then by state with what they adopted.

    With ``jump_list``, only the links to each state's and each service's section, for the page's top.
    """

    def adopted(view: MemberView) -> list[dict]:
        return [{**listing_item(item, from_src), "adoption_state": ADOPTION_STATES[adoption.state]}
                for item, adoption in view.adoptions if adoption.adopting]

    def card(view: MemberView) -> dict:
        if jump_list:  # the jump list shows each state's name and count only
            return {"member": view.member}
        contributed, adoptions = _items(view.contributed, from_src), adopted(view)
        shown = listings.DIRECTORY_ENTRY_ROWS
        return {"member": view.member, "contributed": contributed[:shown], "adopted": adoptions[:shown],
                "more_contributed": len(contributed[shown:]), "more_adopted": len(adoptions[shown:]),
                "page": relative_link(view.page, from_src)}

    states = [(state, [card(view) for view in group]) for state, group in listings.directory_states(members)]
    services = [{"key": key, "label": label, "members": listings.members_offering(members, key)}
                for key, label in SERVICES.items()]
    return render("member-directory.md.jinja", states=states, services=services, jump_list=jump_list,
                  map_rows=map_rows(listings.members_per_state(members), STATES))


def member_page_markdown(view: MemberView) -> str:
    """A member's own page: who it is, what it contributed, what it adopts and how, and its results."""
    from_src = view.page
    rows = [{"item": listing_item(item, from_src), "adoption": adoption_values(item.playbook, adoption)}
            for item, adoption in view.adoptions]
    active = [row for row in rows if row["adoption"]["adopting"]]
    return render("member-page.md.jinja", member=view.member, contributed=_items(view.contributed, from_src),
                  adopted=active, stopped=[row for row in rows if not row["adoption"]["adopting"]],
                  results=[{"item": row["item"], "result": result} for row in active
                           for result in row["adoption"]["results"]],
                  directory_link=relative_link(view.entry, from_src))


def generated_files(site: Site, listing_pages: dict[str, list[str]], metas: dict[str, dict],
                    tags: list[listings.TagGroup]) -> dict[str, str]:
    """The text of each file the build generates, by its path under docs/.

    Each member's page; the later pages of each paginated listing; each tag's pages.
    """
    files = {view.page: member_page_markdown(view) for view in site.member_views}
    for src_uri, pages in listing_pages.items():
        files.update(continued_pages(src_uri, metas[src_uri], pages))
    for group in tags:
        pages = tag_pages(group)
        files[tag_page(group.slug)] = pages[0]
        files.update(continued_pages(tag_page(group.slug), {"title": tag_title(group)}, pages))
    return files


def summary_markdown(site: Site) -> str:
    """The home page's one line on the network, as literal Markdown text."""
    return str(markdown_text(listings.summary_sentence(site.member_views, site.views)))


# How many playbooks the home page lists as new or revised, and as due for review.
HOME_LIST_LENGTH = 5


def home_markdown(site: Site, from_src: str) -> str:
    """The home page's overview: the domains with their counts, what is new or revised, what is due for review."""
    due = listings.due_for_review(site.views)
    revised = [{**listing_item(update.view, from_src), "date": update.change.date.isoformat(),
                "label": update.change.label, "link": relative_link(f"{update.view.src_uri}#{update.change.anchor}",
                                                                    from_src)}
               for update in listings.recently_revised(site.views, HOME_LIST_LENGTH)]
    domains = [{"label": label, "count": count, "drafts": listings.drafts_phrase(drafts) if drafts else "",
                "link": relative_link(domain_index(key), from_src)}
               for key, label, count, drafts in listings.domain_counts(site.views)]
    return render("home.md.jinja", domains=domains, revised=revised, due=_items(due[:HOME_LIST_LENGTH], from_src),
                  due_total=len(due), today=site.today.isoformat(), due_soon=DUE_SOON_PHRASE,
                  finder=relative_link(FINDER_PAGE, from_src), dashboard=relative_link(REVIEW_PAGE, from_src),
                  whats_new=relative_link(WHATS_NEW_PAGE, from_src), feed=relative_link(feed_path(ALL_FEED), from_src))


# --- Listings that grow with the network: split into pages of listings.LISTING_PAGE_ROWS rows ---

def pager_values(sources: list[str], number: int) -> dict:
    """Links from page ``number`` (from 1) of a paginated listing to each of its pages, the one before and after."""
    here = sources[number - 1]
    links = [(page, relative_link(source, here)) for page, source in enumerate(sources, start=1)]
    return {"number": number, "count": len(sources), "links": links,
            "previous": links[number - 2][1] if number > 1 else None,
            "next": links[number][1] if number < len(sources) else None}


def paginated(src_uri: str, pages: list[list[listings.Section]], render_page) -> list[str]:
    """Each page's Markdown of the listing at ``src_uri``: ``render_page(sections, pager, from_src)`` per page."""
    sources = [listing_page(src_uri, number) for number in range(1, len(pages) + 1)]
    return [render_page(sections, pager_values(sources, number), sources[number - 1])
            for number, sections in enumerate(pages, start=1)]


def _sections(sections: list[listings.Section], from_src: str) -> list[dict]:
    return [{"name": section.name, "continued": section.continued, "items": _items(section.rows, from_src)}
            for section in sections]


def domain_pages(views: list[PlaybookView], domain: str) -> list[str]:
    """A domain's listing: the playbooks in use, then the retired ones."""
    def render_page(sections, pager, from_src):
        return render("domain-listing.md.jinja", sections=_sections(sections, from_src), pager=pager,
                      contributing=relative_link("contributing.md", from_src))
    return paginated(domain_index(domain), listings.paginate(listings.domain_groups(views, domain)), render_page)


def dashboard_pages(views: list[PlaybookView], today: datetime.date) -> list[str]:
    """The review dashboard: the playbooks in use, most urgent first, with the counts of each state."""
    queue = listings.review_queue(views)
    counts = listings.review_counts(queue)

    def render_page(sections, pager, from_src):
        return render("review-dashboard.md.jinja", items=[item for section in _sections(sections, from_src)
                                                          for item in section["items"]],
                      counts=counts, today=today.isoformat(), due_soon_days=DUE_SOON_DAYS, pager=pager,
                      approved_and_drafts=listings.approved_and_drafts(queue))
    return paginated(REVIEW_PAGE, listings.paginate([("queue", queue)]), render_page)


def specialty_pages(views: list[PlaybookView]) -> list[str]:
    """Playbooks by specialty, each specialty under its own anchored heading; page 1 lists where each begins."""
    groups = listings.specialty_groups(views)
    anchors = {name: listings.specialty_anchor(name) for name, _ in groups}
    pages = listings.paginate(groups)
    starts = listings.group_pages(pages)
    sources = [listing_page(SPECIALTIES_PAGE, number) for number in range(1, max(starts.values(), default=1) + 1)]

    def render_page(sections, pager, from_src):
        index = [{"name": name, "link": relative_link(f"{sources[starts[name] - 1]}#{anchors[name]}", from_src)}
                 for name, _ in groups] if pager["count"] > 1 and pager["number"] == 1 else []
        return render("specialty-listing.md.jinja", sections=_sections(sections, from_src), anchors=anchors,
                      index=index, pager=pager)
    return paginated(SPECIALTIES_PAGE, pages, render_page)


def finder_pages(views: list[PlaybookView], use_directory_urls: bool) -> list[str]:
    """The playbook finder: its facets on page 1 and every playbook by title, in raw HTML (links written for the build).

    assets/javascripts/finder.js reads the rows of the later pages into page 1, so its facets narrow them all.
    """
    rows = listings.finder_rows(views)
    facets = listings.finder_facets(views)

    def render_page(sections, pager, from_src):
        html_pager = {**pager, "links": [(number, html_link(listing_page(FINDER_PAGE, number), from_src,
                                                            use_directory_urls))
                                         for number, _ in pager["links"]]}
        return render("playbook-finder.md.jinja", facets=facets, total=len(rows), pager=html_pager,
                      rows=[finder_row(view, from_src, use_directory_urls)
                            for section in sections for view in section.rows],
                      all_link=html_link(FINDER_PAGE, from_src, use_directory_urls))
    return paginated(FINDER_PAGE, listings.paginate([("playbooks", rows)]), render_page)


def listing_pages(site: Site, use_directory_urls: bool) -> dict[str, list[str]]:
    """Each paginated listing's pages as Markdown, by its src_uri: page 1 is its macro's, the rest are generated."""
    pages = {domain_index(domain): domain_pages(site.views, domain) for domain in DOMAINS}
    pages[REVIEW_PAGE] = dashboard_pages(site.views, site.today)
    pages[SPECIALTIES_PAGE] = specialty_pages(site.views)
    pages[FINDER_PAGE] = finder_pages(site.views, use_directory_urls)
    return pages


def continued_pages(src_uri: str, meta: dict, pages: list[str]) -> dict[str, str]:
    """The generated pages 2, 3, ... of the listing at ``src_uri`` (titled from its front matter), by path."""
    return {listing_page(src_uri, number): continued_page_markdown(
                meta["title"], meta, body, number, len(pages), relative_link(src_uri, listing_page(src_uri, number)))
            for number, body in enumerate(pages[1:], start=2)}


def continued_page_markdown(title: str, meta: dict, body: str, number: int, count: int, first: str) -> str:
    """Page ``number`` of a paginated listing: its own title, out of search, then the listing's rows there."""
    front = {"title": f"{title}, page {number} of {count}", "search": {"exclude": True}}
    if meta.get("hide"):
        front["hide"] = meta["hide"]
    return (f"---\n{json.dumps(front)}\n---\n\n# {markdown_text(title)}, page {number} of {count}\n\n"
            f"Page {number} of [{markdown_text(title)}]({first}), which says what the list holds.\n\n{body}")


def tag_title(group: listings.TagGroup) -> str:
    return f"Playbooks tagged {group.name}"


def tag_pages(group: listings.TagGroup) -> list[str]:
    """A tag's listing (each tag chip links to its first page): the playbooks that carry it, by title.

    Page 1 is a whole generated page; the later ones are bodies for continued_pages, like the other listings'.
    """
    def render_page(sections, pager, from_src):
        return render("tag-page.md.jinja", name=group.name, count=len(group.views), pager=pager,
                      items=[item for section in _sections(sections, from_src) for item in section["items"]],
                      front=json.dumps({"title": tag_title(group), "search": {"exclude": True}}),
                      tags_link=relative_link(TAGS_PAGE, from_src), finder_link=relative_link(FINDER_PAGE, from_src))
    return paginated(tag_page(group.slug), listings.paginate([(group.slug, group.views)]), render_page)


def tag_index_markdown(tags: list[listings.TagGroup], from_src: str) -> str:
    """The tags page: every tag with the number of playbooks carrying it, each linked to its own page."""
    return render("tag-index.md.jinja", tags=[{"name": group.name, "count": len(group.views),
                                               "link": relative_link(tag_page(group.slug), from_src)}
                                              for group in tags])


def whats_new_markdown(views: list[PlaybookView], from_src: str) -> str:
    """What's new: the latest clinical changes, new playbooks and retirements, each linked to its note."""
    updates = [{**listing_item(update.view, from_src), "date": update.change.date.isoformat(),
                "label": update.change.label, "note": update.change.note,
                "link": relative_link(f"{update.view.src_uri}#{update.change.anchor}", from_src)}
               for update in listings.latest_updates(views)]
    feeds = [{"name": "All playbooks" if name == ALL_FEED else DOMAINS[name],
              "link": relative_link(feed_path(name), from_src)} for name in (ALL_FEED, *DOMAINS)]
    api = {"playbooks": relative_link(API_PLAYBOOKS, from_src), "members": relative_link(API_MEMBERS, from_src)}
    return render("whats-new.md.jinja", updates=updates, feeds=feeds, api=api, limit=listings.LATEST_UPDATES)


def network_office_markdown() -> str:
    """The About page's way to report a problem: the network office's mailbox (one setting), marked if an example."""
    return render("network-office.md.jinja", mailbox=NETWORK_OFFICE_MAILBOX,
                  example=is_example_address(NETWORK_OFFICE_MAILBOX))




# --- One build's generated pages, macros and theme values, for any engine's adapter ---

# The macros the template pages call (network/pages.py TEMPLATE_PAGES), by name.
MACROS: tuple[str, ...] = ("member_directory", "member_jump_list", "network_summary", "home_overview",
                           "domain_listing", "review_dashboard", "specialty_listing", "playbook_finder", "tag_index",
                           "whats_new", "network_office")


@dataclass(frozen=True)
class Settings:
    """What the engine's configuration says that the generated pages and theme values depend on."""

    site_url: str
    site_name: str
    repo_url: str
    use_directory_urls: bool


def compute(_name: str, make: Callable):
    """Compute ``make()``; an adapter passes its own in its place to reuse what an earlier build computed."""
    return make()


@dataclass
class GeneratedPages:
    """One build's pages made from the network's data: listings, generated files, macros, each page's theme values."""

    site: Site
    settings: Settings
    metas: dict[str, dict]
    keep: Callable = compute
    tags: list[listings.TagGroup] = field(init=False)
    listing_pages: dict[str, list[str]] = field(init=False)
    files: dict[str, str] = field(init=False)

    def __post_init__(self):
        self.tags = listings.tag_groups(self.site.views)
        self.listing_pages = self.keep("listing pages",
                                       lambda: listing_pages(self.site, self.settings.use_directory_urls))
        self.files = self.keep("generated files",
                               lambda: generated_files(self.site, self.listing_pages, self.metas, self.tags))
        self.views = {view.src_uri: view for view in self.site.views}

    def macros(self, from_src: str) -> dict[str, Callable[..., str]]:
        """The template pages' macros as the page at ``from_src`` calls them (its links are written from there)."""
        site = self.site

        def first_page(src_uri: str) -> str:
            if from_src != src_uri:
                raise ContentError([Problem(f"docs/{from_src}", None, f"this listing belongs on docs/{src_uri}, "
                                            "whose links it is written for")])
            return self.listing_pages[src_uri][0]

        return {"member_directory": lambda: directory_markdown(site.member_views, from_src),
                "member_jump_list": lambda: directory_markdown(site.member_views, from_src, jump_list=True),
                "network_summary": lambda: summary_markdown(site),
                "home_overview": lambda: home_markdown(site, from_src),
                "domain_listing": lambda domain: first_page(domain_index(domain)),
                "review_dashboard": lambda: first_page(REVIEW_PAGE),
                "specialty_listing": lambda: first_page(SPECIALTIES_PAGE),
                "playbook_finder": lambda: first_page(FINDER_PAGE),
                "tag_index": lambda: tag_index_markdown(self.tags, from_src),
                "whats_new": lambda: whats_new_markdown(site.views, from_src),
                "network_office": network_office_markdown}

    def render_page(self, markdown: str, from_src: str) -> str:
        """A template page's Markdown with its macros rendered, as mkdocs-macros renders it (for a plain tree)."""
        return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(markdown).render(
            **self.macros(from_src))

    def theme_values(self, src_uri: str) -> dict | None:
        """The plain values the theme prints around a playbook page (its ``playbook`` metadata), or None."""
        view = self.views.get(src_uri)
        if view is None:
            return None
        settings = self.settings
        return {**header_values(view, settings.use_directory_urls, settings.site_url, settings.repo_url),
                "json_ld": script_json(medical_web_page(view, settings.site_url, settings.use_directory_urls)),
                "feed": {"title": feed_title(view.playbook.domain, settings.site_name),
                         "url": feed_path(view.playbook.domain)}}


def site_theme_values(settings: Settings) -> dict:
    """What the theme reads on every page, 404 included (``config.extra``): status badges, the feed, search help."""
    return {"status": dict(STATUS_NOTES),
            "network_feed": {"title": feed_title(ALL_FEED, settings.site_name), "url": feed_path(ALL_FEED)},
            "search_help": search_help_links(settings.use_directory_urls)}
