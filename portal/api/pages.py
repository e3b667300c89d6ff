"""Pages to manage personal API tokens and webhook subscriptions."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from portal.api import services, webhooks
from portal.api.forms import TokenForm, WebhookForm
from portal.api.models import ApiToken, WebhookSubscription
from portal.auth.access import staff_required
from portal.extensions import db, utcnow
from portal.settings.current import current_settings

tokens_bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")
webhooks_bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
SHOWN_ONCE = {"Cache-Control": "no-store"}


@tokens_bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form = TokenForm()
    created = secret = None
    status = 200
    if form.validate_on_submit():
        try:
            created, secret = services.create_token(
                current_user, name=form.name.data, scopes=set(form.scopes.data.split()),
                days=int(form.days.data), actor=current_user)
        except services.TokenError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
            status = 422
        else:
            db.session.commit()
            status = 201
            form = TokenForm(formdata=None)
    elif form.is_submitted():
        status = 422
    # The secret is rendered into this one response and stored nowhere (not even in a flash).
    return render_template("api/tokens.html", form=form, tokens=services.user_tokens(current_user),
                           created=created, secret=secret, now=utcnow()), status, SHOWN_ONCE


@tokens_bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)  # someone else's token: do not confirm it exists
    services.revoke_token(token, actor=current_user)
    db.session.commit()
    flash(f"Revoked the token “{token.name}”; it stops working at once.", "success")
    return redirect(url_for("api_tokens.index"))


@webhooks_bp.route("/", methods=["GET", "POST"], endpoint="index")
@staff_required
def subscriptions():
    form = WebhookForm()
    created = secret = None
    status = 200
    if form.validate_on_submit():
        try:
            created, secret = webhooks.create_subscription(
                url=form.url.data, events=form.events.data, description=form.description.data,
                actor=current_user, settings=current_settings())
        except webhooks.WebhookError as exc:
            db.session.rollback()
            form.url.errors.append(str(exc))
            status = 422
        else:
            db.session.commit()
            status = 201
            form = WebhookForm(formdata=None)
    elif form.is_submitted():
        status = 422
    return render_template("api/webhooks.html", form=form,
                           subscriptions=webhooks.list_subscriptions(), created=created,
                           secret=secret), status, SHOWN_ONCE


def _subscription(subscription_id: int) -> WebhookSubscription:
    return db.get_or_404(WebhookSubscription, subscription_id)


@webhooks_bp.get("/<int:subscription_id>")
@staff_required
def detail(subscription_id: int):
    return _detail(_subscription(subscription_id))


def _detail(subscription: WebhookSubscription, secret: str | None = None):
    return render_template("api/webhook_detail.html", subscription=subscription,
                           deliveries=webhooks.recent_deliveries(subscription),
                           may_manage=webhooks.may_manage(subscription, current_user),
                           created=subscription, secret=secret), 200, SHOWN_ONCE


@webhooks_bp.post("/<int:subscription_id>/rotate")
@staff_required
def rotate(subscription_id: int):
    subscription = _subscription(subscription_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        secret = webhooks.rotate_secret(subscription, actor=current_user)
    except webhooks.WebhookError:
        abort(403)
    db.session.commit()
    # Shown in this one response only, like a new webhook's secret.
    return _detail(subscription, secret)


@webhooks_bp.post("/<int:subscription_id>/ping")
@staff_required
def ping(subscription_id: int):
    subscription = _subscription(subscription_id)
    try:
        webhooks.send_ping(subscription, actor=current_user)
    except webhooks.WebhookError:
        abort(403)
    db.session.commit()
    flash("Queued a ping event; its delivery shows below in a moment.", "success")
    return redirect(url_for("webhooks.detail", subscription_id=subscription.id))


@webhooks_bp.post("/<int:subscription_id>/delete")
@staff_required
def delete(subscription_id: int):
    subscription = _subscription(subscription_id)
    try:
        webhooks.delete_subscription(subscription, actor=current_user)
    except webhooks.WebhookError:
        abort(403)
    db.session.commit()
    flash("Removed the webhook.", "success")
    return redirect(url_for("webhooks.index"))
