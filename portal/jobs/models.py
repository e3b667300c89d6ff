"""A background job as users see it: its state and progress live in the shared database."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.auth.models import User


class JobState(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED)


def sees_every_job(user: User) -> bool:
    """Whether a user follows everyone's jobs (administrators), not only their own."""
    # The role's value, not auth's Role enum: shared services sit below auth.
    return user.role.value == "admin"


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(60), index=True)
    # Enqueuing the same work twice (a double click, a retried request) returns the first job.
    key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # Issue 13: jobs of one kind with a fairness key (e.g. "vendor:12") take turns by key, so
    # one organisation's many uploads do not hold up another's one (portal/jobs/queue.py).
    fair_key: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    state: Mapped[JobState] = mapped_column(enum_type(JobState), default=JobState.QUEUED,
                                            index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None] = mapped_column()
    message: Mapped[str | None] = mapped_column(sa.String(300))
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error: Mapped[str | None] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship("User")

    @property
    def percent(self) -> int | None:
        if self.state is JobState.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))

    def is_visible_to(self, user: User) -> bool:
        """Whether a user may follow this job: whoever started it, and administrators."""
        return self.created_by_id == user.id or sees_every_job(user)

    def status_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "state": self.state.value,
                "done": self.done, "total": self.total, "percent": self.percent,
                "message": self.message, "error": self.error, "attempts": self.attempts,
                "finished": self.state.finished, "result": self.result or {}}

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state.value}>"
