"""Role and ownership checks for views."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user, login_required

from portal.auth.models import Role

F = TypeVar("F", bound=Callable)

STAFF_ROLES = (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)
# Who may create and change vendors and assessments.
EDITOR_ROLES = (Role.ADMIN, Role.PROCUREMENT)
# Who may review answers and decide on assessments.
REVIEWER_ROLES = (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow a view only to signed-in users holding one of the roles."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


staff_required = roles_required(*STAFF_ROLES)
editor_required = roles_required(*EDITOR_ROLES)
reviewer_required = roles_required(*REVIEWER_ROLES)
admin_required = roles_required(Role.ADMIN)
vendor_required = roles_required(Role.VENDOR)


def require_vendor_access(user, vendor_id: int) -> None:
    """Abort with 404 unless the user is staff or a contact of this vendor."""
    if user.is_staff:
        return
    if user.vendor_id != vendor_id:
        # 404 rather than 403: do not confirm that another vendor's object exists.
        abort(404)
