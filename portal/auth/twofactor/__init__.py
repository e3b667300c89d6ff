"""Two-factor sign-in: TOTP secrets and recovery codes, enrolment and second-step pages, and
the `portal two-factor` command."""
