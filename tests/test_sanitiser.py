"""Hostile pull requests, part 2: what the parsers produce passes an allow-list, or the build stops."""

from __future__ import annotations

import pytest

from conftest import assert_clean_failure, build, make_project
from network.sanitiser import sanitise, url_problem
from test_checks import run_guard, with_tooling
from test_playbooks import GOOD

PLAYBOOK = "docs/playbooks/safety/test-practice.md"

# Each: Markdown a contributor could write, and what the build's refusal says.
ACTIVE_CONTENT = {
    "handler hidden behind a backtick": ('<p title="`" onmouseover="alert(1)">x</p>', "'onmouseover'"),
    "handler hidden behind a >": ('<details title=">" ontoggle="alert(1)" open><summary>s</summary></details>',
                                  "'ontoggle'"),
    "script after a quoted >": ('<div title="a>b"><script>alert(1)</script></div>', "<script>"),
    "meta refresh": ('<p>x</p><meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta>"),
    "attr_list glued to a quote": ('Text\n{ title="x"onclick="alert(1)" }', "'onclick'"),
    "backslash inside a scheme": ("[click](java\\script:alert(1))", "uses 'javascript:'"),
    "protocol-relative link": ('<a href="//evil.example/">x</a>', "would lead to another host"),
    "backslash host": ('<a href="/\\evil.example/">x</a>', "would lead to another host"),
    "Material's id from a heading": ("## __config", "the id '__config'"),
    "a fake status chip": ('<span class="pb-chip pb-chip--approved">Approved</span>', "the class 'pb-chip'"),
    "Material's class": ('<div class="md-banner">Approved</div>', "the class 'md-banner'"),
    "a style attribute": ('<p style="position:fixed;inset:0">Current</p>',
                          "the attribute 'style' is not allowed on <p>"),
    "a form control": ('<input type="text" name="mrn">', '<input type="text">'),
    # A line-by-line scanner takes this for code; Python-Markdown reads raw HTML.
    "unclosed fence at the end": ("```\n<script>alert(1)</script>", "the element <script>"),
}


@pytest.mark.parametrize("name", ACTIVE_CONTENT)
def test_active_content_is_refused_with_the_file_and_what_to_change(scenario, name):
    markdown, message = ACTIVE_CONTENT[name]
    result = scenario({PLAYBOOK: GOOD + "\n" + markdown + "\n"})
    assert_clean_failure(result, f"{PLAYBOOK}", "html: ", message)


def test_the_line_is_named_where_the_source_shows_it(scenario):
    result = scenario({PLAYBOOK: GOOD + '\nSome text.\n\n<p onclick="alert(1)">x</p>\n'})
    assert_clean_failure(result, f"{PLAYBOOK}:24: html: the event handler 'onclick' on <p> would run script")


def test_what_the_extensions_write_passes_unchanged():
    fragment = ('<h2 id="checklist">Checklist<a class="headerlink" href="#checklist" title="Permanent link">¶</a></h2>'
                '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
                '<input type="checkbox" disabled="" checked=""><span class="task-list-indicator"></span></label>'
                ' Step</li></ul><table><thead><tr><th style="text-align: left;">A</th></tr></thead></table>'
                '<div class="admonition warning"><p class="admonition-title">Note</p></div>'
                '<p><abbr title="Intensive care unit">ICU</abbr> <a href="https://www.who.int/">WHO</a> '
                '<a href="mailto:quality@example.org">mail</a> <a href="../i-pass-handoffs/#checklist">x</a>'
                '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>')
    clean, refused = sanitise(fragment)
    assert refused == [] and clean == fragment


def test_maintainer_pages_may_draw_the_sites_components_and_playbooks_may_not():
    chip = '<span class="pb-chip pb-chip--current">Current</span>'
    assert sanitise(chip, maintainer=True)[1] == []
    assert sanitise(chip)[1] and "'pb-chip'" in sanitise(chip)[1][0][0]
    assert sanitise('<p id="__config">x</p>', maintainer=True)[1]


def test_only_maintainer_pages_may_keep_a_link_in_the_same_window_and_nothing_else():
    """target="_self" (the directory's links within the page); never another window, never on a playbook."""
    link = '<a target="_self" href="#state-nd">ND 2</a>'
    assert sanitise(link, maintainer=True) == (link, [])
    assert "'target' is not allowed on <a>" in sanitise(link)[1][0][0]
    for target in ("_blank", "_top", "report"):
        refused = sanitise(f'<a target="{target}" href="#state-nd">ND 2</a>', maintainer=True)
        assert refused[1] and f'target="{target}" is not allowed' in refused[1][0][0], target
        assert "target" not in refused[0]


def test_what_is_published_is_the_sanitisers_output():
    clean, refused = sanitise('<p onclick="alert(1)">x</p>')
    assert refused and "onclick" not in clean


@pytest.mark.parametrize("url, allowed", [
    ("https://www.who.int/", True), ("mailto:quality@example.org", True), ("#checklist", True),
    ("../i-pass-handoffs/", True), ("chart.png", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), ("data:text/html,x", False),
    ("http://example.org/", False), ("//evil.example/", False), ("\\\\evil.example/", False),
    ("/\\evil.example/", False), ("java\tscript:alert(1)", False), ("vbscript:x", False),
])
def test_links_are_relative_https_or_mailto(url, allowed):
    assert (url_problem(url) is None) is allowed


ORDINARY_CLINICAL_TEXT = [
    "A NEWS2 score of 7 or more triggers an emergency response.",
    "Meets JCI standard IPSG.1.",
    "Give 30 mL/kg of crystalloid.",
    "Call the Poison Control Center at 1-800-222-1222.",
    "The e-consult portal needs JavaScript: ask IT.",
    "Numerator = data: from the EHR audit.",
    "See doi:10.1056/NEJMsa1405556 and PMID 24694516.",
    "Code as ICD-10 A41.9, CPT 99291 and LOINC 2524-7.",
]


def test_ordinary_clinical_text_passes_the_guard_and_the_build(tmp_path):
    text = GOOD + "\n" + "\n\n".join(ORDINARY_CLINICAL_TEXT) + "\n"
    project = with_tooling(make_project(tmp_path, {PLAYBOOK: text}))
    guarded = run_guard(project)
    assert guarded.returncode == 0, guarded.stdout + guarded.stderr
    built = build(project)
    assert built.returncode == 0, built.output
    article = built.page("playbooks/safety/test-practice/").select_one("article").get_text()
    for line in ORDINARY_CLINICAL_TEXT:
        assert line in article


@pytest.mark.parametrize("fragment", [
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="data:text/html,x">x</a>',
    '<svg><script>alert(1)</script></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
])
def test_encoded_and_nested_script_is_refused_never_stripped_quietly(fragment):
    clean, refused = sanitise(fragment)
    assert refused, f"refused nothing, would publish {clean!r}"
    assert not any(active in clean.lower() for active in ("javascript:", "<script", "onerror=", "data:text")), clean
