"""Sign-in, sign-out, invitations and account (being built)."""
from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    abort(404)


@bp.post("/logout")
def logout():
    abort(404)


@bp.get("/account")
def account():
    abort(404)
