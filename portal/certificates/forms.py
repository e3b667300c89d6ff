"""Forms for reviewing certificates."""
from __future__ import annotations

from collections.abc import Collection

from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.certificates.fieldvalues import FIELDS, FieldSpec

# What a reviewer may type into a text area (scope, and lists one item per line).
LONG_TEXT = 5000


class CorrectionForm(FlaskForm):
    """Every reviewable field (one per `fieldvalues.FIELDS`); values are checked again by the
    service."""

    def changes(self, submitted: Collection[str]) -> dict[str, str | None]:
        """Return the text of the fields that were submitted (absent ones stay unchanged)."""
        return {spec.name: getattr(self, spec.name).data for spec in FIELDS
                if spec.name in submitted}


def _correction_field(spec: FieldSpec) -> Field:
    if spec.kind == "list":
        return TextAreaField(f"{spec.label} (one per line)",
                             validators=[Optional(), Length(max=LONG_TEXT)])
    if spec.kind == "longtext":
        return TextAreaField(spec.label, validators=[Optional(), Length(max=LONG_TEXT)])
    if spec.kind == "date":
        return StringField(f"{spec.label} (YYYY-MM-DD)", validators=[Optional()])
    return StringField(spec.label, validators=[Optional(), Length(max=spec.max_length)])


for _spec in FIELDS:
    setattr(CorrectionForm, _spec.name, _correction_field(_spec))


class AcceptForm(FlaskForm):
    note = TextAreaField("Comment (optional)", validators=[Optional(), Length(max=2000)])
    override_reason = TextAreaField(
        "Reason for accepting over the failed checks (recorded, audited and shown on the "
        "scorecard)", validators=[Optional(), Length(max=2000)])


class RejectForm(FlaskForm):
    reason = TextAreaField("Why is it rejected? (the vendor sees this)", validators=[
        DataRequired("Say why the certificate is rejected."), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """A POST with only the CSRF token."""
