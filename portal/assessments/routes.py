"""Staff side of assessments (being built)."""
from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("assessments", __name__, url_prefix="/assessments")


@bp.get("/")
def index():
    abort(404)


@bp.get("/new")
def new():
    abort(404)


@bp.get("/<int:assessment_id>")
def detail(assessment_id: int):
    abort(404)
