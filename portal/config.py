"""Configuration defaults. The environment is read in create_app(), never at import."""
from __future__ import annotations

# Environment variables create_app() reads, mapped to config keys.
ENVIRONMENT_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "PORTAL_ENV": "PORTAL_ENV",
    "PORTAL_BASE_URL": "PORTAL_BASE_URL",
    "UPLOAD_DIR": "UPLOAD_DIR",
    "REDIS_URL": "REDIS_URL",
    "SMTP_HOST": "SMTP_HOST",
    "SMTP_PORT": "SMTP_PORT",
    "SMTP_USERNAME": "SMTP_USERNAME",
    "SMTP_PASSWORD": "SMTP_PASSWORD",
    "SMTP_STARTTLS": "SMTP_STARTTLS",
    "SMTP_SSL": "SMTP_SSL",
    "MAIL_FROM": "MAIL_FROM",
    "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "QUESTIONNAIRES_DIR": "QUESTIONNAIRES_DIR",
}

# production | development | demo. Production refuses to start without a SECRET_KEY.
PORTAL_ENV = "production"
PORTAL_BASE_URL = "http://127.0.0.1:5000"
SQLALCHEMY_DATABASE_URI = None  # None: SQLite file in the instance folder
SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
UPLOAD_DIR = None  # None: instance/uploads
MAX_CONTENT_LENGTH = 26 * 1024 * 1024  # whole request; single files are capped lower
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
REDIS_URL = None

SMTP_HOST = None
SMTP_PORT = 587
SMTP_USERNAME = None
SMTP_PASSWORD = None
SMTP_STARTTLS = True
SMTP_SSL = False
SMTP_TIMEOUT = 15
MAIL_FROM = "Vendor Assurance Portal <no-reply@portal.invalid>"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = 8 * 3600
WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a clock

INVITATION_TTL_HOURS = 72
LOGIN_MAX_FAILURES = 5
LOGIN_FAILURE_WINDOW_MINUTES = 15
LOGIN_LOCKOUT_MINUTES = 15

REMINDER_DAYS_BEFORE_DUE = (7, 1)
PAGE_SIZE = 25

QUESTIONNAIRES_DIR = None  # None: the repository's questionnaires/ folder

# Reassessment cadence (issue 5, portal/reassessment): months between assessments per tier.
REASSESSMENT_MONTHS = {"critical": 6, "high": 12, "medium": 24, "low": 36}

BOOLEAN_KEYS = ("SMTP_STARTTLS", "SMTP_SSL", "SESSION_COOKIE_SECURE")
INTEGER_KEYS = ("SMTP_PORT",)
