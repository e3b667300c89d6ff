"""Certificates: what the reader extracted and what the checks found (read only)."""
from __future__ import annotations

from portal.api import serializers
from portal.api.errors import ApiProblem
from portal.api.evidence_schemas import CertificateList, CertificateOut
from portal.api.operations import ALL_ROLES, Call, Operations
from portal.certificates.models import Certificate
from portal.certificates.services import vendor_certificates
from portal.extensions import db
from portal.vendors.models import Vendor

ops = Operations("certificates", "Certificates read from uploaded documents.")


@ops.route("GET", "/vendors/{vendor_id}/certificates", summary="List a vendor's certificates",
           roles=ALL_ROLES, response=CertificateList)
def list_certificates(call: Call, vendor_id: int):
    """Newest first; vendor contacts see their own organisation's."""
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None or not (call.user.is_staff or call.user.vendor_id == vendor_id):
        raise ApiProblem(404, f"There is no vendor {vendor_id}.")
    return CertificateList(
        data=[serializers.certificate(c) for c in vendor_certificates(vendor.id)])


@ops.route("GET", "/certificates/{certificate_id}", summary="Get a certificate",
           roles=ALL_ROLES, response=CertificateOut)
def get_certificate(call: Call, certificate_id: int):
    """Return the extracted fields, the original extraction and the verification checks."""
    certificate = db.session.get(Certificate, certificate_id)
    visible = certificate is not None and (call.user.is_staff or (
        certificate.vendor_id == call.user.vendor_id and not certificate.document.is_removed))
    if not visible:
        raise ApiProblem(404, f"There is no certificate {certificate_id}.")
    return serializers.certificate(certificate)
