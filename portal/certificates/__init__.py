"""Read certificate PDFs and check them: extraction, sandboxing and verification.

Public entry points:

- ``portal.certificates.parsing.extract_text_fields(pages)``: pure, page texts -> fields
- ``portal.certificates.pdftext.extract_pdf(path_or_bytes, limits=...)``: in-process PDF reading
- ``portal.certificates.sandbox.extract_pdf_sandboxed(path, limits=...)``: same, in a child
  process
- ``portal.certificates.verification.verify_certificate(extraction, ...)``: pure checks

See docs/certificates.md.
"""
