"""The contract manager's decision form (shown on the scorecard)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.decisions.models import Decision


class DecisionForm(FlaskForm):
    decision = RadioField("Decision", choices=[SelectChoice(d.value, d.label) for d in Decision],
                          validators=[DataRequired()])
    conditions = TextAreaField("Conditions (for an approval with conditions)",
                               [Length(max=4000)], render_kw={"rows": 3})
    comment = TextAreaField("Comment", [Length(max=4000)], render_kw={"rows": 3})
