"""Certificates: the staff list and review page, the vendor's own list, page images."""
from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from portal.assessments.models import Assessment
from portal.auth.access import (
    EDITOR_ROLES,
    REVIEWER_ROLES,
    reviewer_required,
    staff_required,
    vendor_required,
)
from portal.certificates import claims, services
from portal.certificates.acceptance import failed_checks
from portal.certificates.fieldvalues import FIELDS, field_rows, format_value
from portal.certificates.forms import AcceptForm, ConfirmForm, CorrectionForm, RejectForm
from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.pages import RenderBusy
from portal.certificates.rendering import PageUnavailable, placeholder_png
from portal.documents.services import can_read_document
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.jobs.routes import followable
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

bp = Blueprint("certificates", __name__, url_prefix="/certificates")

IMAGE_CSP = "default-src 'none'"


@bp.context_processor
def _certificate_globals() -> dict:
    return {"statuses": CertificateStatus,
            "can_review": current_user.is_authenticated and current_user.role in REVIEWER_ROLES,
            "can_edit": current_user.is_authenticated and current_user.role in EDITOR_ROLES,
            "has_finding_pages": "findings.detail" in current_app.view_functions}


def _readable_or_404(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    # 404 for missing and foreign certificates alike: never confirm that one exists.
    if certificate is None or not can_read_document(current_user, certificate.document):
        abort(404)
    return certificate


@bp.get("/")
@staff_required
def index():
    show = request.args.get("show") if request.args.get("show") in services.FILTERS else None
    vendor_id = request.args.get("vendor_id", type=int)
    page = services.list_certificates(show=show, vendor_id=vendor_id, today=date.today(),
                                      page=request.args.get("page", 1, type=int))
    args = {k: v for k, v in (("show", show), ("vendor_id", vendor_id)) if v}
    return render_template("certificates/index.html", page=page, show=show, args=args,
                           filters=services.FILTERS,
                           vendor=db.session.get(Vendor, vendor_id) if vendor_id else None)


@bp.get("/mine")
@vendor_required
def mine():
    return render_template("certificates/mine.html",
                           certificates=services.vendor_certificates(current_user.vendor_id))


@bp.get("/vendors/<int:vendor_id>")
@staff_required
def for_vendor(vendor_id: int):
    vendor = db.get_or_404(Vendor, vendor_id)
    return render_template(
        "certificates/vendor.html", vendor=vendor, tab="certificates",
        certificates=services.vendor_certificates(vendor.id, include_removed=True),
        findings=claims.vendor_certificate_findings(vendor.id))


@bp.get("/assessments/<int:assessment_id>")
@staff_required
def for_assessment(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    return render_template(
        "certificates/assessment.html", assessment=assessment,
        claims=claims.assessment_claims(assessment),
        findings=claims.assessment_findings(assessment.id),
        certificates=services.vendor_certificates(assessment.vendor_id))


def _render_detail(certificate: Certificate, *, correction: CorrectionForm | None = None,
                   reject: RejectForm | None = None, accept: AcceptForm | None = None,
                   status: int = 200):
    current = {spec.name: getattr(certificate, spec.name) for spec in FIELDS}
    rows = field_rows(current, certificate.extraction)
    extraction = certificate.extraction or {}
    # "page_count" since several certificates per file; older readings stored it as "pages".
    counted = extraction.get("page_count", extraction.get("pages"))
    total = max(counted if isinstance(counted, int) else 0, 1)
    # The certificate's own pages when the file holds several certificates, else every page.
    shown = [n for n in certificate.pages or [] if 1 <= n <= total] or list(range(1, total + 1))
    page = request.args.get("page", shown[0], type=int)
    page = page if page in shown else shown[0]
    if correction is None:
        correction = CorrectionForm(formdata=None, data={
            name: format_value(name, value) for name, value in current.items()})
    return render_template(
        "certificates/detail.html", certificate=certificate, rows=rows, page=page, pages=shown,
        total=total,
        siblings=services.file_certificates(certificate.document_id),
        correction=correction, accept=accept or AcceptForm(formdata=None),
        failed_checks=failed_checks(certificate), reject=reject or RejectForm(
            formdata=None), confirm=ConfirmForm(),
        findings=claims.vendor_certificate_findings(certificate.vendor_id)
        if current_user.is_staff else [],
        can_show_pages=certificate.document.content_type == services.PDF
        and certificate.status is not CertificateStatus.UNREADABLE,
        reading_job=followable(f"certificate-read:{certificate.id}", current_user)
        if certificate.status is CertificateStatus.PROCESSING else None), status


@bp.get("/<int:certificate_id>")
@login_required
def detail(certificate_id: int):
    return _render_detail(_readable_or_404(certificate_id))


@bp.get("/<int:certificate_id>/pages/<int:page>.png")
@login_required
def page_image(certificate_id: int, page: int):
    certificate = _readable_or_404(certificate_id)
    try:
        path = services.page_image(certificate, page, current_settings())
    except PageUnavailable as exc:
        # The <img> shows the reason instead of a broken image; a header marks the placeholder.
        response = current_app.response_class(placeholder_png(exc.message), mimetype="image/png")
        response.headers["X-Page-Image"] = "unavailable"
    except RenderBusy as busy:  # issue 13: every drawing slot is taken; no thread waits long
        response = current_app.response_class(placeholder_png(str(busy)), status=503,
                                               mimetype="image/png")
        response.headers["Retry-After"] = str(busy.retry_after)
        response.headers["X-Page-Image"] = "busy"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = IMAGE_CSP
        response.headers["Cache-Control"] = "no-store"
        return response
    else:
        response = send_file(path, mimetype="image/png", conditional=False, etag=False,
                             max_age=None)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = IMAGE_CSP
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.post("/<int:certificate_id>/correct")
@reviewer_required
def correct(certificate_id: int):
    certificate = _readable_or_404(certificate_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _render_detail(certificate, correction=form, status=422)
    target = send_refusals_to(url_for("certificates.detail", certificate_id=certificate_id))
    made = services.correct_certificate(certificate, form.changes(request.form),
                                        actor=current_user)
    db.session.commit()
    flash(f"Corrected {len(made)} field(s); the checks were run again." if made
          else "Nothing changed.", "success" if made else "info")
    return redirect(target)


@bp.post("/<int:certificate_id>/accept")
@reviewer_required
def accept(certificate_id: int):
    certificate = _readable_or_404(certificate_id)
    form = AcceptForm()
    target = send_refusals_to(url_for("certificates.detail", certificate_id=certificate_id))
    if not form.validate_on_submit():
        return redirect(target)
    try:
        services.accept_certificate(certificate, actor=current_user, comment=form.note.data,
                                    override_reason=form.override_reason.data)
    except services.OverrideRequired as exc:
        db.session.rollback()
        form.override_reason.errors = [exc.message]
        return _render_detail(certificate, accept=form, status=422)
    db.session.commit()
    flash("Certificate accepted.", "success")
    return redirect(target)


@bp.post("/<int:certificate_id>/reject")
@reviewer_required
def reject(certificate_id: int):
    certificate = _readable_or_404(certificate_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_detail(certificate, reject=form, status=422)
    target = send_refusals_to(url_for("certificates.detail", certificate_id=certificate_id))
    services.reject_certificate(certificate, actor=current_user, comment=form.reason.data)
    db.session.commit()
    flash("Certificate rejected.", "success")
    return redirect(target)


@bp.post("/<int:certificate_id>/recheck")
@reviewer_required
def recheck(certificate_id: int):
    certificate = _readable_or_404(certificate_id)
    if ConfirmForm().validate_on_submit():
        services.recheck_certificate(certificate, actor=current_user, settings=current_settings())
        db.session.commit()
        flash(f"Checked again: {certificate.status.label.lower()}.", "success")
    return redirect(url_for("certificates.detail", certificate_id=certificate_id))
