"""The sanitiser's fast paths give the verdicts, messages and HTML of the full path, on tricky input.

The full path: every attribute the allow-list keeps goes through attribute_problem, every page is cleaned
a second time by the permissive policy to compare, and the meaning checks read html.parser's tree and run
each check on every element. The fast paths skip each of these only where the result cannot differ.
"""

from __future__ import annotations

import markdown
import pytest

from network import meaning, sanitiser
from network.meaning import (
    anchor_problems,
    class_problems,
    link_text_problems,
    parsed_elements,
    ruby_problems,
    tokens_read,
)
from network.sanitiser import _permissive, _strict, attribute_problem, reads_the_same, sanitise

GENERATED = ('<h2 id="checklist">Checklist<a class="headerlink" href="#checklist" title="Permanent link">&para;</a>'
             '</h2><p>Use <code class="highlight"><span class="n">y</span></code> and <span class="keys">'
             '<kbd class="key-control">Ctrl</kbd></span>.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">'
             '1</a></sup></p><div class="language-python highlight"><pre><span></span><code><span class="n">x'
             '</span></code></pre></div><details class="note"><summary>More</summary><p>Body</p></details>'
             '<div class="footnote"><hr /><ol><li id="fn:1"><p>Note.&#160;<a class="footnote-backref" '
             'href="#fnref:1" title="Jump back to footnote 1 in the text">&#8617;</a></p></li></ol></div>'
             '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
             '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> Step</li></ul>'
             '<div class="admonition warning inline end"><p class="admonition-title">Warning</p></div>'
             '<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>')

# HTML as Python-Markdown, raw HTML and attr_list can write it: what passes, what is refused, and what an HTML
# parser reads otherwise than it seems (entities, line breaks, comments, nesting, case, quoting).
TRICKY = [
    GENERATED,
    GENERATED.replace("&para;", "¶").replace("&#160;", "\xa0"),
    '<p title="`" onmouseover="alert(1)">x</p>',
    '<details title=">" ontoggle="alert(1)" open><summary>s</summary></details>',
    '<div title="a>b"><script>alert(1)</script></div>',
    '<p>x</p><meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<a href="//evil.example/">x</a>', '<a href="/\\evil.example/">x</a>',
    '<span class="pb-chip pb-chip--approved">Approved</span>', '<div class="md-banner">Approved</div>',
    '<p style="position:fixed;inset:0">Current</p>', '<input type="text" name="mrn">',
    '<a href="  javascript:alert(1)">x</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>', '<a href="data:text/html,x">x</a>',
    '<svg><script>alert(1)</script></svg>', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<p>The dose is <bdo dir="rtl">0.1</bdo> mg.</p>', '<p>Give <span dir="rtl">10</span> units.</p>',
    '<p>Heparin <rp>5000 units</rp> daily.</p>', '<p><ruby>0.1<rp>1.0</rp><rt>mg</rt></ruby></p>',
    '<p><ruby><rt>only the annotation</rt></ruby></p>', '<p><span><rt>8 units</rt></span></p>',
    '<p><span class="footnote-backref">Double the dose.</span></p>', '<pre class="mermaid">graph TD</pre>',
    '<p id="checklist">Start printing here.</p>', '<span id="update-2026-01-05">Changed.</span>',
    '<h2 id="checklist">Notes<a class="headerlink" href="#checklist" title="Permanent link">¶</a></h2>',
    '<p id="why-it-matters">x</p><h2 id="why-it-matters_1">Why it matters</h2>',
    '<p><a href="https://cdc-gov.example/handhygiene/">https://www.cdc.gov/handhygiene/</a></p>',
    '<p><a href="https://www.who.int!@checklist-who.example/">WHO checklist</a></p>',
    '<p><a href="https://checklist-who.example/">https://www.who.int!@checklist-who.example/</a></p>',
    '<p><a href="https://www.\u0441dc.gov/sepsis/">CDC guidance</a></p>',
    '<p><a href="mailto:quality@c.example?bcc=harvest@evil.example">quality@c.example</a></p>',
    '<p><a href="mailto:collect@evil.example">safety@c.example</a></p>',
    '<p><a href="../x/">https://www.who.int/</a> <a href="#top">x://y</a> <a href="#a">no address</a></p>',
    '<p><img alt="c" src="&#104;ttps://tracker-c.example/c.png"></p>', '<p><img alt="c" src="chart.png" /></p>',
    '<a target="_self" href="#state-nd">ND 2</a>', '<a target="_blank" href="#state-nd">ND 2</a>',
    '<form class="pb-finder" hidden><select name="domain"><option value="">All</option></select></form>',
    # What an HTML parser reads otherwise than html.unescape, or than it is written.
    '<p>a &notit; b</p>', '<p title="a &notit; b">x</p>', '<p title="&amp">x</p>', '<p>&#1;&#x80;&#0;</p>',
    '<p title="&#x9f;">x</p>', '<p>AT&T &amp;c</p>', '<p>line\r\nbreak</p>', '<p title="a\rb">x</p>',
    '<p>a<!-- c --> b</p>', '<!-- x -- > <a href="https://evil.example">cdc.gov</a> -->',
    '<P CLASS="note">x</P>', "<p title='single'>x</p>", '<p title=bare>x</p>', '<p title="x"title="y">x</p>',
    '<p title="a" title="b">duplicate</p>', '<br/><hr /><p/>text', '<span/>text', '</p>stray end',
    '<a href="#x"><table><tr><td><a href="https://evil.example">www.cdc.gov</a></td></tr></table></a>',
    '<table><td>cell</td></table>', '<p>a<p>b</p></p>', '<b onclick="x"><p>moved</b></p>',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', '<p title="&lt;b&gt;">x</p>', '<p title="<b />">x</p>',
    '<textarea><b>x</b></textarea>', '<title>t</title>', '<xmp><b>x</b></xmp>', '<p>tail &',
    '<pre>\nline</pre>', '<listing>\nx</listing>', '<image src="chart.png">', '<isindex>',
    '<a href="https://[bad">x</a>', '<p>x</p >', '<p lang="en"  title="two spaces">x</p>',
]
MARKDOWN = [
    '```python title="dose.py" linenums="1" hl_lines="2"\nx = 1\ny = 2\n```\n',
    "## A heading with `code` and <b>bold</b>\n\nText[^1].\n\n[^1]: A note.\n",
    "Some *text* & more, \"quoted\", 'single', <br> and a [link](https://www.who.int/ \"Title & more\").\n",
    "- [ ] Check.\n- [x] Done.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
]
EXTENSIONS = ["attr_list", "footnotes", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences",
              "pymdownx.tasklist", "md_in_html"]
CORPUS = TRICKY + [markdown.Markdown(extensions=EXTENSIONS).convert(text) for text in MARKDOWN]


def _tree(nodes):
    """Each element as its tag, attributes, parent's tag and text, in document order."""
    return [(node.tag, node.attrs, node.parent.tag if node.parent else None, node.text(),
             [child if isinstance(child, str) else child.tag for child in node.children]) for node in nodes]


def _full_meaning(fragment, maintainer):
    """The meaning checks as they were: html.parser's tree, every check on every element."""
    nodes = parsed_elements(fragment)
    problems = []
    for node in nodes:
        problems += ruby_problems(node) + link_text_problems(node)
        if not maintainer:
            problems += class_problems(node)
    return problems + (anchor_problems(nodes) if not maintainer else [])


def _full_path_only(monkeypatch):
    """Every fast path off: each attribute checked, the permissive pass always, html.parser's tree."""
    monkeypatch.setattr(sanitiser, "VALUE_FREE", {False: {}, True: {}})
    monkeypatch.setattr(sanitiser, "reads_the_same", lambda fragment, strict: False)
    monkeypatch.setattr(sanitiser, "meaning_problems", _full_meaning)


@pytest.mark.parametrize("maintainer", [False, True])
def test_the_fast_paths_give_the_full_paths_html_messages_and_needles(monkeypatch, maintainer):
    fast = [sanitise(fragment, maintainer) for fragment in CORPUS]
    _full_path_only(monkeypatch)
    assert fast == [sanitise(fragment, maintainer) for fragment in CORPUS]
    assert sum(bool(refused) for _, refused in fast) > 30  # the corpus is refused often, and passes too
    assert sum(not refused for _, refused in fast) > 8


@pytest.mark.parametrize("maintainer", [False, True])
def test_the_one_pass_reading_builds_html_parsers_tree(maintainer):
    read = 0
    for fragment in CORPUS:
        for html in (fragment, _strict(fragment, maintainer)):
            nodes = tokens_read(html)
            if nodes is not None:
                read += 1
                assert _tree(nodes) == _tree(parsed_elements(html)), html
            assert meaning.meaning_problems(html, maintainer) == _full_meaning(html, maintainer), html
    assert read > len(CORPUS)


@pytest.mark.parametrize("maintainer", [False, True])
def test_the_strict_output_read_the_same_means_the_permissive_pass_agrees(maintainer):
    """reads_the_same is a shortcut for comparing the strict pass with the permissive one: never wrong."""
    shortcuts = 0
    for fragment in CORPUS:
        strict = _strict(fragment, maintainer)
        for written in (fragment, strict):
            if reads_the_same(written, strict):
                shortcuts += 1
                assert strict == _permissive(written), written
    assert shortcuts > len(CORPUS)


@pytest.mark.parametrize("fragment", [
    '<p>a &notit; b</p>', '<p title="a &notit; b">x</p>', '<p>&#1;</p>', '<p>&#x80;</p>', '<p>line\r\nb</p>',
    '<p>a<!-- c --> b</p>', '<P>x</P>', "<p title='x'>x</p>", '<p title="a" title="b">x</p>', '<p>AT&T</p>',
])
def test_what_a_parser_may_read_otherwise_takes_the_full_path(fragment):
    assert not reads_the_same(fragment, _strict(fragment, False))


def test_what_python_markdown_writes_takes_the_shortcut():
    assert reads_the_same(GENERATED, _strict(GENERATED, False))


# The reasoning behind reads_the_same: the parser reads no element the strict pass refuses, and the
# permissive pass keeps everything the strict one keeps.

def test_no_allowed_element_holds_raw_text_or_another_namespace():
    raw_or_foreign = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
                      "plaintext", "template", "svg", "math", "select"}
    assert not (sanitiser.TAGS | sanitiser.MAINTAINER_TAGS) & (raw_or_foreign - {"select"})
    assert {"tbody", "tr", "colgroup", "p", "br"} <= sanitiser.TAGS  # what a parser adds by itself


@pytest.mark.parametrize("maintainer", [False, True])
def test_both_passes_keep_every_allowed_element_and_link(maintainer):
    for tag in sorted(sanitiser.allowed_tags(maintainer)):
        fragment = f"<{tag}>x</{tag}>" if tag not in meaning.VOID else f"<{tag}>"
        assert _strict(fragment, maintainer) == _permissive(fragment), tag
    for href in ("../x/", "#top", "chart.png", "https://www.who.int/", "mailto:quality@example.org"):
        link = f'<a href="{href}">x</a>'
        assert _strict(link, maintainer) == _permissive(link) == link


HOSTILE_VALUES = ("javascript:alert(1)", "//evil.example/", "https://evil.example/x.png", "pb-chip", "md-x",
                  "__config", "position:fixed", "_blank", "text", "update-2026-01-05", "", " ", "\x00")


@pytest.mark.parametrize("maintainer", [False, True])
def test_the_attributes_kept_without_a_look_pass_whatever_their_value(maintainer):
    checked = 0
    for tag, names in sanitiser.VALUE_FREE[maintainer].items():
        assert names <= sanitiser.PERMITTED[maintainer].get(tag, sanitiser.ATTRIBUTES["*"])
        for name in names:
            for value in HOSTILE_VALUES:
                assert attribute_problem(tag, name, value, maintainer) is None, (tag, name, value)
                checked += 1
    assert checked > 500
