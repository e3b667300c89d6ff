"""Flask-Login wiring: load the user from the rotating session id."""
from __future__ import annotations

import hmac

from flask import Flask

from portal.extensions import db, login_manager


def init_app(app: Flask) -> None:
    """Configure Flask-Login."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load(session_id: str):
        from portal.auth.models import User

        user_id, _, token = session_id.partition(":")
        if not user_id.isdigit() or not token:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active:
            return None
        if not hmac.compare_digest(user.session_token, token):
            return None
        if user.vendor is not None and user.vendor.status.value == "offboarded":
            return None
        return user
