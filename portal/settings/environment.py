"""Read settings from the environment and refuse unsafe production settings (create_app only).

Every setting documented in docs/deploy.md's table is listed in config.ENVIRONMENT_KEYS; a test
compares the two (tests/web/test_settings_env.py). Values are parsed by the type of their
default in portal/config.py (or the explicit BOOLEAN/INTEGER lists when the default is None),
and a value that does not parse stops the start with a message naming the variable.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal import config as defaults

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
MIN_SECRET_LENGTH = 32


class SettingError(RuntimeError):
    """A setting from the environment is malformed or unsafe; the message says which."""


def kind_of(config_key: str) -> type:
    """Return the type an environment value of this setting is parsed to."""
    if config_key in defaults.BOOLEAN_KEYS:
        return bool
    if config_key in defaults.INTEGER_KEYS:
        return int
    default = getattr(defaults, config_key, None)
    if isinstance(default, bool):
        return bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return float
    return str


def parse_value(env_key: str, config_key: str, value: str) -> Any:
    """Convert one environment value to its setting's type. Raises: SettingError."""
    kind = kind_of(config_key)
    text = value.strip()
    if kind is bool:
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise SettingError(f"{env_key} must be true or false (1/0, yes/no, on/off), "
                           f"not {value!r}.")
    if kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            noun = "a whole number" if kind is int else "a number"
            raise SettingError(f"{env_key} must be {noun}, not {value!r}.") from None
    return value


def read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the config values set in the environment. Raises: SettingError."""
    values = {}
    for env_key, config_key in defaults.ENVIRONMENT_KEYS.items():
        value = environ.get(env_key)
        if value is None or value == "":
            continue
        values[config_key] = parse_value(env_key, config_key, value)
    return values


def production_problems(config: Mapping[str, Any], environ: Mapping[str, str]) -> list[str]:
    """List why these settings are unsafe for production (empty when they are fine)."""
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if secret and len(secret) < MIN_SECRET_LENGTH:
        problems.append(f"SECRET_KEY is {len(secret)} characters; production needs at least "
                        f"{MIN_SECRET_LENGTH} random ones (python -c 'import secrets; "
                        "print(secrets.token_hex(32))').")
    debug_env = (environ.get("FLASK_DEBUG") or "").strip().lower()
    if config.get("DEBUG") or debug_env in TRUE_WORDS:
        problems.append("Debug mode (FLASK_DEBUG or DEBUG) is on; it shows code and data to "
                        "anyone who triggers an error. Turn it off, or set "
                        "PORTAL_ENV=development for a local run.")
    return problems
