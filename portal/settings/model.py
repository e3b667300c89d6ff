"""The portal's settings as one typed, frozen object, read once from the finished app.config.

`Settings.from_config(app.config)` converts every setting the portal reads to its type, with
the same fallbacks the features used to apply when they read the raw mapping (`or 15` keeps a
0 or empty value from disabling a limit; `.get(key, default)` lets a 0 through). Services take
the `Settings` (or the part they need, e.g. `SmtpSettings`) instead of the mapping; routes and
commands get it from `portal.settings.current.current_settings()`.

`KEYS` names the field each config key lands in; a test checks that every key of
config.ENVIRONMENT_KEYS has one, so a new environment setting cannot be left out.
Standard library only: every package, pure modules included, may import this module.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from portal import config as defaults
from portal.settings.environment import SettingError


@dataclass(frozen=True)
class SmtpSettings:
    """How queued e-mail leaves: SMTP_* and MAIL_FROM."""

    host: str | None
    port: int
    username: str | None
    password: str | None = field(repr=False)
    starttls: bool
    use_ssl: bool
    timeout: int
    sender: str

    @property
    def is_configured(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class SignInLimits:
    """Sign-in throttling (portal/auth/throttle.py): LOGIN_*."""

    per_pair: int
    per_account: int
    per_address: int
    window: timedelta
    lockout: timedelta  # how long `User.locked_until` shows a lock to administrators
    known_days: int


@dataclass(frozen=True)
class AccountSettings:
    """Invitations, password resets and two-factor sign-in."""

    invitation_ttl_hours: int
    invitations_per_day: int  # a vendor's contacts, in 24 hours (portal/auth/team.py)
    forgot_password_min_seconds: float
    require_admin_2fa: bool
    two_factor_issuer: str
    two_factor_key: str | None = field(repr=False)  # None: derived from SECRET_KEY
    two_factor_pending_minutes: int


@dataclass(frozen=True)
class SessionSettings:
    """Session lifetimes (portal/auth/login.py) and the Secure cookie flag."""

    idle_minutes_staff: int
    idle_minutes_vendor: int
    absolute_minutes: int
    cookie_secure: bool | None  # None until portal/security.py decides from PORTAL_ENV


@dataclass(frozen=True)
class StorageSettings:
    """Where files go and how large an upload may be."""

    upload_dir: Path
    upload_max_bytes: int
    questionnaires_dir: str | None  # None: the repository's questionnaires/ folder


@dataclass(frozen=True)
class PagePolicy:
    """How certificate page images are drawn (portal/certificates/pages.py): PAGE_RENDER_*."""

    concurrency: int = 1  # pages drawn at once per process, on request or at read time
    wait_seconds: float = 2.0  # how long a request waits for a slot before a 503
    retry_after: int = 10  # seconds suggested to the browser after a 503
    max_pages: int = 12  # pages after this are never drawn
    prerender: int = 12  # pages drawn at read time
    seconds: float = 20.0  # CPU seconds per page (twice that of wall-clock time)


@dataclass(frozen=True)
class ReadingSettings:
    """The certificate reader: its sandbox, wall clock and OCR switch."""

    sandbox_bwrap: str  # "auto", "off" or "require" (portal/certificates/confinement.py)
    wall_seconds: float | None  # None: the reader's own default (certificates/results.Limits)
    ocr: bool


@dataclass(frozen=True)
class JobSettings:
    """Background jobs (portal/jobs)."""

    mode: str | None  # None: "rq" with a Redis URL, else "thread"
    queue: str
    retry_delays: tuple[int, ...]  # seconds before the 2nd, 3rd, ... attempt
    threads: int
    timeout: int
    stall_minutes: int
    export_keep_days: int


@dataclass(frozen=True)
class ApiSettings:
    """The JSON API's rate limits and token guessing limit (portal/api)."""

    rate_limit: int
    rate_window: int
    rate_prefix: str  # Redis key prefix of the rate counters
    max_invalid_tokens: int


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook receivers and delivery (portal/api/webhooks.py)."""

    allowed_hosts: tuple[str, ...]  # empty: any public host
    block_private: bool
    timeout: float
    max_attempts: int
    backoff_seconds: int
    deliver_after_commit: bool


@dataclass(frozen=True)
class ServerSettings:
    """The process around the portal: addresses, proxy, database, logs."""

    base_url: str | None  # PORTAL_BASE_URL: what e-mailed links start with
    served_url: str | None  # PORTAL_SERVED_URL: set by `portal demo`
    redis_url: str | None = field(repr=False)
    database_url: str = field(repr=False)
    sqlite_busy_timeout: float
    trusted_proxies: str | tuple[str, ...]  # addresses and networks, as text or a list
    proxy_hops: int
    log_format: str
    log_level: str


@dataclass(frozen=True)
class Settings:
    """Every setting the portal reads, typed, grouped by concern."""

    env: str  # production | development | demo
    secret_key: str | None = field(repr=False)
    page_size: int
    scoring_method: str | None  # None: the latest method file
    reminder_days: tuple[int, ...]  # days before the due date a reminder goes out
    reassessment_months: Mapping[str, int]  # months between assessments, by tier
    server: ServerSettings
    smtp: SmtpSettings
    storage: StorageSettings
    sessions: SessionSettings
    accounts: AccountSettings
    sign_in: SignInLimits
    api: ApiSettings
    webhooks: WebhookSettings
    jobs: JobSettings
    pages: PagePolicy
    reading: ReadingSettings

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """Read the settings from a finished app.config. Raises: SettingError."""
        def get(key: str, fallback: Any = None) -> Any:
            return config.get(key, getattr(defaults, key, fallback))

        def number(key: str, fallback: int) -> int:  # an empty or 0 value means "the default"
            return int(get(key) or fallback)

        upload_dir = get("UPLOAD_DIR")
        if not upload_dir:
            raise SettingError("UPLOAD_DIR is not set (create_app sets it).")
        return cls(
            env=get("PORTAL_ENV"),
            secret_key=get("SECRET_KEY"),
            page_size=int(get("PAGE_SIZE")),
            scoring_method=get("SCORING_METHOD") or None,
            reminder_days=tuple(int(day) for day in get("REMINDER_DAYS_BEFORE_DUE")),
            reassessment_months=MappingProxyType(dict(get("REASSESSMENT_MONTHS"))),
            server=ServerSettings(
                base_url=get("PORTAL_BASE_URL"),
                served_url=get("PORTAL_SERVED_URL"),
                redis_url=get("REDIS_URL") or None,
                database_url=get("SQLALCHEMY_DATABASE_URI"),
                sqlite_busy_timeout=float(get("SQLITE_BUSY_TIMEOUT") or 30),
                trusted_proxies=_text_or_tuple(get("TRUSTED_PROXIES")),
                proxy_hops=number("PROXY_HOPS", 0),
                log_format=get("LOG_FORMAT", "text"),
                log_level=get("LOG_LEVEL", "INFO"),
            ),
            smtp=SmtpSettings(
                host=get("SMTP_HOST"),
                port=number("SMTP_PORT", 587),
                username=get("SMTP_USERNAME"),
                password=get("SMTP_PASSWORD"),
                starttls=bool(get("SMTP_STARTTLS")),
                use_ssl=bool(get("SMTP_SSL")),
                timeout=number("SMTP_TIMEOUT", 15),
                sender=get("MAIL_FROM") or "no-reply@portal.invalid",
            ),
            storage=StorageSettings(
                upload_dir=Path(upload_dir),
                upload_max_bytes=int(get("UPLOAD_MAX_BYTES")),
                questionnaires_dir=get("QUESTIONNAIRES_DIR") or None,
            ),
            sessions=SessionSettings(
                idle_minutes_staff=int(get("SESSION_IDLE_MINUTES_STAFF")),
                idle_minutes_vendor=int(get("SESSION_IDLE_MINUTES_VENDOR")),
                absolute_minutes=int(get("SESSION_ABSOLUTE_MINUTES")),
                cookie_secure=get("SESSION_COOKIE_SECURE"),
            ),
            accounts=AccountSettings(
                invitation_ttl_hours=number("INVITATION_TTL_HOURS", 72),
                invitations_per_day=number("VENDOR_INVITATIONS_PER_DAY", 10),
                forgot_password_min_seconds=float(get("FORGOT_PASSWORD_MIN_SECONDS") or 0),
                require_admin_2fa=bool(get("REQUIRE_ADMIN_2FA", True)),
                two_factor_issuer=get("TWO_FACTOR_ISSUER") or "Vendor Assurance Portal",
                two_factor_key=get("TWO_FACTOR_KEY") or None,
                two_factor_pending_minutes=int(get("TWO_FACTOR_PENDING_MINUTES")),
            ),
            sign_in=SignInLimits(
                per_pair=number("LOGIN_MAX_FAILURES", 5),
                per_account=number("LOGIN_ACCOUNT_MAX_FAILURES", 20),
                per_address=number("LOGIN_ADDRESS_MAX_FAILURES", 20),
                window=timedelta(minutes=number("LOGIN_FAILURE_WINDOW_MINUTES", 15)),
                lockout=timedelta(minutes=number("LOGIN_LOCKOUT_MINUTES", 15)),
                known_days=number("LOGIN_KNOWN_ADDRESS_DAYS", 30),
            ),
            api=ApiSettings(
                rate_limit=number("API_RATE_LIMIT", 600),
                rate_window=number("API_RATE_WINDOW", 60),
                rate_prefix=get("API_RATE_PREFIX", "vap"),
                max_invalid_tokens=number("API_MAX_INVALID_TOKENS", 20),
            ),
            webhooks=WebhookSettings(
                allowed_hosts=_names(get("WEBHOOK_ALLOWED_HOSTS")),
                block_private=bool(get("WEBHOOK_BLOCK_PRIVATE", True)),
                timeout=float(get("WEBHOOK_TIMEOUT") or 5.0),
                max_attempts=number("WEBHOOK_MAX_ATTEMPTS", 8),
                backoff_seconds=number("WEBHOOK_BACKOFF_SECONDS", 30),
                deliver_after_commit=bool(get("WEBHOOK_DELIVER_AFTER_COMMIT", True)),
            ),
            jobs=JobSettings(
                mode=get("JOBS_MODE") or None,
                queue=get("JOBS_QUEUE", "portal"),
                retry_delays=_delays(get("JOB_RETRY_DELAYS", "10,60")),
                threads=int(get("JOB_THREADS", 2)),
                timeout=int(get("JOB_TIMEOUT", 3600)),
                stall_minutes=int(get("JOB_STALL_MINUTES", 15)),
                export_keep_days=int(get("EXPORT_KEEP_DAYS", 7)),
            ),
            pages=PagePolicy(
                concurrency=number("PAGE_RENDER_CONCURRENCY", PagePolicy.concurrency),
                wait_seconds=float(get("PAGE_RENDER_WAIT_SECONDS", PagePolicy.wait_seconds)),
                max_pages=number("PAGE_RENDER_MAX_PAGES", PagePolicy.max_pages),
                prerender=int(get("PAGE_RENDER_PRERENDER", PagePolicy.prerender)),
                seconds=float(get("PAGE_RENDER_SECONDS") or PagePolicy.seconds),
            ),
            reading=ReadingSettings(
                sandbox_bwrap=str(get("SANDBOX_BWRAP") or "auto"),
                wall_seconds=float(get("CERTIFICATE_WALL_SECONDS") or 0) or None,
                ocr=bool(get("CERTIFICATE_OCR", True)),
            ),
        )


def _text_or_tuple(value: Any) -> str | tuple[str, ...]:
    """Keep a text setting as it is; freeze a list given in the config as a tuple."""
    if not value:
        return ""
    return value if isinstance(value, str) else tuple(value)


def _names(value: Any) -> tuple[str, ...]:
    """Split a comma-separated setting (or take a list) into its non-empty names."""
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(name.strip() for name in value.split(",") if name.strip())
    return tuple(value)


def _delays(value: Any) -> tuple[int, ...]:
    try:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return tuple(int(part) for part in value)
    except ValueError:
        raise SettingError("JOB_RETRY_DELAYS must be whole numbers of seconds separated by "
                           f"commas, not {value!r}.") from None


# The field each config key is read into (a dotted path on Settings).
KEYS = {
    "PORTAL_ENV": "env", "SECRET_KEY": "secret_key", "PAGE_SIZE": "page_size",
    "SCORING_METHOD": "scoring_method", "REMINDER_DAYS_BEFORE_DUE": "reminder_days",
    "REASSESSMENT_MONTHS": "reassessment_months",
    "PORTAL_BASE_URL": "server.base_url", "PORTAL_SERVED_URL": "server.served_url",
    "REDIS_URL": "server.redis_url", "SQLALCHEMY_DATABASE_URI": "server.database_url",
    "SQLITE_BUSY_TIMEOUT": "server.sqlite_busy_timeout",
    "TRUSTED_PROXIES": "server.trusted_proxies", "PROXY_HOPS": "server.proxy_hops",
    "LOG_FORMAT": "server.log_format", "LOG_LEVEL": "server.log_level",
    "SMTP_HOST": "smtp.host", "SMTP_PORT": "smtp.port", "SMTP_USERNAME": "smtp.username",
    "SMTP_PASSWORD": "smtp.password", "SMTP_STARTTLS": "smtp.starttls",
    "SMTP_SSL": "smtp.use_ssl", "SMTP_TIMEOUT": "smtp.timeout", "MAIL_FROM": "smtp.sender",
    "UPLOAD_DIR": "storage.upload_dir", "UPLOAD_MAX_BYTES": "storage.upload_max_bytes",
    "QUESTIONNAIRES_DIR": "storage.questionnaires_dir",
    "SESSION_IDLE_MINUTES_STAFF": "sessions.idle_minutes_staff",
    "SESSION_IDLE_MINUTES_VENDOR": "sessions.idle_minutes_vendor",
    "SESSION_ABSOLUTE_MINUTES": "sessions.absolute_minutes",
    "SESSION_COOKIE_SECURE": "sessions.cookie_secure",
    "INVITATION_TTL_HOURS": "accounts.invitation_ttl_hours",
    "VENDOR_INVITATIONS_PER_DAY": "accounts.invitations_per_day",
    "FORGOT_PASSWORD_MIN_SECONDS": "accounts.forgot_password_min_seconds",
    "REQUIRE_ADMIN_2FA": "accounts.require_admin_2fa",
    "TWO_FACTOR_ISSUER": "accounts.two_factor_issuer",
    "TWO_FACTOR_KEY": "accounts.two_factor_key",
    "TWO_FACTOR_PENDING_MINUTES": "accounts.two_factor_pending_minutes",
    "LOGIN_MAX_FAILURES": "sign_in.per_pair",
    "LOGIN_ACCOUNT_MAX_FAILURES": "sign_in.per_account",
    "LOGIN_ADDRESS_MAX_FAILURES": "sign_in.per_address",
    "LOGIN_FAILURE_WINDOW_MINUTES": "sign_in.window",
    "LOGIN_LOCKOUT_MINUTES": "sign_in.lockout",
    "LOGIN_KNOWN_ADDRESS_DAYS": "sign_in.known_days",
    "API_RATE_LIMIT": "api.rate_limit", "API_RATE_WINDOW": "api.rate_window",
    "API_RATE_PREFIX": "api.rate_prefix", "API_MAX_INVALID_TOKENS": "api.max_invalid_tokens",
    "WEBHOOK_ALLOWED_HOSTS": "webhooks.allowed_hosts",
    "WEBHOOK_BLOCK_PRIVATE": "webhooks.block_private", "WEBHOOK_TIMEOUT": "webhooks.timeout",
    "WEBHOOK_MAX_ATTEMPTS": "webhooks.max_attempts",
    "WEBHOOK_BACKOFF_SECONDS": "webhooks.backoff_seconds",
    "WEBHOOK_DELIVER_AFTER_COMMIT": "webhooks.deliver_after_commit",
    "JOBS_MODE": "jobs.mode", "JOBS_QUEUE": "jobs.queue", "JOB_RETRY_DELAYS": "jobs.retry_delays",
    "JOB_THREADS": "jobs.threads", "JOB_TIMEOUT": "jobs.timeout",
    "JOB_STALL_MINUTES": "jobs.stall_minutes", "EXPORT_KEEP_DAYS": "jobs.export_keep_days",
    "PAGE_RENDER_CONCURRENCY": "pages.concurrency",
    "PAGE_RENDER_WAIT_SECONDS": "pages.wait_seconds",
    "PAGE_RENDER_MAX_PAGES": "pages.max_pages", "PAGE_RENDER_PRERENDER": "pages.prerender",
    "PAGE_RENDER_SECONDS": "pages.seconds",
    "SANDBOX_BWRAP": "reading.sandbox_bwrap",
    "CERTIFICATE_WALL_SECONDS": "reading.wall_seconds", "CERTIFICATE_OCR": "reading.ocr",
}
