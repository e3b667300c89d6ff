"""Template filters and the values every page can use."""
from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask_login import current_user

from portal.audit.labels import action_label
from portal.auth.models import Role

NAVIGATION = (
    # (endpoint, label, roles)
    ("main.dashboard", "Dashboard", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("portfolio.index", "Portfolio", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("vendors.index", "Vendors", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("assessments.index", "Assessments", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("questionnaires.index", "Questionnaires",
     (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    # Certificates (issue 4): the staff list, and each vendor's own certificates.
    ("certificates.index", "Certificates", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("findings.index", "Findings", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("respond.index", "My assessments", (Role.VENDOR,)),
    ("documents.library", "Documents", (Role.VENDOR,)),
    ("certificates.mine", "Certificates", (Role.VENDOR,)),
    ("findings.mine", "Findings", (Role.VENDOR,)),
    ("auth.team", "My team", (Role.VENDOR,)),
    ("admin.users", "Users", (Role.ADMIN,)),
    ("admin.outbox", "Outbox", (Role.ADMIN,)),
    ("admin.audit", "Audit log", (Role.ADMIN,)),
)


def format_datetime(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """Format a timestamp in UTC for display."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(fmt) + " UTC"


def format_date(value: date | datetime | None) -> str:
    """Format a date for display."""
    if value is None:
        return "—"
    return value.strftime("%d %b %Y")


def init_app(app: Flask) -> None:
    """Register filters and context processors."""
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["action_label"] = action_label  # audit codes in words
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals():
        items = []
        if current_user.is_authenticated:
            items = [(e, label) for e, label, roles in NAVIGATION if current_user.role in roles]
        return {
            "nav_items": items,
            "today": datetime.now(UTC).date(),
            "portal_env": app.config["PORTAL_ENV"],
        }
