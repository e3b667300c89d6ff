"""The vendor scorecard: its page, "why this score", recalculation and downloads."""
