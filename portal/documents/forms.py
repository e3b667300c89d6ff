"""Forms for the vendor document library."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField

from portal.documents.models import DocumentKind

KIND_CHOICES = [
    SelectChoice(DocumentKind.EVIDENCE.value, "Evidence (policies, reports, test results)"),
    SelectChoice(DocumentKind.CERTIFICATE.value,
                 "Certificate (ISO/IEC 42001, ISO/IEC 27001, SOC 2 ...)"),
]


class UploadForm(FlaskForm):
    # No name-based FileAllowed: the type is sniffed from the bytes by the service.
    file = FileField("File", validators=[FileRequired("Choose a file to upload.")])
    kind = SelectField("Kind of document", choices=KIND_CHOICES,
                       default=DocumentKind.EVIDENCE.value)
