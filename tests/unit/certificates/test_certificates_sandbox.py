"""The sandboxed reader: every hostile file gets its own status; limits stop runaway work."""

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.hostile import write_hostile
from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits
from portal.certificates.sandbox import SandboxPool


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> dict[str, tuple[Path, str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return {path.stem: (path, status, reason) for path, status, reason in write_hostile(folder)}


@pytest.mark.parametrize(
    "name",
    [
        "empty",
        "not_a_pdf",
        "text_file",
        "truncated",
        "encrypted",
        "many_pages",
        "deep_nesting",
        "bomb",
        "oversize",
    ],
)
def test_hostile_files_get_specific_statuses(pool, hostile, name):
    path, status, reason = hostile[name]
    result = pool.extract(path, Limits())
    assert (result.status, result.reason) == (status, reason), result.message
    assert result.message and result.standard is None


def test_good_certificate_through_the_sandbox(pool, certificate_pdf):
    result = pool.extract(certificate_pdf(), Limits())
    assert result.status == "ok"
    assert result.certificate_number.value == "AIMS 712345"
    assert result.expiry_date.value.isoformat() == "2028-03-13"
    assert result.elapsed_seconds > 0


def test_in_process_reader_takes_bytes(certificate_pdf):
    result = extract_pdf(certificate_pdf().read_bytes())
    assert result.status == "ok" and result.organization.value == "Example Analytics Ltd"


def test_missing_file_is_reported(pool, tmp_path):
    assert pool.extract(tmp_path / "nope.pdf", Limits()).reason == "unreadable"


def test_wall_clock_limit_kills_the_worker_and_the_pool_recovers(pool, certificate_pdf):
    slow = certificate_pdf("slow.pdf", pages=40)
    result = pool.extract(slow, Limits(wall_seconds=0.05))
    assert (result.status, result.reason) == ("timeout", "wall_clock")
    assert pool.extract(certificate_pdf(), Limits()).status == "ok"


def test_cpu_limit(pool, tmp_path):
    path = tmp_path / "heavy.pdf"
    c = Canvas(str(path), invariant=1)
    for _ in range(40):
        c.setFont("Helvetica", 4)
        for row in range(150):
            c.drawString(20, 20 + row * 5, "ISO certificate word " * 12)
        c.showPage()
    c.save()
    result = pool.extract(path, Limits(cpu_seconds=1, wall_seconds=60))
    assert (result.status, result.reason) == ("timeout", "cpu_time")


def test_scan_without_ocr_needs_ocr(pool, tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("L", (400, 560), 255).save(path, "PDF", resolution=50)
    result = pool.extract(path, Limits(ocr=False))
    assert result.status == "needs_ocr"
    assert "tesseract" in result.message.lower()


def _dense_text_pdf(path):
    """Write a one-page PDF with so many characters that laying them out needs >100 MiB."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pageCompression=1)
    page.setFont("Helvetica", 1)
    for row in range(4000):
        page.drawString(1, 1 + (row % 800), "ISO/IEC 42001 certificate " * 6)
    page.save()
    return path


def test_memory_limit_is_reported_not_raised(tmp_path):
    # Under RLIMIT_AS the worker dies by MemoryError, abort or segfault depending on where
    # the allocation fails; the caller always gets a status, and the pool keeps working.
    limits = Limits(memory_bytes=40 * 1024 * 1024)
    small = SandboxPool(1, memory_bytes=limits.memory_bytes)
    try:
        result = small.extract(_dense_text_pdf(tmp_path / "dense.pdf"), limits)
        assert (result.status, result.reason) in {("too_large", "memory"), ("malformed", "crash")}
        assert "memory" in result.message.lower()
    finally:
        small.close()
