def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok",
                                   "jobs": {"queued": 0, "oldest_queued_seconds": None}}


def test_healthz_reports_the_job_backlog_and_redis(app, client):
    from datetime import timedelta

    from portal.extensions import db, utcnow
    from portal.jobs.models import Job

    db.session.add(Job(kind="mail.deliver", title="waiting", params={},
                       created_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens: degraded, still up
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["redis"] == "unreachable"
    assert body["jobs"]["queued"] == 1 and body["jobs"]["oldest_queued_seconds"] >= 299


def test_security_headers_on_every_response(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_dashboard_requires_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_staff_dashboard_renders(client, login, make_user, make_vendor):
    make_vendor("Acme AI Ltd")
    login(client, make_user("procurement"))
    response = client.get("/dashboard")
    assert response.status_code == 200, response.data[:500]
    assert b"Dashboard" in response.data
