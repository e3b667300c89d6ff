"""Background job: read and check an uploaded certificate."""
from __future__ import annotations

from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.reading import read_certificate
from portal.extensions import db
from portal.jobs.registry import Progress
from portal.settings.current import current_settings


def read(progress: Progress, certificate_id: int) -> dict:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        return {"message": "The certificate was removed before it was read."}
    link = {"endpoint": "certificates.detail", "values": {"certificate_id": certificate.id},
            "label": "Open the certificate"}
    if certificate.status is not CertificateStatus.PROCESSING:
        return {"link": link}  # read already (a repeated delivery)
    progress.start(1, f"Reading {certificate.document.original_name}")
    read_certificate(certificate, actor=progress.actor, settings=current_settings())
    progress.advance(message=f"{certificate.status.label}: {certificate.status_message or ''}")
    return {"link": link}
