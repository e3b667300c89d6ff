"""Templates and assessments: create from a template version, send, list, read, move."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.api import schemas, serializers
from portal.api.errors import ApiProblem
from portal.api.operations import (
    ALL_ROLES,
    EDITORS,
    STAFF,
    Call,
    Operations,
    Reply,
    page_reply,
)
from portal.assessments import services
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.auth.models import Role, User
from portal.extensions import db
from portal.questionnaires.templates import latest_versions
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

ops = Operations("assessments", "Questionnaire templates and assessments.")


def visible_assessment(user: User, assessment_id: int) -> Assessment:
    """Return an assessment the user may see. Raises: ApiProblem (404) for any other."""
    assessment = db.session.scalar(
        sa.select(Assessment).options(selectinload(Assessment.recipients),
                                      selectinload(Assessment.template_version))
        .where(Assessment.id == assessment_id))
    if assessment is not None and (user.is_staff or (
            assessment.vendor_id == user.vendor_id and assessment.status.is_visible_to_vendor)):
        return assessment
    # The same answer for missing and foreign: never confirm another organisation's assessment.
    raise ApiProblem(404, f"There is no assessment {assessment_id}.")


def _refused(exc: Exception) -> ApiProblem:
    return ApiProblem(409, str(exc), kind="invalid-transition")


@ops.route("GET", "/templates", summary="List questionnaire templates", roles=STAFF,
           response=schemas.TemplateList)
def list_templates(call: Call):
    """List the newest active version of each template; create assessments from their ids."""
    return schemas.TemplateList(data=[serializers.template_version(t) for t in latest_versions()])


@ops.route("GET", "/assessments", summary="List assessments", query=schemas.AssessmentQuery,
           response=schemas.AssessmentPage, headers=("Link",))
def list_assessments(call: Call):
    """Staff see every assessment; vendor contacts see those sent to their organisation."""
    q: schemas.AssessmentQuery = call.query
    select = services.assessments_for_staff(status=q.status, vendor_id=q.vendor_id,
                                            overdue=q.overdue, sort=q.sort)
    if call.user.role is Role.VENDOR:
        select = select.where(Assessment.vendor_id == call.user.vendor_id,
                              Assessment.status != AssessmentStatus.DRAFT)
    page = db.paginate(select, page=q.page, per_page=q.per_page, error_out=False)
    items = [serializers.assessment(a, viewer=call.user) for a in page.items]
    return page_reply(schemas.AssessmentPage, items, page, q)


ASSESSMENT_LINKS = {
    "GetAssessment": {"operationId": "get_assessment",
                      "parameters": {"assessment_id": "$response.body#/id"}},
    "ListAnswers": {"operationId": "list_answers",
                    "parameters": {"assessment_id": "$response.body#/id"}},
}


@ops.route("POST", "/assessments", summary="Create a draft assessment", scope="write",
           roles=EDITORS, body=schemas.AssessmentCreate, response=schemas.AssessmentOut,
           status=201, headers=("Location",), idempotent=True, links=ASSESSMENT_LINKS)
def create_assessment(call: Call):
    """Create a draft from a template version for a vendor; send it with /send."""
    body: schemas.AssessmentCreate = call.body
    vendor = db.session.get(Vendor, body.vendor_id)
    if vendor is None:
        raise ApiProblem(422, f"There is no vendor {body.vendor_id}.", kind="validation-error",
                         errors=[{"pointer": "#/vendor_id", "detail": "Unknown vendor"}])
    draft = services.AssessmentDraft(
        title=body.title, template_version_id=body.template_version_id, due_date=body.due_date,
        recipient_ids=list(body.recipient_ids), product_id=body.product_id, message=body.message)
    try:
        assessment = services.create_assessment(vendor, draft, actor=call.user)
    except services.AssessmentError as exc:
        raise ApiProblem(422, str(exc), kind="validation-error") from None
    db.session.commit()
    return Reply(serializers.assessment(assessment, viewer=call.user),
                 headers={"Location": f"/api/v1/assessments/{assessment.id}"})


@ops.route("GET", "/assessments/{assessment_id}", summary="Get an assessment",
           roles=ALL_ROLES, response=schemas.AssessmentOut)
def get_assessment(call: Call, assessment_id: int):
    """Return one assessment; vendor contacts only see their organisation's."""
    return serializers.assessment(visible_assessment(call.user, assessment_id), viewer=call.user)


@ops.route("POST", "/assessments/{assessment_id}/send", summary="Send a draft to the vendor",
           scope="write", roles=EDITORS, response=schemas.AssessmentOut, errors=(409,))
def send_assessment(call: Call, assessment_id: int):
    """E-mail the draft's recipients and open it for answers; 409 when it cannot be sent."""
    assessment = visible_assessment(call.user, assessment_id)
    try:
        services.send_assessment(assessment, actor=call.user, settings=current_settings())
    except services.AssessmentError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.assessment(assessment, viewer=call.user)


@ops.route("POST", "/assessments/{assessment_id}/actions", summary="Move an assessment",
           scope="write", roles=STAFF, body=schemas.AssessmentAction,
           response=schemas.AssessmentOut, errors=(409,))
def assessment_action(call: Call, assessment_id: int):
    """Apply start_review, request_clarification, accept, reject (with a comment) or cancel."""
    assessment = visible_assessment(call.user, assessment_id)
    body: schemas.AssessmentAction = call.body
    if body.action == "cancel" and call.user.role not in EDITORS:
        raise ApiProblem(403, "Only administrators and procurement can cancel.",
                         kind="forbidden")
    settings = current_settings()
    try:
        if body.action == "request_clarification":
            services.request_clarification(assessment, actor=call.user, settings=settings)
        else:
            # An API call is explicit: it is not held by the web page's unreviewed-answers
            # confirmation (portal/assessments/services.change_status).
            services.change_status(assessment, body.action, actor=call.user,
                                   comment=body.comment, settings=settings, confirm_unreviewed=True)
    except services.AssessmentError as exc:
        raise _refused(exc) from None
    db.session.commit()
    return serializers.assessment(assessment, viewer=call.user)
