"""Document library for vendor contacts, downloads and removal."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from portal.auth.access import roles_required, vendor_required
from portal.auth.models import Role
from portal.documents import services, signals
from portal.documents.forms import UploadForm
from portal.documents.models import Document, DocumentKind
from portal.documents.sniffing import ACCEPTED_TYPES
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.settings.current import current_settings

bp = Blueprint("documents", __name__, url_prefix="/documents")

DOWNLOAD_CSP = "sandbox; default-src 'none'"


def _readable_document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    # 404 for both missing and foreign documents: do not confirm that it exists.
    if document is None or not services.can_read_document(current_user, document):
        abort(404)
    return document


@bp.route("/", methods=["GET", "POST"])
@vendor_required
def library():
    form = UploadForm()
    if form.validate_on_submit():
        try:
            document = services.store_upload(
                form.file.data.stream, form.file.data.filename,
                vendor=current_user.vendor, actor=current_user, settings=current_settings(),
                kind=DocumentKind(form.kind.data),
            )
        except (services.UploadRejected, services.DocumentNotAllowed) as exc:
            db.session.rollback()
            form.file.errors.append(exc.message)
        else:
            signals.library_upload.send(document, actor=current_user, settings=current_settings())
            db.session.commit()
            flash(f"Uploaded {document.original_name}.", "success")
            return redirect(url_for("documents.library"))
    documents = services.vendor_documents(current_user.vendor_id)
    return render_template(
        "documents/library.html", form=form, documents=documents,
        removable=services.removable_document_ids(documents, current_user),
        max_size=services.describe_size(current_settings().storage.upload_max_bytes),
        accepted_types=ACCEPTED_TYPES,
    )


@bp.get("/<int:document_id>/download")
@login_required
def download(document_id: int):
    document = _readable_document_or_404(document_id)
    path = services.document_path(current_settings(), document)
    if not path.is_file():
        current_app.logger.error("Document %s is missing its file %s", document.id, path.name)
        abort(404)
    services.record_download(document, actor=current_user)
    db.session.commit()
    response = send_file(
        path, mimetype=document.content_type, as_attachment=True,
        download_name=services.download_name(document), conditional=False, etag=False,
        max_age=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:document_id>/remove")
@roles_required(Role.VENDOR, Role.ADMIN, Role.PROCUREMENT)
def remove(document_id: int):
    document = _readable_document_or_404(document_id)
    target = send_refusals_to(url_for("vendors.detail", vendor_id=document.vendor_id)
                              if current_user.is_staff else url_for("documents.library"))
    services.remove_document(document, actor=current_user)
    db.session.commit()
    flash(f"Removed {document.original_name}.", "success")
    return redirect(target)
