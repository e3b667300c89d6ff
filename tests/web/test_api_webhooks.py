"""Webhooks: subscriptions, signed deliveries, retries with backoff, no redirects, events."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from portal.api import webhook_jobs, webhooks
from portal.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from portal.api.webhook_transport import UnsafeUrl, check_url, sign, verify
from portal.extensions import db, utcnow
from portal.settings.current import settings_for


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_DELIVER_AFTER_COMMIT": False, "WEBHOOK_BLOCK_PRIVATE": False,
            "WEBHOOK_TIMEOUT": 2, "WEBHOOK_MAX_ATTEMPTS": 3, "WEBHOOK_BACKOFF_SECONDS": 30}


@dataclass
class Receiver:
    """A local HTTP server that records what it receives and answers with queued statuses."""

    url: str = ""
    statuses: list[int] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append({"path": self.path, "headers": dict(self.headers),
                                   "body": body})
            status = state.statuses.pop(0) if state.statuses else 204
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", state.url + "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            state.arrived.set()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _subscribe(app, make_user, url: str, events=("assessment.submitted",)):
    subscription, secret = webhooks.create_subscription(
        url=url + "/hook", events=list(events), description="test",
        actor=make_user("admin"), settings=settings_for(app))
    db.session.commit()
    return subscription, secret


def test_delivery_is_signed_and_recorded(app, make_user, receiver):
    subscription, secret = _subscribe(app, make_user, receiver.url)
    [delivery] = webhooks.emit_event("assessment.submitted", {"assessment_id": 7})
    db.session.commit()
    run = webhook_jobs.run_deliveries(settings_for(app))
    assert run == webhooks.DeliveryRun(delivered=1)
    [request] = receiver.received
    assert request["path"] == "/hook"
    headers = request["headers"]
    assert headers["X-Portal-Event"] == "assessment.submitted"
    assert headers["X-Portal-Delivery"] == str(delivery.id)
    assert verify(secret, headers["X-Portal-Signature"], request["body"])
    assert not verify("whsec_wrong", headers["X-Portal-Signature"], request["body"])
    assert not verify(secret, headers["X-Portal-Signature"], request["body"] + b" ")
    payload = json.loads(request["body"])
    assert payload["type"] == "assessment.submitted" and payload["data"] == {"assessment_id": 7}
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 204 and delivery.delivered_at is not None


def test_signature_format_and_replay_window():
    header = sign("whsec_x", b"{}", timestamp=1_700_000_000)
    assert header.startswith("t=1700000000,v1=") and len(header.split("v1=")[1]) == 64
    assert verify("whsec_x", header, b"{}", now=1_700_000_100)
    assert not verify("whsec_x", header, b"{}", now=1_700_000_000 + 301)
    assert not verify("whsec_x", "garbage", b"{}")


def test_failing_receiver_is_retried_with_backoff(app, make_user, receiver):
    _subscribe(app, make_user, receiver.url)
    receiver.statuses = [500, 503, 500]
    [delivery] = webhooks.emit_event("assessment.submitted", {"n": 1})
    db.session.commit()

    assert webhook_jobs.run_deliveries(settings_for(app)) == webhooks.DeliveryRun(retrying=1)
    db.session.refresh(delivery)
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert delivery.status is DeliveryStatus.PENDING and delivery.attempts == 1
    assert first_wait == timedelta(seconds=30) and delivery.last_status_code == 500
    # Not due yet: a second cron run right away sends nothing.
    assert webhook_jobs.run_deliveries(settings_for(app)) == webhooks.DeliveryRun()
    assert len(receiver.received) == 1

    delivery.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    webhook_jobs.run_deliveries(settings_for(app))
    db.session.refresh(delivery)
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(seconds=60)

    delivery.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert webhook_jobs.run_deliveries(settings_for(app)) == webhooks.DeliveryRun(failed=1)
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 3
    assert len(receiver.received) == 3


def test_backoff_doubles_and_is_capped():
    assert [webhooks.backoff(n, 30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert webhooks.backoff(40, 30) == timedelta(seconds=webhooks.MAX_BACKOFF)


def test_redirects_are_not_followed(app, make_user, receiver):
    _subscribe(app, make_user, receiver.url)
    receiver.statuses = [302]
    [delivery] = webhooks.emit_event("assessment.submitted", {})
    db.session.commit()
    webhook_jobs.run_deliveries(settings_for(app))
    assert [r["path"] for r in receiver.received] == ["/hook"]  # never /elsewhere
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.PENDING and delivery.last_status_code == 302
    assert "redirect" in delivery.last_error


def test_unreachable_receiver_times_out_quickly(app, make_user):
    _subscribe(app, make_user, "http://127.0.0.1:9")  # discard port: connection refused
    [delivery] = webhooks.emit_event("assessment.submitted", {})
    db.session.commit()
    webhook_jobs.run_deliveries(settings_for(app))
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.PENDING and delivery.last_status_code is None
    assert delivery.last_error


def test_a_claimed_delivery_is_not_sent_twice(app, make_user, receiver):
    _subscribe(app, make_user, receiver.url)
    [delivery] = webhooks.emit_event("assessment.submitted", {})
    db.session.commit()
    assert webhooks.claim_delivery(delivery.id)
    db.session.commit()
    assert not webhooks.claim_delivery(delivery.id)  # a concurrent cron run backs off
    assert webhook_jobs.run_deliveries(settings_for(app)) == webhooks.DeliveryRun()
    assert receiver.received == []


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:x",
                                 "https://user:pw@example.com/", "http:///nohost"])
def test_only_plain_http_urls_are_accepted(url):
    with pytest.raises(UnsafeUrl):
        check_url(url, block_private=False)


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://localhost:8080/", "http://10.1.2.3/",
                                 "http://[::1]/", "http://169.254.169.254/latest/meta-data"])
def test_private_addresses_are_refused_by_default(url):
    with pytest.raises(UnsafeUrl):
        check_url(url)


def test_allowed_hosts_restrict_receivers(app, make_user):
    app.config["WEBHOOK_ALLOWED_HOSTS"] = "hooks.example.com, *.partner.example"
    assert check_url("https://a.partner.example/x", allowed_hosts=["*.partner.example"])
    with pytest.raises(webhooks.WebhookError, match="not among the hosts"):
        webhooks.create_subscription(url="https://evil.example.net/", events=["decision.made"],
                                     description=None, actor=make_user("admin"),
                                     settings=settings_for(app))
    subscription, _ = webhooks.create_subscription(
        url="https://hooks.example.com/in", events=["decision.made"], description=None,
        actor=make_user("admin"), settings=settings_for(app))
    assert subscription.id


def test_submitting_an_assessment_emits_the_event(client, make_user, make_vendor,
                                                  make_assessment, app, receiver):
    from tests.web.test_api_answers import FULL_ANSWERS

    _subscribe(app, make_user, receiver.url)
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    assessment = make_assessment(vendor, contacts=[contact])
    from portal.api.services import create_token

    _, raw = create_token(contact, name="t", scopes={"write"}, days=1, actor=contact)
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    for qid, value in FULL_ANSWERS.items():
        client.put(f"/api/v1/assessments/{assessment.id}/answers/{qid}", headers=headers,
                   json={"value": value, "version": 0})
    assert client.post(f"/api/v1/assessments/{assessment.id}/submit",
                       headers=headers).status_code == 200
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    assert delivery.event == "assessment.submitted"
    assert json.loads(delivery.body)["data"]["assessment_id"] == assessment.id


def test_delivery_follows_the_commit_in_a_thread(app, make_user, receiver):
    app.config["WEBHOOK_DELIVER_AFTER_COMMIT"] = True
    _subscribe(app, make_user, receiver.url)
    webhooks.emit_event("assessment.submitted", {"fast": True})
    db.session.commit()
    assert receiver.arrived.wait(timeout=10)
    assert json.loads(receiver.received[0]["body"])["data"] == {"fast": True}
    for _ in range(100):  # let the thread record the outcome before the test ends
        db.session.expire_all()
        if db.session.scalar(sa.select(WebhookDelivery.status)) is DeliveryStatus.DELIVERED:
            break
        time.sleep(0.05)
    assert db.session.scalar(sa.select(WebhookDelivery.status)) is DeliveryStatus.DELIVERED


def test_rolled_back_events_are_not_delivered(app, make_user, receiver):
    app.config["WEBHOOK_DELIVER_AFTER_COMMIT"] = True
    _subscribe(app, make_user, receiver.url)
    webhooks.emit_event("assessment.submitted", {})
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 0
    assert not receiver.arrived.wait(timeout=0.5)


def test_recording_a_decision_emits_decision_made(app, make_user, make_vendor, receiver):
    from portal.decisions.services import record_decision

    _subscribe(app, make_user, receiver.url, events=("decision.made",))
    vendor = make_vendor()
    record_decision(vendor, decision="approve", conditions=None, comment="Fine",
                    actor=make_user("contract_manager"), settings=settings_for(app))
    db.session.commit()
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    data = json.loads(delivery.body)["data"]
    assert delivery.event == "decision.made" and data["vendor_id"] == vendor.id
    assert data["decision"] == "approve"


def test_expiring_certificates_are_emitted_once_per_threshold(app, make_user, make_vendor,
                                                              runner, receiver):
    import io
    from datetime import date

    from portal.certificates.models import Certificate, CertificateStatus
    from portal.documents.services import store_upload

    _subscribe(app, make_user, receiver.url, events=("certificate.expiring",))
    vendor = make_vendor()
    document = store_upload(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "c.pdf", vendor=vendor,
                            actor=make_user("admin"), settings=settings_for(app))
    db.session.add(Certificate(document_id=document.id, vendor_id=vendor.id,
                               status=CertificateStatus.ACCEPTED, standards=[], sites=[],
                               checks=[], expiry_date=date.today() + timedelta(days=20)))
    db.session.commit()
    first = runner.invoke(args=["webhooks", "emit-expiring"])
    assert "Emitted 1" in first.output, first.output
    again = runner.invoke(args=["webhooks", "emit-expiring"])
    assert "Emitted 0" in again.output
    delivered = runner.invoke(args=["webhooks", "deliver"])
    assert "Delivered 1" in delivered.output, delivered.output
    data = json.loads(receiver.received[0]["body"])["data"]
    assert data["threshold"] == "30" and data["days_left"] == 20


def test_webhook_pages_show_the_secret_once(client, login, make_user, receiver):
    staff = make_user("procurement")
    login(client, staff)
    created = client.post("/webhooks/", data={"url": receiver.url + "/hook",
                                               "events": ["assessment.submitted"]})
    assert created.status_code == 201, created.get_data(as_text=True)[:800]
    subscription = db.session.scalar(sa.select(WebhookSubscription))
    assert subscription.secret in created.get_data(as_text=True)
    assert subscription.secret not in client.get("/webhooks/").get_data(as_text=True)
    detail = client.get(f"/webhooks/{subscription.id}").get_data(as_text=True)
    assert subscription.secret not in detail
    assert client.post(f"/webhooks/{subscription.id}/ping").status_code == 302
    ping = db.session.scalar(sa.select(WebhookDelivery))
    assert ping.event == "ping"
    refused = client.post("/webhooks/", data={"url": "ftp://example.com/",
                                              "events": ["decision.made"]})
    assert refused.status_code == 422
    login(client, make_user("contract_manager"))
    assert client.post(f"/webhooks/{subscription.id}/delete").status_code == 403
