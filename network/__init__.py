"""The care network's domain: members, playbooks, their validation, review dates and one view of each.

Plain Python with no MkDocs import, so that the site's adapter (macros/), the
theme (overrides/, through the values macros/ hands it), the content guard
(checks/) and the command-line tools (tools/) all read the same facts, and a
move to another site generator changes only the adapter. Each concern is its
own module:

- problems: Problem and ContentError, how every check reports what is wrong;
- sourcefile: YAML read as text, with the line of every value;
- contracts: the committed JSON Schemas (schemas/), and YAML checked against them;
- validation: the field checks a schema is made of;
- vocabulary: domains, statuses, services, states, adoption states and GRADE, with their labels;
- review: review dates, review state and the build date;
- urls: where each source file is published, and links between pages;
- members, playbooks: the two kinds of content, loaded and validated (a playbook's measures,
  adoption records and graded recommendations among its fields);
- changes: a playbook's dated change notes and the rules across them;
- frontmatter: a page's front matter, found by MkDocs' own rule;
- pages, gate: which files may be published, checked before any page is read;
- git_history: the date each file last changed, from one `git log`;
- sanitiser: the HTML allow-list every page passes; page_extensions: it and a playbook's search lead as
  Python-Markdown extensions, which any engine running Python-Markdown loads;
- meaning: the page's HTML read as a tree, so that what it shows is what it means (classes, anchors, ruby,
  link text against where the link goes);
- lookalike: Unicode TR39 skeletons, mixed-script hosts and names folded for comparison;
- escape: values made literal text in generated Markdown, and JSON safe in a script element;
- listings: what each generated page lists (domains, dashboard, finder, home, What's new) and in what order;
- search: how search ranks playbooks by status and which pages it leaves out;
- usmap: the member map, a tile grid of states drawn as SVG;
- views, site: one view of each playbook and member, built once per build;
- feeds, api, sitemap, structured_data: Atom feeds, the JSON API, the sitemap and a
  page's JSON-LD, each from the views;
- published: every file published for machines, from one call;
- generated: the pages the build generates (listings, tag and member pages, the directory, the finder,
  the dashboard, What's new), the template pages' macros and each playbook's theme values, as plain
  Markdown and values (templates/) that any engine's adapter hands on;
- once: what a build computes from its sources, computed once per build however often an engine asks.
"""
