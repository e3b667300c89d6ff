"""The settings of the running app: built once in create_app, rebuilt only when app.config changes.

`app.config` is a `CountingConfig` (the app class's `config_class`), which counts every change;
`settings_for(app)` keeps the `Settings` it built on `app.extensions` with that count and builds
them again only when the count moved. So a test (or `portal demo`) that sets
`app.config["X"] = ...` after create_app sees the new value at the next call, and a request
otherwise reads a cached object. A value mutated inside a mutable config value (a dict) is not
seen: replace the value instead. An app with a plain Flask config is read afresh at every call.
"""
from __future__ import annotations

from typing import Any

from flask import Config, Flask, current_app

from portal.settings.model import Settings

EXTENSION = "portal.settings"


class CountingConfig(Config):
    """app.config that counts its changes, so the settings built from it know when they are old."""

    changes = 0

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.changes += 1

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.changes += 1

    def __ior__(self, other: Any) -> CountingConfig:
        self.update(other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self.changes += 1

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.changes += 1
        return super().setdefault(key, default)

    def pop(self, *args: Any) -> Any:
        self.changes += 1
        return super().pop(*args)

    def popitem(self) -> tuple[str, Any]:
        self.changes += 1
        return super().popitem()

    def clear(self) -> None:
        super().clear()
        self.changes += 1


class PortalFlask(Flask):
    """The portal's Flask app: the same, with a config that counts its changes."""

    config_class = CountingConfig


def settings_for(app: Flask) -> Settings:
    """Return the app's settings, built again if app.config changed since. Raises: SettingError."""
    changes = getattr(app.config, "changes", None)
    cached = app.extensions.get(EXTENSION)
    if changes is not None and cached is not None and cached[0] == changes:
        return cached[1]
    settings = Settings.from_config(app.config)
    app.extensions[EXTENSION] = (changes, settings)
    return settings


def current_settings() -> Settings:
    """Return the settings of the app handling this request or command."""
    return settings_for(current_app._get_current_object())  # type: ignore[attr-defined]
