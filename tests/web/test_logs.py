"""LOG_FORMAT=json: one JSON object per line with the request's details."""
from __future__ import annotations

import io
import json
import logging

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LOG_FORMAT": "json"}


@pytest.fixture
def captured(app):
    root = logging.getLogger()
    handler = next(h for h in root.handlers if type(h.formatter).__name__ == "JsonFormatter")
    stream = handler.stream = io.StringIO()
    yield stream
    root.removeHandler(handler)


def test_json_lines_carry_the_request(app, captured, client):
    with app.test_request_context("/vendors/", headers={"X-Request-ID": "req-42"}):
        logging.getLogger("portal.test").warning("something %s", "odd")
    line = json.loads(captured.getvalue().splitlines()[-1])
    assert line["message"] == "something odd" and line["level"] == "WARNING"
    assert line["logger"] == "portal.test" and line["path"] == "/vendors/"
    assert line["request_id"] == "req-42" and line["method"] == "GET" and "timestamp" in line


def test_responses_echo_a_request_id(client):
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 16
    given = client.get("/healthz", headers={"X-Request-ID": "abc-1"}).headers["X-Request-ID"]
    assert given == "abc-1"


def test_outside_a_request_lines_have_no_request_fields(app, captured):
    logging.getLogger("portal.jobs.queue").info("job done")
    line = json.loads(captured.getvalue().splitlines()[-1])
    assert line["message"] == "job done" and "path" not in line
