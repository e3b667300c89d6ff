"""Figures for the staff dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.extensions import db, utcnow
from portal.jobs.models import Job, JobState
from portal.settings import Settings
from portal.vendors.models import RiskTier, Vendor

OPEN_WITH_VENDOR = (
    AssessmentStatus.SENT,
    AssessmentStatus.IN_PROGRESS,
    AssessmentStatus.CLARIFICATION_REQUESTED,
)
AWAITING_REVIEW = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.UNDER_REVIEW,
    AssessmentStatus.RESUBMITTED,
)


@dataclass(frozen=True)
class DashboardSummary:
    vendor_count: int
    tier_counts: dict[RiskTier | None, int]
    status_counts: dict[AssessmentStatus, int]
    overdue: list[Assessment]
    awaiting_review: list[Assessment]
    my_vendor_count: int

    @property
    def critical_count(self) -> int:
        return self.tier_counts.get(RiskTier.CRITICAL, 0)


def dashboard_summary(user) -> DashboardSummary:
    """Count vendors and assessments for the dashboard, in a fixed number of queries."""
    today = datetime.now(UTC).date()
    tiers = dict(
        db.session.execute(
            sa.select(Vendor.inherent_tier, sa.func.count()).group_by(Vendor.inherent_tier)
        ).all()
    )
    statuses = dict(
        db.session.execute(
            sa.select(Assessment.status, sa.func.count()).group_by(Assessment.status)
        ).all()
    )
    eager = (sa.orm.joinedload(Assessment.vendor),)
    overdue = db.session.scalars(
        sa.select(Assessment)
        .options(*eager)
        .where(Assessment.status.in_(OPEN_WITH_VENDOR), Assessment.due_date < today)
        .order_by(Assessment.due_date)
        .limit(10)
    ).all()
    awaiting = db.session.scalars(
        sa.select(Assessment)
        .options(*eager)
        .where(Assessment.status.in_(AWAITING_REVIEW))
        .order_by(Assessment.submitted_at)
        .limit(10)
    ).all()
    mine = db.session.scalar(sa.select(sa.func.count()).where(Vendor.owner_id == user.id)) or 0
    return DashboardSummary(
        vendor_count=sum(tiers.values()),
        tier_counts=tiers,
        status_counts=statuses,
        overdue=list(overdue),
        awaiting_review=list(awaiting),
        my_vendor_count=mine,
    )


def job_backlog() -> dict[str, int | None]:
    """Jobs waiting for a worker, and how long the oldest has waited (seconds)."""
    count, oldest = db.session.execute(
        sa.select(sa.func.count(Job.id), sa.func.min(Job.created_at))
        .where(Job.state == JobState.QUEUED)).one()
    waited = None
    if oldest is not None:
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        waited = int((utcnow() - oldest).total_seconds())
    return {"queued": count, "oldest_queued_seconds": waited}


def redis_is_up(settings: Settings) -> bool:
    try:
        import redis  # here: asked only when REDIS_URL is set

        redis.Redis.from_url(settings.server.redis_url, socket_connect_timeout=0.5,
                             socket_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - any failure means "not usable now"
        return False
    return True


def database_is_up() -> bool:
    """Run a trivial query to see whether the database answers."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True
