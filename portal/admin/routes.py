"""Administration (being built)."""
from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
def users():
    abort(404)


@bp.get("/outbox")
def outbox():
    abort(404)


@bp.get("/audit")
def audit():
    abort(404)
