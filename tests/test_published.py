"""What changed, for people and for machines: change notes, What's new, feeds, sitemap, JSON API and schemas."""

from __future__ import annotations

import dataclasses
import datetime
import json
import xml.etree.ElementTree as ElementTree

import feedparser
import jsonschema
import pytest

from conftest import FIXED_TODAY, ROOT, assert_clean_failure, assert_problem, build, make_project, problems_of
from network.changes import CHANGE_KINDS
from network.contracts import PUBLISHED_SCHEMAS, SCHEMAS, schema, schema_problems
from network.escape import script_json
from network.feeds import ATOM, TAG_AUTHORITY, atom_feed
from network.listings import latest_updates
from network.members import MEMBER_SCHEMA, MEMBERS_SCHEMA
from network.playbooks import FRONT_MATTER_SCHEMA, PLAYBOOK_SCHEMA, parse_playbook
from network.site import load_site
from network.sitemap import SITEMAP_NS
from network.sourcefile import load_yaml
from network.structured_data import medical_web_page
from network.vocabulary import (
    ADOPTION_STATES,
    CERTAINTIES,
    DOMAINS,
    SERVICES,
    STATES,
    STATUS_NOTES,
    STATUSES,
    STRENGTHS,
    adopting,
)
from test_playbooks import GOOD

A = f"{{{ATOM}}}"
FEEDS = ["all", *DOMAINS]
TODAY = datetime.date.fromisoformat(FIXED_TODAY)
SEPSIS = "docs/playbooks/safety/sepsis-hour-1-bundle.md"


def _text(result, path: str) -> str:
    return (result.site / path).read_text(encoding="utf-8")


# --- Atom feeds --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_parses_without_error_and_holds_what_rfc_4287_requires(shipped_site, name):
    text = _text(shipped_site, f"feeds/{name}.atom.xml")
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = ElementTree.fromstring(text)
    assert feed.tag == f"{A}feed"
    # atom:feed: exactly one id, title and updated; an author (here on the feed); a self link.
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{tag}")) == 1, tag
    assert feed.find(f"{A}author/{A}name").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["self"].endswith(f"/feeds/{name}.atom.xml")
    assert feed.find(f"{A}id").text == f"tag:{TAG_AUTHORITY}:feeds/{name}"
    entries = feed.findall(f"{A}entry")
    assert entries, "every domain of the shipped content has a noteworthy change"
    for entry in entries:
        # atom:entry: exactly one id, title and updated; with no content, an alternate link and a summary.
        for tag in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{A}{tag}")) == 1, tag
        assert entry.find(f"{A}link[@rel='alternate']") is not None
        assert entry.find(f"{A}id").text.startswith(f"tag:{TAG_AUTHORITY}:")
        datetime.datetime.fromisoformat(entry.find(f"{A}updated").text)
    ids = [entry.find(f"{A}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    dates = [entry.find(f"{A}updated").text for entry in entries]
    assert dates == sorted(dates, reverse=True)
    if entries:
        assert feed.find(f"{A}updated").text == dates[0]


def test_feeds_hold_the_shipped_changes_and_leave_editorial_ones_out(shipped_site):
    titles = [entry.title for entry in feedparser.parse(_text(shipped_site, "feeds/all.atom.xml")).entries]
    assert any(title.startswith("Retired: Sepsis") for title in titles), titles
    assert any(title.startswith("New playbook: Sepsis hour-1 bundle") for title in titles)
    assert not any(title.startswith("Editorial change") for title in titles)
    safety = feedparser.parse(_text(shipped_site, "feeds/safety.atom.xml")).entries
    assert safety and all(entry.tags[0].term == "safety" for entry in safety)


def test_feed_ids_do_not_depend_on_the_address_or_the_build_date():
    site = load_site(ROOT, ROOT / "docs", TODAY)
    updates = latest_updates(site.views)
    one = atom_feed("all", updates, "https://a.example/", "Site", "whats-new.md", TODAY)
    two = atom_feed("all", updates, "https://b.example/playbooks/", "Site", "whats-new.md", TODAY.replace(year=2030))

    def ids(text):
        return [element.text for element in ElementTree.fromstring(text).iter(f"{A}id")]
    assert ids(one) == ids(two) and len(ids(one)) > 1


def test_every_page_links_the_network_feed_and_a_playbook_its_domain_feed(shipped_site):
    home = shipped_site.page("").find_all("link", rel="alternate", type="application/atom+xml")
    assert [link["href"] for link in home] == ["feeds/all.atom.xml"]
    # Feed readers look for the `alternate` token; Material fetches a sitemap beside links whose rel is just that.
    assert home[0]["rel"] == ["alternate", "feed"]
    assert shipped_site.page("404.html").find("link", type="application/atom+xml")["href"] == "/feeds/all.atom.xml"
    playbook = shipped_site.page("playbooks/safety/i-pass-handoffs/")
    hrefs = [link["href"] for link in playbook.find_all("link", rel="alternate", type="application/atom+xml")]
    assert hrefs == ["../../../feeds/all.atom.xml", "../../../feeds/safety.atom.xml"]


# --- A change, from front matter to the page, What's new and the feeds ----------------------------------------

NEW_NOTE = """changes:
  - date: 2026-11-20
    kind: clinical
    note: Give the first antibiotic dose within one hour, and record the time.
  - date: 2026-08-10"""


def test_a_new_clinical_change_leads_the_feeds_and_whats_new_and_is_on_its_page(tmp_path):
    text = (ROOT / SEPSIS).read_text(encoding="utf-8")
    text = text.replace("last_reviewed: 2026-06-15", "last_reviewed: 2026-11-20")
    text = text.replace("changes:\n  - date: 2026-08-10", NEW_NOTE)
    result = build(make_project(tmp_path, {SEPSIS: text}))
    assert result.returncode == 0, result.output
    anchor = "update-2026-11-20"
    page = result.page("playbooks/safety/sepsis-hour-1-bundle/")
    note = page.find(id=anchor)
    assert note is not None and "Clinical change" in note.get_text() and "within one hour" in note.get_text()
    assert note.find_parent("details") is None, "a clinical change is shown, not folded"
    editorial = page.find(id="update-2026-08-10")
    assert editorial.find_parent("details") is not None, "an editorial change is folded"
    for name in ("all", "safety"):
        first = feedparser.parse(_text(result, f"feeds/{name}.atom.xml")).entries[0]
        assert first.link.endswith(f"/playbooks/safety/sepsis-hour-1-bundle/#{anchor}"), first.link
        assert first.title == "Clinical change: Sepsis hour-1 bundle from time zero"
        assert first.id == f"tag:{TAG_AUTHORITY}:safety/sepsis-hour-1-bundle/{anchor}"
    assert not any(anchor in entry.link for entry in feedparser.parse(_text(result, "feeds/quality.atom.xml")).entries)
    items = result.page("whats-new/").select("article li")
    assert "2026-11-20" in items[0].get_text() and "Clinical change" in items[0].get_text()
    assert items[0].find("a")["href"] == f"../playbooks/safety/sepsis-hour-1-bundle/#{anchor}"
    record = next(p for p in json.loads(_text(result, "api/playbooks.json"))["playbooks"]
                  if p["id"] == "safety/sepsis-hour-1-bundle")
    assert record["changes"][0] == {"date": "2026-11-20", "kind": "clinical",
                                    "note": "Give the first antibiotic dose within one hour, and record the time.",
                                    "url": f"http://127.0.0.1:8000/playbooks/safety/sepsis-hour-1-bundle/#{anchor}"}


def test_a_playbook_without_notes_says_so(shipped_site):
    section = shipped_site.page("playbooks/safety/medication-reconciliation/").find("section", class_="pb-updates")
    assert "No clinical change noted." in section.get_text()


def test_whats_new_lists_noteworthy_changes_newest_first_and_links_the_feeds(shipped_site):
    page = shipped_site.page("whats-new/")
    items = page.select("article ul")[0].find_all("li", recursive=False)
    dates = [item.find("strong").get_text() for item in items]
    assert dates and dates == sorted(dates, reverse=True)
    assert not any("Editorial change" in item.get_text() for item in items)
    links = [a["href"] for a in page.select("article a")]
    assert "../feeds/all.atom.xml" in links and "../feeds/safety.atom.xml" in links
    assert "../api/playbooks.json" in links


# --- Bad change notes ------------------------------------------------------------------------------------------

BAD_FILE = "docs/playbooks/safety/test-practice.md"


def _with_changes(block: str) -> tuple[str, int]:
    """GOOD with a changes block; the line of the '# <-' marker."""
    text = GOOD.replace("tags: [testing]", "tags: [testing]\n" + block.rstrip("\n"))
    for number, line in enumerate(text.splitlines(), start=1):
        if "# <-" in line:
            return text.replace("  # <-", ""), number
    raise AssertionError("no marker")


BAD_CHANGES = {
    "not newest first": ("changes:\n  - date: 2026-01-02\n    kind: editorial\n    note: Old.\n"
                         "  - date: 2026-01-20  # <-\n    kind: editorial\n    note: Newer.\n",
                         "list the notes newest first"),
    "after the build date": ("changes:\n  - date: 2026-12-01  # <-\n    kind: editorial\n    note: Soon.\n",
                             "is after the build date 2026-11-23"),
    "clinical after review": ("changes:\n  - date: 2026-02-01  # <-\n    kind: clinical\n    note: A new step.\n",
                              "is after last_reviewed (2026-01-31)"),
    "unknown kind": ("changes:\n  - date: 2026-01-02\n    kind: major  # <-\n    note: Something.\n",
                     "expected one of new, clinical, editorial, retired, got 'major'"),
    "impossible date": ("changes:\n  - date: 2026-02-30  # <-\n    kind: editorial\n    note: Something.\n",
                        "expected a calendar date written YYYY-MM-DD (like 2026-03-01), got '2026-02-30'"),
    "missing note": ("changes:\n  - date: 2026-01-02  # <-\n    kind: editorial\n",
                     "missing required field 'note'"),
    "markup in note": ("changes:\n  - date: 2026-01-02\n    kind: editorial\n    note: A <b>bold</b> note.  # <-\n",
                       "without markup"),
    "unknown key": ("changes:\n  - date: 2026-01-02\n    kind: editorial\n    note: Fine.\n    by: me  # <-\n",
                    "unknown field"),
    "not a list": ("changes: yesterday  # <-\n", "expected dated change notes"),
    "new is not the oldest": ("changes:\n  - date: 2026-01-20\n    kind: new  # <-\n    note: Published.\n"
                              "  - date: 2026-01-02\n    kind: editorial\n    note: Old.\n", "it is the oldest note"),
    "retired while approved": ("changes:\n  - date: 2026-01-20\n    kind: retired  # <-\n    note: Retired.\n",
                               "set status: retired"),
}


@pytest.mark.parametrize("name", BAD_CHANGES)
def test_bad_change_notes_are_refused_with_file_line_and_field(tmp_path, name):
    block, message = BAD_CHANGES[name]
    text, line = _with_changes(block)
    assert_problem(problems_of(make_project(tmp_path, {BAD_FILE: text})), BAD_FILE, line, "field 'changes'", message)


def test_bad_change_notes_stop_the_build_without_a_traceback(tmp_path):
    text, line = _with_changes(BAD_CHANGES["clinical after review"][0])
    assert_clean_failure(build(make_project(tmp_path, {BAD_FILE: text})), f"{BAD_FILE}:{line}:", "field 'changes'",
                         "a clinical change is approved by a review")


# --- JSON API and schemas --------------------------------------------------------------------------------------

def _validator(name: str):
    document = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(document)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("path, schema_name", [("api/playbooks.json", "api/playbooks.schema.json"),
                                                ("api/members.json", "api/members.schema.json")])
def test_api_documents_parse_and_validate_against_their_published_schema(shipped_site, path, schema_name):
    document = json.loads(_text(shipped_site, path))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(schema_name).iter_errors(document)]
    assert errors == []
    assert document["schema"] == f"http://127.0.0.1:8000/schemas/{schema_name}"
    assert document["as_of"] == FIXED_TODAY


def test_api_holds_every_playbook_and_member_with_adopters_as_objects(shipped_site):
    site = load_site(ROOT, ROOT / "docs", TODAY)
    playbooks = json.loads(_text(shipped_site, "api/playbooks.json"))["playbooks"]
    assert sorted(p["id"] for p in playbooks) == sorted(p.ref for p in site.playbooks)
    sepsis = next(p for p in playbooks if p["id"] == "safety/sepsis-hour-1-bundle")
    assert [(a["member"], a["state"], a["since"]) for a in sepsis["adopters"]] == [
        ("bluestem-community", "sustained", "2024-09"), ("cottonwood-regional", "adopted", "2025-04"),
        ("ironwood-valley", "piloting", "2026-05")]
    assert sepsis["adopters"][1]["results"][0] == {"measure": "antibiotics-within-1-hour", "value": "84%",
                                                   "period": "2026 Q3", "meets_target": False}
    assert sepsis["measures"][0]["id"] == "antibiotics-within-1-hour"
    assert {(r["strength"], r["certainty"]) for r in sepsis["recommendations"]} >= {("strong", "moderate")}
    hygiene = next(p for p in playbooks if p["id"] == "quality/hand-hygiene-audit-feedback")
    assert "ironwood-valley" not in [a["member"] for a in hygiene["adopters"]]  # stopped: no longer adopting
    assert sepsis["url"] == "http://127.0.0.1:8000/playbooks/safety/sepsis-hour-1-bundle/"
    assert sepsis["review_state"] in ("current", "due-soon", "overdue") and sepsis["supersedes"] == \
        "safety/sepsis-three-hour-bundle"
    members = json.loads(_text(shipped_site, "api/members.json"))["members"]
    assert sorted(m["id"] for m in members) == sorted(m.id for m in site.members)
    saguaro = next(m for m in members if m["id"] == "saguaro-springs")
    assert "safety/sepsis-hour-1-bundle" in saguaro["contributed"]
    assert saguaro["url"] == "http://127.0.0.1:8000/members/saguaro-springs/"
    ironwood = next(m for m in members if m["id"] == "ironwood-valley")
    assert "quality/hand-hygiene-audit-feedback" not in ironwood["adopted"]


def test_the_published_schemas_are_the_committed_ones(shipped_site):
    for path, source in PUBLISHED_SCHEMAS.items():
        published = json.loads(_text(shipped_site, path))
        assert published == schema(source)
        jsonschema.validators.validator_for(published).check_schema(published)


def test_the_contracts_name_the_fields_and_vocabularies_the_project_uses():
    front_matter, members = schema(FRONT_MATTER_SCHEMA), schema(MEMBERS_SCHEMA)
    assert list(front_matter["properties"]) == list(PLAYBOOK_SCHEMA)
    assert list(members["items"]["properties"]) == list(MEMBER_SCHEMA)
    assert front_matter["properties"]["domain"]["enum"] == list(DOMAINS)
    assert front_matter["properties"]["status"]["enum"] == list(STATUSES)
    assert front_matter["properties"]["changes"]["items"]["properties"]["kind"]["enum"] == list(CHANGE_KINDS)
    assert members["items"]["properties"]["services"]["items"]["enum"] == list(SERVICES)
    assert members["items"]["properties"]["state"]["enum"] == list(STATES)
    api = schema("api/playbooks.schema.json")["$defs"]["playbook"]["properties"]
    assert api["domain"]["enum"] == list(DOMAINS) and api["status"]["enum"] == list(STATUSES)
    assert api["changes"]["items"]["properties"]["kind"]["enum"] == list(CHANGE_KINDS)
    adoption, defs = api["adopters"]["items"]["properties"], front_matter["$defs"]
    assert schema("adoptions.schema.json")["$defs"]["adoption"]["properties"]["state"]["enum"] == list(ADOPTION_STATES)
    assert adoption["state"]["enum"] == [state for state in ADOPTION_STATES if adopting(state)]
    for grades in (defs["recommendation"]["properties"], api["recommendations"]["items"]["properties"]):
        assert grades["strength"]["enum"] == list(STRENGTHS) and grades["certainty"]["enum"] == list(CERTAINTIES)


@pytest.mark.parametrize("field, value", [
    ("domain", "saftey"), ("status", "final"), ("last_reviewed", "31/01/2026"), ("last_reviewed", "2026-02-30"),
    ("review_interval_months", "48"), ("review_interval_months", "yearly"), ("contributor", "Not A Slug"),
    ("title", "Test <script>alert(1)</script>"), ("adopted_by", "[a, a]"), ("supersedes", "nowhere"),
])
def test_the_schema_refuses_what_the_checks_refuse(field, value):
    """The committed schema, checked with jsonschema, and the worded checks agree on each bad value."""
    text = GOOD.replace(GOOD.split(f"{field}:", 1)[1].split("\n", 1)[0], f" {value}") if f"{field}:" in GOOD \
        else GOOD.replace("tags: [testing]", f"tags: [testing]\n{field}: {value}")
    document, _ = load_yaml(text.split("---\n")[1], "x.md", 2)
    found = schema_problems(document, FRONT_MATTER_SCHEMA, "x.md")
    assert [problem.field for problem in found] == [field], found
    _, worded = parse_playbook(text, "playbooks/safety/x.md", "x.md")
    assert any(problem.field == field for problem in worded), worded


def test_values_that_look_like_numbers_stay_text_where_the_schema_wants_text():
    document, _ = load_yaml("title: 2026\nreview_interval_months: 12\nowner: NO\n", "x.md")
    fields = {p.field for p in schema_problems(document, FRONT_MATTER_SCHEMA, "x.md")}
    assert fields and not fields & {"title", "review_interval_months", "owner"}, fields
    quoted, _ = load_yaml('review_interval_months: "12"\n', "x.md")
    assert any(p.field == "review_interval_months" for p in schema_problems(quoted, FRONT_MATTER_SCHEMA, "x.md"))


def test_the_editor_settings_map_the_schemas_to_the_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert mapped["network/schemas/members.schema.json"] == "data/members.yml"
    assert mapped["network/schemas/adoptions.schema.json"] == "data/adoptions/*.yml"
    for path in mapped:
        assert (ROOT / path).is_file(), path


# --- Sitemap ---------------------------------------------------------------------------------------------------

def test_one_sitemap_with_each_page_and_content_dates(shipped_site):
    assert not (shipped_site.site / "sitemap.xml.gz").exists(), "MkDocs' own sitemap is replaced, not kept beside"
    root = ElementTree.fromstring(_text(shipped_site, "sitemap.xml"))
    entries = {url.find(f"{{{SITEMAP_NS}}}loc").text: url.find(f"{{{SITEMAP_NS}}}lastmod")
               for url in root.findall(f"{{{SITEMAP_NS}}}url")}
    base = "http://127.0.0.1:8000/"
    built = {base + str(path.relative_to(shipped_site.site).parent).replace(".", "").strip("/") + "/"
             for path in shipped_site.site.rglob("index.html")}
    assert set(entries) == {url.replace(base + "/", base) for url in built}
    assert entries[base + "playbooks/safety/sepsis-hour-1-bundle/"].text == "2026-08-10"
    assert entries[base + "playbooks/safety/medication-reconciliation/"].text == "2025-05-12"
    assert entries[base + "about/"] is None, "a page with no content date has no lastmod"
    assert FIXED_TODAY not in {element.text for element in entries.values() if element is not None}


# --- Structured data -------------------------------------------------------------------------------------------

def test_every_playbook_page_carries_its_trust_facts_as_json_ld(shipped_site):
    site = load_site(ROOT, ROOT / "docs", TODAY)
    for view in site.views:
        page = shipped_site.page(view.src_uri[:-len(".md")] + "/")
        blocks = page.find_all("script", type="application/ld+json")
        assert len(blocks) == 1, view.src_uri
        data = json.loads(blocks[0].string)
        assert data["@type"] == "MedicalWebPage" and data["@context"] == "https://schema.org"
        assert data["creativeWorkStatus"] == STATUSES[view.status]
        if view.status == "approved":
            assert data["lastReviewed"] == view.playbook.last_reviewed.isoformat()
            assert data["reviewedBy"]["jobTitle"] == view.playbook.owner
            assert data["reviewedBy"]["worksFor"]["name"] == view.contributor.name
        else:  # a draft is not yet reviewed for use, a retired one no longer: no review claim a search engine shows
            assert "lastReviewed" not in data and "reviewedBy" not in data, view.src_uri
            assert data["disambiguatingDescription"] == STATUS_NOTES[view.status]
        assert data["audience"]["audienceType"] == "Clinician"
        assert data["specialty"] == list(view.playbook.specialties) and "about" in data
    assert shipped_site.page("about/").find("script", type="application/ld+json") is None
    assert {view.status for view in site.views} == set(STATUSES), "the shipped site has each status to check"


def test_json_ld_escapes_what_could_close_its_script_element():
    hostile = {"name": "</script><script>alert(1)</script> & <!-- x"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def test_a_hostile_title_cannot_close_the_json_ld_script_element():
    """Validation refuses markup in a title; were one to get through, the JSON-LD would still hold it as data."""
    site = load_site(ROOT, ROOT / "docs", TODAY)
    hostile = "</script><script>alert(1)</script><!--"
    view = dataclasses.replace(site.views[0], playbook=dataclasses.replace(site.views[0].playbook, title=hostile))
    text = script_json(medical_web_page(view, "https://example.org/"))
    assert "</" not in text and "<script" not in text and "<!--" not in text
    assert json.loads(text)["name"] == hostile
