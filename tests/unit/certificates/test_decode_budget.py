"""Issue 13: decompression bombs behind indirect or escaped filter names, and filter chains the
byte pre-check cannot follow, stop at the decoding budget instead of the CPU or wall limit."""
from __future__ import annotations

import binascii
import zlib

import pytest

from portal.certificates.pdfchecks import check_bytes
from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits

MIB = 1024 * 1024
LIMITS = Limits(max_stream_bytes=1 * MIB, max_total_stream_bytes=2 * MIB, ocr=False)


def pdf_with_contents(stream_dict: bytes, payload: bytes, extra_objects: bytes = b"") -> bytes:
    """Return a one-page PDF whose page content stream has the given dictionary and bytes."""
    objects = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>\n"
        b"endobj\n",
        b"4 0 obj\n<< " + stream_dict + b" /Length %d >>\nstream\n" % len(payload) + payload
        + b"\nendstream\nendobj\n",
    ]
    body = b"%PDF-1.7\n"
    offsets = []
    for obj in objects:
        offsets.append(len(body))
        body += obj
    body += extra_objects
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return body


BOMB = zlib.compress(b"0 0 m 1 1 l S\n" * (4 * MIB // 14), 9)


@pytest.mark.parametrize(("stream_dict", "extra"), [
    (b"/Filter 6 0 R", b"6 0 obj\n/FlateDecode\nendobj\n"),
    (b"/Filter /Fl#61teDecode", b""),
    (b"/Filter [/Fl#61te#44ecode]", b""),
])
def test_bytes_check_sees_through_indirect_and_escaped_filters(stream_dict, extra):
    rejected = check_bytes(pdf_with_contents(stream_dict, BOMB, extra), LIMITS)
    assert rejected is not None and rejected.reason == "decompression_bomb"


def test_a_filter_chain_stops_at_the_decoding_budget():
    payload = binascii.hexlify(BOMB) + b">"
    data = pdf_with_contents(b"/Filter [/ASCIIHexDecode /FlateDecode]", payload)
    assert check_bytes(data, LIMITS) is None  # the byte check cannot follow the chain
    result = extract_pdf(data, limits=LIMITS)
    assert result.reason == "decompression_bomb"


def test_ordinary_streams_stay_within_the_budget():
    content = zlib.compress(b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET\n")
    data = pdf_with_contents(b"/Filter /FlateDecode", content)
    assert check_bytes(data, LIMITS) is None
    assert extract_pdf(data, limits=LIMITS).reason != "decompression_bomb"


def test_a_large_image_is_not_a_bomb_but_data_past_its_size_is():
    """A seal drawn small but stored at 15000 x 16000 pixels expands past the per-stream limit
    and is still only the image its dictionary describes; data that expands past what its
    image dictionary says is a bomb."""
    pixels = zlib.compress(bytes(2 * MIB), 9)  # 2048 x 1024 grey pixels
    image = b"<< /Type /XObject /Subtype /Image /Width 2048 /Height 1024 /ColorSpace /DeviceGray " \
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
    extra = b"5 0 obj\n" + image + pixels + b"\nendstream\nendobj\n"
    content = zlib.compress(b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET\n")
    limits = Limits(max_stream_bytes=1 * MIB, max_total_stream_bytes=4 * MIB, ocr=False)
    assert check_bytes(pdf_with_contents(b"/Filter /FlateDecode", content, extra), limits) is None
    lying = image.replace(b"/Height 1024", b"/Height 64")  # says 128 KiB, holds 2 MiB
    extra = b"5 0 obj\n" + lying + pixels + b"\nendstream\nendobj\n"
    rejected = check_bytes(pdf_with_contents(b"/Filter /FlateDecode", content, extra), limits)
    assert rejected is not None and rejected.reason == "decompression_bomb"
