"""Hostile and broken files: each must get a specific status without hurting the caller."""

from __future__ import annotations

import zlib
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Return a PDF assembled from numbered object bodies with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _text_pdf(path: Path, text: str = "Certificate") -> None:
    c = Canvas(str(path), invariant=1)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()


def many_pages(count: int = 5000) -> bytes:
    """Return a valid PDF whose page tree lists the same page `count` times."""
    kids = b" ".join(b"3 0 R" for _ in range(count))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, kids),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def deep_page_tree(depth: int = 3000) -> bytes:
    """Return a PDF whose page tree is nested thousands of levels deep."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        objects.append(b"<< /Type /Pages /Count 1 /Kids [%d 0 R] >>" % (number + 1))
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    return raw_pdf(objects)


def decompression_bomb(expanded_mib: int = 300) -> bytes:
    """Return a PDF whose content stream inflates to hundreds of MiB of zeros."""
    packer = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    body = b"".join(packer.compress(chunk) for _ in range(expanded_mib)) + packer.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream,
        ]
    )


def write_hostile(folder: Path) -> list[tuple[Path, str, str]]:
    """Write the hostile set; return (path, expected status, expected reason) per file."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[tuple[Path, str, str]] = []

    def put(name: str, data: bytes, status: str, reason: str) -> None:
        path = folder / name
        path.write_bytes(data)
        out.append((path, status, reason))

    put("empty.pdf", b"", "malformed", "empty")
    put("not_a_pdf.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200), "malformed", "not_pdf")
    put("text_file.pdf", b"Certificate No: 12345\nValid until 2028\n", "malformed", "not_pdf")
    sample = folder / "_sample.pdf"
    _text_pdf(sample)
    whole = sample.read_bytes()
    sample.unlink()
    put("truncated.pdf", whole[: len(whole) // 2], "malformed", "truncated")
    encrypted = folder / "encrypted.pdf"
    c = Canvas(str(encrypted), encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "Certificate No: IS 712345")
    c.showPage()
    c.save()
    out.append((encrypted, "encrypted", "password"))
    put("many_pages.pdf", many_pages(), "too_large", "page_count")
    put("deep_nesting.pdf", deep_page_tree(), "malformed", "nesting")
    put("bomb.pdf", decompression_bomb(), "too_large", "decompression_bomb")
    put(
        "oversize.pdf",
        b"%PDF-1.7\n%" + b"0" * (21 * 1024 * 1024) + b"\n%%EOF\n",
        "too_large",
        "file_size",
    )
    return out
