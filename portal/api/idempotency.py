"""Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field") for creating POSTs.

A client that sends `Idempotency-Key: <unique string>` may repeat the request (after a timeout,
say) without creating the thing twice: the first successful reply is stored for 24 hours and
replayed, marked `Idempotent-Replayed: true`. The same key with a different request answers 422;
while the first request still runs, a repeat answers 409.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.api.models import ApiIdempotencyKey
from portal.domain import DomainError
from portal.extensions import db, utcnow

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"  # visible ASCII, as a UUID or any client-chosen string
TTL = timedelta(hours=24)
LEASE = timedelta(seconds=60)
_KEY = re.compile(KEY_PATTERN)


class KeyReused(DomainError):
    """The key was used with a different request."""


class KeyInUse(DomainError):
    """The first request with this key has not finished."""


@dataclass(frozen=True)
class StoredReply:
    status: int
    body: str
    location: str | None


def is_valid_key(key: str) -> bool:
    """Tell whether a header value can be an idempotency key."""
    return bool(_KEY.match(key))


def fingerprint(method: str, path: str, body: Any) -> str:
    """Return the SHA-256 naming one request: method, path and its parsed body."""
    text = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def claim(user_id: int, key: str, print_: str, *,
          now: datetime | None = None) -> StoredReply | int:
    """Return the stored reply to replay, or hold the key for this request and return its id.

    Commits, so that a concurrent repeat sees the hold. Raises: KeyReused, KeyInUse.
    """
    now = now or utcnow()
    db.session.execute(sa.delete(ApiIdempotencyKey).where(ApiIdempotencyKey.expires_at <= now))
    row = db.session.scalar(sa.select(ApiIdempotencyKey).where(
        ApiIdempotencyKey.user_id == user_id, ApiIdempotencyKey.key == key))
    if row is not None:
        if row.fingerprint != print_:
            db.session.commit()
            raise KeyReused
        if row.status_code is not None:
            reply = StoredReply(row.status_code, row.response_body or "", row.location)
            db.session.commit()
            return reply
        if row.locked_until is not None and row.locked_until > now:
            db.session.commit()
            raise KeyInUse
        row.locked_until = now + LEASE  # the first attempt died: this one takes over
        db.session.commit()
        return row.id
    row = ApiIdempotencyKey(user_id=user_id, key=key, fingerprint=print_, created_at=now,
                            expires_at=now + TTL, locked_until=now + LEASE)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # the same key, claimed at the same moment by a repeat
        db.session.rollback()
        raise KeyInUse from None
    return row.id


def complete(claim_id: int, *, status: int, body: str, location: str | None) -> None:
    """Store the successful reply of the request that holds the key (commits)."""
    row = db.session.get(ApiIdempotencyKey, claim_id)
    if row is not None:
        row.status_code, row.response_body, row.location = status, body, location
        row.locked_until = None
    db.session.commit()


def release(claim_id: int) -> None:
    """Free the key after the request failed, so the client may try again with it (commits)."""
    db.session.rollback()
    db.session.execute(sa.delete(ApiIdempotencyKey).where(ApiIdempotencyKey.id == claim_id))
    db.session.commit()
