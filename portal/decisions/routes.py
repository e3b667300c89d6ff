"""The contract manager's decision on a vendor, posted from the scorecard."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_login import current_user

from portal.auth.access import roles_required
from portal.decisions import services as decisions
from portal.decisions.forms import DecisionForm
from portal.extensions import db
from portal.vendors.models import Vendor

bp = Blueprint("decisions", __name__, url_prefix="/vendors")
decider_required = roles_required(*decisions.DECIDER_ROLES)


@bp.post("/<int:vendor_id>/decision")
@decider_required
def decide(vendor_id: int):
    vendor = db.get_or_404(Vendor, vendor_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash("Choose a decision.", "error")
        return redirect(url_for("scorecards.scorecard", vendor_id=vendor.id) + "#decision")
    try:
        decisions.record_decision(vendor, decision=form.decision.data,
                                  conditions=form.conditions.data, comment=form.comment.data,
                                  actor=current_user, config=current_app.config)
    except decisions.NotAllowed:
        db.session.rollback()
        abort(403)
    except decisions.DecisionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Decision recorded.", "success")
    return redirect(url_for("scorecards.scorecard", vendor_id=vendor.id) + "#decision")
