"""mkdocs-macros entry point: load the site's data once and register its macros."""

import os
from pathlib import Path

from macros import listings
from macros.playbooks import today_from
from macros.site import load_site_data, playbook_headers


def define_env(env):
    """Called by mkdocs-macros once per build, before any page is read."""
    docs_dir = Path(env.conf["docs_dir"])
    data = load_site_data(Path(env.project_dir), docs_dir, today_from(os.environ))
    env.conf["extra"]["playbook_pages"] = playbook_headers(data, docs_dir, env.conf["use_directory_urls"])

    def this_page() -> str:
        return env.page.file.src_uri

    @env.macro
    def member_directory() -> str:
        return listings.member_directory(data.members, data.playbooks, data.today, this_page())

    @env.macro
    def network_summary() -> str:
        return listings.summary_sentence(data.members, data.playbooks)

    @env.macro
    def domain_listing(domain: str) -> str:
        return listings.domain_listing(data.playbooks, data.members_by_id, domain, data.today, this_page())

    @env.macro
    def review_dashboard() -> str:
        return listings.review_dashboard(data.playbooks, data.members_by_id, data.today, this_page())

    @env.macro
    def specialty_listing() -> str:
        return listings.specialty_listing(data.playbooks, data.members_by_id, data.today, this_page())
