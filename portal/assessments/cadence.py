"""When a vendor is due for reassessment: pure rules, no Flask and no database.

The interval comes from the inherent tier (config REASSESSMENT_MONTHS); an open high or critical
finding raised since the last accepted assessment (the caller counts only those) or an expired
certificate makes the vendor due now. docs/scoring.md, "Reassessment".
"""
from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_MONTHS = {"critical": 6, "high": 12, "medium": 24, "low": 36}
UNTIERED = "high"  # a vendor not yet tiered is treated as high, as in the scoring method


def add_months(day: date, months: int) -> date:
    """Return the same day of the month `months` later (or earlier), clamped to the month end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def interval(tier: str | None, months: Mapping[str, int]) -> int:
    """Return the reassessment interval in months for a tier."""
    return int(months.get(tier or UNTIERED, months.get(UNTIERED, 12)))


def latest_due_assessment(today: date, months: int) -> date:
    """Return the latest last-assessment date that makes a vendor due today.

    A vendor is due when add_months(last, months) <= today; that is a cut-off on last because
    add_months never decreases.
    """
    cutoff = add_months(today, -months)
    while add_months(cutoff + timedelta(days=1), months) <= today:
        cutoff += timedelta(days=1)
    return cutoff


@dataclass(frozen=True)
class Due:
    next_due: date | None  # None: never assessed
    is_due: bool
    reasons: tuple[str, ...]


def next_due(tier: str | None, last_assessed: date | None, *, months: Mapping[str, int],
             today: date, serious_findings: int = 0,
             certificate_expired_on: date | None = None) -> Due:
    """Return when the vendor is next due and whether it is due now, with the reasons."""
    span = interval(tier, months)
    reasons = []
    planned = add_months(last_assessed, span) if last_assessed else None
    if planned is None:
        reasons.append("Never assessed.")
    elif planned <= today:
        reasons.append(f"Last assessed {last_assessed.isoformat()}; the {tier or 'untiered'} "
                       f"tier is reassessed every {span} months.")
    if serious_findings:
        reasons.append(f"{serious_findings} open high or critical finding(s) raised since the "
                       "last accepted assessment." if last_assessed else
                       f"{serious_findings} open high or critical finding(s).")
    if certificate_expired_on is not None and certificate_expired_on < today:
        reasons.append(f"A certificate expired on {certificate_expired_on.isoformat()}.")
    is_due = bool(reasons)
    if is_due and planned is not None and planned > today:
        planned = today  # a trigger brings the date forward
    return Due(planned, is_due, tuple(reasons))
