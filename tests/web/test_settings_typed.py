"""Issue 15: one typed Settings object, read from app.config once and again after a change."""
from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import pytest

from portal import config as defaults
from portal.settings import KEYS, SettingError, Settings, parse_value
from portal.settings.current import current_settings, settings_for
from portal.settings.environment import kind_of

# Environment values that parse for settings whose text is read further.
SAMPLES = {"PORTAL_ENV": "demo", "JOB_RETRY_DELAYS": "5,9", "SANDBOX_BWRAP": "off",
           "WEBHOOK_ALLOWED_HOSTS": "a.example, b.example", "LOG_LEVEL": "DEBUG"}
BY_KIND = {bool: "false", int: "7", float: "2.5", str: "sample-value"}
# Fields that hold a parsed form of the value, not the value itself.
CONVERTED = {
    "sign_in.window": lambda v: timedelta(minutes=v),
    "sign_in.lockout": lambda v: timedelta(minutes=v),
    "storage.upload_dir": Path,
    "server.sqlite_busy_timeout": float,
    "webhooks.timeout": float,
    "webhooks.allowed_hosts": lambda v: ("a.example", "b.example"),
    "jobs.retry_delays": lambda v: (5, 9),
}


def _resolve(settings: Settings, path: str) -> tuple[object, object]:
    """Return (the field's value, its annotation) for a dotted path."""
    owner: object = settings
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return getattr(owner, name), typing.get_type_hints(type(owner))[name]


def _is_instance(value: object, hint: object) -> bool:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return any(_is_instance(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin is tuple:
        return isinstance(value, tuple) and all(
            _is_instance(item, typing.get_args(hint)[0]) for item in value)
    if origin is not None:
        return isinstance(value, Mapping if origin is Mapping else origin)
    if hint is float:
        return isinstance(value, float)
    return isinstance(value, hint)  # type: ignore[arg-type]


def test_every_environment_setting_has_a_settings_field(app):
    settings = settings_for(app)
    missing = sorted(set(defaults.ENVIRONMENT_KEYS.values()) - set(KEYS))
    assert not missing, f"add these to portal/settings/model.py (Settings and KEYS): {missing}"
    for path in KEYS.values():
        _resolve(settings, path)  # AttributeError: KEYS names a field that does not exist


@pytest.mark.parametrize(("env_key", "config_key"), sorted(defaults.ENVIRONMENT_KEYS.items()))
def test_each_field_has_the_type_of_its_parsed_value(app, env_key, config_key):
    sample = SAMPLES.get(env_key)
    if sample is None:
        sample = BY_KIND[kind_of(config_key)]
    parsed = parse_value(env_key, config_key, sample)
    settings = Settings.from_config({**app.config, config_key: parsed})
    path = KEYS[config_key]
    value, hint = _resolve(settings, path)
    assert _is_instance(value, hint), f"{path} is {value!r}, annotated {hint}"
    expected = CONVERTED.get(path, lambda v: v)(parsed)
    assert value == expected
    if path not in CONVERTED:
        assert type(value) is type(parsed), f"{path}: {type(value)} for {type(parsed)}"


def test_settings_follow_changes_to_app_config(app):
    first = settings_for(app)
    assert settings_for(app) is first  # cached while app.config is unchanged
    app.config["PAGE_SIZE"] = 3
    app.config.update(SMTP_HOST="smtp.corp.example")
    with app.app_context():
        changed = current_settings()
    assert (changed.page_size, changed.smtp.host) == (3, "smtp.corp.example")
    assert first.page_size == defaults.PAGE_SIZE


def test_settings_are_frozen_and_keep_secrets_out_of_their_repr(app):
    app.config.update(SMTP_PASSWORD="smtp-secret", TWO_FACTOR_KEY="totp-secret")
    settings = settings_for(app)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.page_size = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.reassessment_months["high"] = 1  # type: ignore[index]
    text = repr(settings)
    for secret in ("smtp-secret", "totp-secret", app.config["SECRET_KEY"]):
        assert secret not in text


def test_a_malformed_value_set_after_the_start_is_named(app):
    app.config["JOB_RETRY_DELAYS"] = "ten,sixty"
    with pytest.raises(SettingError, match="JOB_RETRY_DELAYS"):
        settings_for(app)
