"""The offline answering workbook's format (pure: openpyxl and the question bank only):
layout.py its sheets and columns and reading an uploaded one back, building.py building it,
checking.py turning its rows into answers or errors. Tying it to an assessment's stored
answers is portal.respond.offline."""
