"""The search relevance suite: what a nurse types, and the playbook she means (one table, kept its size and mix).

Written from the shipped playbooks as a clinician would type, not from what the
engine finds. Each row: kind, query, the meant playbook (docs/playbooks/<this>.md).
For a query that finds nothing ("none"), the meant playbook is the first title
under "Did you mean". tests/browser/test_search_relevance.py types each into the
built site's search box in Chromium; `make bench` reports precision at 1 of it.
If the content changes, rewrite rows but keep the count of each kind (KIND_COUNTS).
"""

from __future__ import annotations

SUITE = [
    # Typos: one or two letters off in a word of five letters or more.
    ("typo", "hand hygeine", "quality/hand-hygiene-audit-feedback"),
    ("typo", "sepssis", "safety/sepsis-hour-1-bundle"),
    ("typo", "medication reconcilliation", "safety/medication-reconciliation"),
    ("typo", "disclosure of adverse evnets", "professionalism/disclosure-of-adverse-events"),
    ("typo", "disruptve behavior", "professionalism/managing-disruptive-behavior"),
    ("typo", "tumor board preperation", "quality/tumor-board-case-preparation"),
    ("typo", "surgical saftey checklist", "safety/who-surgical-safety-checklist"),
    ("typo", "peer suport", "professionalism/peer-support-after-adverse-events"),
    # UK and US spellings, and other words for the same thing (data/search-variants.yml).
    ("variant", "disruptive behaviour", "professionalism/managing-disruptive-behavior"),
    ("variant", "tumour board", "quality/tumor-board-case-preparation"),
    ("variant", "anaesthesia machine check", "safety/who-surgical-safety-checklist"),
    ("variant", "handwashing audit", "quality/hand-hygiene-audit-feedback"),
    ("variant", "nurse hand over", "safety/i-pass-handoffs"),
    ("variant", "med rec at discharge", "safety/medication-reconciliation"),
    # Abbreviations (includes/abbreviations.md) either way, spaced and hyphenated forms.
    ("abbreviation", "ipass", "safety/i-pass-handoffs"),
    ("abbreviation", "e consult", "quality/econsult-request-and-answer"),
    ("abbreviation", "central line-associated bloodstream infection", "quality/clabsi-prevention-bundle"),
    ("abbreviation", "clabsi", "quality/clabsi-prevention-bundle"),
    ("abbreviation", "shift change hand off", "safety/i-pass-handoffs"),
    ("abbreviation", "hour 1 bundle", "safety/sepsis-hour-1-bundle"),
    # Phrases from a playbook's body, summary or evidence that are not in its title.
    ("body", "second victim", "professionalism/peer-support-after-adverse-events"),
    ("body", "time out before incision", "safety/who-surgical-safety-checklist"),
    ("body", "chlorhexidine", "quality/clabsi-prevention-bundle"),
    ("body", "blood cultures before antibiotics", "safety/sepsis-hour-1-bundle"),
    ("body", "best possible medication history", "safety/medication-reconciliation"),
    ("body", "cup of coffee conversation", "professionalism/professional-accountability-coworker-reports"),
    ("body", "five moments", "quality/hand-hygiene-audit-feedback"),
    ("body", "illness severity watcher", "safety/i-pass-handoffs"),
    # Part of a title.
    ("partial", "hand hygiene", "quality/hand-hygiene-audit-feedback"),
    ("partial", "surgical safety checklist", "safety/who-surgical-safety-checklist"),
    ("partial", "tumor board", "quality/tumor-board-case-preparation"),
    ("partial", "peer support", "professionalism/peer-support-after-adverse-events"),
    ("partial", "medication reconciliation", "safety/medication-reconciliation"),
    ("partial", "coworker reports", "professionalism/professional-accountability-coworker-reports"),
    # A whole title.
    ("exact", "I-PASS for every shift-change handoff", "safety/i-pass-handoffs"),
    ("exact", "Sepsis hour-1 bundle from time zero", "safety/sepsis-hour-1-bundle"),
    ("exact", "Hand hygiene audit with monthly feedback to every unit", "quality/hand-hygiene-audit-feedback"),
    ("exact", "E-consult request and answer standard", "quality/econsult-request-and-answer"),
    ("exact", "Peer support for clinicians after adverse events", "professionalism/peer-support-after-adverse-events"),
    ("exact", "Managing disruptive behavior with tiered, timely responses",
     "professionalism/managing-disruptive-behavior"),
    # Nothing matches: the first "Did you mean" title is the playbook meant.
    ("none", "tumr bord", "quality/tumor-board-case-preparation"),
    ("none", "kabsi", "quality/clabsi-prevention-bundle"),
    ("none", "disrupshun", "professionalism/managing-disruptive-behavior"),
    ("none", "hnd hyjiin", "quality/hand-hygiene-audit-feedback"),
]

# The size and mix the issue asks for (at least this many of each kind).
KIND_COUNTS = {"typo": 8, "variant": 6, "abbreviation": 6, "body": 8, "partial": 6, "exact": 6, "none": 4}
