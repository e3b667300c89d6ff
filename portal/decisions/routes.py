"""The contract manager's decision on a vendor, posted from the scorecard."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from portal.auth.access import roles_required
from portal.decisions import services as decisions
from portal.decisions.forms import DecisionForm
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

bp = Blueprint("decisions", __name__, url_prefix="/vendors")
decider_required = roles_required(*decisions.DECIDER_ROLES)


@bp.post("/<int:vendor_id>/decision")
@decider_required
def decide(vendor_id: int):
    vendor = db.get_or_404(Vendor, vendor_id)
    target = send_refusals_to(url_for("scorecards.scorecard", vendor_id=vendor.id) + "#decision")
    form = DecisionForm()
    if not form.validate_on_submit():
        flash("Choose a decision.", "error")
        return redirect(target)
    decisions.record_decision(vendor, decision=form.decision.data,
                              conditions=form.conditions.data, comment=form.comment.data,
                              actor=current_user, settings=current_settings())
    db.session.commit()
    flash("Decision recorded.", "success")
    return redirect(target)
