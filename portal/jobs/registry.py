"""Job handlers by kind, and the progress object a handler reports through."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from portal.extensions import db
from portal.jobs.models import Job

# Modules whose @handler functions a worker must know; imported on first use.
HANDLER_MODULES = (
    "portal.mail.jobs",
    "portal.certificates.jobs",
    "portal.evidence_pack.jobs",
    "portal.assessments.jobs",
    "portal.vendors.imports.jobs",
    "portal.scoring.refresh",
)
Handler = Callable[..., dict[str, Any] | None]
_handlers: dict[str, Handler] = {}
_loaded = False


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register a function as the handler of a job kind.

    A handler is called as handler(progress, **job.params) and returns a JSON-able result (or
    None). It must be idempotent: a retry after a failure or a crash runs it again from the start,
    so it skips work already done (committed by earlier calls of progress.advance()).
    """

    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return register


def handler_for(kind: str) -> Handler:
    global _loaded
    if not _loaded:
        for module in HANDLER_MODULES:
            importlib.import_module(module)
        _loaded = True
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
