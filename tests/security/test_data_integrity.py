"""Data integrity: concurrent writers never overwrite each other silently, and a server killed
(SIGKILL) in the middle of an upload or a submission leaves the database consistent."""
from __future__ import annotations

import hashlib
import http.client
import http.cookiejar
import os
import signal
import socket
import subprocess  # nosec B404: starts the portal under test
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.assessments import answering
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, AnswerRevision, Assessment
from portal.audit.services import verify_chain
from portal.documents.models import Document
from portal.documents.services import delete_orphan_files
from portal.extensions import db
from portal.questionnaires.templates import load_pinned
from portal.settings.current import settings_for
from tests.security.conftest import PASSWORD, sign_in

REPO = Path(__file__).resolve().parents[2]
QUESTION = "START-ORG-01"  # a text question


# ---- concurrency -----------------------------------------------------------------------------

def test_two_contacts_writing_one_answer_never_lose_a_write(app, make_assessment, make_vendor,
                                                             make_user):
    vendor = make_vendor()
    alice = make_user("vendor", vendor=vendor, email="alice@example.com")
    bob = make_user("vendor", vendor=vendor, email="bob@example.com")
    assessment = make_assessment(vendor, contacts=[alice, bob])
    url = f"/respond/{assessment.id}/autosave"
    clients = []
    for user in (alice, bob):
        client = app.test_client()
        sign_in(client, user.email)
        clients.append(client)
    version = 0
    for round_number in range(8):
        barrier = threading.Barrier(2)
        results: dict[int, tuple[int, dict]] = {}

        def write(index: int, base: int = version, n: int = round_number,
                  barrier: threading.Barrier = barrier, results: dict = results) -> None:
            barrier.wait()
            response = clients[index].post(url, data={
                "question": QUESTION, f"v-{QUESTION}": str(base),
                f"q-{QUESTION}": f"round {n} by writer {index}"})
            results[index] = (response.status_code, response.get_json())

        threads = [threading.Thread(target=write, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        codes = sorted(code for code, _ in results.values())
        assert codes == [200, 409], results  # one wins; the other is told, never overwritten
        winner = next(i for i, (code, _) in results.items() if code == 200)
        loser_body = results[1 - winner][1]
        db.session.expire_all()
        answer = db.session.scalar(sa.select(Answer).where(Answer.question_id == QUESTION))
        assert answer.value == f"round {round_number} by writer {winner}"
        assert loser_body["status"] == "conflict"
        if "conflicts" in loser_body:  # detected before writing: the loser sees the winner's text
            assert loser_body["conflicts"][QUESTION]["value"] == answer.value
        version = answer.version
    revisions = db.session.scalars(sa.select(AnswerRevision.value)).all()
    assert len(revisions) == 8  # every accepted write is in the history


@pytest.mark.parametrize("typed, conflict", [("Same text", False), ("Other text", True)])
def test_creating_an_answer_another_request_just_created(app, make_assessment, monkeypatch,
                                                         typed, conflict):
    """The page's autosave and its Save button both create one new answer (a race seen on
    PostgreSQL, where the second insert waits for the first and then fails): the same text is
    no change, and only a different text is a conflict."""
    assessment = make_assessment()
    contact = assessment.recipients[0]
    template = load_pinned(assessment.template_version)
    first = answering.AnswerChange(question_id=QUESTION, value="Same text", comment=None,
                                   base_version=0)
    answering.save_answers(assessment, template, [first], actor=contact)
    db.session.commit()
    # The second request read the answers before the first one's row existed.
    monkeypatch.setattr(answering, "answers_by_question", lambda _assessment: {})
    second = answering.AnswerChange(question_id=QUESTION, value=typed, comment=None,
                                    base_version=0)
    outcome = answering.save_answers(assessment, template, [second], actor=contact)
    assert (QUESTION in outcome.conflicts) is conflict
    assert (QUESTION in outcome.unchanged) is not conflict
    assert not outcome.errors and not outcome.saved


# ---- crash consistency -----------------------------------------------------------------------

class Server:
    """The portal in a child process, with an optional self-kill point."""

    def __init__(self, app, tmp_path: Path, crash_at: str) -> None:
        port_file = tmp_path / f"port-{uuid.uuid4().hex}"
        self.process = subprocess.Popen(  # nosec B603: fixed argument list
            [sys.executable, "-m", "tests.security.crash_server",
             app.config["SQLALCHEMY_DATABASE_URI"], app.config["UPLOAD_DIR"], str(port_file),
             crash_at], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not port_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.process.stderr.read().decode()[-2000:])
            time.sleep(0.05)
        self.port = int(port_file.read_text())
        self.base = f"http://127.0.0.1:{self.port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def post(self, path: str, body: bytes, content_type: str):
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Content-Type": content_type})
        return self.opener.open(request, timeout=60)

    def sign_in(self, email: str) -> None:
        body = f"email={email}&password={PASSWORD.replace(' ', '+')}".encode()
        self.post("/login", body, "application/x-www-form-urlencoded").close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.process.stderr.close()


@pytest.fixture
def server(app, tmp_path):
    started: list[Server] = []

    def start(crash_at: str) -> Server:
        db.session.remove()  # let the child write
        started.append(Server(app, tmp_path, crash_at))
        return started[-1]

    yield start
    for child in started:
        child.stop()


def _multipart(fields: dict[str, str], file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode())
    return b"".join(parts) + data + f"\r\n--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assert_consistent(app) -> None:
    """Every document row has its intact file; after clean-orphans every file has its row."""
    db.session.remove()
    db.engine.dispose()
    upload_dir = Path(app.config["UPLOAD_DIR"])
    for document in db.session.scalars(sa.select(Document)):
        path = upload_dir / document.stored_name
        assert path.is_file(), f"row {document.id} points at a missing file"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256
    delete_orphan_files(settings_for(app), min_age=timedelta(0))
    db.session.commit()
    names = {d for d in db.session.scalars(sa.select(Document.stored_name))}
    leftovers = {p.name for p in upload_dir.iterdir()} if upload_dir.exists() else set()
    assert leftovers <= names, f"orphaned files remain: {leftovers - names}"
    assert verify_chain() == []


@pytest.mark.parametrize("crash_at", ["upload_temp", "upload_renamed"])
def test_killed_during_upload_leaves_no_half_written_state(app, server, make_vendor, make_user,
                                                           crash_at):
    vendor = make_vendor()
    make_user("vendor", vendor=vendor, email="val@example.com")
    child = server(crash_at)
    child.sign_in("val@example.com")
    body, content_type = _multipart({"kind": "evidence"}, "policy.pdf", PDF)
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        child.post("/documents/", body, content_type)
    child.process.wait(10)
    assert child.process.returncode == -signal.SIGKILL
    assert_consistent(app)
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0


def test_killed_while_a_large_upload_streams(app, server, make_vendor, make_user):
    vendor = make_vendor()
    make_user("vendor", vendor=vendor, email="val@example.com")
    child = server("none")
    child.sign_in("val@example.com")
    cookie = "; ".join(f"{c.name}={c.value}" for c in child.jar)
    body, content_type = _multipart({"kind": "evidence"}, "big.pdf",
                                    PDF + b"0" * (15 * 1024 * 1024))
    with socket.create_connection(("127.0.0.1", child.port), timeout=30) as sock:
        sock.sendall((f"POST /documents/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                      f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
                      ).encode())
        sock.sendall(body[: len(body) // 2])
        time.sleep(0.3)
        os.kill(child.process.pid, signal.SIGKILL)
    child.process.wait(10)
    assert_consistent(app)
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0


def _answer_everything(assessment, contact) -> None:
    from portal.questionnaires.bank import is_visible

    template = load_pinned(assessment.template_version)
    values: dict[str, object] = {}
    changes = []
    for q in template.questions():
        if q.type in ("yes_no", "single_choice"):
            value = next(o.value for o in q.options if o.score is not None)
        elif q.type == "multiple_choice":
            value = [q.options[0].value]
        elif q.type == "number":
            value = "5"
        elif q.type == "date":
            value = "2027-01-31"
        elif q.type == "file":
            continue
        else:
            value = "Answer text"
        values[q.id] = value
        if is_visible(q, values):
            changes.append(answering.AnswerChange(question_id=q.id, value=value, comment=None,
                                                base_version=0))
    outcome = answering.save_answers(assessment, template, changes, actor=contact)
    assert not outcome.errors, outcome.errors
    db.session.commit()


def test_killed_during_submission_leaves_it_complete_or_absent(app, server, make_assessment):
    assessment = make_assessment()
    contact = assessment.recipients[0]
    _answer_everything(assessment, contact)
    assessment_id, email = assessment.id, contact.email
    child = server("submit_flushed")
    child.sign_in(email)
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        child.post(f"/respond/{assessment_id}/submit", b"", "application/x-www-form-urlencoded")
    child.process.wait(10)
    assert child.process.returncode == -signal.SIGKILL
    assert_consistent(app)
    assessment = db.session.get(Assessment, assessment_id)
    assert assessment.status is AssessmentStatus.IN_PROGRESS and assessment.submitted_at is None
    # After a restart, the same submission goes through in full.
    healthy = server("none")
    healthy.sign_in(email)
    healthy.post(f"/respond/{assessment_id}/submit", b"",
                 "application/x-www-form-urlencoded").close()
    db.session.remove()
    assessment = db.session.get(Assessment, assessment_id)
    assert assessment.status is AssessmentStatus.SUBMITTED and assessment.submitted_at is not None
    assert verify_chain() == []
