"""Template filters and the values every page can use."""
from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from portal.audit.labels import action_label
from portal.settings.current import settings_for


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
        return {
            "today": datetime.now(UTC).date(),
            "portal_env": settings_for(app).env,
        }
