"""The audit evidence pack: a ZIP of the supplier process for the organisation's own audit."""
