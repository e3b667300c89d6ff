"""The menu each role sees: base.html's `nav_items`."""
from __future__ import annotations

from flask import Flask
from flask_login import current_user

from portal.auth.models import Role

NAVIGATION = (
    # (endpoint, label, roles)
    ("main.dashboard", "Dashboard", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("portfolio.index", "Portfolio", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("vendors.index", "Vendors", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("assessments.index", "Assessments", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("questionnaires.index", "Questionnaires",
     (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    # Certificates (issue 4): the staff list, and each vendor's own certificates.
    ("certificates.index", "Certificates", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("findings.index", "Findings", (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)),
    ("respond.index", "My assessments", (Role.VENDOR,)),
    ("documents.library", "Documents", (Role.VENDOR,)),
    ("certificates.mine", "Certificates", (Role.VENDOR,)),
    ("findings.mine", "Findings", (Role.VENDOR,)),
    ("auth.team", "My team", (Role.VENDOR,)),
    ("admin.users", "Users", (Role.ADMIN,)),
    ("admin.outbox", "Outbox", (Role.ADMIN,)),
    ("admin.audit", "Audit log", (Role.ADMIN,)),
)


def nav_items(role: Role) -> list[tuple[str, str]]:
    """Return the (endpoint, label) menu entries a role sees, in menu order."""
    return [(endpoint, label) for endpoint, label, roles in NAVIGATION if role in roles]


def init_app(app: Flask) -> None:
    """Give every template the signed-in user's menu (empty when nobody is signed in)."""

    @app.context_processor
    def _navigation():
        return {"nav_items": nav_items(current_user.role) if current_user.is_authenticated else []}
