"""Administration: accounts, the e-mail outbox and the audit log (administrators only)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.admin import forms, services
from portal.auth import services as auth_services
from portal.auth import team as auth_team
from portal.auth.access import admin_required
from portal.auth.forms import ConfirmForm
from portal.auth.models import Role, User
from portal.auth.passwords import POLICY_TEXT
from portal.errors import send_refusals_to
from portal.extensions import db, utcnow
from portal.mail.models import EmailStatus, OutboundEmail
from portal.settings.current import current_settings

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@admin_required
def _only_administrators() -> None:
    """Guard every administration page, including ones added later."""


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


def _filter_args(form) -> dict[str, str]:
    return {name: str(f.data) for name, f in form._fields.items() if f.data not in (None, "")}


@bp.get("/users")
def users():
    form = forms.UserFilterForm(formdata=request.args)
    form.validate()
    query = services.users_query(
        role=Role(form.role.data) if form.role.data and not form.role.errors else None,
        status=form.status.data if not form.status.errors else None,
        search=form.q.data,
    )
    page = db.paginate(query, page=_page(), per_page=current_settings().page_size,
                       error_out=False)
    return render_template("admin/users.html", form=form, page=page, args=_filter_args(form),
                           now=utcnow())


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = forms.NewStaffUserForm()
    if form.validate_on_submit():
        password = form.password.data if form.method.data == "password" else None
        try:
            user = auth_services.create_staff_user(
                email=form.email.data, name=form.name.data, role=Role(form.role.data),
                created_by=current_user._get_current_object(), settings=current_settings(),
                password=password)
        except auth_services.DuplicateUser as error:
            form.email.errors.append(str(error))
        except auth_team.TeamRuleBroken as error:
            getattr(form, error.field, form.email).errors.append(str(error))
        except auth_services.WeakPassword as weak:
            form.password.errors.extend(weak.problems)
        else:
            db.session.commit()
            if password is None:
                flash(f"Account created; an invitation was e-mailed to {user.email}.", "success")
            else:
                flash(f"Account created for {user.email} with the password you chose. "
                      "Tell them through a separate channel.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/new_user.html", form=form, policy=POLICY_TEXT), status


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    return render_template("admin/user_detail.html", user=user,
                           events=services.user_events(user), now=utcnow())


def _user_action(user_id: int, action, done: str):
    user = db.get_or_404(User, user_id)
    target = send_refusals_to(url_for("admin.user_detail", user_id=user_id))
    if ConfirmForm().validate_on_submit():
        action(user)
        db.session.commit()
        flash(done.format(user=user), "success")
    return redirect(target)


@bp.post("/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int):
    actor = current_user._get_current_object()
    return _user_action(user_id, lambda u: auth_services.deactivate_user(u, actor=actor),
                        "{user.name} is deactivated and signed out everywhere.")


@bp.post("/users/<int:user_id>/reactivate")
def reactivate_user(user_id: int):
    actor = current_user._get_current_object()
    return _user_action(user_id, lambda u: auth_services.reactivate_user(u, actor=actor),
                        "{user.name} can sign in again.")


@bp.post("/users/<int:user_id>/unlock")
def unlock_user(user_id: int):
    actor = current_user._get_current_object()
    return _user_action(user_id, lambda u: auth_services.unlock_user(u, actor=actor),
                        "The sign-in lockout of {user.name} is lifted.")


def _resend(user: User) -> None:
    if user.has_password:
        raise auth_services.AccountRefused(
            f"{user.email} has already set a password; nothing to resend.")
    if not user.is_active:
        raise auth_services.AccountRefused(
            "Reactivate the account before sending a new invitation.")
    auth_services.send_invitation(user, invited_by=current_user._get_current_object(),
                                  settings=current_settings())


@bp.post("/users/<int:user_id>/resend-invitation")
def resend_invitation(user_id: int):
    return _user_action(user_id, _resend,
                        "A new invitation was e-mailed to {user.email}; older links stop working.")


@bp.get("/outbox")
def outbox():
    form = forms.OutboxFilterForm(formdata=request.args)
    form.validate()
    status = EmailStatus(form.status.data) if form.status.data and not form.status.errors \
        else None
    page = db.paginate(services.outbox_query(status=status), page=_page(),
                       per_page=current_settings().page_size, error_out=False)
    return render_template("admin/outbox.html", form=form, page=page, args=_filter_args(form),
                           smtp=current_settings().smtp)


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    message = db.get_or_404(OutboundEmail, message_id)
    return render_template("admin/outbox_message.html", message=message,
                           smtp=current_settings().smtp)


@bp.get("/audit")
def audit():
    form = forms.AuditFilterForm(formdata=request.args)
    form.validate()
    vendor_id = form.vendor_id.data if not form.vendor_id.errors else None
    query = services.audit_query(
        action=form.action.data if not form.action.errors else None,
        actor_email=form.actor.data, vendor_id=vendor_id,
        vendor_name=form.vendor.data if not form.vendor.errors else None)
    page = db.paginate(query, page=_page(), per_page=50, error_out=False)
    names = services.vendor_names([e.vendor_id for e in page.items] + [vendor_id])
    return render_template("admin/audit.html", form=form, page=page, args=_filter_args(form),
                           vendor_names=names, vendor_id=vendor_id)
