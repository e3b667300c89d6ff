"""Two-factor sign-in pages (issue 7): second step, set-up, settings, recovery codes, disabling.

Nested in the auth blueprint, so endpoints read auth.twofactor.verify and so on.
"""
from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from portal.auth import signin
from portal.auth.forms import DisableTwoFactorForm, TwoFactorCodeForm
from portal.auth.login import PENDING_NEXT, SECOND_FACTOR_OK, pending_user, start_session
from portal.auth.twofactor import services as twofactor
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.settings.current import current_settings

bp = Blueprint("twofactor", __name__, url_prefix="/account/two-factor")


@bp.route("/verify", methods=["GET", "POST"])
def verify():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    user = pending_user(current_settings())
    if user is None:
        session.clear()  # only a pending step (or nothing) lives in an anonymous session
        flash("Your sign-in timed out before the code was entered. Sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            method = twofactor.verify_sign_in(user, form.code.data, ip=request.remote_addr,
                                              settings=current_settings())
        except signin.LoginRefused as refused:
            db.session.commit()  # keep the failed attempt: the lockout depends on it
            error, status = refused.message, refused.status
        else:
            target = session.get(PENDING_NEXT)
            start_session(user, second_factor=True)
            db.session.commit()
            if method == "recovery":
                left = twofactor.remaining_recovery_codes(user)
                flash(f"You signed in with a recovery code; {left} left. If you lost your "
                      "authenticator, set it up again in your account.", "warning")
            return redirect(target or url_for("main.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/two_factor_verify.html", form=form, error=error), status


@bp.get("/")
@login_required
def settings():
    user = current_user._get_current_object()
    return render_template(
        "auth/two_factor_settings.html", user=user, enabled=twofactor.is_enabled(user),
        required=twofactor.is_required(user, current_settings()),
        remaining=twofactor.remaining_recovery_codes(user),
        disable_form=DisableTwoFactorForm(prefix="disable"),
        codes_form=TwoFactorCodeForm(prefix="codes"))


@bp.route("/setup", methods=["GET", "POST"])
@login_required
def setup():
    user = current_user._get_current_object()
    if twofactor.is_enabled(user):
        return redirect(url_for("auth.twofactor.settings"))
    enrolment = twofactor.start_enrolment(user, settings=current_settings())
    db.session.commit()
    form = TwoFactorCodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = twofactor.confirm_enrolment(user, form.code.data, settings=current_settings())
        except (twofactor.InvalidCode, twofactor.TwoFactorError) as exc:
            form.code.errors.append(str(exc))
            status = 400
        else:
            session[SECOND_FACTOR_OK] = True
            db.session.commit()
            flash("Two-factor sign-in is on.", "success")
            return render_template("auth/two_factor_codes.html", codes=codes)
    elif request.method == "POST":
        status = 400
    return render_template("auth/two_factor_setup.html", form=form, enrolment=enrolment,
                           required=twofactor.is_required(user, current_settings())), status


@bp.post("/recovery-codes")
@login_required
def recovery_codes():
    user = current_user._get_current_object()
    form = TwoFactorCodeForm(prefix="codes")
    target = send_refusals_to(url_for("auth.twofactor.settings"))
    if form.validate_on_submit():
        codes = twofactor.regenerate_recovery_codes(user, form.code.data,
                                                    settings=current_settings())
        db.session.commit()
        return render_template("auth/two_factor_codes.html", codes=codes)
    return redirect(target)


@bp.post("/disable")
@login_required
def disable():
    user = current_user._get_current_object()
    form = DisableTwoFactorForm(prefix="disable")
    target = send_refusals_to(url_for("auth.twofactor.settings"))
    if form.validate_on_submit():
        twofactor.disable(user, password=form.password.data, code=form.code.data,
                          settings=current_settings())
        db.session.commit()
        flash("Two-factor sign-in is off.", "success")
    return redirect(target)
