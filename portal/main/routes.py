"""Start page, staff dashboard and health check."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from portal.auth.access import staff_required
from portal.extensions import db
from portal.main import services
from portal.settings.current import current_settings

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_staff:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("respond.index"))


@bp.get("/dashboard")
@staff_required
def dashboard():
    summary = services.dashboard_summary(current_user)
    return render_template("main/dashboard.html", summary=summary)


@bp.get("/healthz")
def healthz():
    ok = services.database_is_up()
    body = {"status": "ok" if ok else "error", "database": "ok" if ok else "unreachable"}
    if ok:
        body["jobs"] = services.job_backlog()
    db.session.rollback()
    if current_settings().server.redis_url:
        # Redis down degrades (jobs run in-process, rate limits count in the database); the
        # portal still serves, so the status stays "ok".
        body["redis"] = "ok" if services.redis_is_up(current_settings()) else "unreachable"
    return body, (200 if ok else 503)
