"""Forms for the findings lifecycle."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.findings.models import Severity

SEVERITY_CHOICES = [SelectChoice(s.value, s.label) for s in reversed(Severity)]


class FindingForm(FlaskForm):
    title = StringField("Title", [DataRequired(), Length(max=300)])
    severity = SelectField("Severity", choices=SEVERITY_CHOICES, validators=[DataRequired()])
    remediation = TextAreaField("Recommended remediation", [Length(max=8000)],
                                render_kw={"rows": 4})


class ManualFindingForm(FindingForm):
    vendor_id = SelectField("Vendor", coerce=int, validators=[DataRequired()])
    control_id = StringField("Control (optional)", [Optional(), Length(max=16)],
                             render_kw={"placeholder": "e.g. A.10.3"})
    detail = TextAreaField("What was found", [Length(max=8000)], render_kw={"rows": 4})


class RemediationForm(FlaskForm):
    due_date = DateField("Remediate by", validators=[InputRequired()])
    message = TextAreaField("Message to the vendor (optional)", [Length(max=4000)],
                            render_kw={"rows": 3})


class AcceptRiskForm(FlaskForm):
    justification = TextAreaField("Why the risk is acceptable", [DataRequired(),
                                                                 Length(max=4000)],
                                  render_kw={"rows": 3})
    expires_on = DateField("Acceptance ends on", validators=[InputRequired()])


class CommentForm(FlaskForm):
    comment = TextAreaField("Comment", [DataRequired(), Length(max=4000)], render_kw={"rows": 2})


class VendorReplyForm(FlaskForm):
    body = TextAreaField("Your remediation plan or response", [DataRequired(), Length(max=8000)],
                         render_kw={"rows": 5})
    file = FileField("Evidence (optional)")
