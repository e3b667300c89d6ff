"""Configuration defaults. The environment is read in create_app(), never at import."""
from __future__ import annotations

# Environment variables create_app() reads, mapped to config keys.
ENVIRONMENT_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "PORTAL_ENV": "PORTAL_ENV",
    "PORTAL_BASE_URL": "PORTAL_BASE_URL",
    "UPLOAD_DIR": "UPLOAD_DIR",
    "SCORING_METHOD": "SCORING_METHOD",
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
    # Issue 7 (security): session lifetimes, two-factor sign-in.
    "SESSION_IDLE_MINUTES_STAFF": "SESSION_IDLE_MINUTES_STAFF",
    "SESSION_IDLE_MINUTES_VENDOR": "SESSION_IDLE_MINUTES_VENDOR",
    "SESSION_ABSOLUTE_MINUTES": "SESSION_ABSOLUTE_MINUTES",
    "REQUIRE_ADMIN_2FA": "REQUIRE_ADMIN_2FA",
    "TWO_FACTOR_KEY": "TWO_FACTOR_KEY",
    # Issue 6: background jobs.
    "JOBS_MODE": "JOBS_MODE",
    "JOBS_QUEUE": "JOBS_QUEUE",
    "LOG_FORMAT": "LOG_FORMAT",
    "LOG_LEVEL": "LOG_LEVEL",
    "JOB_RETRY_DELAYS": "JOB_RETRY_DELAYS",
    "JOB_THREADS": "JOB_THREADS",
    "JOB_TIMEOUT": "JOB_TIMEOUT",
    "EXPORT_KEEP_DAYS": "EXPORT_KEEP_DAYS",
    # Issue 13 (hardening): every documented setting can be set from the environment; a test
    # compares this list with the tables in docs/deploy.md, docs/api.md and docs/security.md.
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "PROXY_HOPS": "PROXY_HOPS",
    "SQLITE_BUSY_TIMEOUT": "SQLITE_BUSY_TIMEOUT",
    "INVITATION_TTL_HOURS": "INVITATION_TTL_HOURS",
    "UPLOAD_MAX_BYTES": "UPLOAD_MAX_BYTES",
    "LOGIN_MAX_FAILURES": "LOGIN_MAX_FAILURES",
    "LOGIN_FAILURE_WINDOW_MINUTES": "LOGIN_FAILURE_WINDOW_MINUTES",
    "LOGIN_LOCKOUT_MINUTES": "LOGIN_LOCKOUT_MINUTES",
    "LOGIN_ACCOUNT_MAX_FAILURES": "LOGIN_ACCOUNT_MAX_FAILURES",
    "LOGIN_ADDRESS_MAX_FAILURES": "LOGIN_ADDRESS_MAX_FAILURES",
    "LOGIN_KNOWN_ADDRESS_DAYS": "LOGIN_KNOWN_ADDRESS_DAYS",
    "FORGOT_PASSWORD_MIN_SECONDS": "FORGOT_PASSWORD_MIN_SECONDS",
    "VENDOR_INVITATIONS_PER_DAY": "VENDOR_INVITATIONS_PER_DAY",
    "API_RATE_LIMIT": "API_RATE_LIMIT",
    "API_RATE_WINDOW": "API_RATE_WINDOW",
    "API_MAX_INVALID_TOKENS": "API_MAX_INVALID_TOKENS",
    "WEBHOOK_ALLOWED_HOSTS": "WEBHOOK_ALLOWED_HOSTS",
    "WEBHOOK_BLOCK_PRIVATE": "WEBHOOK_BLOCK_PRIVATE",
    "WEBHOOK_TIMEOUT": "WEBHOOK_TIMEOUT",
    "WEBHOOK_MAX_ATTEMPTS": "WEBHOOK_MAX_ATTEMPTS",
    "WEBHOOK_BACKOFF_SECONDS": "WEBHOOK_BACKOFF_SECONDS",
    "WEBHOOK_DELIVER_AFTER_COMMIT": "WEBHOOK_DELIVER_AFTER_COMMIT",
    "PAGE_RENDER_CONCURRENCY": "PAGE_RENDER_CONCURRENCY",
    "PAGE_RENDER_WAIT_SECONDS": "PAGE_RENDER_WAIT_SECONDS",
    "PAGE_RENDER_MAX_PAGES": "PAGE_RENDER_MAX_PAGES",
    "PAGE_RENDER_PRERENDER": "PAGE_RENDER_PRERENDER",
    "PAGE_RENDER_SECONDS": "PAGE_RENDER_SECONDS",
    "SANDBOX_BWRAP": "SANDBOX_BWRAP",
}

# production | development | demo. Production refuses to start without a SECRET_KEY.
PORTAL_ENV = "production"
PORTAL_BASE_URL = None  # None: the served address (portal/mail/links.py); set it in production
SQLALCHEMY_DATABASE_URI = None  # None: SQLite file in the instance folder
SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
UPLOAD_DIR = None  # None: instance/uploads
MAX_CONTENT_LENGTH = 26 * 1024 * 1024  # whole request; single files are capped lower
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
REDIS_URL = None
# Issue 13 (portal/proxy.py): the reverse proxy's addresses or networks, comma-separated; its
# X-Forwarded-For/-Proto/-Host are trusted from those peers only. PROXY_HOPS: proxies in a row
# (1 when TRUSTED_PROXIES is set; without TRUSTED_PROXIES it trusts every peer).
TRUSTED_PROXIES = ""
PROXY_HOPS = 0
# Certificate page images (portal/certificates/pages.py): pages drawn at once per process; how
# long a request waits for a slot before a 503; pages ever shown; pages drawn at read time;
# CPU and wall-clock seconds per page.
PAGE_RENDER_CONCURRENCY = 1
PAGE_RENDER_WAIT_SECONDS = 2.0
PAGE_RENDER_MAX_PAGES = 12
PAGE_RENDER_PRERENDER = 12
PAGE_RENDER_SECONDS = 20.0
# The PDF reading children run inside bubblewrap: "auto" (when it works), "off" or "require"
# (portal/certificates/confinement.py).
SANDBOX_BWRAP = "auto"
SQLITE_BUSY_TIMEOUT = 30  # seconds a SQLite writer waits for another one (portal/database.py)
LOG_FORMAT = "text"  # "json": one JSON object per line (portal/logs.py)
LOG_LEVEL = "INFO"

# Background jobs (portal/jobs): "rq" (default with REDIS_URL; run `portal worker`), "thread"
# (default without: a pool inside each web process) or "eager" (run in the caller).
JOBS_MODE = None
JOBS_QUEUE = "portal"
JOB_RETRY_DELAYS = "10,60"  # seconds before the 2nd and 3rd attempt
JOB_THREADS = 2
JOB_TIMEOUT = 3600  # seconds an RQ job may run
JOB_STALL_MINUTES = 15  # a job that has not moved for this long may be run again
EXPORT_KEEP_DAYS = 7  # `portal jobs prune` removes older export files

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
# Issue 7: None means "decide from PORTAL_ENV": Secure in production, plain HTTP allowed in
# development and demo. SESSION_COOKIE_SECURE in the environment overrides it either way.
SESSION_COOKIE_SECURE = None
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = 8 * 3600
WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a clock

INVITATION_TTL_HOURS = 72
LOGIN_MAX_FAILURES = 5
LOGIN_FAILURE_WINDOW_MINUTES = 15
LOGIN_LOCKOUT_MINUTES = 15
# Issue 13 (portal/auth/throttle.py): LOGIN_MAX_FAILURES counts per account *and* address; an
# account failing from many addresses, or an address failing against many accounts, is refused
# except from addresses that signed in to that account in the last LOGIN_KNOWN_ADDRESS_DAYS.
LOGIN_ACCOUNT_MAX_FAILURES = 20
LOGIN_ADDRESS_MAX_FAILURES = 20
LOGIN_KNOWN_ADDRESS_DAYS = 30
# The forgot-password answer takes at least this long, whether or not the account exists.
FORGOT_PASSWORD_MIN_SECONDS = 0.25
# Invitations a vendor's contacts may send in 24 hours (portal/auth/team.py).
VENDOR_INVITATIONS_PER_DAY = 10

REMINDER_DAYS_BEFORE_DUE = (7, 1)
PAGE_SIZE = 25

QUESTIONNAIRES_DIR = None  # None: the repository's questionnaires/ folder

# Reassessment cadence (issue 5, portal/reassessment): months between assessments per tier.
REASSESSMENT_MONTHS = {"critical": 6, "high": 12, "medium": 24, "low": 36}

# Scoring method version for new scores (docs/scoring.md); None: the latest method file.
SCORING_METHOD = None

# ---- Issue 7 (security): sessions and two-factor sign-in -------------------------------------
# Sign a session out after this much inactivity (minutes), by role; and after this long in total.
SESSION_IDLE_MINUTES_STAFF = 30
SESSION_IDLE_MINUTES_VENDOR = 60
SESSION_ABSOLUTE_MINUTES = 12 * 60
# Administrators must sign in with a second factor (TOTP); other staff may opt in.
REQUIRE_ADMIN_2FA = True
TWO_FACTOR_ISSUER = "Vendor Assurance Portal"
# Key that encrypts stored TOTP secrets; None derives one from SECRET_KEY (rotating SECRET_KEY
# then needs `portal two-factor reset` for enrolled users, see docs/security.md).
TWO_FACTOR_KEY = None
# Minutes a password-verified sign-in may wait for its second step.
TWO_FACTOR_PENDING_MINUTES = 5

# JSON API (portal/api): requests per token per window, and webhook delivery.
API_RATE_LIMIT = 600
API_MAX_INVALID_TOKENS = 20  # per address and LOGIN_FAILURE_WINDOW_MINUTES, then 429
API_RATE_WINDOW = 60  # seconds
WEBHOOK_ALLOWED_HOSTS = ""  # comma-separated; empty: any public host
WEBHOOK_BLOCK_PRIVATE = True  # refuse loopback and private addresses (SSRF)
WEBHOOK_TIMEOUT = 5
WEBHOOK_MAX_ATTEMPTS = 8
WEBHOOK_BACKOFF_SECONDS = 30
WEBHOOK_DELIVER_AFTER_COMMIT = True

BOOLEAN_KEYS = ("SMTP_STARTTLS", "SMTP_SSL", "SESSION_COOKIE_SECURE", "REQUIRE_ADMIN_2FA")
INTEGER_KEYS = ("SMTP_PORT", "SESSION_IDLE_MINUTES_STAFF", "SESSION_IDLE_MINUTES_VENDOR",
                "SESSION_ABSOLUTE_MINUTES", "JOB_THREADS", "JOB_TIMEOUT", "EXPORT_KEEP_DAYS")
