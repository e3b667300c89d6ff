"""Webhook subscriptions: subscribe, list, read with deliveries, test, rotate the secret, remove."""
from __future__ import annotations

from portal.api import process_schemas as shapes
from portal.api import webhooks
from portal.api.errors import ApiProblem
from portal.api.models import WebhookSubscription
from portal.api.operations import STAFF, Call, Operations, Reply
from portal.auth.models import User
from portal.extensions import db
from portal.settings.current import current_settings

ops = Operations("webhooks", "Signed event notifications to your URLs (staff).")
LINKS = {
    "GetWebhook": {"operationId": "get_webhook",
                   "parameters": {"subscription_id": "$response.body#/id"}},
    "PingWebhook": {"operationId": "ping_webhook",
                    "parameters": {"subscription_id": "$response.body#/id"}},
}


def _subscription(subscription_id: int) -> WebhookSubscription:
    subscription = db.session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        raise ApiProblem(404, f"There is no webhook {subscription_id}.")
    return subscription


def _out(item: WebhookSubscription, viewer: User, *, secret: str | None = None,
         deliveries: bool = True):
    data = dict(
        id=item.id, url=item.url, events=list(item.events or []), description=item.description,
        is_active=item.is_active, created_by_id=item.created_by_id, created_at=item.created_at,
        may_manage=webhooks.may_manage(item, viewer),
        recent_deliveries=[shapes.DeliveryOut(
            id=d.id, event_id=d.event_id, event=d.event, status=d.status.value,
            attempts=d.attempts, last_status_code=d.last_status_code, last_error=d.last_error,
            next_attempt_at=d.next_attempt_at, created_at=d.created_at,
            delivered_at=d.delivered_at)
            for d in (webhooks.recent_deliveries(item, limit=20) if deliveries else [])])
    return shapes.WebhookSecret(**data, secret=secret) if secret else shapes.WebhookOut(**data)


def _refused(exc: webhooks.WebhookError) -> ApiProblem:
    return ApiProblem(403, str(exc), kind="forbidden")


@ops.route("GET", "/webhooks", summary="List webhook subscriptions", roles=STAFF,
           response=shapes.WebhookList)
def list_webhooks(call: Call):
    """Every subscription, so that none is hidden from staff; newest first."""
    return shapes.WebhookList(data=[_out(s, call.user, deliveries=False)
                                    for s in webhooks.list_subscriptions()])


@ops.route("POST", "/webhooks", summary="Subscribe a URL to events", scope="write", roles=STAFF,
           body=shapes.WebhookCreate, response=shapes.WebhookSecret, status=201,
           headers=("Location",), idempotent=True, links=LINKS)
def create_webhook(call: Call):
    """The reply holds the signing secret, shown only this once. The URL is checked as on the
    webhook page (no private or reserved addresses unless allowed): 422 when refused."""
    body: shapes.WebhookCreate = call.body
    try:
        subscription, secret = webhooks.create_subscription(
            url=body.url, events=list(body.events), description=body.description,
            actor=call.user, settings=current_settings())
    except webhooks.WebhookError as exc:
        raise ApiProblem(422, str(exc), kind="validation-error",
                         errors=[{"pointer": "#/url", "detail": str(exc)}]) from None
    db.session.commit()
    return Reply(_out(subscription, call.user, secret=secret),
                 headers={"Location": f"/api/v1/webhooks/{subscription.id}"})


@ops.route("GET", "/webhooks/{subscription_id}", summary="Get a webhook and its deliveries",
           roles=STAFF, response=shapes.WebhookOut, links=LINKS)
def get_webhook(call: Call, subscription_id: int):
    """The subscription and its 20 latest deliveries with their attempts and results."""
    return _out(_subscription(subscription_id), call.user)


@ops.route("POST", "/webhooks/{subscription_id}/ping", summary="Send a test event",
           scope="write", roles=STAFF, response=shapes.WebhookOut, status=202)
def ping_webhook(call: Call, subscription_id: int):
    """Queue a `ping` event; its delivery shows in the webhook's deliveries a moment later."""
    subscription = _subscription(subscription_id)
    try:
        webhooks.send_ping(subscription, actor=call.user)
    except webhooks.WebhookError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return _out(subscription, call.user)


@ops.route("POST", "/webhooks/{subscription_id}/rotate-secret",
           summary="Rotate the signing secret", scope="write", roles=STAFF,
           response=shapes.WebhookSecret)
def rotate_webhook_secret(call: Call, subscription_id: int):
    """Sign from now on with a new secret, returned only in this reply."""
    subscription = _subscription(subscription_id)
    try:
        secret = webhooks.rotate_secret(subscription, actor=call.user)
    except webhooks.WebhookError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return _out(subscription, call.user, secret=secret)


@ops.route("DELETE", "/webhooks/{subscription_id}", summary="Remove a webhook", scope="write",
           roles=STAFF, status=204)
def delete_webhook(call: Call, subscription_id: int):
    """Remove the subscription and its delivery log (its creator or an administrator)."""
    subscription = _subscription(subscription_id)
    try:
        webhooks.delete_subscription(subscription, actor=call.user)
    except webhooks.WebhookError as exc:
        raise _refused(exc) from None
    db.session.commit()
