"""The network office: where a reader reports a page that may identify a patient, with no account.

Its role mailbox is one setting, read by the About page (network/templates/network-office.md.jinja),
and named in the project's issue form (.github/ISSUE_TEMPLATE/report-problem.yml, checked by the tests).
"""

from __future__ import annotations

# The network office's role mailbox. An example address on a domain reserved for examples (RFC 2606), like the
# rest of this site's example content (NETWORK.md): a network that publishes the site sets its own here, and
# in the issue form's text.
NETWORK_OFFICE_MAILBOX = "network-office@care-network.example"

# Domains reserved for examples and testing by RFC 2606 and RFC 6761: an address there reaches no one.
EXAMPLE_DOMAINS = ("example", "example.com", "example.net", "example.org", "test", "invalid")


def is_example_address(address: str) -> bool:
    """Whether ``address`` is on a domain reserved for examples, so the page must say it reaches no one."""
    domain = address.rpartition("@")[2].lower()
    return any(domain == reserved or domain.endswith("." + reserved) for reserved in EXAMPLE_DOMAINS)
