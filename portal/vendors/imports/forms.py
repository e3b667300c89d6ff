"""Forms for the bulk import of vendors."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class ImportUploadForm(FlaskForm):
    file = FileField("Spreadsheet (CSV or Excel .xlsx)",
                     validators=[FileRequired("Choose the spreadsheet to import.")],
                     render_kw={"accept": ".csv,.txt,.xlsx,text/csv,application/vnd."
                                          "openxmlformats-officedocument.spreadsheetml.sheet"})
    submit = SubmitField("Check the file")
