"""Findings: the staff list and lifecycle, and the vendor contacts' own findings page."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from portal.auth.access import (
    EDITOR_ROLES,
    editor_required,
    require_vendor_access,
    roles_required,
    staff_required,
    vendor_required,
)
from portal.documents.services import UploadRejected
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.findings import bulk as bulk_actions
from portal.findings import services
from portal.findings.forms import (
    AcceptRiskForm,
    CommentForm,
    FindingForm,
    ManualFindingForm,
    RemediationForm,
    VendorReplyForm,
)
from portal.findings.models import Finding, FindingStatus, Severity
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

bp = Blueprint("findings", __name__, url_prefix="/findings")
approver_required = roles_required(*services.APPROVER_ROLES)


def _get(finding_id: int) -> Finding:
    return db.get_or_404(Finding, finding_id)


def _detail_url(finding: Finding) -> str:
    return url_for("findings.detail", finding_id=finding.id)


def _flash_errors(form) -> None:
    for field, messages in form.errors.items():
        label = getattr(form, field).label.text if hasattr(form, field) else field
        flash(f"{label}: {' '.join(messages)}", "error")


@bp.get("/")
@staff_required
def index():
    filters = services.FindingFilters(
        vendor_id=request.args.get("vendor_id", type=int),
        severity=request.args.get("severity") or None,
        status=request.args.get("status", "open") or None,
        overdue=request.args.get("overdue") == "1")
    page = db.paginate(services.findings_query(filters), per_page=current_settings().page_size,
                       error_out=False)
    vendor = db.session.get(Vendor, filters.vendor_id) if filters.vendor_id else None
    args = {k: v for k, v in {"vendor_id": filters.vendor_id, "severity": filters.severity,
                               "status": filters.status or "",
                               "overdue": "1" if filters.overdue else None}.items()
            if v is not None}
    return render_template("findings/index.html", page=page, filters=filters, args=args,
                           bulk_form=bulk_actions.BulkFindingsForm(),
                           vendor=vendor, severities=list(reversed(Severity)),
                           statuses=list(FindingStatus), today=date.today(),
                           is_overdue=services.is_overdue)


@bp.post("/bulk")
@staff_required
def bulk():
    form = bulk_actions.BulkFindingsForm()
    back = request.form.get("next") or url_for("findings.index")
    if not back.startswith("/findings/"):
        back = url_for("findings.index")
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(back)
    if form.action.data in ("remediate", "close") and current_user.role not in EDITOR_ROLES:
        abort(403)
    findings = bulk_actions.chosen_findings(form.finding_ids.data or [])
    if not findings:
        flash("Tick at least one finding first.", "error")
        return redirect(back)
    send_refusals_to(back)
    outcome = bulk_actions.apply_to_findings(
        findings, form.action.data, actor=current_user, settings=current_settings(),
        when=form.due_date.data, text=form.text.data)
    db.session.commit()
    label = bulk_actions.ACTIONS[form.action.data].split(" by ")[0].split(" until ")[0]
    if outcome.done:
        flash(f"{label}: done for {len(outcome.done)} finding(s).", "success")
    for finding, reason in outcome.skipped:
        flash(f"Not done for “{finding.title}”: {reason}", "warning")
    return redirect(back)


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new():
    form = ManualFindingForm()
    form.vendor_id.choices = [SelectChoice(v.id, v.legal_name) for v in db.session.scalars(
        sa.select(Vendor).order_by(Vendor.legal_name))]
    if request.method == "GET" and request.args.get("vendor_id", type=int):
        form.vendor_id.data = request.args.get("vendor_id", type=int)
    if form.validate_on_submit():
        vendor = db.get_or_404(Vendor, form.vendor_id.data)
        try:
            finding = services.raise_manual(
                vendor, title=form.title.data, severity=form.severity.data,
                detail=form.detail.data, remediation=form.remediation.data,
                control_id=form.control_id.data, actor=current_user)
        except services.FindingError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash("Finding raised.", "success")
            return redirect(_detail_url(finding))
    return render_template("findings/new.html", form=form)


@bp.get("/<int:finding_id>")
@staff_required
def detail(finding_id: int):
    finding = _get(finding_id)
    return render_template(
        "findings/detail.html", finding=finding, replies=services.replies(finding),
        events=services.history(finding), edit_form=FindingForm(obj=finding),
        remediation_form=RemediationForm(obj=finding), accept_form=AcceptRiskForm(),
        comment_form=CommentForm(), can_edit=current_user.role in EDITOR_ROLES,
        can_accept=current_user.role in services.APPROVER_ROLES, today=date.today(),
        is_overdue=services.is_overdue)


def _run(finding: Finding, form, action, success: str):
    """Validate a lifecycle form, run one service, commit, and go back to the finding."""
    target = send_refusals_to(_detail_url(finding))
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(target)
    action()
    db.session.commit()
    flash(success, "success")
    return redirect(target)


@bp.post("/<int:finding_id>/edit")
@editor_required
def edit(finding_id: int):
    finding = _get(finding_id)
    form = FindingForm()
    return _run(finding, form, lambda: services.update_finding(
        finding, title=form.title.data, severity=form.severity.data,
        remediation=form.remediation.data, actor=current_user), "Finding updated.")


@bp.post("/<int:finding_id>/remediation")
@editor_required
def request_remediation(finding_id: int):
    finding = _get(finding_id)
    form = RemediationForm()
    return _run(finding, form, lambda: services.request_remediation(
        finding, due_date=form.due_date.data, message=form.message.data, actor=current_user,
        settings=current_settings()), "Remediation requested; the vendor's contacts were e-mailed.")


@bp.post("/<int:finding_id>/accept")
@approver_required
def accept(finding_id: int):
    finding = _get(finding_id)
    form = AcceptRiskForm()
    return _run(finding, form, lambda: services.accept_risk(
        finding, justification=form.justification.data, expires_on=form.expires_on.data,
        actor=current_user), "Risk accepted.")


@bp.post("/<int:finding_id>/close")
@editor_required
def close(finding_id: int):
    finding = _get(finding_id)
    form = CommentForm()
    return _run(finding, form, lambda: services.close_finding(
        finding, comment=form.comment.data, actor=current_user), "Finding closed.")


@bp.post("/<int:finding_id>/reopen")
@editor_required
def reopen(finding_id: int):
    finding = _get(finding_id)
    form = CommentForm()
    return _run(finding, form, lambda: services.reopen_finding(
        finding, comment=form.comment.data, actor=current_user), "Finding reopened.")


# ---- vendor contacts ---------------------------------------------------------------------------

@bp.get("/mine")
@vendor_required
def mine():
    findings = services.vendor_visible_findings(current_user.vendor_id)
    return render_template("findings/mine.html", findings=findings, today=date.today(),
                           is_overdue=services.is_overdue)


@bp.route("/mine/<int:finding_id>", methods=["GET", "POST"])
@vendor_required
def mine_detail(finding_id: int):
    finding = _get(finding_id)
    require_vendor_access(current_user, finding.vendor_id)
    form = VendorReplyForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            services.vendor_reply(
                finding, body=form.body.data,
                upload=(upload.stream, upload.filename) if upload and upload.filename else None,
                actor=current_user, settings=current_settings())
        except (services.FindingError, UploadRejected) as exc:
            db.session.rollback()
            flash(getattr(exc, "message", str(exc)), "error")
        else:
            db.session.commit()
            flash("Thank you: your response was sent.", "success")
            return redirect(url_for("findings.mine_detail", finding_id=finding.id))
    return render_template("findings/mine_detail.html", finding=finding, form=form,
                           replies=services.replies(finding), today=date.today(),
                           is_overdue=services.is_overdue)
