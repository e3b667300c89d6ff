"""Reassessment cadence: when each vendor is due to be assessed again, and why."""
