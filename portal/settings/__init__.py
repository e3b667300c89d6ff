"""The portal's settings: read from the environment (environment.py) and typed (model.py).

`portal.settings.current` holds the accessor routes and commands use (it imports Flask; the
two modules re-exported here do not).
"""
from __future__ import annotations

from portal.settings.environment import (
    SettingError,
    parse_value,
    production_problems,
    read_environment,
)
from portal.settings.model import (
    KEYS,
    AccountSettings,
    ApiSettings,
    JobSettings,
    PagePolicy,
    ReadingSettings,
    ServerSettings,
    SessionSettings,
    Settings,
    SignInLimits,
    SmtpSettings,
    StorageSettings,
    WebhookSettings,
)

__all__ = ["KEYS", "AccountSettings", "ApiSettings", "JobSettings", "PagePolicy",
           "ReadingSettings", "ServerSettings", "SessionSettings", "SettingError", "Settings",
           "SignInLimits", "SmtpSettings", "StorageSettings", "WebhookSettings", "parse_value",
           "production_problems", "read_environment"]
