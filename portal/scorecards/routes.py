"""The vendor scorecard: page, "why this score", recalculate and exports (the decision form on
it posts to decisions.decide)."""
from __future__ import annotations

import json
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from portal.auth.access import staff_required
from portal.decisions import services as decisions
from portal.decisions.forms import DecisionForm
from portal.decisions.services import decision_dict
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.findings.services import finding_dict
from portal.scorecards.forms import RecalculateForm
from portal.scorecards.pdf import scorecard_pdf
from portal.scorecards.services import Scorecard, build_scorecard, recalculate
from portal.scoring import (
    LEVEL_LABELS,
    explain_control,
    explain_group,
    explain_headline,
)
from portal.scoring import explain_result as explain_overall
from portal.scoring.charts import Bar, bar_chart, history_chart, trend_chart
from portal.scoring.exports import CONTROL_COLUMNS, controls_csv, csv_line, scorecard_json
from portal.scoring.services import score_dict
from portal.scoring.summary import group_label, summarise
from portal.vendors.models import Vendor

bp = Blueprint("scorecards", __name__, url_prefix="/vendors")


def _card(vendor_id: int) -> Scorecard:
    vendor = db.get_or_404(Vendor, vendor_id)
    return build_scorecard(vendor, score_id=request.args.get("score", type=int))


def _charts(card: Scorecard) -> dict[str, Markup]:
    charts = {}
    if card.result:
        bars = [Bar(group_label(g), g.score,
                    url_for("scorecards.why", vendor_id=card.vendor.id,
                            score=card.score.id) + f"#group-{g.group}",
                    f"weight {g.overall_weight:g}")
                for g in card.result.groups]
        text = "; ".join(f"{g.group} {'not scored' if g.score is None else f'{g.score:.1f}'}"
                         for g in card.result.groups)
        # Safe: charts.py escapes every label it writes.
        charts["groups"] = Markup(bar_chart(  # noqa: S704  # nosec B704: labels escaped
            bars, title="Score per objective group (0 to 100)",
            desc=f"Evidence-weighted scores: {text}.", chart_id="groups"))
    if card.trend:
        text = "; ".join(f"{p.on.isoformat()}: overall "
                         f"{'none' if p.overall is None else f'{p.overall:.1f}'}, third-party "
                         f"{'none' if p.third_party is None else f'{p.third_party:.1f}'}"
                         for p in card.trend)
        charts["trend"] = Markup(trend_chart(  # noqa: S704  # nosec B704: labels escaped
            card.trend, title="Scores over past assessment cycles",
            desc=f"By date of acceptance: {text}.", chart_id="trend"))
    if card.history:
        points = card.history_points()
        text = "; ".join(f"#{p.number} {'none' if p.overall is None else f'{p.overall:.1f}'} "
                         f"({p.label})" for p in points)
        charts["history"] = Markup(history_chart(  # noqa: S704  # nosec B704: labels escaped
            points, title="Overall score after each change",
            desc=f"Every stored computation, oldest first: {text}.", chart_id="history"))
    return charts


@bp.get("/<int:vendor_id>/scorecard")
@staff_required
def scorecard(vendor_id: int):
    card = _card(vendor_id)
    form = DecisionForm()
    return render_template(
        "scorecards/scorecard.html", card=card, vendor=card.vendor, tab="scorecard",
        charts=_charts(card), form=form, recalc_form=RecalculateForm(),
        can_decide=current_user.role in decisions.DECIDER_ROLES, levels=LEVEL_LABELS,
        explain_overall=explain_overall, group_label=group_label, today=date.today(),
        evidence_labels={e.id: e.label for e in card.method.evidence_levels}
        if card.method else {})


@bp.get("/<int:vendor_id>/scorecard/why")
@staff_required
def why(vendor_id: int):
    card = _card(vendor_id)
    labels = {e.id: e.label for e in card.method.evidence_levels} if card.method else {}
    summary = summarise(card.result, vendor=card.vendor.legal_name,
                        evidence_labels=labels) if card.result else None
    return render_template(
        "scorecards/why.html", card=card, vendor=card.vendor, levels=LEVEL_LABELS,
        summary=summary, labels=labels, group_label=group_label,
        explain_overall=explain_overall, explain_group=explain_group,
        explain_control=explain_control, explain_headline=explain_headline)


@bp.post("/<int:vendor_id>/scorecard/recalculate")
@staff_required
def recalculate_score(vendor_id: int):
    vendor = db.get_or_404(Vendor, vendor_id)
    if not RecalculateForm().validate_on_submit():
        abort(400)
    target = send_refusals_to(url_for("scorecards.scorecard", vendor_id=vendor.id))
    score = recalculate(vendor, actor=current_user)
    db.session.commit()
    flash(f"Recalculated under method {score.method_version}: overall "
          f"{'none' if score.overall is None else f'{score.overall:.1f}'}, residual risk "
          f"{LEVEL_LABELS[score.residual_risk]}.", "success")
    return redirect(target)


def _filename(card: Scorecard, ext: str) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in card.vendor.legal_name).strip("-")
    return f"scorecard-{stem.lower() or card.vendor.id}.{ext}"


def _download(body: bytes | str, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/<int:vendor_id>/scorecard.pdf")
@staff_required
def scorecard_as_pdf(vendor_id: int):
    card = _card(vendor_id)
    return _download(scorecard_pdf(card, generated_on=date.today()), "application/pdf",
                     _filename(card, "pdf"))


@bp.get("/<int:vendor_id>/scorecard.csv")
@staff_required
def scorecard_as_csv(vendor_id: int):
    card = _card(vendor_id)
    body = controls_csv(card.result) if card.result else csv_line(CONTROL_COLUMNS)
    return _download(body, "text/csv", _filename(card, "csv"))


@bp.get("/<int:vendor_id>/scorecard.json")
@staff_required
def scorecard_as_json(vendor_id: int):
    card = _card(vendor_id)
    vendor = card.vendor
    data = scorecard_json(
        vendor={"id": vendor.id, "legal_name": vendor.legal_name,
                "inherent_tier": vendor.inherent_tier.value if vendor.inherent_tier else None},
        score=score_dict(card.score), result=card.score.result if card.score else None,
        findings=[finding_dict(f) for f in card.findings], decision=decision_dict(card.decision))
    return _download(json.dumps(data, indent=2, default=str), "application/json",
                     _filename(card, "json"))
