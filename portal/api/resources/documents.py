"""Documents: upload (sniffed and stored like any upload), metadata and download."""
from __future__ import annotations

from flask import current_app, send_file

from portal.api import serializers
from portal.api.errors import ApiProblem
from portal.api.evidence_schemas import DocumentOut, DocumentUpload
from portal.api.operations import ALL_ROLES, Call, Operations, Reply
from portal.assessments.models import Assessment
from portal.auth.models import Role
from portal.certificates.services import register_certificate
from portal.documents import services
from portal.documents.models import Document, DocumentKind
from portal.extensions import db
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

ops = Operations("documents", "Evidence and certificate files.")

DOWNLOAD_TYPES = ("application/pdf", "image/png", "image/jpeg",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
BINARY = {"schema": {"type": "string", "format": "binary"}}
# The stored type is sent; application/octet-stream is listed last so that generated clients
# (which know no PDF or DOCX) still read the body as bytes.
DOWNLOAD_CONTENT = {**{t: BINARY for t in DOWNLOAD_TYPES}, "application/octet-stream": BINARY}


def _readable(call: Call, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or not services.can_read_document(call.user, document):
        raise ApiProblem(404, f"There is no document {document_id}.")
    return document


@ops.route("POST", "/documents", summary="Upload a document", scope="write", roles=ALL_ROLES,
           body=DocumentUpload, multipart=True, response=DocumentOut, status=201,
           errors=(404, 413), headers=("Location",), idempotent=True,
           links={"GetDocument": {"operationId": "get_document",
                                  "parameters": {"document_id": "$response.body#/id"}}})
def upload_document(call: Call):
    """Upload a PDF, PNG, JPEG, DOCX or XLSX file; its type is read from its bytes. Name the
    vendor it belongs to; to link it to a question, give the assessment and question too."""
    body: DocumentUpload = call.body
    vendor = db.session.get(Vendor, body.vendor_id)
    if vendor is None or (call.user.role is Role.VENDOR and vendor.id != call.user.vendor_id):
        raise ApiProblem(404, f"There is no vendor {body.vendor_id}.")
    assessment = None
    if body.assessment_id is not None:
        assessment = db.session.get(Assessment, body.assessment_id)
        if assessment is None or assessment.vendor_id != vendor.id:
            raise ApiProblem(422, "That assessment does not belong to this vendor.",
                             kind="validation-error")
    upload = body.file
    try:
        document = services.store_upload(
            upload.stream, upload.filename, vendor=vendor, actor=call.user,
            settings=current_settings(), assessment=assessment,
            question_id=body.question_id, kind=DocumentKind(body.kind))
    except services.UploadRejected as exc:
        raise ApiProblem(422, exc.message, kind="upload-rejected") from None
    except services.DocumentNotAllowed as exc:
        raise ApiProblem(422, exc.message, kind="validation-error") from None
    if document.kind is DocumentKind.CERTIFICATE:  # read and check it, as the library does
        register_certificate(document, actor=call.user, settings=current_settings())
    db.session.commit()
    return Reply(serializers.document(document),
                 headers={"Location": f"/api/v1/documents/{document.id}"})


@ops.route("GET", "/documents/{document_id}", summary="Get a document's metadata",
           roles=ALL_ROLES, response=DocumentOut)
def get_document(call: Call, document_id: int):
    """Return name, type, size and SHA-256 of a document you may read."""
    return serializers.document(_readable(call, document_id))


@ops.route("GET", "/documents/{document_id}/content", summary="Download a document",
           roles=ALL_ROLES, content=DOWNLOAD_CONTENT, headers=("Content-Disposition",))
def download_document(call: Call, document_id: int):
    """Return the stored bytes; the download is audited."""
    document = _readable(call, document_id)
    path = services.document_path(current_settings(), document)
    if not path.is_file():
        current_app.logger.error("Document %s is missing its file %s", document.id, path.name)
        raise ApiProblem(404, f"The file of document {document_id} is missing.")
    services.record_download(document, actor=call.user)
    db.session.commit()
    response = send_file(path, mimetype=document.content_type, as_attachment=True,
                         download_name=services.download_name(document), conditional=False,
                         etag=False, max_age=None)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
