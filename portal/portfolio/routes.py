"""Portfolio dashboard, its streamed CSV export and the audit evidence pack download."""
from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.auth.access import staff_required
from portal.evidence_pack import services as evidence_pack
from portal.evidence_pack.jobs import start_export
from portal.extensions import db
from portal.portfolio import services
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

# static/: the scorecard and portfolio stylesheet (print rules, charts, heat map colours).
bp = Blueprint("portfolio", __name__, url_prefix="/portfolio", static_folder="static")

TIERS = ("critical", "high", "medium", "low")


def _filters() -> services.PortfolioFilters:
    sort = request.args.get("sort", "name")
    if sort.lstrip("-") not in services.SORTS:
        sort = "name"
    return services.PortfolioFilters(
        tier=request.args.get("tier") or None, residual=request.args.get("residual") or None,
        overdue=request.args.get("overdue") == "1", q=request.args.get("q") or None, sort=sort)


def _args(filters: services.PortfolioFilters) -> dict[str, str]:
    return {k: v for k, v in {"tier": filters.tier, "residual": filters.residual,
                               "overdue": "1" if filters.overdue else None, "q": filters.q,
                               "sort": filters.sort}.items() if v}


@bp.get("/")
@staff_required
def index():
    filters = _filters()
    settings = current_settings()
    page = services.portfolio_page(filters, page=request.args.get("page", 1, type=int),
                                   per_page=settings.page_size,
                                   months=settings.reassessment_months, today=date.today())
    heat = services.heat_map(q=filters.q)
    return render_template("portfolio/index.html", page=page, filters=filters,
                           args=_args(filters), heat=heat, tiers=TIERS,
                           levels=tuple(reversed(services.LEVELS)))


@bp.get("/export.csv")
@staff_required
def export_csv():
    today = date.today()
    handle = services.write_csv(_filters(), months=current_settings().reassessment_months,
                                today=today)
    return send_file(handle, mimetype="text/csv", as_attachment=True,
                     download_name=f"portfolio-{today.isoformat()}.csv")


@bp.get("/evidence-pack")
@staff_required
def evidence_pack_form():
    vendors = db.session.scalars(db.select(Vendor).order_by(Vendor.legal_name)).all()
    return render_template("portfolio/evidence_pack.html", vendors=vendors, today=date.today())


@bp.get("/evidence-pack.zip")
@staff_required
def evidence_pack_zip():
    try:
        options = evidence_pack.PackOptions(
            date_from=_date(request.args.get("from")), date_to=_date(request.args.get("to")),
            vendor_ids=tuple(request.args.getlist("vendor_id", type=int)))
    except ValueError:
        return Response("Dates must look like 2025-12-31.", status=400, mimetype="text/plain")
    handle = evidence_pack.build_pack(options, actor=current_user, settings=current_settings(),
                                      today=date.today())
    db.session.commit()  # the audit event of the export
    return send_file(handle, mimetype="application/zip", as_attachment=True,
                     download_name=f"evidence-pack-{date.today().isoformat()}.zip")


@bp.post("/evidence-pack")
@staff_required
def evidence_pack_start():
    """Build the pack in the background (large portfolios take minutes) and follow progress."""
    if not FlaskForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("portfolio.evidence_pack_form"))
    try:
        date_from, date_to = _date(request.form.get("from")), _date(request.form.get("to"))
    except ValueError:
        flash("Dates must look like 2025-12-31.", "error")
        return redirect(url_for("portfolio.evidence_pack_form"))
    vendor_ids = request.form.getlist("vendor_id", type=int)
    job = start_export(date_from=date_from, date_to=date_to, vendor_ids=vendor_ids,
                       actor=current_user)
    return redirect(url_for("jobs.detail", job_id=job.id))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
