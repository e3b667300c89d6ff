"""Administration forms: user filters, new staff accounts, outbox and audit filters."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.admin.services import USER_STATUSES
from portal.audit.labels import GROUPS
from portal.auth.models import Role
from portal.auth.passwords import MAX_LENGTH
from portal.mail.models import EmailStatus

STAFF_ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in Role if r.is_staff]


class FilterForm(FlaskForm):
    """A GET form read from the query string; no CSRF token needed."""

    class Meta:
        csrf = False


class UserFilterForm(FilterForm):
    q = SearchField("Search", validators=[Optional(), Length(max=200)],
                    render_kw={"placeholder": "Name or e-mail"})
    role = SelectField("Role", validators=[Optional()], choices=[SelectChoice("", "All roles")] + [
        SelectChoice(r.value, r.label) for r in Role])
    status = SelectField("Status", validators=[Optional()], choices=[
        SelectChoice("", "Any status")] + [SelectChoice(k, v) for k, v in USER_STATUSES.items()])


class OutboxFilterForm(FilterForm):
    status = SelectField("Status", validators=[Optional()], choices=[
        SelectChoice("", "All messages")] + [
        SelectChoice(s.value, s.value.capitalize()) for s in EmailStatus])


class AuditFilterForm(FilterForm):
    action = SelectField("What", validators=[Optional()], choices=[
        SelectChoice("", "Everything")] + [SelectChoice(k, v) for k, v in GROUPS.items()])
    actor = StringField("Who (e-mail)", validators=[Optional(), Length(max=255)])
    vendor = SearchField("Vendor", validators=[Optional(), Length(max=200)],
                         render_kw={"placeholder": "Part of the vendor's name"})
    # Set by the vendor links in the table: one vendor exactly, whatever its name.
    vendor_id = IntegerField(validators=[Optional(), NumberRange(min=1)])


class NewStaffUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=255)])
    role = SelectField("Role", choices=STAFF_ROLE_CHOICES, default=Role.PROCUREMENT.value)
    method = RadioField("How will they get a password?", default="invite", choices=[
        SelectChoice("invite", "E-mail an invitation link (recommended)"),
        SelectChoice("password", "Set an initial password now and tell them yourself"),
    ])
    password = PasswordField("Initial password", validators=[Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password", render_kw={"autocomplete": "new-password"},
                            validators=[EqualTo("password", message="The two passwords differ.")])
    submit = SubmitField("Create account")

    def validate_password(self, field) -> None:
        if self.method.data == "password" and not field.data:
            raise ValidationError("Enter the initial password, or choose to send an invitation.")
