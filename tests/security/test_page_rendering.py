"""Issue 13: page images drawn at read time, a bounded gate with 503 + Retry-After for the
rest, a page cap, and reading children without the web process's secrets."""
from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from portal.certificates import confinement, pages
from portal.certificates.rendering import PageUnavailable
from portal.certificates.results import Limits
from portal.certificates.sandbox import PRELOAD
from tests.security.sandbox_probe import report
from tests.web import test_certificates
from tests.web.test_certificates import certificate_pdf, latest_certificate, upload

acme = test_certificates.acme  # the fixture: a vendor matching the test certificate


def test_pages_are_drawn_when_the_certificate_is_read(app, client, login, acme):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf())
    certificate = latest_certificate()
    stored = list(Path(app.config["UPLOAD_DIR"]).glob("*.page-1.png"))
    assert len(stored) == 1  # before any page request
    response = client.get(f"/certificates/{certificate.id}/pages/1.png")
    response.close()
    assert response.status_code == 200 and response.headers.get("X-Page-Image") is None


def test_a_page_request_without_a_free_slot_gets_503_with_retry_after(app, client, login, acme,
                                                                      monkeypatch):
    app.config.update(PAGE_RENDER_PRERENDER=0, PAGE_RENDER_WAIT_SECONDS=0)
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf())
    certificate = latest_certificate()
    gate = pages._gate(1)
    assert gate.acquire(timeout=5)  # another request is drawing
    try:
        response = client.get(f"/certificates/{certificate.id}/pages/1.png")
        response.close()
    finally:
        gate.release()
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.mimetype == "image/png" and response.headers["X-Page-Image"] == "busy"
    drawn = client.get(f"/certificates/{certificate.id}/pages/1.png")  # a slot is free again
    drawn.close()
    assert drawn.status_code == 200 and drawn.headers.get("X-Page-Image") is None


def test_concurrent_requests_draw_at_most_the_slot_count(tmp_path, monkeypatch):
    source = tmp_path / "doc.pdf"
    source.write_bytes(certificate_pdf())
    active, peak, lock = [0], [0], threading.Lock()
    release = threading.Event()

    def slow_draw(path, page, *, limits=None):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        release.wait(10)
        with lock:
            active[0] -= 1
        return path

    monkeypatch.setattr(pages, "cached_page_png", slow_draw)
    policy = pages.PagePolicy(concurrency=2, wait_seconds=0.05, max_pages=8)
    outcomes: list[str] = []

    def ask(page):
        try:
            pages.page_png(source, page, limits=Limits(), policy=policy)
            outcomes.append("drawn")
        except pages.RenderBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads[2:]:  # the six without a slot give up quickly
        thread.join(10)
    release.set()
    for thread in threads[:2]:
        thread.join(10)
    assert peak[0] <= 2
    assert outcomes.count("busy") == 6 and outcomes.count("drawn") == 2


def test_pages_past_the_cap_are_never_drawn(tmp_path):
    source = tmp_path / "doc.pdf"
    source.write_bytes(certificate_pdf())
    with pytest.raises(PageUnavailable, match="Only the first 3 pages"):
        pages.page_png(source, 4, limits=Limits(), policy=pages.PagePolicy(max_pages=3))
    assert not list(tmp_path.glob("*.png"))


def test_drawing_has_its_own_lower_time_allowance():
    limits = pages.page_limits(Limits(), pages.PagePolicy(seconds=20))
    assert limits.cpu_seconds == 20 and limits.wall_seconds == 40 < Limits().wall_seconds


def test_reading_children_start_without_secrets_in_an_empty_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-secret-the-reader-must-not-see")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    confinement.start_forkserver()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=report, args=(sender,), daemon=True)
    process.start()
    sender.close()
    assert receiver.poll(60)
    keys, cwd, listing, niceness = receiver.recv()
    process.join(10)
    assert set(keys) <= set(confinement.SAFE_ENV_KEYS)  # /proc/self/environ: nothing else
    assert "SECRET_KEY" not in keys
    assert listing == [] and cwd != os.getcwd()
    assert niceness >= confinement.CHILD_NICENESS


def test_the_child_environment_keeps_only_the_safe_keys():
    env = confinement.clean_environment({"PATH": "/usr/bin", "SECRET_KEY": "x",
                                         "DATABASE_URL": "postgresql://u:p@db/portal",
                                         "SMTP_PASSWORD": "pw", "LANG": "C.UTF-8"})
    assert set(env) == {"PATH", "LANG", "HOME", "OMP_THREAD_LIMIT"}


def test_a_fork_server_started_again_after_dying_is_clean_too(monkeypatch):
    from multiprocessing import forkserver

    monkeypatch.setenv("SECRET_KEY", "a-secret-the-reader-must-not-see")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    confinement.start_forkserver()
    old = forkserver._forkserver._forkserver_pid
    os.kill(old, 9)
    os.waitpid(old, 0)  # reaped here, as multiprocessing would on its next start
    forkserver._forkserver._forkserver_pid = None  # what ensure_running does after reaping
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=report, args=(sender,), daemon=True)
    process.start()  # multiprocessing starts a new fork server by itself
    sender.close()
    assert receiver.poll(60)
    keys, *_ = receiver.recv()
    process.join(10)
    assert forkserver._forkserver._forkserver_pid not in (None, old)
    assert set(keys) <= set(confinement.SAFE_ENV_KEYS)
