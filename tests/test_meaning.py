"""What a page shows is what it means: no hidden text, misleading link, remote content or impersonation.

Each hostile case is planted on its own line of one playbook in a copy of the project, built once for the
module; each test asserts its own finding with the file, the line and the reason. Ordinary clinical text
that only looks like them is built once too, and must pass.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import urllib.parse

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import FIXED_TODAY, ROOT, assert_problem, build, make_project, problems_of
from network.lookalike import folded, host_problem, mixed_script, skeleton
from network.meaning import meaning_problems
from network.sanitiser import sanitise, url_problem
from network.site import load_site
from network.structured_data import medical_web_page
from test_checks import run_guard, with_tooling
from test_playbooks import GOOD
from test_site import _git

PLAYBOOK = "docs/playbooks/safety/test-practice.md"
TODAY = datetime.date.fromisoformat(FIXED_TODAY)

# Each kind of fault: the Markdown a contributor could write (on one line, or with the line that shows it
# first), and what the refusal says. Every host and value is its own, so each finding names its own line.
HOSTILE = {
    # 1. What the page shows is not what it means.
    "bdo reverses a dose": ("The dose is <bdo dir=\"rtl\">0.1</bdo> mg.",
                            "the element <bdo> is not allowed: it shows its text in another order"),
    "dir on another element": ("Give <span dir=\"rtl\">10</span> units.",
                               "the attribute 'dir' is not allowed on <span>: it sets the direction"),
    "rp outside a ruby": ("Heparin <rp>5000 units</rp> daily.", "<rp> outside a <ruby> is never shown"),
    "rt outside a ruby": ("Insulin <span><rt>8 units</rt></span> at night.", "<rt> outside a <ruby> is never shown"),
    "rp holding text": ("<ruby>0.1<rp>1.0</rp><rt>mg</rt></ruby> of adrenaline.", "<rp> holds '1.0'"),
    "a theme class that hides text": ("<span class=\"footnote-backref\">Double the dose.</span>",
                                      "the class 'footnote-backref': it belongs to the site's theme"),
    "a theme class by attr_list": ("Skip the second check.\n{: .headerlink }", "the class 'headerlink'"),
    "a mermaid block": ("<pre class=\"mermaid\">graph TD</pre>",
                        "the class 'mermaid': the theme would fetch the Mermaid diagram program"),
    "the checklist anchor taken": ("Start printing here.\n{: #checklist }",
                                   "the id 'checklist' is the anchor of a heading that the page header"),
    "a change note's anchor taken": ("<span id=\"update-2026-01-05\">Changed.</span>",
                                     "the id 'update-2026-01-05' is the anchor of one of the playbook's change notes"),
    "link text shows another host": ("[https://www.cdc.gov/handhygiene/](https://cdc-gov.example/handhygiene/)",
                                     "the link's text shows the address www.cdc.gov but the link goes to "
                                     "https://cdc-gov.example/handhygiene/"),
    "userinfo before the host": ("[WHO checklist](https://www.who.int!@checklist-who.example/)",
                                 "has a name and '@' before its host, so it goes to 'checklist-who.example'"),
    "a Cyrillic look-alike host": ("[CDC guidance](https://www.\u0441dc.gov/sepsis/)",
                                   "the host 'www.\u0441dc.gov' holds '\u0441' (cyrillic small letter es)"),
    "a mailto that copies another address": (
        "[quality@cottonwood-regional.example](mailto:quality@cottonwood-regional.example?bcc=harvest@evil.example)",
        "also sets 'bcc', which can copy the message"),
    "link text shows another mailbox": ("[safety@cottonwood-regional.example](mailto:collect@evil.example)",
                                        "the link's text shows the e-mail address safety@cottonwood-regional.example"),
    # 2. Remote content, however the address is written.
    "an image without //": ("![chart](https:tracker-a.example/a.png)",
                            "the <img> would be fetched from another host (https:tracker-a.example/a.png)"),
    "an image by a reference in a blockquote": ("![chart][remote]\n\n> [remote]: https://tracker-b.example/b.png",
                                                "(https://tracker-b.example/b.png)"),
    "an image with an entity-encoded src": ("<img alt=\"c\" src=\"&#104;ttps://tracker-c.example/c.png\">",
                                            "(https://tracker-c.example/c.png)"),
    "attr_list replacing a local image's src": ("![local](chart.png){ src=\"https://tracker-d.example/d.png\" }",
                                                "(https://tracker-d.example/d.png)"),
}
# The text on the line each finding must name: the case's line that shows the fault.
SHOWN_ON = {"a theme class by attr_list": "{: .headerlink }", "the checklist anchor taken": "{: #checklist }",
            "an image by a reference in a blockquote": "> [remote]"}


def _planted() -> tuple[str, dict[str, int]]:
    """The playbook with every case, each in its own paragraph, and the line each finding must name."""
    text = GOOD + "\n## Checklist\n\n- [ ] Check.\n"
    lines = {}
    for name, (written, _) in HOSTILE.items():
        text += "\n" + written + "\n"
        shown = SHOWN_ON.get(name, written.splitlines()[0])
        lines[name] = text.splitlines().index(next(line for line in text.splitlines()[::-1] if shown in line)) + 1
    return text, lines


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    text, lines = _planted()
    return build(make_project(tmp_path_factory.mktemp("hostile"), {PLAYBOOK: text})), lines


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_case_is_refused_with_its_file_line_and_reason(hostile_build, name):
    result, lines = hostile_build
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    finding = f"{PLAYBOOK}:{lines[name]}: html: "
    reported = [line for line in result.output.splitlines() if finding in line]
    assert any(HOSTILE[name][1] in line for line in reported), (
        f"no {finding!r} with {HOSTILE[name][1]!r} in:\n{result.output}")


# --- The same rules as pure functions, with the variants a build test need not repeat --------------------------

@pytest.mark.parametrize("fragment, reason", [
    ('<h2 id="checklist">Notes<a class="headerlink" href="#checklist" title="Permanent link">¶</a></h2>',
     "belongs to the playbook's own 'Checklist' heading"),
    ('<p id="why-it-matters">x</p><h2 id="why-it-matters_1">Why it matters</h2>', "the id 'why-it-matters'"),
    ('<p><span class="headerlink">hidden</span></p>', "the class 'headerlink'"),
    ('<p><a class="footnote-backref" href="#fnref:1">Give 1.0 mg</a></p>', "the class 'footnote-backref'"),
    ('<p><span class="md-typeset">x</span></p>', "the class 'md-typeset'"),
    ('<p><span class="big-red">x</span></p>', "the class 'big-red'"),
    ('<p><span class="task-list-indicator">hidden</span></p>', "the class 'task-list-indicator'"),
    ('<p><ruby><rt>only the annotation</rt></ruby></p>', "a <ruby> needs its base text"),
    ('<p><a href="https://evil.example/">www.cdc.gov</a></p>', "shows the address www.cdc.gov"),
    ('<p><a href="../x/">https://www.who.int/</a></p>', "shows the address www.who.int"),
    ('<p><a href="https://www.cdc.gov.evil.example/">cdc.gov</a></p>', "shows the address cdc.gov"),
    ('<p><a href="https://checklist-who.example/">https://www.who.int!@checklist-who.example/</a></p>',
     "a name and '@' before its host"),
])
def test_what_shows_other_than_it_means_is_refused(fragment, reason):
    refused = sanitise(fragment)[1]
    assert any(reason in message for message, _ in refused), refused


@pytest.mark.parametrize("url, reason", [
    ("https://www.who.int@evil.example/", "'@' before its host"),
    ("https://nurse@www.who.int/", "'@' before its host"),
    ("https:evil.example/", "lacks the //"),
    ("https://xn--dc-3kc.gov/", "cyrillic small letter ya"),
    ("https://www.xn--dc-nmc.gov/", "cyrillic small letter es"),  # www.сdc.gov written as punycode
    ("https://\u0440\u0430\u0443\u0440\u0430l.com/", "cyrillic small letter er"),
    ("mailto:quality@altru.example?cc=x@evil.example", "also sets 'cc'"),
    ("mailto:quality@altru.example?BCC=x@evil.example", "also sets 'bcc'"),
    ("mailto:quality@altru.example?to=x@evil.example", "also sets 'to'"),
    ("mailto:quality@altru.example,x@evil.example", "one e-mail address"),
    ("mailto:quality@altru.example%2Cx@evil.example", "one e-mail address"),
])
def test_misleading_addresses_are_refused(url, reason):
    assert reason in (url_problem(url) or ""), url_problem(url)


def test_what_the_extensions_write_still_passes():
    """Classes and ids the Markdown extensions themselves write are not the contributor's, and pass."""
    fragment = ('<h2 id="checklist">Checklist<a class="headerlink" href="#checklist" title="Permanent link">¶</a>'
                '</h2><p>Use <code class="highlight"><span class="n">y</span></code> and <span class="keys">'
                '<kbd class="key-control">Ctrl</kbd></span>.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">'
                '1</a></sup></p><div class="language-python highlight"><pre><span></span><code><span class="n">x'
                '</span></code></pre></div><details class="note"><summary>More</summary><p>Body</p></details>'
                '<div class="footnote"><hr><ol><li id="fn:1"><p>Note.\xa0<a class="footnote-backref" href="#fnref:1" '
                'title="Jump back to footnote 1 in the text">↩</a></p></li></ol></div>'
                '<div class="admonition warning inline end"><p class="admonition-title">Warning</p></div>'
                '<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>')
    clean, refused = sanitise(fragment)
    assert refused == [], refused
    assert meaning_problems(clean) == []


def test_a_code_block_with_a_title_and_line_numbers_passes():
    source = '```python title="dose.py" linenums="1" hl_lines="2"\nx = 1\ny = 2\n```\n'
    html = markdown.Markdown(extensions=["attr_list", "pymdownx.highlight", "pymdownx.superfences"]).convert(source)
    assert 'class="filename"' in html and sanitise(html)[1] == []


def test_host_skeletons_and_scripts():
    assert skeleton("www.\u0441dc.gov") == skeleton("www.cdc.gov")
    assert mixed_script("www.\u0441dc.gov") and not mixed_script("العربية") and not mixed_script("münchen")
    assert host_problem("münchen.de") is None and host_problem("العربية.example") is None
    assert host_problem("www.who.int") is None and host_problem("例え.jp") is None


# --- 2. What is published loads nothing from another host ---------------------------------------------------

LOADING = {"src", "srcset", "poster", "data", "background"}


def test_no_published_page_loads_anything_from_another_host(shipped_site):
    """Every address a built page fetches as it loads (images, media, frames, scripts, style sheets) is the site's."""
    own = urllib.parse.urlsplit("http://127.0.0.1:8000/").netloc
    checked = 0
    for path in shipped_site.site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        addresses = [value for element in page.find_all(True) for name, value in element.attrs.items()
                     if name in LOADING]
        addresses += [link["href"] for link in page.find_all("link", href=True)
                      if {"stylesheet", "preload", "modulepreload", "icon"} & set(link.get("rel", []))]
        for address in addresses:
            for part in address.split(","):
                target = urllib.parse.urlsplit(part.strip().split(" ")[0])
                assert not target.scheme or target.netloc == own, f"{path}: {address}"
                assert not part.strip().startswith("//"), f"{path}: {address}"
                checked += 1
    assert checked > 100


# --- 2. The CSP stays the second line: tests/test_csp.py proves no inline script runs; it is not loosened here ---

def test_the_csp_still_allows_no_other_host():
    text = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    policy = text.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "default-src 'none'" in policy and "img-src 'self' data:;" in policy
    assert "'unsafe-inline'" not in policy and "http" not in policy


# --- 3. Structured data that tells the truth ---------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "retired"])
def test_json_ld_of_a_draft_or_retired_playbook_says_so_and_claims_no_review(status):
    site = load_site(ROOT, ROOT / "docs", TODAY)
    view = next(view for view in site.views if view.status == "approved")
    view = dataclasses.replace(view, playbook=dataclasses.replace(view.playbook, status=status))
    data = medical_web_page(view, "https://example.org/")
    assert "lastReviewed" not in data and "reviewedBy" not in data
    assert data["creativeWorkStatus"] == status.title()
    assert json.dumps(data)  # plain data, for script_json


# --- 4. Names and dates that cannot impersonate ------------------------------------------------------------------

NEW_MEMBER = """
- id: altru-health
  name: "ALTRU Health-System"
  city: Grand Forks
  state: ND
  joined: "2026-01"
  services: [econsult]
  specialties: []
  fictional: true

- id: a1tru
  name: "\u0410ltru Health Systems"
  city: Grand Forks
  state: ND
  joined: "2026-02"
  services: [econsult]
  specialties: []
  fictional: true
"""


def test_a_new_member_named_like_an_existing_one_is_refused_with_a_did_you_mean(tmp_path):
    members = (ROOT / "data" / "members.yml").read_text(encoding="utf-8")
    start = members.count("\n") + 1  # NEW_MEMBER's first line, a blank one, is the file's next line
    project = make_project(tmp_path, {"data/members.yml": members + NEW_MEMBER})
    problems = problems_of(project)
    assert_problem(problems, "data/members.yml", start + 2, "field 'name'", "'ALTRU Health-System' reads the same as "
                   "the name 'Altru Health System' of the member on line 9", "did you mean 'Altru Health System'?")
    assert_problem(problems, "data/members.yml", start + 10, "field 'id'", "'a1tru' reads the same as the id "
                   "'altru' of the member on line 8", "did you mean 'altru'?")
    assert not any(p.line == start + 11 for p in problems), "'Systems' is another name, however alike"


def test_a_playbook_titled_like_another_is_refused_with_a_did_you_mean(tmp_path):
    copy = GOOD.replace("title: Test practice", "title: \"I\u2011PASS for every shift change handoff!\"")
    problems = problems_of(make_project(tmp_path, {PLAYBOOK: copy}))
    assert_problem(problems, PLAYBOOK, 2, "field 'title'", "reads the same as the title of "
                   "docs/playbooks/safety/i-pass-handoffs.md ('I-PASS for every shift-change handoff')",
                   "did you mean to revise docs/playbooks/safety/i-pass-handoffs.md?")


def test_folding_keeps_different_names_apart():
    assert folded("Sparrow Health System") != folded("Sparrow Health Systems")
    assert folded("Heartland Health") == folded("heartland  HEALTH.")
    assert folded("Kingman Regional") == folded("Kingrnan Regional")  # rn reads as m


def test_a_commit_dated_after_the_build_date_is_never_the_page_last_changed(tmp_path):
    project = make_project(tmp_path)
    _git(project, "init", "-q", date="2026-10-01T12:00:00")
    _git(project, "add", "-A", date="2026-10-01T12:00:00")
    _git(project, "commit", "-qm", "first", date="2026-10-01T12:00:00")
    target = project / "docs/playbooks/safety/i-pass-handoffs.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nA clarification.\n", encoding="utf-8")
    _git(project, "commit", "-qam", "from the future", date="2099-01-01T12:00:00")
    views = {view.src_uri: view for view in load_site(project, project / "docs", TODAY, history=True).views}
    assert views["playbooks/safety/i-pass-handoffs.md"].last_changed is None
    assert views["playbooks/safety/sepsis-hour-1-bundle.md"].last_changed == datetime.date(2026, 10, 1)


# --- Look-alikes: ordinary clinical text that must pass the guard and the build ----------------------------------

ORDINARY = [
    "Call the Poison Help line at 1-800-222-1222 for any suspected overdose.",
    "The 988 Suicide and Crisis Lifeline answers day and night.",
    "Page the rapid response team on extension 4444.",
    "Ask the pharmacy at [pharmacy@cottonwood-regional.example](mailto:pharmacy@cottonwood-regional.example).",
    "Report an incident to [safety@cottonwood-regional.example]"
    "(mailto:safety@cottonwood-regional.example?subject=Incident%20report).",
    "Questions go to the [quality team](mailto:quality@cottonwood-regional.example?subject=Playbook&body=Hello).",
    "Audit by J.K. and M.P., both charge nurses, on the night shift.",
    "Signed off by RN A.B. and checked by pharmacist C.D.",
    "Leaflets are available in English, Español, Tiếng Việt and العربية.",
    "Interpreters for فارسی and עברית are booked through the language line.",
    "The family asked for a Somali (Soomaali) interpreter.",
    "See the [WHO hand hygiene guidance](https://www.who.int/teams/integrated-health-services/infection-prevention-control/hand-hygiene).",
    "Read it at [www.cdc.gov/handhygiene](https://www.cdc.gov/handhygiene/).",
    "Surveillance definitions: [cdc.gov/nhsn](https://www.cdc.gov/nhsn/).",
    "[https://www.ahrq.gov/](https://www.ahrq.gov/) hosts the TeamSTEPPS materials.",
    "The [AHRQ PSNet primer](https://psnet.ahrq.gov/primer/handoffs-and-signouts) explains handoffs.",
    "[psnet.ahrq.gov](https://psnet.ahrq.gov/) lists more primers.",
    "Use the [I-PASS handoff playbook](i-pass-handoffs.md) at every shift change.",
    "Start at the [checklist](#checklist) when time is short.",
    "Give 0.1 mg/kg IV, to a maximum of 10 mg.",
    "Adrenaline 1 mg in 10 mL (1:10,000) for cardiac arrest.",
    "A lactate of 4 mmol/L or more needs 30 mL/kg of crystalloid.",
    "Target SpO2 of 94-98%, or 88-92% with COPD.",
    "Recheck blood glucose at 02:00 and 06:00.",
    "Heparin 5,000 units subcut every 8 hours.",
    "Score of 5 or more on NEWS2 triggers a review within 30 minutes.",
    "Meets JCI standard IPSG.1 and ISO 9001:2015.",
    "Code as ICD-10 A41.9 and CPT 99291.",
    "See doi:10.1056/NEJMsa1405556 and PMID 24694516.",
    "Version 2.1.0 of the bundle replaced version 1.4.",
    "Reviewed at the 2026-01-31 committee meeting.",
    "E.g. a fall with head strike, i.e. any fall on anticoagulants.",
    "Dr. Smith's team (St. Joseph campus) leads the pilot.",
    "Fig. 2 shows the monthly run chart.",
    "Use the 5 moments: before touching a patient, before a clean task, and so on.",
    "One in 10 patients is harmed in hospital care.",
    "A <30-minute door-to-needle time is the target.",
    "Temperature > 38.3 °C or < 36 °C counts.",
    "The e-consult portal needs JavaScript: ask IT.",
    "Numerator = data: from the EHR audit.",
    "Send questions to quality@care-network.example or ring 1-800-273-8255.",
    "!!! warning \"High-alert medicine\"\n    Two nurses check every insulin infusion.",
    "A footnote marks the source.[^src]\n\n[^src]: AHRQ, 2024.",
    "- [ ] Check the wristband.\n- [x] Confirm the allergy status.",
    "Press ++ctrl+p++ to print the checklist.",
]


def test_ordinary_clinical_lines_pass_the_guard_and_the_build(tmp_path):
    assert len(ORDINARY) >= 40
    text = GOOD + "\n## Checklist\n\n- [ ] Check.\n\n" + "\n\n".join(ORDINARY) + "\n"
    project = with_tooling(make_project(tmp_path, {PLAYBOOK: text}))
    guarded = run_guard(project)
    assert guarded.returncode == 0, guarded.stdout + guarded.stderr
    built = build(project)
    assert built.returncode == 0, built.output
    article = " ".join(built.page("playbooks/safety/test-practice/").select_one("article").get_text().split())
    for words in ("العربية", "J.K. and M.P.", "www.cdc.gov/handhygiene", "0.1 mg/kg", "1-800-222-1222"):
        assert words in article
