"""Bulk import of vendors and contacts from a spreadsheet: parsing and planning (pure), the
stored import, its pages and the background job that applies it. See docs/vendor-import.md."""
