"""Keep stored certificate checks current when what they compare against changes elsewhere."""
from __future__ import annotations

from typing import Any

from flask import Flask

from portal.certificates.reading import recheck_vendor_certificates
from portal.vendors import signals as vendor_signals
from portal.vendors.models import Vendor


def init_app(app: Flask) -> None:
    """Subscribe to the vendor changes a certificate's checks depend on."""
    vendor_signals.names_changed.connect(_names_changed)
    vendor_signals.products_changed.connect(_products_changed)


def _names_changed(vendor: Vendor, **_: Any) -> None:
    recheck_vendor_certificates(vendor.id, reason="Certificates checked against the vendor's "
                                                  "new names")


def _products_changed(vendor: Vendor, **_: Any) -> None:
    recheck_vendor_certificates(vendor.id, reason="Certificates checked against the vendor's "
                                                  "products")
