"""Contract managers' decisions on vendors."""
