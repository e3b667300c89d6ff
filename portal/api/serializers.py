"""Turn stored objects into the API's response shapes."""
from __future__ import annotations

from typing import Any

from flask import url_for

from portal.api import evidence_schemas, schemas
from portal.assessments.lifecycle import STAFF, VENDOR, available_actions
from portal.assessments.models import Answer, Assessment
from portal.auth.models import Role, User
from portal.documents.models import Document
from portal.findings.models import Finding
from portal.questionnaires.bank import Template, is_visible
from portal.questionnaires.models import TemplateVersion
from portal.scoring.models import ScoreRecord
from portal.vendors.models import Vendor


def vendor(item: Vendor) -> schemas.VendorOut:
    """Describe a vendor."""
    return schemas.VendorOut(
        id=item.id, legal_name=item.legal_name, aliases=list(item.aliases or []),
        website=item.website, country=item.country, description=item.description,
        status=item.status.value,
        inherent_tier=item.inherent_tier.value if item.inherent_tier else None,
        tier_reasons=list(item.tier_reasons or []), owner_id=item.owner_id,
        created_at=item.created_at, updated_at=item.updated_at)


def template_version(item: TemplateVersion) -> schemas.TemplateVersionOut:
    """Describe a questionnaire template version."""
    return schemas.TemplateVersionOut(id=item.id, key=item.key, version=item.version,
                                      title=item.title, question_count=item.question_count)


def assessment(item: Assessment, *, viewer: User) -> schemas.AssessmentOut:
    """Describe an assessment, with the actions the viewer's side may take now."""
    side = VENDOR if viewer.role is Role.VENDOR else STAFF
    return schemas.AssessmentOut(
        id=item.id, vendor_id=item.vendor_id, title=item.title, status=item.status.value,
        template=template_version(item.template_version), product_id=item.product_id,
        due_date=item.due_date, recipient_ids=sorted(u.id for u in item.recipients),
        available_actions=[t.action for t in available_actions(item.status, side)],
        created_at=item.created_at, updated_at=item.updated_at, sent_at=item.sent_at,
        submitted_at=item.submitted_at, closed_at=item.closed_at)


ANSWER_SHAPES: dict[str, type[schemas.AnswerFields]] = {
    "yes_no": schemas.ChoiceAnswer, "single_choice": schemas.ChoiceAnswer,
    "multiple_choice": schemas.MultipleChoiceAnswer, "text": schemas.TextAnswer,
    "number": schemas.NumberAnswer, "date": schemas.DateAnswer, "file": schemas.FileAnswer,
}


def _condition(expression: dict) -> schemas.ConditionExpression:
    if "all" in expression:
        return schemas.AllConditionOut(all=[_condition(e) for e in expression["all"]])
    if "any" in expression:
        return schemas.AnyConditionOut(any=[_condition(e) for e in expression["any"]])
    if "not" in expression:
        return schemas.NotConditionOut(**{"not": _condition(expression["not"])})
    return schemas.ConditionOut(question_id=expression["question"],
                                any_of=list(expression["any_of"]))


def answers(item: Assessment, template: Template, stored: dict[str, Answer],
            editable: set[str] | None) -> schemas.AnswerList:
    """List every question of the assessment with its stored answer, typed by question type."""
    values = {qid: a.value for qid, a in stored.items()}
    rows = []
    for question in template.questions():
        answer = stored.get(question.id)
        visible = is_visible(question, values)
        condition = question.show_if
        rows.append(ANSWER_SHAPES[question.type](
            question_id=question.id, section_id=question.section_id, text=question.text,
            guidance=question.guidance or "", type=question.type,
            required=bool(question.required) and visible, visible=visible,
            show_if=_condition(condition.author_rule) if condition else None,
            options=[schemas.OptionOut(value=o.value, label=o.label, score=o.score)
                     for o in question.options],
            value=answer.value if answer else None, comment=answer.comment if answer else None,
            version=answer.version if answer else 0,
            review_status=answer.review_status.value if answer else None,
            editable=visible and (editable is None or question.id in editable)))
    return schemas.AnswerList(assessment_id=item.id, status=item.status.value, data=rows)


def document(item: Document) -> evidence_schemas.DocumentOut:
    """Describe a document's metadata."""
    return evidence_schemas.DocumentOut(
        id=item.id, vendor_id=item.vendor_id, assessment_id=item.assessment_id,
        question_id=item.question_id, kind=item.kind.value, name=item.original_name,
        content_type=item.content_type, size=item.size, sha256=item.sha256,
        uploaded_at=item.uploaded_at, uploaded_by_id=item.uploaded_by_id,
        download_url=url_for("api.download_document", document_id=item.id))


def scorecard(item: ScoreRecord) -> evidence_schemas.ScorecardOut:
    """Describe a stored score."""
    return evidence_schemas.ScorecardOut(
        id=item.id, vendor_id=item.vendor_id, assessment_id=item.assessment_id,
        method_version=item.method_version, inherent_tier=item.inherent_tier,
        overall=item.overall, confidence=item.confidence, completeness=item.completeness,
        third_party=item.third_party, band=item.band, residual_risk=item.residual_risk,
        residual_reasons=list(item.residual_reasons or []), reason=item.reason.value,
        computed_at=item.computed_at)


def finding(item: Finding) -> evidence_schemas.FindingOut:
    """Describe a finding."""
    return evidence_schemas.FindingOut(
        id=item.id, vendor_id=item.vendor_id, assessment_id=item.assessment_id,
        source=item.source.value, severity=item.severity.value, status=item.status.value,
        control_id=item.control_id, question_id=item.question_id, title=item.title,
        detail=item.detail or "", remediation=item.remediation or "",
        remediation_due_date=item.remediation_due_date, created_at=item.created_at,
        updated_at=item.updated_at, closed_at=item.closed_at)


def missing(items: list[Any]) -> list[dict[str, str]]:
    """Describe the answers that block a submission."""
    return [schemas.MissingAnswerOut(question_id=m.question_id, section_id=m.section_id,
                                     text=m.text, reason=m.reason).model_dump() for m in items]


def certificate(item: Any) -> evidence_schemas.CertificateOut:
    """Describe a stored certificate with its extraction and verification results."""
    return evidence_schemas.CertificateOut(
        id=item.id, vendor_id=item.vendor_id, document_id=item.document_id,
        assessment_id=item.assessment_id, question_id=item.question_id, status=item.status.value,
        status_message=item.status_message or "", standard=item.standard,
        standards=list(item.standards or []), certificate_number=item.certificate_number,
        organization=item.organization, scope=item.scope, sites=list(item.sites or []),
        initial_certification_date=item.initial_certification_date, issue_date=item.issue_date,
        expiry_date=item.expiry_date, certification_body=item.certification_body,
        accreditation_body=item.accreditation_body,
        accreditation_number=item.accreditation_number, checks=list(item.checks or []),
        extraction=item.extraction, checked_at=item.checked_at, reviewed_at=item.reviewed_at,
        created_at=item.created_at)
