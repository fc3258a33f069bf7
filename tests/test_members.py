"""The member directory: data/members.yml's loader, its validation and /members/."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, assert_clean_failure, assert_problem, build, check, make_project, problems_of
from network.generated import directory_markdown
from network.members import MEMBERS_FILE, load_members, members_by_state, network_summary, parse_members
from network.problems import ContentError
from network.views import member_views

GOOD = """\
- id: first-member
  name: First Member Hospital
  city: Alpha
  state: ND
  joined: "2011-09-14"
  services: [econsult, second-opinion]
  specialties: []
  source: https://example.org/report
- id: second-member
  name: Second Member Hospital
  city: Beta
  state: MO
  joined: 2012-05
  services:
    - tumor-board
  specialties: [neurology]
  fictional: true
"""


def test_good_file_loads_every_field_as_text():
    first, second = parse_members(GOOD, "members.yml")
    assert first.id == "first-member" and first.joined == "2011-09-14"
    assert second.joined == "2012-05", "YYYY-MM stays text, not a date or a number"
    assert first.services == ("econsult", "second-opinion")
    assert second.fictional and not first.fictional
    assert first.state_name == "North Dakota"


def test_yaml_look_alikes_stay_text_when_quoted():
    text = GOOD.replace("city: Alpha", "city: 'NO'").replace("name: Second Member Hospital", 'name: "0471"')
    first, second = parse_members(text, "members.yml")
    assert first.city == "NO", "PyYAML's loaders would make this False"
    assert second.name == "0471", "PyYAML's loaders would make this an octal number"


def test_yaml_look_alikes_unquoted_are_refused_with_the_quotes_to_add():
    """Any other YAML reader (PyYAML, MkDocs) makes these False and 313: refused, with the fix."""
    text = GOOD.replace("city: Alpha", "city: NO").replace("name: Second Member Hospital", "name: 0471")
    with pytest.raises(ContentError) as raised:
        parse_members(text, "members.yml")
    assert {str(problem) for problem in raised.value.problems} == {
        "members.yml:3: member 'first-member': field 'city': YAML reads NO as true or false, not text; "
        'put it in quotes: city: "NO"',
        "members.yml:10: member 'second-member': field 'name': YAML reads 0471 as a number, not text; "
        'put it in quotes: name: "0471"'}


def test_summary_counts_members_states_and_services():
    members = parse_members(GOOD, "members.yml")
    summary = network_summary(members)
    assert summary == {"members": 2, "fictional": 1, "states": 2,
                       "services": ["E-consult", "Second opinion", "Tumor board"]}
    assert [state for state, _ in members_by_state(members)] == ["Missouri", "North Dakota"]


def _mark(text: str) -> tuple[str, int | None]:
    """Remove the '# <-' marker and return the text and the marked line's number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "# <-" in line:
            return text.replace("  # <-", ""), number
    return text, None


BAD_MEMBERS = {
    "missing field": (GOOD.replace("  city: Beta\n", ""), "member 'second-member'", "field 'city'", "missing required field", 9),
    "wrong type": (GOOD.replace("services: [econsult, second-opinion]", "services: econsult  # <-"), "member 'first-member'", "field 'services'", "expected a list"),
    "duplicate id": (GOOD.replace("id: second-member", "id: first-member  # <-"), "member 'first-member'", "field 'id'", "duplicate id"),
    "duplicate key": (GOOD.replace("  city: Alpha\n", "  city: Alpha\n  city: Gamma  # <-\n"), "field 'city'", "duplicate key"),
    "bad date": (GOOD.replace('joined: "2011-09-14"', 'joined: "2011-13-40"  # <-'), "member 'first-member'", "field 'joined'", "there is no month 13"),
    "unknown service": (GOOD.replace("- tumor-board", "- telepathy  # <-"), "member 'second-member'", "field 'services'", "expected one of econsult"),
    "non-https url": (GOOD.replace("https://example.org/report", "http://example.org/report  # <-"), "member 'first-member'", "field 'source'", "https://"),
    "url with a quote": (GOOD.replace("https://example.org/report", "https://example.org/x'onclick=1  # <-"), "member 'first-member'", "field 'source'", "without spaces, quotes"),
    "real member without source": (GOOD.replace("  source: https://example.org/report\n", ""), "member 'first-member'", "field 'source'", "missing for a real member", 1),
    "unknown field": (GOOD.replace("  fictional: true", "  beds: 200  # <-\n  fictional: true"), "member 'second-member'", "field 'beds'", "unknown field"),
    "bad state": (GOOD.replace("state: MO", "state: Missouri  # <-"), "member 'second-member'", "field 'state'", "two-letter"),
    "state as a list": (GOOD.replace("state: MO", "state: [MO]  # <-"), "member 'second-member'", "field 'state'", "two-letter"),
    "uppercase id": (GOOD.replace("id: second-member", "id: Second  # <-"), "field 'id'", "lowercase slug"),
    "markup in name": (GOOD.replace("name: First Member Hospital", "name: <b>First</b>  # <-"), "field 'name'", "without markup"),
    "tabs": (GOOD.replace("  city: Beta", "\tcity: Beta  # <-"), "not valid YAML", "tabs"),
    "not a list": ("id: lonely\nname: Lonely\n", "expected a list of members", 1),
    "empty file": ("", "empty"),
    "comments only": ("# nothing here\n", "empty"),
}


def _expectations(case):
    text, *needles = case
    line = needles.pop() if isinstance(needles[-1], int) else None
    text, marked = _mark(text)
    return text, needles, line or marked


@pytest.mark.parametrize("name", BAD_MEMBERS)
def test_bad_members_file_is_refused_with_file_line_and_field(tmp_path, name):
    text, needles, line = _expectations(BAD_MEMBERS[name])
    project = make_project(tmp_path, {"data/members.yml": text})
    assert_problem(problems_of(project), "data/members.yml", line, *needles)


def test_a_bad_members_file_stops_the_build_and_make_check(tmp_path):
    """The wiring: the build and `make check` report what the loader finds, with no traceback and no site."""
    text, needles, line = _expectations(BAD_MEMBERS["unknown service"])
    project = make_project(tmp_path, {"data/members.yml": text})
    assert_clean_failure(build(project), f"data/members.yml:{line}:", *needles)
    assert not (project.parent / "site" / "index.html").exists(), "no site is published with a hole in it"
    assert_clean_failure(check(project), f"data/members.yml:{line}:", *needles)


def test_several_problems_are_reported_together():
    text = GOOD.replace("state: ND", "state: XX").replace("- tumor-board", "- telepathy")
    with pytest.raises(ContentError) as raised:
        parse_members(text, "members.yml")
    fields = [problem.field for problem in raised.value.problems]
    assert fields == ["state", "services"]
    assert "2 problems" in str(raised.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ContentError, match="data/members.yml: file not found"):
        load_members(tmp_path / "members.yml", "data/members.yml")


def test_shipped_members_file_holds_the_real_members_and_fictional_ones():
    members = load_members(ROOT / MEMBERS_FILE)
    assert len(members) >= 8
    real = [m for m in members if not m.fictional]
    assert {m.id for m in real} >= {"altru", "dartmouth-hitchcock"}
    assert len(members) - len(real) >= 5, "invented examples stand beside the real members"


def test_directory_lists_every_member_with_its_anchor(shipped_site):
    page = shipped_site.page("members/")
    members = load_members(ROOT / MEMBERS_FILE)
    for member in members:
        card = page.find(id=member.id)
        assert card is not None, member.id
        text = card.get_text(" ", strip=True)
        assert member.name in text and member.city in text and member.joined in text
        if member.fictional:
            assert "Fictional example member" in text
        if member.source:
            assert card.find("a", href=member.source)
    states = {m.state_name for m in members}
    headings = [h.get_text(" ", strip=True) for h in page.select("h2")]
    for state in states:
        count = sum(m.state_name == state for m in members)
        assert any(h.startswith(f"{state} ({count} member") for h in headings), (state, headings)


def test_home_page_summary_comes_from_the_data(shipped_site):
    members = load_members(ROOT / MEMBERS_FILE)
    text = shipped_site.page("").get_text(" ", strip=True)
    assert f"{len(members)} member institutions in {len({m.state for m in members})} states" in text


def test_markup_in_a_member_name_is_refused_and_would_show_as_text(tmp_path):
    payload = "<img src=x onerror=alert(1)> *Evil* [link](https://evil.example)"
    text = (ROOT / MEMBERS_FILE).read_text().replace(
        "name: Bluestem Community Hospital", f"name: '{payload}'")
    # The validator refuses markup; prove the renderer escapes even if it were let through.
    members = parse_members(text.replace(payload, "Placeholder"), "members.yml")
    evil = [m if m.id != "bluestem-community" else type(m)(**{**m.__dict__, "name": payload}) for m in members]
    markdown = directory_markdown(member_views(evil, []), "members.md")
    assert "<img" not in markdown and "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;" in markdown
    project = make_project(tmp_path, {"data/members.yml": text})
    assert_problem(problems_of(project), "data/members.yml", None, "field 'name'", "without markup")


def test_a_url_reaches_the_directory_unable_to_close_its_link(scenario):
    members = (ROOT / MEMBERS_FILE).read_text(encoding="utf-8")
    real = re.search(r"source: (https://\S+)", members)[1]
    hostile = "https://example.org/x)[click](javascript:alert(1)"
    result = scenario({"data/members.yml": members.replace(real, hostile, 1)})
    assert result.returncode == 0, result.output
    links = [a["href"] for a in result.page("members/").select("article a[href]")]
    assert "https://example.org/x%29%5Bclick%5D%28javascript:alert%281%29" in links
    assert not [href for href in links if href.lower().startswith("javascript")]
