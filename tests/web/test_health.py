def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


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
