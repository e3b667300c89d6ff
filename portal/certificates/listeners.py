"""Keep stored certificate checks current when what they compare against changes elsewhere,
and read the certificates uploaded to the document library."""
from __future__ import annotations

from typing import Any

from flask import Flask

from portal.auth.models import User
from portal.certificates.reading import recheck_vendor_certificates
from portal.certificates.services import register_certificate
from portal.documents import signals as document_signals
from portal.documents.models import Document, DocumentKind
from portal.settings import Settings
from portal.vendors import signals as vendor_signals
from portal.vendors.models import Vendor


def init_app(app: Flask) -> None:
    """Subscribe to the vendor changes a certificate's checks depend on, and to uploads."""
    vendor_signals.names_changed.connect(_names_changed)
    vendor_signals.products_changed.connect(_products_changed)
    document_signals.library_upload.connect(_library_upload)


def _names_changed(vendor: Vendor, **_: Any) -> None:
    recheck_vendor_certificates(vendor.id, reason="Certificates checked against the vendor's "
                                                  "new names")


def _products_changed(vendor: Vendor, **_: Any) -> None:
    recheck_vendor_certificates(vendor.id, reason="Certificates checked against the vendor's "
                                                  "products")


def _library_upload(document: Document, *, actor: User, settings: Settings) -> None:
    if document.kind is DocumentKind.CERTIFICATE:  # read and check it
        register_certificate(document, actor=actor, settings=settings)
