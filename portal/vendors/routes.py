"""Vendor inventory (being built)."""
from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("vendors", __name__, url_prefix="/vendors")


@bp.get("/")
def index():
    abort(404)


@bp.get("/new")
def new():
    abort(404)


@bp.get("/<int:vendor_id>")
def detail(vendor_id: int):
    abort(404)
