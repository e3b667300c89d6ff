"""The scoring method in words, for everyone signed in."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from portal.scoring import LEVEL_LABELS, available_methods
from portal.scoring.services import method_for

method_bp = Blueprint("scoring_method", __name__, url_prefix="/scoring")


@method_bp.get("/method")
@login_required
def method():
    """The scoring method in words, with the figures of the method file in force."""
    versions = available_methods()
    version = request.args.get("version") or (versions[-1] if versions else None)
    if version not in versions:
        abort(404)
    return render_template("scorecards/method.html", method=method_for(version),
                           versions=versions, levels=LEVEL_LABELS)
