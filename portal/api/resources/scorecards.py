"""Scorecards and findings of a vendor (read only)."""
from __future__ import annotations

from portal.api import serializers
from portal.api.errors import ApiProblem
from portal.api.evidence_schemas import FindingPage, FindingQuery, ScorecardOut
from portal.api.operations import ALL_ROLES, STAFF, Call, Operations, page_reply
from portal.auth.models import User
from portal.extensions import db
from portal.findings.services import FindingFilters, findings_query
from portal.scoring.services import latest_record
from portal.vendors.models import Vendor

ops = Operations("scorecards", "Scores and findings (read only).")


def _vendor_for(user: User, vendor_id: int) -> Vendor:
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None or not (user.is_staff or user.vendor_id == vendor_id):
        raise ApiProblem(404, f"There is no vendor {vendor_id}.")
    return vendor


@ops.route("GET", "/vendors/{vendor_id}/scorecard", summary="Get a vendor's latest score",
           roles=STAFF, response=ScorecardOut)
def get_scorecard(call: Call, vendor_id: int):
    """Return the most recent score record; 404 while the vendor has none."""
    vendor = _vendor_for(call.user, vendor_id)
    score = latest_record(vendor.id)
    if score is None:
        raise ApiProblem(404, f"{vendor.legal_name} has no score yet.", kind="no-score")
    return serializers.scorecard(score)


@ops.route("GET", "/vendors/{vendor_id}/findings", summary="List a vendor's findings",
           roles=ALL_ROLES, query=FindingQuery, response=FindingPage,
           headers=("Link",))
def list_findings(call: Call, vendor_id: int):
    """Worst first; status=open covers open and remediation requested. Vendor contacts see
    their own organisation's findings."""
    vendor = _vendor_for(call.user, vendor_id)
    q: FindingQuery = call.query
    select = findings_query(FindingFilters(vendor_id=vendor.id, severity=q.severity,
                                           status=q.status))
    page = db.paginate(select, page=q.page, per_page=q.per_page, error_out=False)
    items = [serializers.finding(f) for f in page.items]
    return page_reply(FindingPage, items, page, q)

