"""Job handlers by kind, and the progress object a handler reports through."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portal.extensions import db
from portal.jobs.models import Job

Handler = Callable[..., dict[str, Any] | None]
_handlers: dict[str, Handler] = {}


def register(kind: str, function: Handler) -> None:
    """Make a function the handler of a job kind (the app factory registers each feature's).

    A handler is called as handler(progress, **job.params) and returns a JSON-able result (or
    None). It must be idempotent: a retry after a failure or a crash runs it again from the start,
    so it skips work already done (committed by earlier calls of progress.advance()).
    """
    _handlers[kind] = function


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of a job kind (see register)."""

    def decorate(function: Handler) -> Handler:
        register(kind, function)
        return function

    return decorate


def handler_for(kind: str) -> Handler:
    """Return the handler of a job kind. Raises: LookupError for a kind nobody registered."""
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"No handler for job kind {kind!r}") from None


class Progress:
    """What a running handler reports: the amount of work and how much is done.

    advance() commits the session, so each finished item is durable together with the
    progress that users see (and a retry can skip it).
    """

    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def actor(self):
        return self.job.created_by

    def start(self, total: int, message: str | None = None) -> None:
        self.job.total, self.job.done = total, 0
        if message is not None:
            self.job.message = message[:300]
        db.session.commit()

    @property
    def partial(self) -> dict[str, Any]:
        """What earlier attempts recorded with advance(partial=...): work a retry may skip."""
        return dict(self.job.result or {})

    def advance(self, count: int = 1, message: str | None = None,
                partial: dict[str, Any] | None = None) -> None:
        self.job.done += count
        if message is not None:
            self.job.message = message[:300]
        if partial is not None:
            self.job.result = partial  # committed with the item's own work
        db.session.commit()

    def note(self, message: str) -> None:
        self.job.message = message[:300]
        db.session.commit()
