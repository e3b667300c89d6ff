"""The base of the portal's domain errors (foundation: imports nothing of the portal)."""
from __future__ import annotations


class DomainError(Exception):
    """An action the portal refused; str(error) says why, in words meant for the user.

    Every feature's refusals derive from it (directly or through their package's base), the
    pure modules' too: this module imports nothing. A route that does not catch one gets the
    handler in portal.errors: the message flashed and a redirect back, or to the page the route
    named with send_refusals_to (a 422 page for a GET), or a 422 problem document under /api.
    """

    # Any other status is answered as abort(status) would be: 403 for an action the user's role
    # may not take at all, where the page does not say why.
    http_status = 422
