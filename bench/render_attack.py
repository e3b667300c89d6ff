"""Re-run issue 13's page-image attack and report /login latency while hostile pages render.

    python bench/render_attack.py [--strokes 300000] [--documents 4] [--attackers 8]
        [--duration 60] [--workers 2] [--threads 4] [--database-url URL]

A vendor uploads --documents PDFs built here: 8 pages that share one content stream of
--strokes Bezier curves (before issue 13, 28 s of CPU per page with pdfium at 100 dpi, and
every page a fresh render). The certificates are recorded without being read, so no page image
exists yet: the worst case for the page endpoint (normally the reading job draws them first).
--attackers signed-in clients then request the documents' pages, one after another, for
--duration seconds, while an anonymous client loads GET /login once a second. Before the attack
the same client measures /login on the idle server.

Prints /login p50/p95/max during the attack against the idle baseline, and how the page
requests were answered (200 drawn, 200 placeholder, 503 busy). Before issue 13 (8 attackers,
2 gunicorn workers): /login took up to 88 s.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import threading
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    BENCH_PASSWORD,
    Client,
    Gunicorn,
    ServerConfig,
    latency_summary,
    make_app,
    migrate,
    portal_env,
    recreate_database,
    sqlite_url,
    write_results,
)


def hostile_pdf(strokes: int, pages: int = 8, seed: int = 13) -> bytes:
    """Return a PDF whose pages all draw one shared stream of `strokes` Bezier curves."""
    rng = random.Random(seed)
    lines = [b"0.2 w"]
    for _ in range(strokes):
        points = " ".join(f"{rng.uniform(0, 595):.1f} {rng.uniform(0, 842):.1f}"
                          for _ in range(4))
        x0, y0, x1, y1, x2, y2, x3, y3 = points.split()
        lines.append(f"{x0} {y0} m {x1} {y1} {x2} {y2} {x3} {y3} c S".encode())
    content = zlib.compress(b"\n".join(lines), 6)
    kids = " ".join(f"{4 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        + b"\nendstream",
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
          for _ in range(pages)],
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def seed(url: str, pdf: bytes, documents: int, contacts: int) -> tuple[list[str], list[int]]:
    """Create vendor contacts (one per attacker: a sign-in ends the user's other sessions)
    and unread certificates; return (e-mails, certificate ids)."""
    import secrets

    from portal.auth.models import Role, User
    from portal.auth.passwords import hash_password
    from portal.certificates.models import Certificate, CertificateStatus
    from portal.documents.models import DocumentKind
    from portal.documents.services import store_upload
    from portal.extensions import db
    from portal.settings.current import settings_for
    from portal.vendors.models import Vendor

    app = make_app(url)
    migrate(app)
    with app.app_context():
        vendor = Vendor(legal_name="Hostile Pages Ltd", name_key="hostile pages ltd")
        db.session.add(vendor)
        db.session.flush()
        emails = [f"attacker{n}@hostile.example" for n in range(contacts)]
        password_hash = hash_password(BENCH_PASSWORD)
        users = [User(email=email, name=f"Page Attacker {n}", role=Role.VENDOR,
                      vendor_id=vendor.id, password_hash=password_hash, is_active=True,
                      session_token=secrets.token_hex(16)) for n, email in enumerate(emails)]
        db.session.add_all(users)
        db.session.flush()
        user = users[0]
        ids = []
        for n in range(documents):
            document = store_upload(io.BytesIO(pdf), f"hostile-{n}.pdf", vendor=vendor,
                                    actor=user, settings=settings_for(app),
                                    kind=DocumentKind.CERTIFICATE)
            certificate = Certificate(
                document=document, part=1, pages=[], vendor_id=vendor.id,
                status=CertificateStatus.PROCESSING, status_message="Not read (benchmark).",
                created_by_id=user.id, standards=[], sites=[], checks=[])
            db.session.add(certificate)
            db.session.flush()
            ids.append(certificate.id)
        db.session.commit()
    return emails, ids


def measure_login(base: str, stop: threading.Event, out: list[float], pace: float) -> None:
    client = Client(base, timeout=300)
    while not stop.is_set():
        response = client.get("/login")
        if response.status == 200:
            out.append(response.seconds)
        stop.wait(pace)
    client.close()


def attack(base: str, email: str, urls: list[str], stop: threading.Event,
           outcomes: dict[str, int], lock: threading.Lock) -> None:
    client = Client(base, timeout=300)
    client.login(email)
    for url in urls:
        if stop.is_set():
            break
        response = client.request("GET", url)
        if response.status == 200 and response.headers.get("x-page-image") is None:
            kind = "200 drawn"
        elif response.status == 200:
            kind = "200 placeholder (could not be drawn)"
        else:
            kind = f"{response.status} busy" if response.status == 503 else str(response.status)
        with lock:
            outcomes[kind] = outcomes.get(kind, 0) + 1
        if response.status == 503:
            stop.wait(float(response.headers.get("retry-after", "1")))
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strokes", type=int, default=300_000)
    parser.add_argument("--documents", type=int, default=4)
    parser.add_argument("--attackers", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    url = args.database_url or sqlite_url("render_attack")
    recreate_database(url)
    pdf = hostile_pdf(args.strokes)
    print(f"hostile PDF: {len(pdf) / 1048576:.1f} MiB, 8 pages sharing {args.strokes} strokes")
    emails, ids = seed(url, pdf, args.documents, args.attackers)
    urls = [f"/certificates/{cid}/pages/{page}.png" for page in range(1, 9) for cid in ids]
    config = ServerConfig(workers=args.workers, threads=args.threads)
    with Gunicorn("wsgi:app", config=config, env=portal_env(url), name="render_attack") as server:
        base = server.base
        idle: list[float] = []
        stop = threading.Event()
        prober = threading.Thread(target=measure_login, args=(base, stop, idle, 0.2))
        prober.start()
        time.sleep(5)
        stop.set()
        prober.join()

        during: list[float] = []
        outcomes: dict[str, int] = {}
        lock = threading.Lock()
        stop = threading.Event()
        attackers = [threading.Thread(target=attack, args=(
            base, emails[n], urls[n::args.attackers], stop, outcomes, lock))
            for n in range(args.attackers)]
        for thread in attackers:
            thread.start()
        time.sleep(1)
        prober = threading.Thread(target=measure_login, args=(base, stop, during, 1.0))
        prober.start()
        time.sleep(args.duration)
        stop.set()
        prober.join()
        for thread in attackers:
            thread.join(120)
    result = {"server": config.label(), "strokes": args.strokes, "documents": args.documents,
              "attackers": args.attackers, "duration_s": args.duration,
              "login_idle": latency_summary(idle), "login_under_attack": latency_summary(during),
              "page_requests": outcomes}
    print(f"{config.label()}, {args.attackers} attackers, {args.duration:g} s")
    print(f"GET /login idle:         {result['login_idle']}")
    print(f"GET /login under attack: {result['login_under_attack']}")
    print(f"page requests: {outcomes}")
    print(f"written to {write_results('render_attack', result)}")


if __name__ == "__main__":
    main()
