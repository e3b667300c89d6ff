"""Offline answering with an Excel workbook: export an assessment's answers, then preview and
apply an uploaded workbook (services.py). The vendor's pages are one blueprint under /respond
(vendor_routes.py), the staff's pages on the vendor's behalf another under /assessments
(staff_routes.py); both run the steps in pages.py. The workbook format itself is
portal.questionnaires.workbook."""
