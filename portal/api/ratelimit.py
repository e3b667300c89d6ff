"""Per-token rate limits in fixed windows, counted in Redis or, without it, in the database."""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal.api.models import ApiRateCounter
from portal.extensions import db
from portal.settings import Settings

DEFAULT_LIMIT = 600  # requests per window and token
DEFAULT_WINDOW = 60  # seconds
REDIS_TIMEOUT = 0.5  # seconds: a slow Redis must not slow every API call
REDIS_RETRY_AFTER = 30.0  # seconds to count in the database after Redis failed
log = logging.getLogger(__name__)
_redis_clients: dict[str, Any] = {}
_redis_down_until: dict[str, float] = {}
clock = time.time  # the wall clock the windows follow (tests pin it)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window ends
    window: int

    def headers(self) -> dict[str, str]:
        """Return the RateLimit headers (IETF httpapi draft) describing this decision."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }


def limits(settings: Settings) -> tuple[int, int]:
    """Return (requests, window seconds) from the configuration."""
    return settings.api.rate_limit, settings.api.rate_window


def hit(token_id: int, *, settings: Settings, now: float | None = None) -> RateDecision:
    """Count one request for a token and decide whether it may proceed."""
    limit, window = limits(settings)
    now = clock() if now is None else now
    window_start = int(now // window * window)
    count = None
    url = settings.server.redis_url
    if url:
        count = _redis_hit(url, f"{settings.api.rate_prefix}:rl:{token_id}:"
                                f"{window_start}", window)
    if count is None:
        count = _database_hit(token_id, window_start)
    reset = max(1, math.ceil(window_start + window - now))
    return RateDecision(allowed=count <= limit, limit=limit, remaining=max(0, limit - count),
                        reset=reset, window=window)


def _redis_hit(url: str, key: str, window: int) -> int | None:
    if time.monotonic() < _redis_down_until.get(url, 0.0):
        return None  # failed recently: do not pay the timeout on every request
    try:
        client = _redis_clients.get(url)
        if client is None:
            import redis  # here: without REDIS_URL the database counts and redis never loads

            client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT,
                                          socket_connect_timeout=REDIS_TIMEOUT)
            _redis_clients[url] = client
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window + 5)
        count, _ = pipe.execute()
        return int(count)
    except Exception:  # noqa: BLE001 - any Redis failure falls back to the database
        log.warning("Redis rate limiting unavailable; counting in the database for %.0f s",
                    REDIS_RETRY_AFTER, exc_info=True)
        _redis_down_until[url] = time.monotonic() + REDIS_RETRY_AFTER
        return None


def _database_hit(token_id: int, window_start: int) -> int:
    table = ApiRateCounter.__table__
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table).values(token_id=token_id, window_start=window_start, count=1)
        .on_conflict_do_update(index_elements=[table.c.token_id, table.c.window_start],
                               set_={"count": table.c.count + 1})
        .returning(table.c.count)
    )
    count = int(db.session.execute(statement).scalar_one())
    if count == 1:  # a new window: forget the token's older ones
        db.session.execute(sa.delete(table).where(table.c.token_id == token_id,
                                                  table.c.window_start < window_start))
    return count
