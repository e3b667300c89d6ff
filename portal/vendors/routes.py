"""Vendor inventory: list, create, edit, products, intake, contacts and activity."""
from __future__ import annotations

import dataclasses

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.auth.access import EDITOR_ROLES, editor_required, staff_required
from portal.auth.models import Role, User
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.mail.services import delivery_note
from portal.settings.current import current_settings
from portal.vendors import naming, queries, services, signals, tiering
from portal.vendors.countries import country_name
from portal.vendors.forms import (
    ConfirmForm,
    ContactForm,
    IntakeForm,
    InviteDomainsForm,
    ProductForm,
    StatusForm,
    VendorForm,
    owner_choices,
)
from portal.vendors.imports import routes as import_routes
from portal.vendors.models import Product, RiskTier, Vendor, VendorStatus

bp = Blueprint("vendors", __name__, url_prefix="/vendors")
import_routes.register(bp)  # the bulk import pages, vendors.import_*


@bp.context_processor
def _vendor_globals() -> dict:
    can_edit = current_user.is_authenticated and current_user.role in EDITOR_ROLES
    return {"can_edit": can_edit, "country_name": country_name}


def _get(vendor_id: int) -> Vendor:
    return db.get_or_404(Vendor, vendor_id)


# ---- inventory --------------------------------------------------------------------------------

@bp.get("/")
@staff_required
def index():
    filters = queries.VendorFilters(
        q=request.args.get("q", "").strip()[:200],
        tier=request.args.get("tier", ""),
        status=request.args.get("status", ""),
        owner=request.args.get("owner", ""),
        country=request.args.get("country", "")[:2],
        sort=request.args.get("sort", "name"),
    )
    if filters.sort.lstrip("-") not in queries.SORT_KEYS:
        filters = dataclasses.replace(filters, sort="name")
    query = queries.vendor_list_query(filters, user_id=current_user.id)
    page = db.paginate(query, per_page=current_settings().page_size, error_out=False)
    counts = queries.list_counts([v.id for v in page.items])
    args = {k: v for k, v in dataclasses.asdict(filters).items()
            if v and not (k == "sort" and v == "name")}
    return render_template(
        "vendors/index.html", page=page, counts=counts, filters=filters, args=args,
        tiers=list(RiskTier), statuses=list(VendorStatus), owners=services.owner_candidates(),
        countries=queries.countries_in_use(),
    )


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new():
    form = VendorForm()
    _owner_choices(form, None)
    if request.method == "GET":
        form.owner_id.data = current_user.id
    if form.validate_on_submit():
        try:
            vendor = services.create_vendor(form.to_data(), actor=current_user)
        except services.DuplicateVendor as exc:
            db.session.rollback()
            _duplicate_error(form, exc)
        else:
            db.session.commit()
            flash(f"Vendor {vendor.legal_name} added. Complete the intake to set its risk tier.",
                  "success")
            return redirect(url_for("vendors.detail", vendor_id=vendor.id))
    return render_template("vendors/form.html", form=form, vendor=None)


@bp.route("/<int:vendor_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(vendor_id: int):
    vendor = _get(vendor_id)
    form = VendorForm(obj=vendor)
    _owner_choices(form, vendor.owner_id)
    if request.method == "GET":
        form.aliases.data = "\n".join(vendor.aliases or [])
        form.status.data = vendor.status.value
        form.owner_id.data = vendor.owner_id or 0
        form.country.data = vendor.country or ""
    if form.validate_on_submit():
        try:
            changes = services.update_vendor(vendor, form.to_data(), actor=current_user)
        except services.DuplicateVendor as exc:
            db.session.rollback()
            _duplicate_error(form, exc)
        else:
            db.session.commit()
            flash("Vendor saved." if changes else "Nothing changed.", "success")
            return redirect(url_for("vendors.detail", vendor_id=vendor.id))
    return render_template("vendors/form.html", form=form, vendor=vendor)


def _owner_choices(form: VendorForm, current_owner_id: int | None) -> None:
    form.owner_id.choices = owner_choices(services.owner_candidates(current_owner_id))


def _duplicate_error(form: VendorForm, exc: services.DuplicateVendor) -> None:
    if exc.existing is None:
        message = Markup("A vendor with this name already exists.")
    else:
        message = Markup('A vendor with this name already exists: <a href="{}">{}</a>').format(
            url_for("vendors.detail", vendor_id=exc.existing.id), exc.existing.legal_name)
    is_legal = naming.name_key(exc.name) == naming.name_key(form.legal_name.data or "")
    field = form.legal_name if is_legal else form.aliases
    if not is_legal:
        message += Markup(" (other name “{}”)").format(exc.name)
    field.errors = [*field.errors, message]


@bp.post("/<int:vendor_id>/status")
@editor_required
def set_status(vendor_id: int):
    vendor = _get(vendor_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    services.change_status(vendor, VendorStatus(form.status.data), actor=current_user)
    db.session.commit()
    flash(f"{vendor.legal_name} is now {vendor.status.label.lower()}.", "success")
    return redirect(url_for("vendors.detail", vendor_id=vendor.id))


# ---- overview and products --------------------------------------------------------------------

@bp.get("/<int:vendor_id>")
@staff_required
def detail(vendor_id: int):
    return _overview(vendor_id, ProductForm())


def _overview(vendor_id: int, product_form: ProductForm, status: int = 200):
    vendor = queries.load_vendor_with_products(vendor_id)
    if vendor is None:
        abort(404)
    return render_template(
        "vendors/detail.html", vendor=vendor, tab="overview", product_form=product_form,
        status_form=StatusForm(), confirm_form=ConfirmForm(),
        intake_rows=services.intake_summary(vendor),
        intake_score=(vendor.intake or {}).get("score"),
        rule_version=(vendor.intake or {}).get("rule_version"),
    ), status


@bp.post("/<int:vendor_id>/products")
@editor_required
def add_product(vendor_id: int):
    vendor = _get(vendor_id)
    form = ProductForm()
    if form.validate_on_submit():
        try:
            product = services.add_product(vendor, form.name.data, actor=current_user,
                                           description=form.description.data)
        except services.DuplicateProduct as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            db.session.commit()
            flash(f"Product {product.name} added.", "success")
            return redirect(url_for("vendors.detail", vendor_id=vendor.id) + "#products")
    return _overview(vendor_id, form, status=400)


def _get_product(vendor: Vendor, product_id: int) -> Product:
    product = db.get_or_404(Product, product_id)
    if product.vendor_id != vendor.id:
        abort(404)
    return product


@bp.route("/<int:vendor_id>/products/<int:product_id>/edit", methods=["GET", "POST"])
@editor_required
def edit_product(vendor_id: int, product_id: int):
    vendor = _get(vendor_id)
    product = _get_product(vendor, product_id)
    form = ProductForm(obj=product)
    if form.validate_on_submit():
        try:
            services.update_product(product, form.name.data, actor=current_user,
                                    description=form.description.data)
        except services.DuplicateProduct as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            db.session.commit()
            flash("Product saved.", "success")
            return redirect(url_for("vendors.detail", vendor_id=vendor.id) + "#products")
    return render_template("vendors/product_form.html", form=form, vendor=vendor, product=product,
                           confirm_form=ConfirmForm())


@bp.post("/<int:vendor_id>/products/<int:product_id>/remove")
@editor_required
def remove_product(vendor_id: int, product_id: int):
    vendor = _get(vendor_id)
    product = _get_product(vendor, product_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = product.name
    services.remove_product(product, actor=current_user)
    db.session.commit()
    flash(f"Product {name} removed.", "success")
    return redirect(url_for("vendors.detail", vendor_id=vendor.id) + "#products")


# ---- intake -----------------------------------------------------------------------------------

@bp.route("/<int:vendor_id>/intake", methods=["GET", "POST"])
@editor_required
def intake(vendor_id: int):
    vendor = _get(vendor_id)
    form = IntakeForm(data=services.intake_answers(vendor) if request.method == "GET" else None)
    if form.validate_on_submit():
        answers = tiering.IntakeAnswers(**form.answers())
        result = services.save_intake(vendor, answers, actor=current_user)
        db.session.commit()
        flash(f"Intake saved. Inherent tier: {result.label} (score {result.score}).", "success")
        return redirect(url_for("vendors.detail", vendor_id=vendor.id))
    return render_template("vendors/intake.html", form=form, vendor=vendor, rule=tiering)


# ---- contacts ---------------------------------------------------------------------------------

@bp.get("/<int:vendor_id>/contacts")
@staff_required
def contacts(vendor_id: int):
    return _contacts(_get(vendor_id), ContactForm())


def _contacts(vendor: Vendor, form: ContactForm, status: int = 200,
              domains_form: InviteDomainsForm | None = None):
    if domains_form is None:
        domains_form = InviteDomainsForm(domains=vendor.invite_domains or "")
    return render_template(
        "vendors/contacts.html", vendor=vendor, tab="contacts", form=form,
        contacts=services.vendor_contacts(vendor), confirm_form=ConfirmForm(),
        domains_form=domains_form,
    ), status


@bp.post("/<int:vendor_id>/contacts/domains")
@editor_required
def set_invite_domains(vendor_id: int):
    vendor = _get(vendor_id)
    form = InviteDomainsForm()
    if form.validate_on_submit():
        try:
            domains = services.set_invite_domains(vendor, form.domains.data, actor=current_user)
        except services.ContactError as exc:
            db.session.rollback()
            form.domains.errors = [*form.domains.errors, str(exc)]
        else:
            db.session.commit()
            flash("Colleague invitations are limited to " + ", ".join(domains) + "."
                  if domains else "Colleagues can be invited at any e-mail domain.", "success")
            return redirect(url_for("vendors.contacts", vendor_id=vendor.id))
    return _contacts(vendor, ContactForm(), status=400, domains_form=form)


@bp.post("/<int:vendor_id>/contacts")
@editor_required
def invite_contact(vendor_id: int):
    vendor = _get(vendor_id)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            contact = services.invite_contact(
                vendor, email=form.email.data, name=form.name.data, job_title=form.job_title.data,
                actor=current_user, settings=current_settings(),
            )
        except services.ContactError as exc:
            db.session.rollback()
            if isinstance(exc, services.DuplicateContact):
                form.email.errors = [*form.email.errors, str(exc)]
            else:
                flash(str(exc), "error")
        else:
            db.session.commit()
            note = delivery_note(current_settings().smtp,
                                 can_read_outbox=current_user.role is Role.ADMIN)
            flash(f"Invitation for {contact.email} queued. {note}", "success")
            return redirect(url_for("vendors.contacts", vendor_id=vendor.id))
    return _contacts(vendor, form, status=400)


def _get_contact(vendor: Vendor, user_id: int) -> User:
    contact = db.get_or_404(User, user_id)
    if contact.vendor_id != vendor.id or contact.role is not Role.VENDOR:
        abort(404)
    return contact


@bp.post("/<int:vendor_id>/contacts/<int:user_id>/<any(deactivate, reactivate):action>")
@editor_required
def set_contact_active(vendor_id: int, user_id: int, action: str):
    vendor = _get(vendor_id)
    contact = _get_contact(vendor, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    target = send_refusals_to(url_for("vendors.contacts", vendor_id=vendor.id))
    services.set_contact_active(contact, action == "reactivate", actor=current_user)
    db.session.commit()
    flash(f"{contact.name} {'reactivated' if contact.is_active else 'deactivated'}.", "success")
    return redirect(target)


# ---- assessments, documents, activity ---------------------------------------------------------

@bp.get("/<int:vendor_id>/assessments")
@staff_required
def assessments(vendor_id: int):
    vendor = _get(vendor_id)
    return render_template("vendors/assessments.html", vendor=vendor, tab="assessments",
                           assessments=signals.vendor_assessments(vendor))


@bp.get("/<int:vendor_id>/documents")
@staff_required
def documents(vendor_id: int):
    vendor = _get(vendor_id)
    return render_template("vendors/documents.html", vendor=vendor, tab="documents",
                           documents=queries.vendor_documents(vendor))


@bp.get("/<int:vendor_id>/activity")
@staff_required
def activity(vendor_id: int):
    vendor = _get(vendor_id)
    return render_template("vendors/activity.html", vendor=vendor, tab="activity",
                           events=queries.vendor_events(vendor, limit=50))
