"""Review dates: when a playbook is next due, how urgent that is, and the date the site is built for."""

from __future__ import annotations

import calendar
import datetime

from network.problems import ContentError, Problem
from network.validation import Invalid, iso_date

REVIEW_STATES = {"overdue": "Review overdue", "due-soon": "Review due soon", "current": "Current"}
# Most urgent first: the order of the review dashboard and of the review report.
REVIEW_ORDER = {state: rank for rank, state in enumerate(REVIEW_STATES)}
DUE_SOON_DAYS = 60
# How prose names the due-soon window (the dashboard, the review report, the docs).
DUE_SOON_PHRASE = f"within {DUE_SOON_DAYS} days"


def add_months(start: datetime.date, months: int) -> datetime.date:
    """``start`` plus ``months``, clamped to the last day of a shorter month."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def review_state(next_review: datetime.date, today: datetime.date) -> str:
    """Overdue after the due date; due-soon within DUE_SOON_DAYS (inclusive); else current."""
    if today > next_review:
        return "overdue"
    if (next_review - today).days <= DUE_SOON_DAYS:
        return "due-soon"
    return "current"


def due_phrase(due: datetime.date, today: datetime.date) -> str:
    """How far off a review date is: '3 days overdue', 'due today' or 'in 17 days'."""
    days = (due - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"in {days} day{'s' if days != 1 else ''}"


def today_from(environ: dict) -> datetime.date:
    """The build date, or PLAYBOOKS_TODAY=YYYY-MM-DD where set (for reproducible builds)."""
    value = environ.get("PLAYBOOKS_TODAY")
    if not value:
        return datetime.date.today()
    try:
        return iso_date(value)
    except Invalid as error:
        raise ContentError([Problem("PLAYBOOKS_TODAY", None, str(error))]) from None
