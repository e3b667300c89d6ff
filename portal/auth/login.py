"""Flask-Login wiring: load the user from the rotating session id; idle and absolute timeouts;
the two-factor gate (issue 7)."""
from __future__ import annotations

import hmac
import time
from functools import lru_cache

import sqlalchemy as sa
from flask import Flask, flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.auth.twofactor import services as twofactor
from portal.extensions import db, login_manager
from portal.settings import Settings
from portal.settings.current import current_settings

# Session keys (issue 7).
SIGNED_IN_AT = "_auth_at"
LAST_SEEN = "_seen"
SECOND_FACTOR_OK = "2fa_ok"
PENDING_USER = "2fa_pending"
PENDING_SINCE = "2fa_pending_at"
PENDING_NEXT = "2fa_next"
# Rewrite the cookie at most this often just to move the idle clock (fewer Set-Cookie headers).
_SEEN_RESOLUTION = 30
# Reachable while a signed-in administrator still has to set up two-factor sign-in.
ENROLMENT_ENDPOINTS = frozenset({
    "auth.twofactor.setup", "auth.twofactor.settings", "auth.logout", "main.healthz", "static",
})


def init_app(app: Flask) -> None:
    """Configure Flask-Login and the per-request session checks."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load(session_id: str):
        user_id, _, token = session_id.partition(":")
        if not user_id.isdigit() or not token:
            return None
        user = db.session.execute(_user_query(), {"user_id": int(user_id)}).scalar_one_or_none()
        if user is None or not user.is_active:
            return None
        if not hmac.compare_digest(user.session_token, token):
            return None
        if user.vendor is not None and user.vendor.status.value == "offboarded":
            return None
        return user

    app.before_request(check_session)


@lru_cache(maxsize=1)
def _user_query() -> sa.Select:
    # The user with their vendor in one query (the offboarding check and every page header read
    # it), built once: it runs on every request.
    return (sa.select(User).options(joinedload(User.vendor))
            .where(User.id == sa.bindparam("user_id")))


def start_session(user, *, second_factor: bool) -> None:
    """Start a fresh session for a user whose sign-in is complete (or awaits enrolment)."""
    # Nothing from before sign-in (including a planted session) survives.
    session.clear()
    login_user(user)
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session[SECOND_FACTOR_OK] = second_factor


def begin_second_step(user, target: str | None) -> None:
    """Remember a password-verified user, not yet signed in, until their second step."""
    session.clear()
    session[PENDING_USER] = user.get_id()
    session[PENDING_SINCE] = int(time.time())
    session[PENDING_NEXT] = target


def pending_user(settings: Settings):
    """Return the user waiting for their second step, or None when there is none or it is stale."""
    session_id = session.get(PENDING_USER) or ""
    since = int(session.get(PENDING_SINCE) or 0)
    if time.time() - since > settings.accounts.two_factor_pending_minutes * 60:
        return None
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    # The token rotates at every sign-in and password change: an old pending step is void.
    if user is None or not user.is_active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def idle_minutes(user, settings: Settings) -> int:
    """Return how many idle minutes end this user's session."""
    sessions = settings.sessions
    return sessions.idle_minutes_staff if user.is_staff else sessions.idle_minutes_vendor


def _wants_json() -> bool:
    if request.blueprint == "api" or request.is_json:
        return True
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def _refuse(message: str, status: int, target: str):
    if _wants_json():
        response = jsonify(type="about:blank", title="Signed out", status=status, detail=message)
        response.status_code = status
        response.mimetype = "application/problem+json"
        return response
    return redirect(target)


def check_session():
    """End idle or over-age sessions; keep administrators without a second factor at enrolment."""
    if request.endpoint in ("static", "main.healthz") or request.blueprint == "api":
        return None  # the token API carries no session
    if "_user_id" not in session or not current_user.is_authenticated:
        return None
    settings = current_settings()
    now = int(time.time())
    started = session.setdefault(SIGNED_IN_AT, now)
    seen = session.get(LAST_SEEN, now)
    user = current_user._get_current_object()
    idle = idle_minutes(user, settings)
    message = None
    if now - seen > idle * 60:
        message = f"Signed out after {idle} minutes of inactivity. Sign in again to continue."
    elif now - started > settings.sessions.absolute_minutes * 60:
        hours = settings.sessions.absolute_minutes / 60
        message = f"Signed out after {hours:g} hours. Sign in again to continue."
    if message is not None:
        logout_user()
        session.clear()
        flash(message, "info")
        nxt = request.full_path.rstrip("?") if request.method == "GET" else None
        return _refuse(message, 401, url_for("auth.login", next=nxt))
    if now - seen >= _SEEN_RESOLUTION or LAST_SEEN not in session:
        session[LAST_SEEN] = now
    return _second_factor_gate(user, settings)


def _second_factor_gate(user, settings: Settings):
    if session.get(SECOND_FACTOR_OK):
        return None
    if twofactor.is_enabled(user):
        # A session for an enrolled user that skipped the second step (defence in depth).
        logout_user()
        session.clear()
        return _refuse("Sign in again with your authenticator code.", 401,
                       url_for("auth.login"))
    if not twofactor.is_required(user, settings):
        session[SECOND_FACTOR_OK] = True  # nothing to prove; remember it to save a query
        return None
    if request.endpoint in ENROLMENT_ENDPOINTS:
        return None
    message = "Administrators must set up two-factor sign-in before using the portal."
    if not _wants_json():
        flash(message, "warning")
    return _refuse(message, 403, url_for("auth.twofactor.setup"))
