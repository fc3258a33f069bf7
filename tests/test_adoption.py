"""Adoption records, measures and graded recommendations: the schema, the views, and the pages they make.

Adoptions are recorded in the adopting member's own file, data/adoptions/<member-id>.yml.
"""

from __future__ import annotations

import datetime

import jsonschema
import pytest

from conftest import FIXED_TODAY, ROOT, assert_problem, make_project, problems_of
from network.contracts import schema, typed, validator
from network.pages import file_problem
from network.playbooks import FRONT_MATTER_SCHEMA, parse_playbook
from network.site import load_site
from network.sourcefile import load_yaml
from network.usmap import TILES, map_rows
from network.views import listing_item
from network.vocabulary import STATES

TODAY = datetime.date.fromisoformat(FIXED_TODAY)

LONG = """\
---
title: Adoption practice
summary: A practice with adoption records, measures and graded recommendations.
domain: safety
contributor: cottonwood-regional
owner: Director of Patient Safety
owner_contact: mailto:patient-safety@great-lakes-harbor.example
status: approved
last_reviewed: 2026-01-31
review_interval_months: 12
measures:
  - id: time-zero
    name: Time zero documented
    target: 95% or more
    how: EHR report, monthly
  - id: first-dose
    name: First dose within 1 hour
    target: 90% or more
    how: EHR times
recommendations:
  - text: Record time zero for every patient.
    strength: conditional
    certainty: moderate
    rationale: Observational studies only.
    evidence: [1]
  - text: Give the first dose within an hour.
    strength: strong
    certainty: low
    rationale: Each hour of delay raises mortality.
    evidence: [1, 2]
evidence:
  - title: A source
    url: https://www.who.int/
  - title: Another source
    url: https://www.ahrq.gov/
---

## Why it matters

Text.
"""
FILE = "docs/playbooks/safety/adoption-practice.md"
# Each member's records of the practice, added to the end of its shipped file.
ADOPTIONS = {
    "saguaro-springs": """\
- playbook: safety/adoption-practice
  since: 2025-03
  state: sustained
  variation: Runs it at night with a tele-ICU nurse.
  results:
    - measure: time-zero
      value: 97%
      period: 2026 Q3
      meets_target: true
    - measure: first-dose
      value: 81%
      period: 2026 Q3
      meets_target: false
""",
    "great-lakes-harbor": """\
- playbook: safety/adoption-practice
  since: 2024-06-15
  state: stopped
  variation: Stopped when its ED closed at night.
""",
    "bluestem-community": "- playbook: safety/adoption-practice\n",
}


def adoptions_file(member: str) -> str:
    return f"data/adoptions/{member}.yml"


def shipped(path: str) -> str:
    target = ROOT / path
    return target.read_text(encoding="utf-8") if target.is_file() else ""


def with_records(records: dict[str, str] | None = None, playbook: str = LONG) -> dict[str, str]:
    """The files of a project with the practice and each member's ``records`` (ADOPTIONS by default) appended."""
    records = ADOPTIONS if records is None else records
    return {FILE: playbook, **{adoptions_file(member): shipped(adoptions_file(member)) + text
                               for member, text in records.items()}}


def _parsed():
    playbook, problems = parse_playbook(LONG, "playbooks/safety/adoption-practice.md", FILE)
    assert problems == []
    return playbook


def _loaded(tmp_path, records=None):
    project = make_project(tmp_path, with_records(records))
    site = load_site(project, project / "docs", TODAY)
    return next(v for v in site.views if v.src_uri == "playbooks/safety/adoption-practice.md"), site


def test_records_from_each_members_own_file_reach_the_playbook(tmp_path):
    view, _ = _loaded(tmp_path)
    short, stopped, first = view.playbook.adopted_by
    assert (first.member, first.state, first.since, first.results[1].meets_target) == (
        "saguaro-springs", "sustained", "2025-03", False)
    assert (short.member, short.state, short.since, short.results) == ("bluestem-community", "adopted", None, ())
    assert stopped.state == "stopped" and not stopped.adopting
    assert view.playbook.adopters == ("bluestem-community", "saguaro-springs")
    assert [m.id for m in view.playbook.measures] == ["time-zero", "first-dose"]


def test_the_strongest_recommendation_is_strength_first_then_certainty():
    playbook = _parsed()
    assert playbook.strongest.text == "Give the first dose within an hour."
    assert playbook.recommendations[0].evidence == (1,)


def _marked(old: str, new: str) -> tuple[str, int]:
    """LONG with ``old`` replaced by ``new``, and the line marked '# <-' (or, for '#^', the line above it)."""
    assert old in LONG, old
    text = LONG.replace(old, new, 1)
    for number, line in enumerate(text.splitlines(), start=1):
        if "# <-" in line:
            return text.replace("  # <-", ""), number
        if "#^" in line:  # a missing field is reported at its item's first line, the one above the mark
            return text.replace("    #^\n", ""), number - 1
    raise AssertionError("no marked line")


# Each: the member whose record is changed, the text replaced and its replacement (marked '# <-'), the field, the message.
BAD_RECORDS = {
    "since after the build date": ("saguaro-springs", "since: 2025-03", "since: 2027-01  # <-", "since", "after the build date 2026-11-23"),
    "since day after the build date": ("great-lakes-harbor", "since: 2024-06-15", "since: 2026-11-24  # <-", "since", "after the build date"),
    "since not a date": ("saguaro-springs", "since: 2025-03", "since: last spring  # <-", "since", "YYYY-MM"),
    "unknown state": ("saguaro-springs", "state: sustained", "state: finished  # <-", "state", "expected one of piloting, adopted, sustained, stopped"),
    "result for an undefined measure": ("saguaro-springs", "measure: first-dose", "measure: door-to-needle  # <-", "measure", "defines no measure 'door-to-needle'"),
    "mistyped measure": ("saguaro-springs", "measure: first-dose", "measure: first-dos  # <-", "measure", "did you mean 'first-dose'?"),
    "meets_target not a flag": ("saguaro-springs", "meets_target: false", "meets_target: nearly  # <-", "meets_target", "expected true or false"),
    "mistyped adoption key": ("saguaro-springs", "  variation: Runs it", "  varation: Runs it  # <-", "varation", "did you mean 'variation'?"),
    "markup in a variation": ("great-lakes-harbor", "variation: Stopped when", "variation: <b>Stopped</b> when  # <-", "variation", "without markup"),
    "unknown playbook": ("bluestem-community", "- playbook: safety/adoption-practice", "- playbook: safety/adoption-practise  # <-", "playbook", "did you mean 'safety/adoption-practice'?"),
    "the contributor's own playbook": ("cottonwood-regional", "", "- playbook: safety/adoption-practice  # <-", "playbook", "contributed this playbook"),
    "the same playbook twice": ("bluestem-community", "- playbook: safety/adoption-practice\n", "- playbook: safety/adoption-practice\n- playbook: safety/adoption-practice  # <-", "playbook", "already recorded on line"),
}


@pytest.mark.parametrize("name", BAD_RECORDS)
def test_a_bad_adoption_record_is_refused_in_the_members_file_with_line_and_field(tmp_path, name):
    member, old, new, field, message = BAD_RECORDS[name]
    records = dict(ADOPTIONS)
    record = records.get(member, "")
    assert old in record or not old, old
    record = record.replace(old, new, 1) if old else record + new + "\n"
    before = shipped(adoptions_file(member))
    line = before.count("\n") + next(number for number, text in enumerate(record.splitlines(), start=1)
                                     if "# <-" in text)
    records[member] = record.replace("  # <-", "")
    project = make_project(tmp_path, with_records(records))
    assert_problem(problems_of(project), adoptions_file(member), line, message, f"field '{field}'")


BAD = {
    "duplicate measure id": ("  - id: first-dose", "  - id: time-zero  # <-", "id", "already the id of another measure"),
    "measure without a target": ("  - id: first-dose\n    name: First dose within 1 hour\n    target: 90% or more\n", "  - id: first-dose\n    #^\n    name: First dose within 1 hour\n", "target", "missing required field"),
    "unknown strength": ("strength: strong", "strength: high  # <-", "strength", "expected one of strong, conditional"),
    "unknown certainty": ("certainty: low", "certainty: very low  # <-", "certainty", "expected one of high, moderate, low, very-low"),
    "evidence beyond the list": ("evidence: [1, 2]", "evidence: [1, 3]  # <-", "evidence", "1 to 2; got 3"),
    "evidence not a number": ("evidence: [1]", "evidence: [A source]  # <-", "evidence", "the number of an evidence item"),
    "measures not a list": ("measures:\n  - id: time-zero", "measures: time-zero  # <-\nold_measures:\n  - id: time-zero", "measures", "expected a list"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_adoption_measure_or_grade_is_refused_with_file_line_and_field(tmp_path, name):
    old, new, field, message = BAD[name]
    text, line = _marked(old, new)
    if name == "measures not a list":  # the rest of the old list stays behind an unknown key: two problems
        text = text.replace("old_measures:", "x_measures:")
    project = make_project(tmp_path, {FILE: text})
    assert_problem(problems_of(project), FILE, line, message, f"field '{field}'")


def test_views_leave_stopped_adoptions_out_of_adopting(tmp_path):
    view, site = _loaded(tmp_path)
    assert [m.id for m in view.adopters] == ["bluestem-community", "saguaro-springs"]
    assert [item.adoption.state for item in view.adoptions][-1] == "stopped"
    stopped_member = next(v for v in site.member_views if v.member.id == "great-lakes-harbor")
    assert view not in stopped_member.adopted
    assert any(pv is view for pv, _ in stopped_member.adoptions)
    item = listing_item(view, "playbooks/review.md")
    assert item["adopters"] == 2 and item["results"] == {"reported": 2, "met": 1}
    assert item["strongest"]["strength_label"] == "Strong recommendation"


def test_shipped_playbooks_show_adoptions_and_grades():
    site = load_site(ROOT, ROOT / "docs", TODAY)
    members, playbooks = site.members_by_id, site.playbooks
    varied = [p for p in playbooks
              if len({a.variation for a in p.adopted_by if a.variation}) >= 2 and any(a.results for a in p.adopted_by)]
    assert len(varied) >= 3, [p.ref for p in varied]
    assert len([p for p in playbooks if p.recommendations]) >= 3
    assert any(a.state == "stopped" for p in playbooks for a in p.adopted_by)
    for playbook in playbooks:
        assert all(members[a.member].fictional for a in playbook.adopted_by), playbook.ref
        assert playbook.measures, f"{playbook.ref}: measures are data"


def test_a_file_under_docs_members_is_refused():
    assert "generated from data/members.yml" in file_problem("members/altru.md", frozenset())
    assert "generated from data/members.yml" in file_problem("members/map.svg", frozenset())


def test_a_contributed_member_page_stops_the_build(tmp_path):
    project = make_project(tmp_path, {"docs/members/altru.md": "# Altru, by hand\n"})
    assert_problem(problems_of(project), "docs/members/altru.md", None, "generated from data/members.yml")


def test_every_state_has_its_own_tile():
    assert set(TILES) == set(STATES)
    assert len(set(TILES.values())) == len(TILES)


def test_the_map_links_each_state_with_members_and_only_those():
    rows = map_rows({"MO": 2, "ND": 1}, STATES)
    tiles = {tile.code: tile for row in rows for tile in row if tile}
    assert len(rows) == 8 and {len(row) for row in rows} == {12}
    assert set(tiles) == set(STATES)
    assert (tiles["MO"].name, tiles["MO"].count, tiles["ND"].count, tiles["TX"].count) == ("Missouri", 2, 1, 0)
    assert rows[2][4] == tiles["ND"]  # column 4, row 2


RETIRED = "docs/playbooks/safety/sepsis-three-hour-bundle.md"


def test_variants_member_pages_and_directory(scenario):
    # A member still adopting a retired playbook: its pages must say the playbook is retired.
    records = {**ADOPTIONS, "ironwood-valley": "- playbook: safety/sepsis-three-hour-bundle\n  since: 2019-01\n"
                                                  "  state: sustained\n"}
    result = scenario(with_records(records))
    assert result.returncode == 0, result.output
    page = result.page("playbooks/safety/adoption-practice/")
    rows = page.select("section.pb-variants tbody tr")
    assert [row.th.get_text(" ", strip=True).split(" Fictional")[0] for row in rows] == [
        "Bluestem Community Hospital", "Saguaro Springs Medical Center", "Great Lakes Harbor Hospital"]
    first = rows[1].get_text(" ", strip=True)
    assert "Sustained" in first and "2025-03" in first and "Runs it at night" in first
    assert "Time zero documented: 97% (2026 Q3; target 95% or more): Meets target" in first
    assert "First dose within 1 hour: 81% (2026 Q3; target 90% or more): Below target" in first
    assert "Stopped" in rows[2].get_text() and "Not stated" in rows[0].get_text()
    assert rows[1].th.a["href"].endswith("members/saguaro-springs/")
    measures = page.select("section.pb-measures tbody tr")
    assert [row.td.get_text() for row in measures] == ["Time zero documented", "First dose within 1 hour"]
    grades = page.select("section.pb-recommendations ol > li")
    assert "Conditional recommendation" in grades[0].get_text() and "Moderate certainty evidence" in grades[0].get_text()
    why = grades[1].select_one("details")
    assert why.summary and "Each hour of delay" in why.get_text()
    assert [a["href"] for a in why.select("a")] == ["https://www.who.int/", "https://www.ahrq.gov/"]
    adopted = page.select_one("aside.pb-header").get_text(" ", strip=True)
    assert "Saguaro Springs" in adopted and "Great Lakes Harbor" not in adopted.split("Adopted by")[1]

    member = result.page("members/saguaro-springs/")
    text = member.select_one("article").get_text(" ", strip=True)
    assert "Saguaro Springs Medical Center" in member.h1.get_text() and "Fictional example member" in text
    assert "Adoption practice Sustained 2025-03 Runs it at night" in text
    assert "First dose within 1 hour 90% or more 81% 2026 Q3 Below target" in text
    stopped = result.page("members/great-lakes-harbor/").select_one("article").get_text(" ", strip=True)
    assert "No longer in use" in stopped and "Adoption practice : stopped, adopted since 2024-06-15" in stopped
    adopted_part = stopped.split("Playbooks adopted")[1].split("Results")[0]
    assert "Adoption practice" not in adopted_part
    still = result.page("members/ironwood-valley/").select_one("article").get_text(" ", strip=True)
    assert "Sepsis three-hour and six-hour bundles (retired) Sustained 2019-01" in still
    assert "Sepsis three-hour and six-hour bundles (Safety, retired, sustained)" in \
        result.page("members/").find(id="ironwood-valley").get_text(" ", strip=True)
    real = result.page("members/altru/").select_one("article").get_text(" ", strip=True)
    assert "public report of membership" in real and "Fictional" not in real

    directory = result.page("members/")
    for member_id in ("altru", "saguaro-springs"):
        card = directory.find(id=member_id)
        assert card is not None and card.find("a", href=f"{member_id}/"), member_id
    assert directory.find(id="service-tumor-board") is not None
    econsult = directory.find(id="service-econsult").find_next("p")
    assert econsult.find("a", href="#altru") is not None
    video = directory.find(id="service-video-consult").find_next("p").get_text()
    assert "Altru" not in video
    tiles = directory.select(".pb-tilemap a.pb-tile")
    assert {tile["href"] for tile in tiles} == {f"#state-{code}" for code in ("az", "fl", "mi", "mo", "nh", "nd")}
    assert all(directory.find(id=tile["href"][1:]) for tile in tiles)
    assert directory.select_one('.pb-tilemap a[href="#state-nd"]').get_text(" ", strip=True) == "ND 2"
    assert directory.find("span", class_="pb-tile", string="TX") is not None  # no member: not a link
    jump = directory.select(".pb-jump a")
    assert [a.get_text() for a in jump][:2] == ["Arizona (3)", "Florida (1)"]
    assert {a["href"] for a in jump} >= {"#state-nd", "#service-econsult", "#service-tumor-board"}
    assert all(directory.find(id=a["href"][1:]) for a in jump)

    row = next(tr for tr in result.page("playbooks/review/").select("article table tbody tr")
               if "Adoption practice" in tr.get_text())
    assert row.select("td")[-1].get_text(" ", strip=True) == "2 members; 1 of 2 results meet target"
    listing = result.page("playbooks/safety/").select_one(".pb-list").get_text(" ", strip=True)
    assert "adopted by 2 other members" in listing
    assert ("Strongest recommendation: Give the first dose within an hour. "
            "(Strong recommendation; low certainty evidence)") in listing


def test_the_inlined_schema_judges_as_the_committed_one():
    """The build validates against the schema with its references inlined: the same errors, at the same paths."""
    committed = schema(FRONT_MATTER_SCHEMA)
    cls = jsonschema.validators.validator_for(committed)
    by_reference = cls(committed, format_checker=cls.FORMAT_CHECKER)
    for old, new in [("evidence: [1, 2]", "evidence: [0, x]"), ("title: Adoption practice", "title: <b>x</b>"),
                     ("strength: strong", "strength: high"), ("    how: EHR times\n", "")]:
        document, _ = load_yaml(LONG.replace(old, new, 1).split("---\n")[1], FILE, 2)
        values = typed(document)
        assert _errors(validator(FRONT_MATTER_SCHEMA), values) == _errors(by_reference, values) != [], new


def _errors(checker, values) -> list:
    return sorted((list(error.absolute_path), error.message, error.schema.get("description"))
                  for error in checker.iter_errors(values))


def test_adopted_by_in_front_matter_is_refused_naming_whose_confirmation_it_needs(tmp_path):
    """A contributor cannot say that another member adopted the practice, or what it achieved."""
    text = LONG.replace("measures:\n", "adopted_by:\n  - member: saguaro-springs\n    since: 2025-03\n"
                        "    state: sustained\n  - bluestem-community\nmeasures:\n", 1)
    line = text.splitlines().index("adopted_by:") + 1
    problems = problems_of(make_project(tmp_path, {FILE: text}))
    assert_problem(problems, FILE, line, "field 'adopted_by'", "needs the confirmation of 'bluestem-community' "
                   "(in data/adoptions/bluestem-community.yml) and 'saguaro-springs' (in "
                   "data/adoptions/saguaro-springs.yml)")
    assert len([problem for problem in problems if problem.field == "adopted_by"]) == 1
