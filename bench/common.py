"""Shared benchmark helpers: databases, gunicorn, a keep-alive HTTP client, timing and output.

Every benchmark measures its baseline in the same run and reports a ratio, because absolute
figures on a shared two-core machine move with whatever else is running.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

OUT_DIR = REPO / "bench" / "out"
BIN = Path(sys.executable).parent
BENCH_PASSWORD = "bench-portal-password-2026"
PG_BASE = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def pg_url(database: str) -> str:
    """Return the URL of a benchmark database on the local PostgreSQL (BENCH_PG_URL overrides)."""
    return f"{PG_BASE.rstrip('/')}/{database}"


def sqlite_url(name: str) -> str:
    """Return the URL of a SQLite benchmark database file in bench/out."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{OUT_DIR / (name + '.db')}"


# ---- databases -----------------------------------------------------------------------------

def recreate_database(url: str) -> None:
    """Drop and create the database behind url (PostgreSQL), or delete the SQLite file."""
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"refusing to recreate database {name!r}: use letters, digits and _")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def portal_config(url: str, **extra: Any) -> dict[str, Any]:
    """Return a create_app() configuration for a benchmark run against url."""
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench-" + secrets.token_hex(16),
        "PORTAL_ENV": "production",
        "UPLOAD_DIR": str(OUT_DIR / "uploads"),
        "PORTAL_BASE_URL": "http://127.0.0.1",
    }
    config.update(extra)
    return config


def make_app(url: str, **extra: Any):
    """Build the portal application for url without reading the environment."""
    from portal import create_app

    return create_app(portal_config(url, **extra))


def migrate(app) -> list[str]:
    """Apply the migrations, then create tables the migrations do not define yet; list those."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from portal.extensions import db

    with app.app_context():
        upgrade(directory=str(REPO / "migrations"))
        have = set(sa.inspect(db.engine).get_table_names())
        missing = [t for name, t in db.metadata.tables.items() if name not in have]
        if missing:
            db.metadata.create_all(db.engine, tables=missing)
        return sorted(t.name for t in missing)


# ---- the server ----------------------------------------------------------------------------

def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerConfig:
    workers: int = 2
    threads: int = 4  # gthread: keep-alive works, unlike the sync worker
    keep_alive: int = 30
    worker_class: str = "gthread"

    def args(self) -> list[str]:
        return ["--workers", str(self.workers), "--worker-class", self.worker_class,
                "--threads", str(self.threads), "--keep-alive", str(self.keep_alive)]

    def label(self) -> str:
        return f"gunicorn {self.worker_class} {self.workers} workers x {self.threads} threads"


class Gunicorn:
    """Run gunicorn on a free loopback port for the duration of a with-block."""

    def __init__(self, app_spec: str, *, config: ServerConfig, env: dict[str, str] | None = None,
                 name: str = "server", health_path: str = "/healthz") -> None:
        self.port = free_port()
        self.base = f"127.0.0.1:{self.port}"
        self.app_spec = app_spec
        self.config = config
        self.env = env or {}
        self.name = name
        self.health_path = health_path
        self.log_path = OUT_DIR / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        cmd = [str(BIN / "gunicorn"), "--bind", self.base, *self.config.args(),
               "--chdir", str(REPO), "--log-level", "warning", "--error-logfile",
               str(self.log_path), "--graceful-timeout", "5", self.app_spec]
        env = {**os.environ, **self.env, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection(self.base, timeout=2)
                conn.request("GET", self.health_path)
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {self.health_path} within {timeout}s")

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def portal_env(url: str) -> dict[str, str]:
    """Return the environment the portal reads in production, pointing at url."""
    return {"DATABASE_URL": url, "SECRET_KEY": "bench-" + secrets.token_hex(16),
            "PORTAL_ENV": "production", "UPLOAD_DIR": str(OUT_DIR / "uploads"),
            "PORTAL_INSTANCE_PATH": str(OUT_DIR / "instance")}


# ---- the client ----------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One browser-like session: a keep-alive connection, cookies, and the last CSRF token.

    A request on a kept-alive connection that the server has closed in between is sent again
    on a new connection once (as browsers and urllib3 do); `reconnects` counts those.
    """

    def __init__(self, base: str, timeout: float = 30) -> None:
        self.base = base
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.base, timeout=self.timeout)
            return self.conn, False
        return self.conn, True

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        """Send one request and read the whole response; keep cookies."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            conn, reused = self._connection()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                data = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    self.reconnects += 1
                    continue
                raise
            elapsed = time.perf_counter() - started
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, val = cookie.partition("=")
                    if "expires=thu, 01 jan 1970" in value.lower() or val == "":
                        self.cookies.pop(key.strip(), None)
                    else:
                        self.cookies[key.strip()] = val
            if raw.will_close:
                self.close()
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data,
                            elapsed)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Response:
        """GET a page, remembering its CSRF token if it has a form."""
        response = self.request("GET", path, headers={"Accept": "text/html"})
        if response.status == 200 and b"csrf_token" in response.body:
            match = CSRF_RE.search(response.text())
            if match:
                self.csrf = match.group(1)
        return response

    def post(self, path: str, fields: Sequence[tuple[str, str]] | dict[str, str], *,
             accept: str = "text/html") -> Response:
        """POST a urlencoded form with the current CSRF token."""
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if self.csrf and not any(k == "csrf_token" for k, _ in items):
            items.append(("csrf_token", self.csrf))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        if self.csrf:
            headers["X-CSRFToken"] = self.csrf
        return self.request("POST", path, body=urlencode(items).encode(), headers=headers)

    def login(self, email: str, password: str = BENCH_PASSWORD) -> Response:
        """Sign in through the login form. Raises: RuntimeError when refused."""
        page = self.get("/login")
        if page.status != 200:
            raise RuntimeError(f"GET /login answered {page.status}")
        response = self.post("/login", {"email": email, "password": password, "next": ""})
        if response.status != 302:
            raise RuntimeError(f"login of {email} answered {response.status}")
        return response

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# ---- measuring -----------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float | None:
    """Return the q-th percentile (0..100) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def latency_summary(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """Summarise latencies in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "p50_ms": _round(percentile(ms, 50)),
        "p95_ms": _round(percentile(ms, 95)),
        "p99_ms": _round(percentile(ms, 99)),
        "max_ms": _round(max(ms) if ms else None),
        "mean_ms": _round(statistics.fmean(ms) if ms else None),
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


class Recorder:
    """Thread-safe latencies per label, and errors with a few examples."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def ok(self, label: str, seconds: float) -> None:
        with self.lock:
            self.latencies[label].append(seconds)

    def error(self, label: str, detail: str) -> None:
        with self.lock:
            self.errors[label] += 1
            if len(self.examples) < 10:
                self.examples.append(f"{label}: {detail}"[:300])

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(self.errors.values())


def run_threads(count: int, target, *args) -> None:
    """Run target(index, *args) in count threads and wait for all of them."""
    threads = [threading.Thread(target=target, args=(i, *args), daemon=True)
               for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# ---- output --------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    """Describe the machine and the code the figures come from."""
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "memory": memory, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit, "load_1min_at_start": load}


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Format rows as a plain-text table."""
    rows = [["" if c is None else (f"{c:,.2f}" if isinstance(c, float) else str(c)) for c in r]
            for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    line = "  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                      enumerate(zip(r, widths, strict=True))) for r in rows]
    return "\n".join(out)


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write results as bench/out/<name>.json (with the machine description); return the path."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {"benchmark": name, "machine": machine(), "command": " ".join(sys.argv), **data}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


@dataclass
class Timer:
    """Measure a block: `with Timer() as t: ...; t.seconds`."""

    seconds: float = 0.0
    _start: float = field(default=0.0, repr=False)

    def __enter__(self) -> Timer:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._start


# ---- answering like the questionnaire's JavaScript -----------------------------------------

def answer_fields(question, value: Any, comment: str | None, version: int) -> list[tuple[str, str]]:
    """Return the autosave form fields portal.js sends for one question."""
    qid = question.id
    fields = [("question", qid), (f"v-{qid}", str(version))]
    values = value if isinstance(value, list) else [value]
    fields += [(f"q-{qid}", str(v)) for v in values if v is not None]
    fields.append((f"c-{qid}", comment or ""))
    return fields


def stored_form(question, value: Any, comment: str | None) -> tuple[Any, str | None]:
    """Return the value and comment the portal stores for what answer_fields() sent."""
    from portal.questionnaires.answers import check_comment, normalise

    raw = [str(v) for v in value] if isinstance(value, list) else str(value)
    stored = normalise(question, raw)
    return json.loads(json.dumps(stored)), check_comment(question, stored, comment)


@dataclass(frozen=True)
class Ack:
    """An autosave the server acknowledged: this version of this answer holds these values."""

    assessment_id: int
    question_id: str
    version: int
    value: Any
    comment: str | None


def verify_acks(app, acks: Sequence[Ack]) -> dict[str, Any]:
    """Check every acknowledged save against answer_revisions and the final answers rows."""
    import sqlalchemy as sa

    from portal.assessments.models import Answer, AnswerRevision
    from portal.extensions import db

    assessment_ids = sorted({a.assessment_id for a in acks})
    with app.app_context():
        revisions = {}
        finals = {}
        for chunk in range(0, len(assessment_ids), 500):
            ids = assessment_ids[chunk:chunk + 500]
            for aid, qid, version, value, comment in db.session.execute(
                    sa.select(Answer.assessment_id, Answer.question_id, AnswerRevision.version,
                              AnswerRevision.value, AnswerRevision.comment)
                    .join(AnswerRevision, AnswerRevision.answer_id == Answer.id)
                    .where(Answer.assessment_id.in_(ids))):
                revisions[(aid, qid, version)] = (value, comment)
            for aid, qid, version, value, comment in db.session.execute(
                    sa.select(Answer.assessment_id, Answer.question_id, Answer.version,
                              Answer.value, Answer.comment)
                    .where(Answer.assessment_id.in_(ids))):
                finals[(aid, qid)] = (version, value, comment)
        db.session.remove()
    missing, mismatched = [], []
    last: dict[tuple[int, str], Ack] = {}
    for ack in acks:
        key = (ack.assessment_id, ack.question_id, ack.version)
        if key not in revisions:
            missing.append(key)
        elif revisions[key] != (ack.value, ack.comment):
            mismatched.append((key, revisions[key], (ack.value, ack.comment)))
        prev = last.get(key[:2])
        if prev is None or ack.version > prev.version:
            last[key[:2]] = ack
    final_wrong = [(k, finals.get(k), (a.version, a.value, a.comment)) for k, a in last.items()
                   if finals.get(k) != (a.version, a.value, a.comment)]
    return {"acknowledged": len(acks), "revision_rows": len(revisions),
            "answers_rows": len(finals), "missing": len(missing),
            "mismatched": len(mismatched), "final_value_wrong": len(final_wrong),
            "unacknowledged_rows": len(revisions) - (len(acks) - len(missing)),
            "examples": [str(x)[:200] for x in (missing + mismatched + final_wrong)[:5]]}
