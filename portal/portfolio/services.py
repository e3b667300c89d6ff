"""The portfolio: one row per vendor with tier, residual risk, scores, cadence and findings.

Built for 10,000 vendors: one SELECT joins per-vendor aggregates (latest score, last accepted
assessment, open findings), filters and sorts in SQL and is paginated, so the number of queries
does not grow with the rows. Whether a vendor is due is decided in SQL with per-tier cut-off
dates computed by portal.assessments.cadence, so filter and display agree.
"""
from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from portal.assessments.cadence import Due, interval, latest_due_assessment, next_due
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.certificates.expiry import certificate_expiries
from portal.extensions import UTCDateTime, db
from portal.findings.models import Finding, FindingStatus, Severity
from portal.scoring.exports import csv_line
from portal.scoring.models import ScoreRecord
from portal.vendors.models import RiskTier, Vendor, VendorStatus

LEVELS = ("low", "medium", "high", "critical")
SORTS = ("name", "tier", "residual", "third_party", "last_assessed", "findings", "due")
OPEN = (FindingStatus.OPEN, FindingStatus.REMEDIATION_REQUESTED)
CSV_COLUMNS = ("vendor_id", "vendor", "status", "inherent_tier", "residual_risk", "third_party",
               "overall", "method_version", "last_assessed", "next_due", "due_now",
               "certificate_expiry", "open_findings")


@dataclass(frozen=True)
class PortfolioFilters:
    tier: str | None = None  # a tier value, or "none" for untiered
    residual: str | None = None  # a level, or "none" for not scored
    overdue: bool = False
    q: str | None = None
    sort: str = "name"


@dataclass(frozen=True)
class PortfolioRow:
    vendor_id: int
    legal_name: str
    status: str
    tier: str | None
    residual: str | None
    third_party: float | None
    overall: float | None
    method_version: str | None
    last_assessed: date | None
    open_findings: int
    due: Due
    certificate_expiry: date | None = None


@dataclass
class Page:
    """The bits of a page the pagination macro reads."""

    items: list[PortfolioRow]
    page: int
    per_page: int
    total: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page)) if self.total else 0

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


def _cutoffs(months: Mapping[str, int], today: date) -> dict[str | None, datetime]:
    """Return, per tier, the instant before which a last assessment makes the vendor due."""
    out: dict[str | None, datetime] = {}
    for tier in (*LEVELS, None):
        day = latest_due_assessment(today, interval(tier, months)) + timedelta(days=1)
        out[tier] = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return out


def _base(months: Mapping[str, int], today: date):
    """Return (select, columns) joining each vendor to its aggregates."""
    latest = (sa.select(ScoreRecord.vendor_id, sa.func.max(ScoreRecord.id).label("score_id"))
              .group_by(ScoreRecord.vendor_id).subquery("latest_score"))
    score = aliased(ScoreRecord, name="score")
    assessed = (sa.select(Assessment.vendor_id,
                          sa.func.max(Assessment.closed_at).label("last_assessed"))
                .where(Assessment.status == AssessmentStatus.ACCEPTED)
                .group_by(Assessment.vendor_id).subquery("assessed"))
    # A serious finding brings reassessment forward only when it is new since the last accepted
    # cycle: findings raised from an accepted assessment, or before the last acceptance, were
    # part of what the reviewer accepted.
    source = aliased(Assessment, name="finding_assessment")
    reviewed = sa.or_(
        sa.and_(source.id.is_not(None), source.status == AssessmentStatus.ACCEPTED),
        sa.and_(assessed.c.last_assessed.is_not(None),
                Finding.created_at <= assessed.c.last_assessed))
    serious_case = sa.case((sa.and_(Finding.severity.in_([Severity.HIGH, Severity.CRITICAL]),
                                    sa.not_(reviewed)), 1), else_=0)
    findings = (sa.select(Finding.vendor_id, sa.func.count().label("open_count"),
                          sa.func.sum(serious_case).label("serious"))
                .select_from(Finding)
                .outerjoin(source, source.id == Finding.assessment_id)
                .outerjoin(assessed, assessed.c.vendor_id == Finding.vendor_id)
                .where(Finding.status.in_(OPEN)).group_by(Finding.vendor_id)
                .subquery("open_findings"))
    cut = _cutoffs(months, today)
    cutoff = sa.case(*[(Vendor.inherent_tier == RiskTier(t), sa.literal(cut[t], UTCDateTime()))
                       for t in LEVELS], else_=sa.literal(cut[None], UTCDateTime()))
    open_count = sa.func.coalesce(findings.c.open_count, 0)
    serious = sa.func.coalesce(findings.c.serious, 0)
    due = sa.and_(Vendor.status != VendorStatus.OFFBOARDED,
                  sa.or_(assessed.c.last_assessed.is_(None),
                         assessed.c.last_assessed < cutoff, serious > 0))
    columns = {
        "vendor_id": Vendor.id, "legal_name": Vendor.legal_name, "status": Vendor.status,
        "tier": Vendor.inherent_tier, "residual": score.residual_risk,
        "third_party": score.third_party, "overall": score.overall,
        "method_version": score.method_version, "last_assessed": assessed.c.last_assessed,
        "open_findings": open_count.label("open_findings"), "serious": serious.label("serious"),
        "is_due": sa.case((due, 1), else_=0).label("is_due"),
    }
    query = (sa.select(*[c.label(k) if k not in ("open_findings", "serious", "is_due") else c
                         for k, c in columns.items()])
             .select_from(Vendor)
             .outerjoin(latest, latest.c.vendor_id == Vendor.id)
             .outerjoin(score, score.id == latest.c.score_id)
             .outerjoin(assessed, assessed.c.vendor_id == Vendor.id)
             .outerjoin(findings, findings.c.vendor_id == Vendor.id))
    return query, columns, due


def _rank(column, values: Sequence[str], enum_cls=None):
    mapping = {(enum_cls(v) if enum_cls else v): i for i, v in enumerate(values)}
    return sa.case(*[(column == k, i) for k, i in mapping.items()], else_=-1)


def portfolio_query(filters: PortfolioFilters, *, months: Mapping[str, int], today: date):
    """Build the filtered, sorted select of portfolio rows (not yet paginated)."""
    query, col, due = _base(months, today)
    if filters.tier == "none":
        query = query.where(Vendor.inherent_tier.is_(None))
    elif filters.tier in LEVELS:
        query = query.where(Vendor.inherent_tier == RiskTier(filters.tier))
    if filters.residual == "none":
        query = query.where(col["residual"].is_(None))
    elif filters.residual in LEVELS:
        query = query.where(col["residual"] == filters.residual)
    if filters.overdue:
        query = query.where(due)
    if filters.q:
        query = query.where(Vendor.legal_name.ilike(f"%{filters.q.strip()}%"))
    key, descending = filters.sort.lstrip("-"), filters.sort.startswith("-")
    order = {
        "name": Vendor.legal_name,
        "tier": _rank(Vendor.inherent_tier, LEVELS, RiskTier),
        "residual": _rank(col["residual"], LEVELS),
        "third_party": col["third_party"],
        "last_assessed": col["last_assessed"],
        "findings": col["open_findings"],
        "due": col["is_due"],
    }.get(key, Vendor.legal_name)
    if key == "due":  # due vendors first, longest unassessed first
        descending = not descending
    first = order.desc() if descending else order.asc()
    if key in ("third_party", "last_assessed"):
        first = first.nulls_last() if not descending else first.nulls_first()
    then = [col["last_assessed"].asc().nulls_first()] if key == "due" else []
    return query.order_by(first, *then, Vendor.legal_name, Vendor.id)


def _row(data: Mapping[str, Any], *, months: Mapping[str, int], today: date,
         expiries: Mapping[int, date]) -> PortfolioRow:
    tier = data["tier"].value if data["tier"] else None
    last = data["last_assessed"].date() if data["last_assessed"] else None
    expiry = expiries.get(data["vendor_id"])
    due = next_due(tier, last, months=months, today=today, serious_findings=data["serious"],
                   certificate_expired_on=expiry)
    if data["status"] is VendorStatus.OFFBOARDED:
        due = Due(None, False, ("Offboarded.",))
    return PortfolioRow(data["vendor_id"], data["legal_name"], data["status"].value, tier,
                        data["residual"], data["third_party"], data["overall"],
                        data["method_version"], last, data["open_findings"], due, expiry)


def portfolio_page(filters: PortfolioFilters, *, page: int, per_page: int,
                   months: Mapping[str, int], today: date) -> Page:
    """Return one page of portfolio rows: a count, the rows, and certificate expiries."""
    query = portfolio_query(filters, months=months, today=today)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        query.order_by(None).subquery()))
    page = max(1, page)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).mappings()
    rows = list(rows)
    expiries = certificate_expiries([r["vendor_id"] for r in rows], today=today)
    items = [_row(r, months=months, today=today, expiries=expiries) for r in rows]
    return Page(items=items, page=page, per_page=per_page, total=total or 0)


def iter_rows(filters: PortfolioFilters, *, months: Mapping[str, int], today: date,
              batch: int = 500) -> Iterator[PortfolioRow]:
    """Yield every matching row in batches, for streamed exports and the due list."""
    query = portfolio_query(filters, months=months, today=today)
    result = db.session.execute(query.execution_options(yield_per=batch)).mappings()
    for chunk in result.partitions(batch):
        expiries = certificate_expiries([r["vendor_id"] for r in chunk], today=today)
        for data in chunk:
            yield _row(data, months=months, today=today, expiries=expiries)


def csv_values(row: PortfolioRow) -> list[Any]:
    """Return a row's values in CSV_COLUMNS order."""
    return [row.vendor_id, row.legal_name, row.status, row.tier or "", row.residual or "",
            row.third_party, row.overall, row.method_version or "",
            row.last_assessed.isoformat() if row.last_assessed else "",
            row.due.next_due.isoformat() if row.due.next_due else "",
            "yes" if row.due.is_due else "no",
            row.certificate_expiry.isoformat() if row.certificate_expiry else "",
            row.open_findings]


def write_csv(filters: PortfolioFilters, *, months: Mapping[str, int], today: date,
              batch: int = 500) -> IO[bytes]:
    """Write the matching rows as CSV to a temporary file (spilling to disk when large)."""
    handle = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    handle.write(csv_line(CSV_COLUMNS).encode("utf-8"))
    for row in iter_rows(filters, months=months, today=today, batch=batch):
        handle.write(csv_line(csv_values(row)).encode("utf-8"))
    handle.seek(0)
    return handle


def heat_map(*, q: str | None = None) -> dict[tuple[str | None, str | None], int]:
    """Count vendors per (inherent tier, residual risk of the latest score) in one query."""
    latest = (sa.select(ScoreRecord.vendor_id, sa.func.max(ScoreRecord.id).label("score_id"))
              .group_by(ScoreRecord.vendor_id).subquery("latest_score"))
    score = aliased(ScoreRecord, name="score")
    query = (sa.select(Vendor.inherent_tier, score.residual_risk, sa.func.count())
             .select_from(Vendor)
             .outerjoin(latest, latest.c.vendor_id == Vendor.id)
             .outerjoin(score, score.id == latest.c.score_id)
             .group_by(Vendor.inherent_tier, score.residual_risk))
    if q:
        query = query.where(Vendor.legal_name.ilike(f"%{q.strip()}%"))
    return {(tier.value if tier else None, residual): count
            for tier, residual, count in db.session.execute(query)}
