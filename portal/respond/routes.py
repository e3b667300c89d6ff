"""Vendor side: answering questionnaires (being built)."""
from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("respond", __name__, url_prefix="/respond")


@bp.get("/")
def index():
    abort(404)
