"""The portfolio dashboard: every vendor's tier, residual risk, scores, cadence and findings."""
