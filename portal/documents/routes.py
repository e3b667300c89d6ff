"""Evidence downloads (being built)."""
from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>/download")
def download(document_id: int):
    abort(404)
