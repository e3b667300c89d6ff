"""Forms for staff working on assessments."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ChooseVendorForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only navigates

    vendor_id = SelectField("Vendor", coerce=int, validators=[DataRequired()])


class AssessmentForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)],
                        default="Annual AI supplier assessment")
    template_version_id = SelectField("Questionnaire", coerce=int, validators=[DataRequired()])
    product_id = SelectField("Product or service assessed", coerce=int, validators=[Optional()])
    due_date = DateField("Due date", validators=[DataRequired()])
    recipient_ids = MultiCheckboxField("Send to", coerce=int)
    message = TextAreaField("Message to the vendor (optional)", validators=[Length(max=4000)])
    save = SubmitField("Save draft")
    send = SubmitField("Save and send")

    def validate_due_date(self, field) -> None:
        if field.data and field.data < date.today():
            raise ValidationError("Choose a date today or later.")


class ActionForm(FlaskForm):
    action = SelectField("Action", choices=[
        SelectChoice("start_review", "Start review"), SelectChoice("accept", "Accept"),
        SelectChoice("reject", "Reject"), SelectChoice("cancel", "Cancel"),
        SelectChoice("request_clarification", "Request clarification"),
        SelectChoice("send", "Send"),
    ])
    comment = TextAreaField("Comment", validators=[Length(max=4000)])
    # The unreviewed-answer count the person confirmed accepting with (the review gate).
    confirm_unreviewed = IntegerField(validators=[Optional()])


class ReviewForm(FlaskForm):
    decision = RadioField("Decision", choices=[
        SelectChoice("accept", "Accept this answer"),
        SelectChoice("clarify", "Ask the vendor to clarify"),
        SelectChoice("note", "Internal note only"),
    ], validators=[DataRequired()])
    comment = TextAreaField("Comment", validators=[Length(max=4000)])
