"""Forms for reviewing certificates."""
from __future__ import annotations

from collections.abc import Collection

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.certificates.fieldvalues import FIELDS, MAX_LENGTH


class CorrectionForm(FlaskForm):
    """Every reviewable field; values are checked again by the service."""

    standard = StringField("Standard", validators=[Optional(), Length(max=MAX_LENGTH["standard"])])
    standards = TextAreaField("All standards (one per line)", validators=[Optional()])
    certificate_number = StringField("Certificate number", validators=[
        Optional(), Length(max=MAX_LENGTH["certificate_number"])])
    organization = StringField("Certified organisation", validators=[
        Optional(), Length(max=MAX_LENGTH["organization"])])
    scope = TextAreaField("Scope", validators=[Optional(), Length(max=5000)])
    sites = TextAreaField("Sites (one per line)", validators=[Optional(), Length(max=5000)])
    initial_certification_date = StringField("Initial certification (YYYY-MM-DD)",
                                             validators=[Optional()])
    issue_date = StringField("Issued (YYYY-MM-DD)", validators=[Optional()])
    expiry_date = StringField("Expires (YYYY-MM-DD)", validators=[Optional()])
    certification_body = StringField("Certification body", validators=[
        Optional(), Length(max=MAX_LENGTH["certification_body"])])
    accreditation_body = StringField("Accreditation body", validators=[
        Optional(), Length(max=MAX_LENGTH["accreditation_body"])])
    accreditation_number = StringField("Accreditation number", validators=[
        Optional(), Length(max=MAX_LENGTH["accreditation_number"])])

    def changes(self, submitted: Collection[str]) -> dict[str, str | None]:
        """Return the text of the fields that were submitted (absent ones stay unchanged)."""
        return {spec.name: getattr(self, spec.name).data for spec in FIELDS
                if spec.name in submitted}


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
