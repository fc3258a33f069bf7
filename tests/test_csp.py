"""The Content-Security-Policy: no 'unsafe-inline' for scripts, and every inline script allowed by its hash."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
# Data blocks a browser never runs: Material's configuration (application/json) and a playbook's JSON-LD.
JSON_DATA = re.compile(r"type=\"application/(?:ld\+)?json\"")


def script_src(policy: str) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["script-src"].split()


def inline_script_hashes(html: str) -> set[str]:
    """The CSP source expression of every inline script that runs (JSON data blocks do not)."""
    return {"'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for attributes, body in INLINE_SCRIPT.findall(html) if not JSON_DATA.search(attributes)}


@pytest.mark.parametrize("which", ["published", "offline"])
def test_every_page_has_one_policy_that_allows_exactly_its_inline_scripts(which, shipped_site, offline_site):
    site = shipped_site.site if which == "published" else offline_site
    policies, hashes = set(), set()
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        found = CSP_META.findall(html)
        assert len(found) == 1, f"{page}: {len(found)} CSP meta tags"
        policies.add(found[0])
        hashes |= inline_script_hashes(html)
        assert html.index("Content-Security-Policy") < html.index("<script"), f"{page}: a script comes before the CSP"
    assert len(policies) == 1, f"pages differ in their CSP (instant navigation keeps the first): {policies}"
    allowed = script_src(policies.pop())
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed, allowed
    listed = {source for source in allowed if source.startswith("'sha256-")}
    assert hashes <= listed, (f"inline scripts the CSP refuses; put these in overrides/main.html: "
                              f"{sorted(hashes - listed)}")
    assert listed <= hashes, f"hashes no page needs; remove them from overrides/main.html: {sorted(listed - hashes)}"
