"""The scorecard's recalculate button."""
from __future__ import annotations

from flask_wtf import FlaskForm


class RecalculateForm(FlaskForm):
    """No fields: the CSRF token alone."""
