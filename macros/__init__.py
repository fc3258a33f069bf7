"""The site's adapter to mkdocs-macros: gate the sources, load the network once, hand MkDocs the core's pages.

The core computes every generated page and theme value (network/generated.py); here the gate runs (MkDocs' reading
of each page compared as it is rendered), a ContentError becomes MkDocs' build failure, the macros are registered,
and each playbook's header values go into its own metadata (``page.meta.playbook``, read by overrides/main.html).
Under Zensical, which runs ``define_env`` once per page: the load is cached on the sources
(network/once.py) and the extensions are added once, but ``config.extra`` does not reach its templates and
``on_pre_page_macros`` and the hooks do not run; there the plain tree (tools/plain_tree.py) is built instead.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from mkdocs.exceptions import PluginError

from network import page_extensions
from network.gate import check_sources, rendered_meta_problem
from network.generated import MACROS, GeneratedPages, Settings, site_theme_values
from network.glossary import GLOSSARY_FILE, read_glossary
from network.members import MEMBERS_FILE
from network.once import once_per_build, source_state
from network.pages import force_render_paths
from network.problems import ContentError, Problem
from network.review import today_from
from network.search import search_settings, status_html
from network.site import load_site
from tools.preview import staged as preview

# Read on every build, for the cache key: what the site is made of.
SOURCES = ("docs", "data", "includes", "mkdocs.yml", "CONTRIBUTING.md", "network/templates")


class BuildFailure(PluginError):
    """The build stops with every problem and no traceback: MkDocs prints a PluginError's message only."""


def define_env(env):
    """Called by mkdocs-macros once per build (by Zensical once per page), before any page is read."""
    try:
        _define(env)
    except ContentError as error:
        raise BuildFailure(str(error)) from None


def settings_of(conf) -> Settings:
    return Settings(conf["site_url"] or "", conf["site_name"], conf["repo_url"] or "", conf["use_directory_urls"])


def load(project_dir: Path, docs_dir: Path, theme_dirs: list[Path], settings: Settings):
    """The gate's reading of every page, the glossary, and the build's pages: computed once per build."""
    # MkDocs' reading of each page is compared as it renders the page (on_pre_page_macros).
    sources, problems = check_sources(project_dir, docs_dir, theme_dirs, None)
    # Read once for every page's tooltips (network/glossary.py says why not appended to each page).
    glossary, found = read_glossary(project_dir / GLOSSARY_FILE, project_dir)
    problems += found
    try:
        site = load_site(project_dir, docs_dir, today_from(os.environ), sources.texts, history=True)
    except ContentError as error:
        problems += error.problems
    if problems:
        raise ContentError(problems)
    # A quick rebuild of `make serve` reuses the last complete build's listings; the complete stage follows.
    return sources.metas, glossary, GeneratedPages(site, settings, sources.metas, preview.kept_or_computed)


def _define(env):
    project_dir = Path(env.project_dir)
    docs_dir = Path(env.conf["docs_dir"])
    if env.config["force_render_paths"] not in ("", force_render_paths()):  # set here by an earlier call
        raise ContentError([Problem("mkdocs.yml", None, "the pages rendered as templates are listed once, in "
                                    "network/pages.py (TEMPLATE_PAGES); remove it here", field="force_render_paths")])
    # mkdocs-macros reads this after define_env returns. It also renders a page whose
    # front matter says `render_macros: true`: the gate refuses that key in every page,
    # and on_pre_page_macros refuses it again as the page is rendered.
    env.config["force_render_paths"] = force_render_paths()
    # mkdocs-macros 1.5.0 compiles that list with pathspec's deprecated 'gitwildmatch' name.
    warnings.filterwarnings("ignore", message="GitWildMatchPattern", category=DeprecationWarning)
    settings = settings_of(env.conf)
    theme_dirs = [Path(d) for d in env.conf["theme"].dirs]
    key = (source_state([project_dir / name for name in SOURCES]), str(docs_dir), tuple(map(str, theme_dirs)),
           settings, today_from(os.environ), preview.quick_rebuild())
    env.front_matter_checked, glossary, env.generated = once_per_build(
        key, lambda: load(project_dir, docs_dir, theme_dirs, settings))
    env.conf["mdx_configs"].setdefault("abbr", {})["glossary"] = glossary
    # Added here rather than in mkdocs.yml, which loads extensions before this project is importable; once only.
    extensions = env.conf["markdown_extensions"]
    if not any(isinstance(known, page_extensions.SanitiserExtension) for known in extensions):
        extensions += [page_extensions.SanitiserExtension(failure=PluginError), page_extensions.SearchLeadExtension()]
    env.conf["extra"].update(site_theme_values(settings))
    for name in MACROS:
        env.macro(lambda *args, name=name: env.generated.macros(env.page.file.src_uri)[name](*args), name)


def on_pre_page_macros(env):
    """Called for every page just before mkdocs-macros decides whether to render it."""
    page = env.page
    src_uri = page.file.src_uri
    view = env.generated.views.get(src_uri)
    # Set for every page, so that no page keeps the lead of the playbook converted before it.
    page_extensions.current_lead["html"] = status_html(view) if view else ""
    if src_uri in env.generated.files:
        # A page the build generated from the members file, never read from docs/.
        page_extensions.current_page.update(src_uri=src_uri, file=MEMBERS_FILE.as_posix(), path=None)
        return
    file = os.path.relpath(page.file.abs_src_path, env.project_dir)
    problem = rendered_meta_problem(src_uri, page.meta, env.front_matter_checked, page.file.abs_src_path, file)
    if problem:
        raise BuildFailure(str(ContentError([problem])))
    page_extensions.current_page.update(src_uri=src_uri, file=file, path=page.file.abs_src_path)
    # The header values the theme prints around a playbook, in its own metadata (overrides/main.html).
    values = env.generated.theme_values(src_uri)
    if values:
        page.meta["playbook"] = values
    # Search: a playbook's rank and status from the build (a contributor cannot write `search:`), listings left out.
    settings = search_settings(src_uri, view)
    if settings:
        page.meta["search"] = settings
