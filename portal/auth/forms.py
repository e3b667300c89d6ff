"""Sign-in, password and team forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from portal.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=255)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()
    submit = SubmitField("Sign in")


class NewPasswordForm(FlaskForm):
    """Choose a password twice; the policy itself is checked by the service."""

    password = PasswordField("New password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Change password")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=255)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    submit = SubmitField("Send me a link")


class ProfileForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)],
                            render_kw={"autocomplete": "organization-title"})
    submit = SubmitField("Save")


class InviteColleagueForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=255)])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Send invitation")


class ConfirmForm(FlaskForm):
    """An empty form: a CSRF-protected button."""


# ---- issue 7: two-factor sign-in -----------------------------------------------------------

class TwoFactorCodeForm(FlaskForm):
    """A code from the authenticator app (or, at sign-in, a recovery code)."""

    code = StringField("Code", validators=[DataRequired(), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                  "autofocus": True, "spellcheck": "false"})
    submit = SubmitField("Continue")


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField("Code from your authenticator app",
                       validators=[DataRequired(), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField("Turn off two-factor sign-in")
