"""Forms of the API token and webhook pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.api.webhooks import EVENTS

SCOPE_CHOICES = [SelectChoice("read", "Read only"), SelectChoice("read write", "Read and write")]
LIFETIME_CHOICES = [SelectChoice("30", "30 days"), SelectChoice("90", "90 days"),
                    SelectChoice("180", "180 days"), SelectChoice("365", "1 year")]


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)],
                       description="What the token is for, e.g. “GRC tool sync”.")
    scopes = SelectField("Access", choices=SCOPE_CHOICES, default="read")
    days = SelectField("Expires after", choices=LIFETIME_CHOICES, default="90")
    submit = SubmitField("Create token")


class WebhookForm(FlaskForm):
    url = URLField("Receiver URL", validators=[DataRequired(), Length(max=2000)])
    description = StringField("Description", validators=[Optional(), Length(max=200)])
    events = SelectMultipleField(
        "Events", choices=[SelectChoice(k, f"{k} — {v}") for k, v in EVENTS.items() if k != "ping"],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(message="Choose at least one event.")])
    submit = SubmitField("Add webhook")
