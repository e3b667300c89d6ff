"""Findings: raise one by hand, edit it, and the actions of the finding page."""
from __future__ import annotations

from portal.api import process_schemas as shapes
from portal.api import serializers
from portal.api.errors import ApiProblem
from portal.api.evidence_schemas import FindingOut
from portal.api.operations import ALL_ROLES, EDITORS, STAFF, VENDORS, Call, Operations, Reply
from portal.extensions import db
from portal.findings import services
from portal.findings.models import Finding
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

ops = Operations("findings", "Findings and their remediation.")
FINDING_LINKS = {"GetFinding": {"operationId": "get_finding",
                                "parameters": {"finding_id": "$response.body#/id"}}}


def _finding(call: Call, finding_id: int) -> Finding:
    finding = db.session.get(Finding, finding_id)
    if finding is None or not (call.user.is_staff or finding.vendor_id == call.user.vendor_id):
        raise ApiProblem(404, f"There is no finding {finding_id}.")
    return finding


def _refused(exc: services.FindingError) -> ApiProblem:
    if isinstance(exc, services.NotAllowed):
        return ApiProblem(403, str(exc), kind="forbidden")
    return ApiProblem(409, str(exc), kind="invalid-transition")


@ops.route("POST", "/vendors/{vendor_id}/findings", summary="Raise a finding by hand",
           scope="write", roles=EDITORS, body=shapes.FindingCreate, response=FindingOut,
           status=201, headers=("Location",), idempotent=True, links=FINDING_LINKS)
def raise_finding(call: Call, vendor_id: int):
    """Record a finding of your own (from a call, an incident, a contract review)."""
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        raise ApiProblem(404, f"There is no vendor {vendor_id}.")
    body: shapes.FindingCreate = call.body
    try:
        finding = services.raise_manual(vendor, title=body.title, severity=body.severity,
                                        detail=body.detail, remediation=body.remediation,
                                        control_id=body.control_id, actor=call.user)
    except services.FindingError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return Reply(serializers.finding(finding),
                 headers={"Location": f"/api/v1/findings/{finding.id}"})


@ops.route("GET", "/findings/{finding_id}", summary="Get a finding", roles=ALL_ROLES,
           response=FindingOut, links=FINDING_LINKS)
def get_finding(call: Call, finding_id: int):
    """Vendor contacts see their own organisation's findings."""
    return serializers.finding(_finding(call, finding_id))


@ops.route("PATCH", "/findings/{finding_id}", summary="Edit a finding", scope="write",
           roles=EDITORS, body=shapes.FindingUpdate, response=FindingOut)
def update_finding(call: Call, finding_id: int):
    """Change the title, severity and recommended remediation; each change is audited."""
    finding = _finding(call, finding_id)
    body: shapes.FindingUpdate = call.body
    try:
        services.update_finding(finding, title=body.title, severity=body.severity,
                                remediation=body.remediation, actor=call.user)
    except services.FindingError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.finding(finding)


@ops.route("POST", "/findings/{finding_id}/actions", summary="Act on a finding",
           scope="write", roles=STAFF, body=shapes.FindingAction, response=FindingOut,
           errors=(409,))
def finding_action(call: Call, finding_id: int):
    """request_remediation (e-mails the vendor's contacts; administrators and procurement),
    accept_risk (contract managers and administrators), close or reopen (administrators and
    procurement)."""
    finding = _finding(call, finding_id)
    action = call.body.root
    if action.action != "accept_risk" and call.user.role not in EDITORS:
        raise ApiProblem(403, "Only administrators and procurement can do this.",
                         kind="forbidden")
    settings = current_settings()
    try:
        if action.action == "request_remediation":
            services.request_remediation(finding, due_date=action.due_date,
                                         message=action.message, actor=call.user, settings=settings)
        elif action.action == "accept_risk":
            services.accept_risk(finding, justification=action.justification,
                                 expires_on=action.expires_on, actor=call.user)
        elif action.action == "close":
            services.close_finding(finding, comment=action.comment, actor=call.user)
        else:
            services.reopen_finding(finding, comment=action.comment, actor=call.user)
    except services.FindingError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.finding(finding)


@ops.route("POST", "/findings/{finding_id}/replies", summary="Reply to a finding",
           scope="write", roles=VENDORS, body=shapes.FindingReplyIn, response=FindingOut,
           status=201, errors=(409,), idempotent=True, headers=("Location",))
def reply_to_finding(call: Call, finding_id: int):
    """The vendor's remediation plan or response; the vendor's owner and the finding's author
    are told by e-mail. Upload evidence with POST /documents and mention it in the text."""
    finding = _finding(call, finding_id)
    try:
        services.vendor_reply(finding, body=call.body.body, upload=None, actor=call.user,
                              settings=current_settings())
    except services.FindingError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return Reply(serializers.finding(finding),
                 headers={"Location": f"/api/v1/findings/{finding.id}"})
