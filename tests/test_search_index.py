"""The search index the build publishes, and the variants file a maintainer extends (pure functions and make check)."""

from __future__ import annotations

import json
import re

from conftest import ROOT, assert_clean_failure, assert_problem, check, make_project
from network import search_index
from network.search_index import BODY, HEADING, TITLE, index_files, indexed_documents, read_index, shard
from network.search_text import index_words, query_words
from network.search_variants import VARIANTS_FILE, cycle_problems, load_variants, variant_edges
from tools.preview import staged

FILE = VARIANTS_FILE.as_posix()


def problems_in(text: str):
    edges, problems = variant_edges(text, FILE)
    return problems + cycle_problems(edges, FILE)


def test_words_are_read_alike_whatever_the_spelling_of_case_accents_hyphens_and_plurals():
    assert query_words("I-PASS handoffs") == ["ipass", "handoff"] == query_words("ipass Handoff")
    assert query_words("Behaviour's the café") == ["behaviour", "cafe"]
    assert index_words("shift-change handoff") == ["shiftchange", "shift", "change", "handoff"]
    assert query_words("sepsis status process") == ["sepsis", "status", "process"]


def test_the_shipped_variants_and_glossary_join_each_form_both_ways():
    groups, problems = load_variants(ROOT)
    assert problems == []
    group_of = {form: group for group in groups for form in group}
    assert ("behavior",) in group_of[("behaviour",)]
    assert ("handoff",) in group_of[("hand", "off")]
    assert ("central", "lineassociated", "bloodstream", "infection") in group_of[("clabsi",)]
    assert ("ipass",) in group_of[("illness", "severity", "patient", "summary", "action", "list", "situation",
                                    "awareness", "contingency", "planning", "synthesis", "receiver")]


def test_a_malformed_entry_is_refused_at_its_line():
    problems = problems_in("# variants\nbehaviour: behavior\nhandoff:\n  note: not a word\n")
    assert_problem(problems, FILE, 3, "'handoff' needs a word or a list of words on the right")
    assert_problem(problems_in("- behaviour\n"), FILE, 1, "expected a mapping")


def test_an_entry_that_maps_a_word_to_itself_is_refused_at_its_line():
    problems = problems_in("tumour: tumor\nhand-off: handoff\n")
    assert_problem(problems, FILE, 2, "'hand-off' is mapped to itself")


def test_a_cycle_is_refused_at_the_line_that_closes_it():
    problems = problems_in("med rec: medication reconciliation\nmedication reconciliation: medrec\nmedrec: med rec\n")
    assert len(problems) == 3 and all("a cycle" in str(problem) for problem in problems)
    assert_problem(problems, FILE, 3, "a cycle: 'med rec' leads back to 'medrec'")


def test_a_form_listed_twice_is_refused_at_the_second():
    assert_problem(problems_in("tumour: tumor\nTumour: tumor\n"), FILE, 2, "already listed on line 1")


def test_make_check_names_the_file_and_line_of_a_bad_variant(tmp_path):
    text = (ROOT / VARIANTS_FILE).read_text(encoding="utf-8") + "behavior: behaviour\n"
    result = check(make_project(tmp_path, {FILE: text}))
    line = text.count("\n")
    assert_clean_failure(result, f"{FILE}:{line}", "a cycle")


def docs_and_pages():
    docs = [
        {"location": "playbooks/safety/new/", "title": "Sepsis hour-1 bundle",
         "text": "<p>Approved, current. Rapid care.</p>"},
        {"location": "playbooks/safety/new/#checklist", "title": "Checklist",
         "text": "<ul><li>Draw cultures</li></ul>"},
        {"location": "playbooks/safety/new/#why", "title": "Why it matters", "text": "<p>Mortality &amp; delay</p>"},
        {"location": "playbooks/safety/old/", "title": "Sepsis six-hour bundle",
         "text": "<p>Retired: use Sepsis hour-1 bundle. Old.</p>"},
        {"location": "about/", "title": "About", "text": "<p>About <b>the network</b></p>"},
    ]
    pages = {"playbooks/safety/new/": {"rank": 0, "status": "Approved, current.", "summary": "Rapid care.",
                                       "evidence": ["Levy MM. Surviving sepsis"], "replaced_by": None},
             "playbooks/safety/old/": {"rank": 3, "status": "Retired: use Sepsis hour-1 bundle.", "summary": "Old.",
                                       "evidence": [], "replaced_by": "playbooks/safety/new/"}}
    return docs, pages


def decoded(files: dict, word: str) -> list[tuple[int, int]]:
    value = json.loads(re.search(r"\]=(.*);\n$", files[f"p-{shard(word)}.js"], re.DOTALL)[1])[word]
    postings, doc = [], 0
    for entry in value.split(","):
        number = int(entry, 36)
        doc += number >> 2
        postings.append((doc, number & 3))
    return postings


def test_each_word_is_indexed_in_the_strongest_field_it_is_found_in():
    files = dict(index_files(*docs_and_pages(), groups=[[("med", "rec"), ("medrec",)]]))
    assert decoded(files, "sepsis") == [(0, TITLE), (3, TITLE)]
    assert decoded(files, "rapid") == [(0, HEADING)]      # the summary counts as a heading
    assert decoded(files, "culture") == [(1, HEADING)]    # the checklist does too
    assert decoded(files, "mortality") == [(2, BODY)]
    assert decoded(files, "levy") == [(0, BODY)]         # evidence titles the page shows below its content
    assert "approved" not in json.dumps([files[name] for name in files if name.startswith("p-")])


def postings_by_the_rule(docs, pages):
    """Each word's (document, strongest field) and whether it is on one page only, as the index was first built."""
    found: dict[str, dict[int, int]] = {}
    page_of, page = {}, -1
    for number, doc in enumerate(docs):
        path, _, anchor = doc["location"].partition("#")
        page += not anchor or not page_of or docs[number - 1]["location"].partition("#")[0] != path
        page_of[number] = page
        for field, text in search_index._fields(doc, not anchor, pages.get(path)):
            for word in index_words(text):
                found.setdefault(word, {})[number] = max(found.get(word, {}).get(number, 0), field)
    return ({word: sorted(numbers.items()) for word, numbers in found.items()},
            {word: len({page_of[number] for number in numbers}) == 1 for word, numbers in found.items()})


def test_the_postings_and_word_lists_are_those_of_the_rule_on_tricky_documents():
    docs, pages = docs_and_pages()
    docs += [
        {"location": "playbooks/safety/new/#again", "title": "Sepsis sepsis", "text": "<p>Sepsis, SEPSIS.</p>"},
        {"location": "orphan/#a", "title": "A", "text": "<p>x-ray x ray a b zz 1 12 123 1234 rapid</p>"},
        {"location": "orphan/#b", "title": "Checklist", "text": "<p>x-ray hand-off handoffs</p>"},
        {"location": "other/", "title": "Other", "text": "<p>" + " ".join(f"w{n}" for n in range(300)) + "</p>",
         "tags": ["Rapid", "Hand-off"]},
    ] + [{"location": f"many/#s{n}", "title": f"Step {n}", "text": "<p>step rapid</p>"} for n in range(120)]
    files = dict(index_files(docs, pages, groups=[]))
    postings, one_page = postings_by_the_rule(docs, pages)
    assert {word: decoded(files, word) for word in postings} == postings
    written = [word for name, text in files.items() if name.startswith("p-")
               for word in json.loads(re.search(r"\]=(.*);\n$", text, re.DOTALL)[1])]
    assert sorted(written) == sorted(postings)
    for letter in {word[0] for word in postings}:
        several, single = (part.split() for part in read_value(files[f"w-{letter}.js"]))
        assert several == sorted(w for w in postings if w[0] == letter and not one_page[w])
        assert single == sorted(w for w in postings if w[0] == letter and one_page[w])


def read_value(text: str):
    return json.loads(re.search(r"\]=(.*);\n$", text, re.DOTALL)[1])


def test_the_index_says_what_a_result_shows_and_which_playbook_replaces_a_retired_one(tmp_path):
    files = dict(index_files(*docs_and_pages(), groups=[[("med", "rec"), ("medrec",)]]))
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    documents = indexed_documents(tmp_path)
    assert documents[3]["text"] == "Retired: use Sepsis hour-1 bundle. Old."
    assert documents[2]["text"] == "Mortality &amp; delay"
    meta = read_index(tmp_path)["meta"]
    assert meta["pageStarts"] == [0, 3, 4] and meta["ranks"] == [0, 3, -1] and meta["replacedBy"] == {"1": 0}
    assert meta["variants"] == [[["med", "rec"], ["medrec"]]]
    assert read_index(tmp_path)["titles"] == [["playbooks/safety/new/", "Sepsis hour-1 bundle"]]


def test_the_published_site_runs_the_projects_search_worker_and_ships_no_index_in_materials_file(shipped_site):
    config = json.loads(shipped_site.page("").select_one("#__config").get_text())
    assert config["search"].endswith("assets/javascripts/search/worker.js"), (
        "Material's search worker was renamed by an upgrade: set MATERIAL_SEARCH_WORKER in overrides/main.html")
    assert (shipped_site.site / config["search"]).is_file()
    material = json.loads((shipped_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []
    assert len(indexed_documents(shipped_site.site / "search")) > 100


def test_a_plain_build_leaves_materials_index_to_its_plugin_and_a_dirty_rebuild_completes_it(tmp_path):
    (tmp_path / "search").mkdir()
    index = tmp_path / "search" / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": [{"location": "a/", "text": "a"}]}), encoding="utf-8")
    site = str(tmp_path)
    staged.use_dirty_rebuilds(False)
    assert staged.keep_search_index(site, ["a.md"], True) is None and site not in staged._last_index
    staged.use_dirty_rebuilds(True)
    try:
        assert staged.keep_search_index(site, ["a.md"], True)["docs"] == [{"location": "a/", "text": "a"}]
        index.write_text(json.dumps({"config": {}, "docs": [{"location": "b/", "text": "b"}]}), encoding="utf-8")
        kept = staged.keep_search_index(site, ["b.md"], True)
        assert kept["docs"] == [{"location": "a/", "text": "a"}, {"location": "b/", "text": "b"}]
        assert json.loads(index.read_text(encoding="utf-8")) == kept
    finally:
        staged.use_dirty_rebuilds(False)
        staged._last_index.pop(site, None)


def test_postings_text_writes_what_the_rule_it_replaced_wrote():
    """Each posting less the one before, as ``((entry >> 2) - (previous >> 2)) * 4 + (entry & 3)`` in base 36."""
    from array import array
    from itertools import chain, pairwise

    def by_the_old_rule(entries):
        return ",".join(search_index.format_base36(((entry >> 2) - (previous >> 2)) * 4 + (entry & 3))
                        for previous, entry in pairwise(chain((0,), entries)))

    cases = [[1], [3], [0 * 4 + 1, 0 * 4 + 3], [5 * 4 + 3, 6 * 4 + 1, 6 * 4 + 2], [7 * 4 + 1, 9 * 4 + 3, 400 * 4 + 2],
             [35 * 4 + 1, 36 * 4 + 1, 1296 * 4 + 3, 99999 * 4 + 2, 100000 * 4 + 1], list(range(1, 4000, 3))]
    for entries in cases:
        assert search_index.postings_text(array("I", entries)) == by_the_old_rule(entries)
    assert search_index.postings_text(array("I", [36 * 4 + 3])) == "43"  # 147: 4 * 36 + 3


def test_strongest_fields_keeps_what_the_rule_it_replaced_kept():
    """Each word with the strongest field it is found in, whatever the order of the fields and repeats."""
    def by_the_old_rule(fields):
        strongest = {}
        for field, text in fields:
            for word in index_words(text):
                if strongest.get(word, 0) < field:
                    strongest[word] = field
        return strongest

    cases = [[], [(BODY, "")], [(TITLE, "Hand hygiene"), (BODY, "hand washing, hand rubs"), (HEADING, "Hygiene")],
             [(BODY, "sepsis bundle"), (HEADING, "Sepsis"), (BODY, "sepsis"), (TITLE, "Bundles"), (HEADING, "x-ray")],
             [(HEADING, "I-PASS hand-off"), (TITLE, "handoff"), (BODY, "I-PASS ipass pass the the a")],
             [(BODY, "Behaviour's behaviours café cafe"), (BODY, "résumé"), (HEADING, "cafe")]]
    for fields in cases:
        assert search_index.strongest_fields(fields) == by_the_old_rule(fields)
    assert search_index.strongest_fields([(HEADING, "sepsis"), (BODY, "sepsis"), (TITLE, "a")]) == {"sepsis": HEADING}
