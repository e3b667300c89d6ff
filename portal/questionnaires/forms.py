"""Forms for template management, workbook uploads and confirming carried-over answers."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from portal.questionnaires.drafts import parse_choice_scores
from portal.questionnaires.importing import FORMATS, ImportOptions


class ImportOptionsMixin:
    """What the person importing may decide; the same fields on the upload and preview steps."""
    format = SelectField("Format", choices=[SelectChoice(k, v) for k, v in FORMATS.items()],
                         default="auto")
    key = StringField("Template key", validators=[
        Optional(), Length(max=60),
        Regexp(r"^[a-z0-9][a-z0-9-]*$", message="Lower-case letters, digits and hyphens.")])
    version = IntegerField("Version", validators=[Optional(), NumberRange(min=1, max=100000)])
    title = StringField("Title", validators=[Optional(), Length(max=200)])
    prefix = StringField("Prefix for question ids", validators=[
        Optional(), Length(max=12),
        Regexp(r"^[A-Za-z0-9-]*$", message="Letters, digits and hyphens.")])
    default_controls = StringField("Default ISO/IEC 42001 control", validators=[
        Optional(), Length(max=200)])
    choice_scores = TextAreaField("Scores of answers the importer cannot score", validators=[
        Optional(), Length(max=2000)])

    @staticmethod
    def option_names() -> tuple[str, ...]:
        return ("format", "key", "version", "title", "prefix", "default_controls",
                "choice_scores")

    def import_options(self) -> ImportOptions:
        """Return the options the form holds.

        Raises: ImportFailed for a score line that is not LABEL=SCORE.
        """
        lines = [ln.strip() for ln in (self.choice_scores.data or "").splitlines() if ln.strip()]
        controls = [c for c in re.split(r"[\s,;]+", self.default_controls.data or "") if c]
        return ImportOptions(
            format=self.format.data or "auto", key=(self.key.data or "").strip(),
            version=self.version.data, title=(self.title.data or "").strip(),
            prefix=(self.prefix.data or "").strip(),
            choice_scores=parse_choice_scores(lines), default_controls=tuple(controls))


class TemplateImportForm(ImportOptionsMixin, FlaskForm):
    file = FileField("Questionnaire file", validators=[FileRequired("Choose a file.")])


class ImportPreviewForm(ImportOptionsMixin, FlaskForm):
    token = HiddenField(validators=[DataRequired()])


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
