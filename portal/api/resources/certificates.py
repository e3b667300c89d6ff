"""Certificates: what the reader extracted, what the checks found, and their review."""
from __future__ import annotations

from portal.api import process_schemas as shapes
from portal.api import serializers
from portal.api.errors import ApiProblem
from portal.api.evidence_schemas import CertificateList, CertificateOut
from portal.api.operations import ALL_ROLES, STAFF, Call, Operations
from portal.certificates import services
from portal.certificates.models import Certificate
from portal.extensions import db
from portal.settings.current import current_settings
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
        data=[serializers.certificate(c) for c in services.vendor_certificates(vendor.id)])


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


# ---- review: the same services as the certificate page ------------------------------------

def _reviewable(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise ApiProblem(404, f"There is no certificate {certificate_id}.")
    return certificate


def _refused(exc: services.CertificateError) -> ApiProblem:
    return ApiProblem(409, exc.message, kind="invalid-transition")


@ops.route("PATCH", "/certificates/{certificate_id}", summary="Correct a certificate's fields",
           scope="write", roles=STAFF, body=shapes.CertificateCorrection,
           response=CertificateOut, errors=(409,))
def correct_certificate(call: Call, certificate_id: int):
    """Correct what the reader got wrong; the checks run again and the original extraction and
    each correction (who, old and new value) are kept and audited."""
    certificate = _reviewable(certificate_id)
    body = call.body
    changes = {}
    for name in body.model_fields_set:
        value = getattr(body, name)
        if isinstance(value, list):
            value = "\n".join(value)
        elif value is not None:
            value = str(value)
        changes[name] = value
    try:
        services.correct_certificate(certificate, changes, actor=call.user)
    except services.InvalidCorrection as exc:
        raise ApiProblem(422, exc.message, kind="validation-error") from None
    except services.CertificateError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.certificate(certificate)


@ops.route("POST", "/certificates/{certificate_id}/accept", summary="Accept a certificate",
           scope="write", roles=STAFF, body=shapes.CertificateAccept, response=CertificateOut,
           errors=(409,))
def accept_certificate(call: Call, certificate_id: int):
    """Accept a read certificate (older accepted copies become superseded); 409 while it is
    being read or when it could not be read."""
    certificate = _reviewable(certificate_id)
    try:
        services.accept_certificate(certificate, actor=call.user, comment=call.body.comment)
    except services.CertificateError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.certificate(certificate)


@ops.route("POST", "/certificates/{certificate_id}/reject", summary="Reject a certificate",
           scope="write", roles=STAFF, body=shapes.CertificateReject, response=CertificateOut,
           errors=(409,))
def reject_certificate(call: Call, certificate_id: int):
    """Reject with the reason, which the vendor sees."""
    certificate = _reviewable(certificate_id)
    try:
        services.reject_certificate(certificate, actor=call.user, comment=call.body.comment)
    except services.CertificateError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.certificate(certificate)


@ops.route("POST", "/certificates/{certificate_id}/recheck", summary="Run the checks again",
           scope="write", roles=STAFF, response=CertificateOut)
def recheck_certificate(call: Call, certificate_id: int):
    """Run the verification checks again (after a correction elsewhere, or a new day)."""
    certificate = _reviewable(certificate_id)
    services.recheck_certificate(certificate, actor=call.user, settings=current_settings())
    db.session.commit()
    return serializers.certificate(certificate)
