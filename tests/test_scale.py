"""Scale guard, a quick `make bench`: the build's work grows linearly with the number of playbooks.

Two generated networks (60 and 240 playbooks, the same 100 members) are built
in one run under cProfile. Nothing asserts an absolute time: the guard
compares the two sizes, by how often every function was called (exact, so
not disturbed by other processes on the machine), by build time, by the size
of the generated listing pages and by the weight of each playbook page.
"""

from __future__ import annotations

import cProfile
import dataclasses
import statistics
from pathlib import Path

import pytest

import network.listings
import network.once
from network.pages import TEMPLATE_PAGES
from network.urls import page_url
from tools.bench.corpus import generate_network, snapshot_project
from tools.bench.harness import (
    ProcessRun,
    build_site,
    largest_page,
    macro_rendered_pages,
    member_page_sizes,
    playbook_page_sizes,
)
from tools.bench.profiling import call_counts, superlinear, superlinear_functions
from tools.bench.report import ANY_PAGE_TARGET_KB

SMALL, LARGE = 60, 240
SIZE_RATIO = LARGE / SMALL
LISTING_PAGES = (*(page_url(src_uri) for src_uri in TEMPLATE_PAGES if src_uri != "index.md"),
                 page_url("playbooks/tags.md"))


@dataclasses.dataclass
class ProfiledBuild:
    site: Path
    run: ProcessRun
    calls: dict[str, int]
    playbook_page_bytes: list[int]
    member_page_bytes: list[int]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    """One copy of the site for every network of this module (others may edit the tree meanwhile)."""
    return snapshot_project(tmp_path_factory.mktemp("snapshot") / "project")


@pytest.fixture(scope="module")
def builds(tmp_path_factory, snapshot) -> dict[int, ProfiledBuild]:
    """The 60- and 240-playbook networks, each built once under cProfile."""
    built = {}
    for size in (SMALL, LARGE):
        folder = tmp_path_factory.mktemp(f"scale-{size}")
        network = generate_network(folder / "project", size, source=snapshot)
        run = build_site(network.project, folder / "site", profile=folder / "build.prof")
        assert run.returncode == 0, f"the {size}-playbook build failed:\n{run.output}"
        built[size] = ProfiledBuild(folder / "site", run, call_counts(folder / "build.prof"),
                                    playbook_page_sizes(folder / "site", network),
                                    member_page_sizes(folder / "site", network))
    return built


def test_no_function_is_called_more_than_linearly_often(builds):
    offenders = superlinear_functions(builds[SMALL].calls, builds[LARGE].calls, SIZE_RATIO)
    assert not offenders, (
        f"with {SIZE_RATIO:g}x the playbooks these functions were called far more than "
        f"{SIZE_RATIO:g}x as often (calls at {SMALL} -> {LARGE} playbooks); a listing, macro "
        f"or template does work per pair of pages:\n"
        + "\n".join(f"  {name}: {small} -> {large}" for name, (small, large) in offenders.items()))


def test_build_time_grows_no_faster_than_the_content(builds):
    # CPU time of each build (its own rusage), compared within this run; linear work
    # plus a fixed start-up grows by less than SIZE_RATIO.
    small, large = builds[SMALL].run.cpu_seconds, builds[LARGE].run.cpu_seconds
    assert large <= 2 * SIZE_RATIO * small, (
        f"the {LARGE}-playbook build took {large / small:.1f}x the CPU time of the {SMALL}-playbook "
        f"build ({small:.1f} s -> {large:.1f} s) for {SIZE_RATIO:g}x the content")


def test_listing_pages_grow_linearly(builds):
    def sizes(build):
        return {page: (build.site / page / "index.html").stat().st_size for page in LISTING_PAGES}
    grown = superlinear(sizes(builds[SMALL]), sizes(builds[LARGE]), SIZE_RATIO, slack=1.25)
    assert not grown, f"listing pages grew faster than the number of playbooks (bytes): {grown}"


def test_playbook_pages_do_not_get_heavier_as_the_network_grows(builds):
    small, large = builds[SMALL].playbook_page_bytes, builds[LARGE].playbook_page_bytes
    assert max(large) <= 1.05 * max(small), (
        f"the largest playbook page grew from {max(small)} to {max(large)} bytes with the network: "
        "does every page carry links to every playbook?")
    assert statistics.median(large) <= 1.05 * statistics.median(small), (
        f"the median playbook page grew from {statistics.median(small)} to "
        f"{statistics.median(large)} bytes with the network")


def test_the_largest_page_stays_light_at_both_sizes(builds):
    """The heaviest page of the site, listings included, is under make bench's 500 KB and grows at most linearly."""
    small, large = largest_page(builds[SMALL].site), largest_page(builds[LARGE].site)
    assert large[1] <= 1.25 * SIZE_RATIO * small[1], f"the heaviest page grew from {small} to {large} (bytes)"
    for size, (page, weight) in ((SMALL, small), (LARGE, large)):
        assert weight < ANY_PAGE_TARGET_KB * 1024, f"at {size} playbooks {page} is {weight / 1024:.0f} KB"


def test_member_pages_grow_no_faster_than_the_network(builds):
    """Each member page lists that member's playbooks and adoptions: the same members, 4x the playbooks."""
    grown = superlinear({"member pages": sum(builds[SMALL].member_page_bytes)},
                        {"member pages": sum(builds[LARGE].member_page_bytes)}, SIZE_RATIO, slack=1.25)
    assert not grown, f"member pages grew faster than the number of playbooks (bytes): {grown}"


# --- The macros on their own, in this process: larger sizes, and proof the guard bites ---

@pytest.fixture(scope="module")
def macro_networks(tmp_path_factory, snapshot) -> dict[int, Path]:
    return {size: generate_network(tmp_path_factory.mktemp(f"macros-{size}") / "project", size,
                                   source=snapshot, git=False).project
            for size in (100, 400)}


def macro_calls(project: Path) -> dict[str, int]:
    """Calls of every function while mkdocs-macros loads the data and renders every page, from a cold start.

    The load and each data file's parse are kept between builds in one process (network/once.py, for `make
    serve`); an earlier build of the same files here would leave fewer calls to count.
    """
    network.once.forget()
    profiler = cProfile.Profile()
    profiler.enable()
    macro_rendered_pages(project)
    profiler.disable()
    return call_counts(profiler)


def test_macros_work_grows_linearly(macro_networks):
    offenders = superlinear_functions(macro_calls(macro_networks[100]), macro_calls(macro_networks[400]), 4)
    assert not offenders, f"macros do more than linear work (calls at 100 -> 400 playbooks): {offenders}"


def test_a_quadratic_listing_is_caught(macro_networks, monkeypatch):
    honest = network.listings.review_queue

    def shares_a_specialty(view, other) -> bool:
        return bool(set(view.playbook.specialties) & set(other.playbook.specialties))

    def review_queue_with_related_playbooks(views):
        for view in views:
            [other for other in views if other is not view and shares_a_specialty(view, other)]
        return honest(views)

    monkeypatch.setattr(network.listings, "review_queue", review_queue_with_related_playbooks)
    offenders = superlinear_functions(macro_calls(macro_networks[100]), macro_calls(macro_networks[400]), 4)
    assert any("shares_a_specialty" in name for name in offenders), offenders


def test_growth_check_tells_linear_from_quadratic():
    small = {"linear": 600, "n log n": 60 * 6, "quadratic": 60 ** 2, "rare": 1}
    large = {"linear": 2400, "n log n": 240 * 8, "quadratic": 240 ** 2, "rare": 400}
    assert set(superlinear_functions(small, large, 4)) == {"quadratic"}
    assert superlinear({"page": 100_000}, {"page": 450_000}, 4, slack=1.25) == {}
    assert superlinear({"page": 100_000}, {"page": 1_600_000}, 4, slack=1.25) == {"page": (100_000, 1_600_000)}
