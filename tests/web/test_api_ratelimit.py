"""Per-token rate limits: RateLimit headers, 429 with Retry-After, Redis or the database."""
from __future__ import annotations

import secrets
import time

import pytest
import sqlalchemy as sa

from portal.api import ratelimit
from portal.api.models import ApiRateCounter
from portal.api.services import create_token
from portal.extensions import db
from portal.settings.current import settings_for

LIMIT = 3


@pytest.fixture
def app_config(app_config):
    return {**app_config, "API_RATE_LIMIT": LIMIT, "API_RATE_WINDOW": 60}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Keep every request of a test in one window: a minute boundary must not reset the count."""
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_700_000_010.0)


def _headers(user) -> dict[str, str]:
    _, raw = create_token(user, name="rl", scopes={"read"}, days=1, actor=user)
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def _exhaust(client, headers) -> list:
    return [client.get("/api/v1/me", headers=headers) for _ in range(LIMIT + 1)]


def test_database_counter_limits_each_token(client, make_user):
    user = make_user("procurement")
    first, second = _headers(user), _headers(user)
    responses = _exhaust(client, first)
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["RateLimit-Remaining"] for r in responses[:3]] == ["2", "1", "0"]
    assert responses[0].headers["RateLimit-Limit"] == str(LIMIT)
    assert responses[0].headers["RateLimit-Policy"] == f"{LIMIT};w=60"
    refused = responses[-1]
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["type"] == "urn:vap:problem:rate-limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Another token of the same person has its own budget.
    assert client.get("/api/v1/me", headers=second).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiRateCounter)) == 2


def test_a_new_window_resets_the_count_and_prunes_old_windows(app, make_user):
    user = make_user("admin")
    token, _ = create_token(user, name="rl", scopes={"read"}, days=1, actor=user)
    for _ in range(LIMIT + 1):
        decision = ratelimit.hit(token.id, settings=settings_for(app), now=1_000_000.0)
    assert not decision.allowed and decision.remaining == 0
    later = ratelimit.hit(token.id, settings=settings_for(app), now=1_000_000.0 + 60)
    assert later.allowed and later.remaining == LIMIT - 1
    windows = db.session.scalars(sa.select(ApiRateCounter.window_start)).all()
    assert len(windows) == 1


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url


def test_redis_counter_is_used_when_configured(app, client, make_user, redis_url):
    app.config["REDIS_URL"] = redis_url
    app.config["API_RATE_PREFIX"] = "vap-test-" + secrets.token_hex(4)  # never shared
    responses = _exhaust(client, _headers(make_user("admin")))
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiRateCounter)) == 0


def test_unreachable_redis_falls_back_to_the_database(app, client, make_user):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    responses = _exhaust(client, _headers(make_user("admin")))
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiRateCounter)) == 1
    # The failure is remembered: later requests do not try Redis again until the pause ends.
    assert ratelimit._redis_down_until["redis://127.0.0.1:1/0"] > time.monotonic()
