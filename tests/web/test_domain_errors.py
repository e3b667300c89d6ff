"""One handler for refused actions: a DomainError a route does not catch."""
from __future__ import annotations

import pytest
from flask import redirect

from portal.domain import DomainError
from portal.errors import send_refusals_to
from portal.findings.services import FindingError


class Refused(DomainError):
    pass


class Forbidden(DomainError):
    http_status = 403


@pytest.fixture
def refusing(app):
    def refuse():
        raise Refused("The vendor is offboarded: nothing can be sent to it.")

    app.add_url_rule("/test/refuse", "test_refuse", refuse, methods=["GET", "POST"])
    app.add_url_rule("/api/v1/test/refuse", "test_api_refuse", refuse, methods=["POST"])

    def refuse_to_page(page: str):
        target = send_refusals_to(f"/vendors/{page}")
        if page == "refused":
            raise Refused("The vendor is offboarded: nothing can be sent to it.")
        return redirect(target)

    def forbid():
        raise Forbidden("Only contract managers decide.")

    app.add_url_rule("/test/forbid", "test_forbid", forbid, methods=["POST"])
    app.add_url_rule("/test/refuse-to/<page>", "test_refuse_to", refuse_to_page,
                     methods=["POST"])
    return app


def test_a_refused_form_post_flashes_the_reason_and_goes_back(client, refusing):
    response = client.post("/test/refuse", headers={"Referer": "http://localhost/vendors/"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/vendors/")
    with client.session_transaction() as session:
        assert ("error", "The vendor is offboarded: nothing can be sent to it.") in \
            session["_flashes"]


def test_a_foreign_referrer_is_not_followed(client, refusing):
    response = client.post("/test/refuse", headers={"Referer": "https://elsewhere.example/"})
    assert response.status_code == 302
    assert "elsewhere" not in response.headers["Location"]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_a_route_can_name_the_page_its_refusals_go_to(client, refusing, accept):
    headers = {"Referer": "http://localhost/elsewhere"} | ({"Accept": accept} if accept else {})
    response = client.post("/test/refuse-to/refused", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == "/vendors/refused"
    with client.session_transaction() as session:
        assert session["_flashes"] == [
            ("error", "The vendor is offboarded: nothing can be sent to it.")]


def test_the_named_page_is_that_request_s_only(client, refusing):
    assert client.post("/test/refuse-to/fine").headers["Location"] == "/vendors/fine"
    response = client.post("/test/refuse", headers={"Referer": "http://localhost/vendors/"})
    assert response.headers["Location"].endswith("/vendors/")


def test_a_refusal_with_another_status_is_answered_as_abort_would(client, refusing):
    response = client.post("/test/forbid", headers={"Referer": "http://localhost/vendors/"})
    assert response.status_code == 403
    assert "You do not have access to this page." in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "_flashes" not in session


def test_a_refused_page_says_why_with_422(client, refusing):
    response = client.get("/test/refuse")
    assert response.status_code == 422
    assert "nothing can be sent to it" in response.get_data(as_text=True)


def test_under_the_api_it_is_a_problem_document(client, refusing):
    response = client.post("/api/v1/test/refuse")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "The vendor is offboarded: nothing can be sent to it."


def test_the_features_refusals_are_domain_errors():
    assert issubclass(FindingError, DomainError)
