"""Sign-in, sign-out, invitations, password reset, account and the vendor team page."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import forms, reset, services, signin
from portal.auth import team as team_rules
from portal.auth.access import vendor_required
from portal.auth.login import begin_second_step, start_session
from portal.auth.models import TokenPurpose, User, UserToken
from portal.auth.passwords import POLICY_TEXT
from portal.auth.twofactor import services as twofactor
from portal.auth.twofactor.routes import bp as twofactor_bp
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.settings.current import current_settings

bp = Blueprint("auth", __name__)
bp.register_blueprint(twofactor_bp)  # issue 7: auth.twofactor.* (enrolment, second step)


def safe_next(target: str | None) -> str | None:
    """Return target when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _start_session(user: User) -> None:
    # A fresh session: nothing from before sign-in (including a planted one) survives.
    start_session(user, second_factor=False)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = forms.LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
        if current_user.is_authenticated:
            return redirect(form.next.data or url_for("main.index"))
    status = 200
    error = None
    if form.validate_on_submit():
        try:
            user = signin.check_credentials(form.email.data, form.password.data,
                                              ip=request.remote_addr, settings=current_settings())
            needs_code = twofactor.is_enabled(user)  # issue 7: second step for enrolled users
            if not needs_code:
                signin.complete_login(user, ip=request.remote_addr)
        except signin.LoginRefused as refused:
            db.session.commit()  # keep the failed attempt: throttling depends on it
            error, status = refused.message, refused.status
        else:
            target = safe_next(form.next.data)
            if needs_code:
                begin_second_step(user, target)
                db.session.commit()
                return redirect(url_for("auth.twofactor.verify"))
            _start_session(user)
            db.session.commit()
            if twofactor.is_required(user, current_settings()):  # issue 7: enrol first
                return redirect(url_for("auth.twofactor.setup"))
            return redirect(target or url_for("main.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        signin.end_session(current_user._get_current_object())
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def _invalid_link(error: services.InvalidToken, purpose: TokenPurpose):
    status = 404 if error.reason == "unknown" else 410
    return render_template("auth/link_invalid.html", message=str(error), purpose=purpose,
                           reason=error.reason), status


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token: str):
    try:
        user_token = services.check_token(token, TokenPurpose.INVITATION)
    except services.InvalidToken as error:
        return _invalid_link(error, TokenPurpose.INVITATION)
    user = user_token.user
    if user.has_password:
        return render_template("auth/invitation_done.html", user=user)
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(token, form.password.data)
        except services.WeakPassword as weak:
            form.password.errors.extend(weak.problems)
        except services.InvalidToken as error:
            return _invalid_link(error, TokenPurpose.INVITATION)
        else:
            _start_session(user)
            db.session.commit()
            flash(f"Welcome, {user.name}. Your password is set and you are signed in.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/invitation.html", form=form, user=user, token=user_token,
                           policy=POLICY_TEXT), 400 if request.method == "POST" else 200


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        reset.request_password_reset(form.email.data, settings=current_settings())
        db.session.commit()
        reset.pad_response(started, current_settings())
        flash("If an account exists for that e-mail address, we sent a link to reset the "
              "password. It works for one hour.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user_token = services.check_token(token, TokenPurpose.PASSWORD_RESET)
    except services.InvalidToken as error:
        return _invalid_link(error, TokenPurpose.PASSWORD_RESET)
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(token, form.password.data)
        except services.WeakPassword as weak:
            form.password.errors.extend(weak.problems)
        except services.InvalidToken as error:
            return _invalid_link(error, TokenPurpose.PASSWORD_RESET)
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash("Your password has been changed. Sign in with the new password.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user_token.user,
                           policy=POLICY_TEXT), 400 if request.method == "POST" else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = current_user._get_current_object()
    profile = forms.ProfileForm(prefix="profile", obj=user)
    password_form = forms.ChangePasswordForm(prefix="password")
    if profile.submit.data and profile.validate_on_submit():
        try:
            services.update_profile(user, name=profile.name.data,
                                    job_title=profile.job_title.data, actor=user)
        except team_rules.TeamRuleBroken as error:
            db.session.rollback()
            profile.name.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your details are saved.", "success")
            return redirect(url_for("auth.account"))
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            services.change_password(user, current_password=password_form.current_password.data,
                                     new_password=password_form.password.data)
        except services.WrongPassword as wrong:
            password_form.current_password.errors.append(str(wrong))
        except services.WeakPassword as weak:
            password_form.password.errors.extend(weak.problems)
        else:
            # The token rotated: re-issue this session's id so only this browser stays in.
            login_user(user)
            db.session.commit()
            flash("Your password is changed. Other sessions have been signed out.", "success")
            return redirect(url_for("auth.account"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/account.html", profile=profile, password_form=password_form,
                           user=user, policy=POLICY_TEXT), status


def _own_colleague(user_id: int) -> User:
    colleague = db.session.get(User, user_id)
    if colleague is None or colleague.vendor_id != current_user.vendor_id:
        abort(404)
    return colleague


@bp.route("/team", methods=["GET", "POST"])
@vendor_required
def team():
    form = forms.InviteColleagueForm()
    vendor = current_user.vendor
    if form.validate_on_submit():
        try:
            colleague = services.invite_vendor_contact(
                vendor, email=form.email.data, name=form.name.data,
                job_title=form.job_title.data, invited_by=current_user._get_current_object(),
                settings=current_settings())
        except services.DuplicateUser as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        except team_rules.TeamRuleBroken as error:
            db.session.rollback()
            getattr(form, error.field, form.email).errors.append(str(error))
        except ValueError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Invitation sent to {colleague.email}.", "success")
            return redirect(url_for("auth.team"))
    members = db.session.scalars(
        sa.select(User).where(User.vendor_id == current_user.vendor_id).order_by(User.name)
    ).all()
    status = 400 if request.method == "POST" else 200
    own_invitations = set(db.session.scalars(sa.select(UserToken.user_id).where(
        UserToken.created_by_id == current_user.id,
        UserToken.purpose == TokenPurpose.INVITATION)))
    return render_template("auth/team.html", form=form, vendor=vendor, members=members,
                           own_invitations=own_invitations, confirm=forms.ConfirmForm()), status


@bp.post("/team/<int:user_id>/deactivate")
@vendor_required
def team_deactivate(user_id: int):
    colleague = _own_colleague(user_id)
    target = send_refusals_to(url_for("auth.team"))
    if forms.ConfirmForm().validate_on_submit():
        services.deactivate_user(colleague, actor=current_user._get_current_object())
        db.session.commit()
        flash(f"{colleague.name} can no longer sign in.", "success")
    return redirect(target)


@bp.post("/team/<int:user_id>/reactivate")
@vendor_required
def team_reactivate(user_id: int):
    colleague = _own_colleague(user_id)
    target = send_refusals_to(url_for("auth.team"))
    if forms.ConfirmForm().validate_on_submit():
        services.reactivate_user(colleague, actor=current_user._get_current_object())
        db.session.commit()
        flash(f"{colleague.name} can sign in again.", "success")
    return redirect(target)


@bp.post("/team/<int:user_id>/resend")
@vendor_required
def team_resend(user_id: int):
    colleague = _own_colleague(user_id)
    if forms.ConfirmForm().validate_on_submit() and colleague.is_active \
            and not colleague.has_password:
        actor = current_user._get_current_object()
        send_refusals_to(url_for("auth.team"))
        team_rules.check_resend(actor, colleague)
        team_rules.check_invitation_quota(colleague.vendor, current_settings())
        services.send_invitation(colleague, invited_by=actor, settings=current_settings())
        db.session.commit()
        flash(f"A new invitation was sent to {colleague.email}.", "success")
    return redirect(url_for("auth.team"))
