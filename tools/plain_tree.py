"""`make plain-tree DIR=...`: the site's complete source as a plain Markdown tree any engine builds.

Every page under docs/ (the template pages with their macros rendered), each
page the build generates (member pages, the listings' later pages, tag pages)
with its front matter, the published files (feeds, JSON API, schemas,
sitemap), the glossary, and a plain mkdocs.yml: Material, the same Markdown
extensions (the glossary in abbr's options), the search plugin only, and no
hook, no macros, no overrides. All of it is computed by the core
(network/generated.py, network/published.py) from the site loaded once, as
the build loads it. It is what a build with Zensical starts from, and the
engine floor `make bench` measures (tools/bench/engines.py).

Not in the tree: what the theme overrides print around a playbook (its
header, sections, print footer and JSON-LD), the build's guards (the
sanitiser, the output scan) and the search index split into files, which are
the project's own code; each page's article is otherwise the build's.

    python -m tools.plain_tree DIR
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from macros import load, settings_of
from network.frontmatter import FRONT_MATTER, PAGE_ENCODING
from network.generated import site_theme_values
from network.pages import TEMPLATE_PAGES, is_page
from network.problems import ContentError
from network.published import published_files
from network.search import search_settings, status_html
from tools.project import ROOT

# What the plain tree's configuration leaves out of the project's: the project's code and the theme overrides.
LEFT_OUT = ("hooks", "watch", "plugins")
# Copied beside docs/ for the snippets extension, as the project has them.
SNIPPET_SOURCES = ("includes", "CONTRIBUTING.md")


def with_front_matter(text: str, values: dict) -> str:
    """``text`` with ``values`` added to its front matter (one written if it has none), as JSON, which YAML reads."""
    if not values:
        return text
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in values.items())
    match = FRONT_MATTER.match(text)
    if match:
        return f"---\n{match[1]}{lines}---\n" + text[match.end():]
    return f"---\n{lines}---\n\n" + text


def rendered_page(text: str, src_uri: str, generated) -> str:
    """A template page's source with its macros rendered after its front matter, as mkdocs-macros renders it."""
    match = FRONT_MATTER.match(text)
    front, body = (text[:match.end()], text[match.end():].lstrip("\n")) if match else ("", text)
    return front + generated.render_page(body, src_uri)


def plain_config(project: Path, glossary: dict, extra: dict) -> dict:
    """The project's mkdocs.yml as plain settings: Material with no overrides, the search plugin only."""
    with open(project / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    for key in LEFT_OUT:
        config.pop(key, None)
    config["plugins"] = ["search"]
    config["theme"].pop("custom_dir", None)
    extensions = []
    for extension in config["markdown_extensions"]:
        name, options = next(iter(extension.items())) if isinstance(extension, dict) else (extension, None)
        if name == "abbr":
            options = {**(options or {}), "glossary": glossary}
        extensions.append({name: options} if options else name)
    config["markdown_extensions"] = extensions
    # The theme prints the change notes' anchors the pages link to: without the overrides they are not there.
    config.setdefault("validation", {}).setdefault("links", {})["anchors"] = "info"
    config["strict"] = False
    config["extra"] = {**config.get("extra", {}), **extra}
    return config


def write_files(folder: Path, texts: dict[str, str]) -> None:
    """Each text at its path under ``folder``, its folders made as needed."""
    for path, text in texts.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")


def write_plain_tree(project: Path, out: Path) -> list[str]:
    """Write the plain tree of the project at ``project`` into ``out``; the src_uri of every page written."""
    mkdocs_config = load_config(str(project / "mkdocs.yml"))
    docs = Path(mkdocs_config.docs_dir)
    settings = settings_of(mkdocs_config)
    _metas, glossary, generated = load(project, docs, [Path(d) for d in mkdocs_config.theme.dirs], settings)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(docs, out / "docs")
    for name in SNIPPET_SOURCES:
        source = project / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, out / name)
    pages = []
    for path in sorted((out / "docs").rglob("*")):
        src_uri = path.relative_to(out / "docs").as_posix()
        if not path.is_file() or not is_page(src_uri):
            continue
        pages.append(src_uri)
        text = path.read_text(encoding=PAGE_ENCODING)
        if src_uri in TEMPLATE_PAGES:
            text = rendered_page(text, src_uri, generated)
        view = generated.views.get(src_uri)
        if view is not None:
            # The paragraph the build's search lead opens a playbook's content with (network/page_extensions.py).
            match = FRONT_MATTER.match(text)
            cut = match.end() if match else 0
            text = text[:cut] + "\n" + status_html(view) + "\n" + text[cut:].lstrip("\n")
        settings_values = search_settings(src_uri, view)
        path.write_text(with_front_matter(text, {"search": settings_values} if settings_values else {}),
                        encoding="utf-8")
    write_files(out / "docs", generated.files)
    pages += generated.files
    write_files(out / "docs", published_files(generated.site, settings.site_url, settings.site_name, pages,
                                              settings.use_directory_urls))
    config = plain_config(project, glossary, site_theme_values(settings))
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return pages


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.plain_tree DIR (make plain-tree DIR=...)", file=sys.stderr)
        return 2
    out = Path(argv[0]).resolve()
    project = Path(os.environ.get("PLAYBOOKS_PROJECT", ROOT)).resolve()
    if out == project or project.is_relative_to(out):
        print(f"plain-tree: {out} holds the project; name a new folder", file=sys.stderr)
        return 2
    try:
        pages = write_plain_tree(project, out)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"plain-tree: {len(pages)} pages in {out}; build it with `mkdocs build -f {out / 'mkdocs.yml'}`")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
