"""Forms for template management, workbook uploads and confirming carried-over answers."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class TemplateImportForm(FlaskForm):
    file = FileField("Template file (YAML)", validators=[FileRequired("Choose a YAML file.")])


class SyncForm(FlaskForm):
    """Carries only the CSRF token for the "load shipped templates" button."""


class QuestionEditForm(Form):
    id = HiddenField()
    text = TextAreaField("Question", validators=[DataRequired(), Length(max=2000)])
    guidance = TextAreaField("Guidance", validators=[DataRequired(), Length(max=4000)])
    weight = FloatField("Weight", validators=[InputRequired(), NumberRange(min=0, max=5)])
    required = BooleanField("Required")
    critical = BooleanField("Critical")
    show_if_question = SelectField("Show only if question", validators=[Optional()])
    show_if_values = StringField("has one of these option values (comma-separated)",
                                 validators=[Length(max=500)])

    def values(self) -> tuple[str, ...]:
        """Return the condition's option values, in order, without blanks."""
        parts = (v.strip() for v in (self.show_if_values.data or "").split(","))
        return tuple(dict.fromkeys(v for v in parts if v))


class TemplateEditForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    questions = FieldList(FormField(QuestionEditForm))


class WorkbookUploadForm(FlaskForm):
    file = FileField("Filled-in workbook (.xlsx)",
                     validators=[FileRequired("Choose the workbook to upload.")])


class WorkbookApplyForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
    apply_valid_rows = BooleanField("Apply the valid rows and skip the rows with errors")
    confirm_carried = BooleanField("Also confirm the carried-over answers that the workbook "
                                   "leaves unchanged")


class ConfirmCarriedForm(FlaskForm):
    question = StringField(validators=[Optional(), Length(max=64)])
    section = StringField(validators=[Optional(), Length(max=64)])
