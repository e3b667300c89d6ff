"""Forms for linking evidence to answers and reviewing it."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, Optional


class LinkForm(FlaskForm):
    """Attach evidence to one answer: a new file, or a document already in the library."""

    file = FileField("Upload a file", validators=[Optional()])
    document = IntegerField("Or choose from your documents", validators=[Optional()])


class VerdictForm(FlaskForm):
    """A reviewer's verdict on one linked document (two submit buttons name the value)."""

    verdict = StringField("Verdict", validators=[
        DataRequired("Choose relevant or not relevant."),
        AnyOf(["relevant", "not_relevant"], "Choose relevant or not relevant.")])
