"""The network's fixed vocabularies: each key as front matter and data write it, with its label."""

from __future__ import annotations

DOMAINS = {"quality": "Quality", "safety": "Safety", "professionalism": "Professionalism"}
STATUSES = {"draft": "Draft", "approved": "Approved", "retired": "Retired"}
# What each status means for a reader; the adapter hands these to Material as
# `extra.status` (the navigation badge of a page whose front matter has `status:`).
STATUS_NOTES = {
    "draft": "Draft: not yet approved for use",
    "approved": "Approved for use",
    "retired": "Retired: do not use",
}
SERVICES = {
    "econsult": "E-consult",
    "second-opinion": "Second opinion",
    "video-consult": "Video consultation",
    "tumor-board": "Tumor board",
}
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}


def in_use(status: str) -> bool:
    """Whether a playbook of this status is in use: drafts and approved ones are, retired ones are not."""
    return status != "retired"


def approved(status: str) -> bool:
    """Whether a playbook of this status is approved for patient care: what a count labelled "in use" counts."""
    return status == "approved"

# Where a member stands with a playbook it took up; a stopped adoption no longer counts as adopting.
ADOPTION_STATES = {
    "piloting": "Piloting",
    "adopted": "Adopted",
    "sustained": "Sustained",
    "stopped": "Stopped",
}
# The state of an adoption record that gives none (data/adoptions/<member-id>.yml).
DEFAULT_ADOPTION_STATE = "adopted"
# GRADE: how strongly a recommendation is made, and how certain its evidence is; strongest first.
STRENGTHS = {"strong": "Strong recommendation", "conditional": "Conditional recommendation"}
CERTAINTIES = {
    "high": "High certainty evidence",
    "moderate": "Moderate certainty evidence",
    "low": "Low certainty evidence",
    "very-low": "Very low certainty evidence",
}
# Whether a reported result meets the measure's target, in words (never colour alone).
TARGET_MET = {True: "Meets target", False: "Below target"}


def adopting(state: str) -> bool:
    """Whether a member in this adoption state counts as adopting the playbook: all but stopped do."""
    return state != "stopped"
