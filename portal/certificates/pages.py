"""Page images of certificate PDFs without tying up the web server (issue 13).

Drawing a hostile page can take a child process its whole CPU allowance. Before issue 13 each
page request drew its page in the request thread, with no cap on how many at once: eight
requests for eight pages of one crafted PDF kept every worker thread (and both cores) busy and
an unauthenticated /login waited 88 s. Now:

- pages are drawn when the certificate is read (a background job), the first `prerender`
  pages of each document, and kept beside the stored file; a request only sends that PNG;
- a page that is missing (an older upload, or a later page within the cap) is drawn on request
  through a gate of `concurrency` slots per process; a request that cannot get a slot within
  `wait_seconds` is answered 503 with Retry-After instead of queueing a thread;
- pages after `max_pages` are never drawn: the reviewer downloads the file instead;
- drawing has its own, lower CPU limit (and twice that of wall-clock time), and the drawing
  child runs at a lower CPU priority than the web process, so sign-in stays quick meanwhile.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from portal.certificates.rendering import PageUnavailable, cached_page_png, page_files
from portal.certificates.results import Limits
from portal.domain import DomainError
from portal.settings import PagePolicy


class RenderBusy(DomainError):
    """Every drawing slot is taken; ask again after `retry_after` seconds."""

    http_status = 503  # not a refusal: uncaught, it is the "busy, try again" page

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Page images are being drawn; try again in {retry_after} s.")
        self.retry_after = retry_after


_gates: dict[int, threading.BoundedSemaphore] = {}
_gates_lock = threading.Lock()


def _gate(concurrency: int) -> threading.BoundedSemaphore:
    with _gates_lock:
        gate = _gates.get(concurrency)
        if gate is None:
            gate = _gates[concurrency] = threading.BoundedSemaphore(max(1, concurrency))
        return gate


def page_limits(limits: Limits, policy: PagePolicy) -> Limits:
    """Return the reader's limits with the page-drawing time allowance.

    The drawing child runs at a lower priority, so on a busy machine it gets less than a whole
    core: it has twice its CPU allowance of wall-clock time.
    """
    seconds = min(policy.seconds, limits.wall_seconds)
    return replace(limits, wall_seconds=min(2 * seconds, limits.wall_seconds),
                   cpu_seconds=max(1, int(seconds)))


def page_png(source: Path, page: int, *, limits: Limits, policy: PagePolicy) -> Path:
    """Return the PNG of a page: the stored one, or drawn now if a slot is free.

    Raises: PageUnavailable (not drawable, or past the cap), RenderBusy (no slot in time).
    """
    if not 1 <= page <= min(policy.max_pages, limits.max_pages):
        raise PageUnavailable(f"Only the first {policy.max_pages} pages are shown here; "
                              "download the file to see the others.")
    stored, failed = page_files(source, page)
    if stored.is_file() or failed.is_file():
        return cached_page_png(source, page, limits=limits)  # no drawing: no slot needed
    gate = _gate(policy.concurrency)
    if not gate.acquire(timeout=policy.wait_seconds):
        raise RenderBusy(policy.retry_after)
    try:
        return cached_page_png(source, page, limits=page_limits(limits, policy))
    finally:
        gate.release()


def prerender(source: Path, page_count: int, *, limits: Limits, policy: PagePolicy) -> int:
    """Draw the first pages of a document at read time; return how many images are stored.

    Waits for a slot (this runs in a background job, not a request); a page that cannot be
    drawn keeps its reason, so a request later shows the reason without drawing again.
    """
    drawn = 0
    for page in range(1, min(page_count, policy.prerender, policy.max_pages) + 1):
        gate = _gate(policy.concurrency)
        with gate:
            try:
                cached_page_png(source, page, limits=page_limits(limits, policy))
            except PageUnavailable:
                continue
        drawn += 1
    return drawn
