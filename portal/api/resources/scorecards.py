"""A vendor's scorecard (JSON and PDF), findings list and decisions."""
from __future__ import annotations

from datetime import date

from flask import Response

from portal.api import process_schemas as shapes
from portal.api import serializers
from portal.api.errors import ApiProblem
from portal.api.evidence_schemas import FindingPage, FindingQuery, ScorecardOut
from portal.api.operations import ALL_ROLES, STAFF, Call, Operations, Reply, page_reply
from portal.auth.models import User
from portal.decisions import services as decisions
from portal.extensions import db
from portal.findings.services import FindingFilters, findings_query
from portal.scorecards.pdf import scorecard_pdf as render_pdf
from portal.scorecards.services import build_scorecard
from portal.scoring.services import latest_record
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

ops = Operations("scorecards", "Scores, their PDF, findings and decisions.")


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



PDF_CONTENT = {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
               "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


@ops.route("GET", "/vendors/{vendor_id}/scorecard.pdf", summary="Download the scorecard PDF",
           roles=STAFF, content=PDF_CONTENT, headers=("Content-Disposition",))
def scorecard_pdf(call: Call, vendor_id: int):
    """The same PDF as the scorecard page's download; 404 while the vendor has no score."""
    vendor = _vendor_for(call.user, vendor_id)
    if latest_record(vendor.id) is None:
        raise ApiProblem(404, f"{vendor.legal_name} has no score yet.", kind="no-score")
    card = build_scorecard(vendor)
    stem = "".join(c if c.isalnum() else "-" for c in vendor.legal_name).strip("-").lower()
    return Response(render_pdf(card, generated_on=date.today()), mimetype="application/pdf",
                    headers={"Content-Disposition":
                             f'attachment; filename="scorecard-{stem or vendor.id}.pdf"'})


@ops.route("GET", "/vendors/{vendor_id}/decisions", summary="List decisions on a vendor",
           roles=STAFF, response=shapes.DecisionList)
def list_decisions(call: Call, vendor_id: int):
    """Every decision, newest first."""
    vendor = _vendor_for(call.user, vendor_id)
    return shapes.DecisionList(data=[_decision(d) for d in decisions.decisions_for(vendor.id)])


@ops.route("POST", "/vendors/{vendor_id}/decisions", summary="Record a decision",
           scope="write", roles=decisions.DECIDER_ROLES, body=shapes.DecisionIn,
           response=shapes.DecisionOut, status=201, headers=("Location",), idempotent=True,
           links={"ListDecisions": {"operationId": "list_decisions",
                                    "parameters": {"vendor_id": "$response.body#/vendor_id"}}})
def record_decision(call: Call, vendor_id: int):
    """Approve, approve with conditions (list them) or reject (say why), on the vendor's
    latest score; the vendor's owner is told and `decision.made` webhooks fire."""
    vendor = _vendor_for(call.user, vendor_id)
    body: shapes.DecisionIn = call.body
    try:
        item = decisions.record_decision(vendor, decision=body.decision,
                                         conditions=body.conditions, comment=body.comment,
                                         actor=call.user, settings=current_settings())
    except decisions.DecisionError as exc:
        raise ApiProblem(422, str(exc), kind="validation-error") from None
    db.session.commit()
    return Reply(_decision(item),
                 headers={"Location": f"/api/v1/vendors/{vendor.id}/decisions"})


def _decision(item) -> shapes.DecisionOut:
    return shapes.DecisionOut(
        id=item.id, vendor_id=item.vendor_id, assessment_id=item.assessment_id,
        score_record_id=item.score_record_id, decision=item.decision.value,
        conditions=item.conditions, comment=item.comment or "",
        decided_by_id=item.decided_by_id, decided_at=item.decided_at)
