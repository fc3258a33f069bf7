"""mkdocs-macros entry point: gate the sources, load the site's data once and register its macros."""

import os
import warnings
from pathlib import Path

from macros import html_guard, listings
from macros.build_gate import check_sources, page_meta_problem
from macros.pages import force_render_paths
from macros.playbooks import today_from
from macros.site import load_site_data, playbook_headers
from macros.sourcefile import ContentError, Problem


def define_env(env):
    """Called by mkdocs-macros once per build, before any page is read or any file copied."""
    project_dir = Path(env.project_dir)
    docs_dir = Path(env.conf["docs_dir"])
    if env.config["force_render_paths"]:
        raise ContentError([Problem("mkdocs.yml", None, "the pages rendered as templates are listed once, in "
                                    "macros/pages.py (TEMPLATE_PAGES); remove it here", field="force_render_paths")])
    # mkdocs-macros reads this after define_env returns. It also renders a page whose
    # front matter says `render_macros: true`: the gate refuses that key in every page,
    # and on_pre_page_macros refuses it again as the page is rendered. Under Zensical,
    # which runs define_env but not on_pre_page_macros, the gate still runs here.
    env.config["force_render_paths"] = force_render_paths()
    # mkdocs-macros 1.5.0 compiles that list with pathspec's deprecated 'gitwildmatch' name.
    warnings.filterwarnings("ignore", message="GitWildMatchPattern", category=DeprecationWarning)
    front_matter, problems = check_sources(project_dir, docs_dir, [Path(d) for d in env.conf["theme"].dirs])
    env.front_matter_checked = front_matter
    # Added here rather than in mkdocs.yml, which loads extensions before this project is importable.
    env.conf["markdown_extensions"].append(html_guard.SanitiserExtension())
    try:
        data = load_site_data(project_dir, docs_dir, today_from(os.environ))
    except ContentError as error:
        problems += error.problems
    if problems:
        raise ContentError(problems)
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


def on_pre_page_macros(env):
    """Called for every page just before mkdocs-macros decides whether to render it."""
    page = env.page
    file = os.path.relpath(page.file.abs_src_path, env.project_dir)
    problem = page_meta_problem(page.file.src_uri, page.meta, env.front_matter_checked, file)
    if problem:
        raise ContentError([problem])
    html_guard.current_page.update(src_uri=page.file.src_uri, file=file, path=page.file.abs_src_path)
