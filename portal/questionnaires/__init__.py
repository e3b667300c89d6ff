"""Questionnaire templates, the ISO/IEC 42001 control catalogue, and their validation."""
