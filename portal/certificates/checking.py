"""Run the verification checks on a stored certificate's current values."""
from __future__ import annotations

from datetime import date

from portal.certificates.fieldvalues import (
    DEFAULT_STANDARD,
    FIELDS,
    extraction_from_values,
    product_terms,
    soften_default_standard,
)
from portal.certificates.models import Certificate
from portal.certificates.results import CertificateExtraction
from portal.certificates.verification import Check, verify_certificate
from portal.vendors.models import Product, Vendor


def current_extraction(certificate: Certificate) -> CertificateExtraction:
    """Return the certificate's current (possibly corrected) values as an extraction."""
    values = {spec.name: getattr(certificate, spec.name) for spec in FIELDS}
    extraction = certificate.extraction or {}
    corrected = {c.field for c in certificate.corrections}
    # Once a reviewer has typed values, the reader's doubt about the document is settled.
    status = "ok" if corrected else str(extraction.get("status") or "ok")
    return extraction_from_values(values, extraction.get("fields"), corrected,
                                  used_ocr=bool(extraction.get("used_ocr")), status=status,
                                  claims=tuple(extraction.get("claims") or ()))


def vendor_terms(vendor: Vendor, product: Product | None = None) -> list[str]:
    """Return the scope search terms of one product, or of all the vendor's products."""
    products = [product] if product is not None else list(vendor.products)
    return product_terms([(p.name, p.description) for p in products])


def verify_stored(certificate: Certificate, today: date, *, product: Product | None = None,
                  known_hashes: set[str] | None = None,
                  reading: CertificateExtraction | None = None) -> list[Check]:
    """Return the checks of a certificate against its vendor (one product, or all).

    reading is the fresh reading being stored; without it the stored values are checked.
    """
    vendor = certificate.vendor
    expected = certificate.expected_standard or DEFAULT_STANDARD
    checks = verify_certificate(
        reading or current_extraction(certificate),
        vendor_names=[vendor.legal_name, *(vendor.aliases or [])],
        product_terms=vendor_terms(vendor, product), expected_standard=expected, today=today,
        sha256=certificate.document.sha256, known_hashes=known_hashes or set())
    return checks if certificate.expected_standard else soften_default_standard(checks, expected)
