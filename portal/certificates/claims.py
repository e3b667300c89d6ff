"""Keep certificate-contradiction findings in step with the answers and the certificates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.certificates.checking import vendor_terms
from portal.certificates.contradictions import (
    CertificateFacts,
    Claim,
    Contradiction,
    find_claims,
    find_contradictions,
)
from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.verification import FAIL, PASS, scope_check
from portal.documents.models import Document
from portal.extensions import db, utcnow
from portal.findings.models import Finding, FindingSource, FindingStatus, Severity
from portal.questionnaires.bank import is_visible
from portal.questionnaires.templates import load_pinned
from portal.vendors.models import Product

KEY_PREFIX = "certificate:"
# Answers are compared with certificates once the vendor has submitted them.
CLAIM_STATES = (AssessmentStatus.SUBMITTED, AssessmentStatus.UNDER_REVIEW,
                AssessmentStatus.RESUBMITTED, AssessmentStatus.CLARIFICATION_REQUESTED,
                AssessmentStatus.ACCEPTED)
# Certificates that count as the vendor's: read, and not rejected or replaced.
LIVE = (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED)


@dataclass
class ClaimSync:
    raised: int = 0
    updated: int = 0
    reopened: int = 0
    resolved: int = 0


def certificate_facts(vendor_id: int, *, product: Product | None = None) -> list[CertificateFacts]:
    """Return what the contradiction rules need about the vendor's live certificates.

    The organisation and scope come from the stored checks (kept current when the vendor's
    names or products change); for one product only its scope is checked here. The rules
    compare the stored expiry date with the day they run.
    """
    certificates = db.session.scalars(
        sa.select(Certificate).join(Certificate.document)
        .where(Certificate.vendor_id == vendor_id, Certificate.status.in_(LIVE),
               Document.is_removed.is_(False))
        .order_by(Certificate.id))
    terms = vendor_terms(product.vendor, product) if product is not None else []
    facts = []
    for c in certificates:
        organisation = c.check("organisation")
        if product is None:
            scope = c.check("scope")
            scope_ok = scope.get("status") == PASS if scope is not None else None
        else:
            scope_ok = scope_check(c.scope, terms).status == PASS if terms else None
        facts.append(CertificateFacts(
            id=c.id, standards=tuple(dict.fromkeys(s for s in [c.standard, *c.standards] if s)),
            expiry_date=c.expiry_date,
            organisation_ok=(organisation.get("status") != FAIL) if organisation else None,
            organisation=c.organization,
            scope_ok=scope_ok if c.scope else None,
            label=f"{c.standard or 'certificate'} no. {c.certificate_number or '?'} "
                  f"({c.status.label.lower()})"))
    return facts


def sync_assessment_contradictions(assessment: Assessment, *, actor: User | None,
                                   today: date | None = None) -> ClaimSync:
    """Raise, update, reopen or resolve the assessment's certificate-contradiction findings."""
    today = today or date.today()
    template = load_pinned(assessment.template_version)
    values = {a.question_id: a.value for a in assessment.answers}
    questions = [q for q in template.questions() if is_visible(q, values)]
    facts = certificate_facts(assessment.vendor_id, product=assessment.product)
    items = find_contradictions(questions, values, facts, today=today,
                                assessment_id=assessment.id)
    existing = {f.key: f for f in db.session.scalars(sa.select(Finding).where(
        Finding.vendor_id == assessment.vendor_id, Finding.assessment_id == assessment.id,
        Finding.source == FindingSource.CERTIFICATE, Finding.key.like(f"{KEY_PREFIX}%")))}
    summary = ClaimSync()
    for item in items:
        _upsert(assessment, existing.get(item.key), item, actor, summary)
    keys = {item.key for item in items}
    for finding in existing.values():
        if finding.key not in keys and finding.status.is_open:
            finding.status, finding.closed_at = FindingStatus.CLOSED, utcnow()
            summary.resolved += 1
            _audit(actor, "finding.resolved", f"Resolved finding {finding.key}: the "
                   "certificates now back the answer", finding)
    db.session.flush()
    return summary


def _upsert(assessment: Assessment, finding: Finding | None, item: Contradiction,
            actor: User | None, summary: ClaimSync) -> None:
    severity = Severity(item.severity)
    if finding is None:
        finding = Finding(
            vendor_id=assessment.vendor_id, assessment_id=assessment.id, key=item.key,
            source=FindingSource.CERTIFICATE, severity=severity, status=FindingStatus.OPEN,
            control_id=item.control_id, question_id=item.question_id, title=item.title,
            detail=item.detail, remediation=item.remediation,
            created_by_id=None)  # raised by the portal ("System"), not by the submitter
        db.session.add(finding)
        db.session.flush()
        summary.raised += 1
        _audit(actor, "finding.raised", f"Raised {item.severity} finding: {item.title}", finding)
        return
    finding.title, finding.detail, finding.remediation = item.title, item.detail, item.remediation
    finding.severity = severity
    summary.updated += 1
    # The contradiction is computed from the data, so a closed finding whose contradiction is
    # back is reopened; to live with it, a reviewer accepts the risk, which is never reopened.
    if finding.status is FindingStatus.CLOSED:
        finding.status, finding.closed_at = FindingStatus.OPEN, None
        summary.reopened += 1
        _audit(actor, "finding.reopened", f"Reopened finding {finding.key}: {item.title}",
               finding)


def _audit(actor: User | None, action: str, summary: str, finding: Finding) -> None:
    record(actor, action, summary, obj=finding, vendor_id=finding.vendor_id,
           assessment_id=finding.assessment_id, details={"key": finding.key},
           actor_label=None if actor else "system")


def sync_vendor_contradictions(vendor_id: int, *, actor: User | None,
                               today: date | None = None) -> ClaimSync:
    """Re-compare every submitted assessment of the vendor with its certificates."""
    total = ClaimSync()
    assessments = db.session.scalars(
        sa.select(Assessment).options(selectinload(Assessment.answers))
        .where(Assessment.vendor_id == vendor_id, Assessment.status.in_(CLAIM_STATES))
        .order_by(Assessment.id))
    for assessment in assessments:
        one = sync_assessment_contradictions(assessment, actor=actor, today=today)
        for name in ("raised", "updated", "reopened", "resolved"):
            setattr(total, name, getattr(total, name) + getattr(one, name))
    return total


def assessment_findings(assessment_id: int) -> list[Finding]:
    """List the certificate-contradiction findings of an assessment, worst first."""
    findings = db.session.scalars(sa.select(Finding).where(
        Finding.assessment_id == assessment_id, Finding.source == FindingSource.CERTIFICATE,
        Finding.key.like(f"{KEY_PREFIX}%")))
    return sorted(findings, key=lambda f: (not f.status.is_open, -f.severity.rank, f.id))


def vendor_certificate_findings(vendor_id: int) -> list[Finding]:
    """List the vendor's open certificate-contradiction findings, worst first."""
    findings = db.session.scalars(sa.select(Finding).where(
        Finding.vendor_id == vendor_id, Finding.source == FindingSource.CERTIFICATE,
        Finding.key.like(f"{KEY_PREFIX}%"),
        Finding.status.in_([FindingStatus.OPEN, FindingStatus.REMEDIATION_REQUESTED])))
    return sorted(findings, key=lambda f: (-f.severity.rank, f.id))


def assessment_claims(assessment: Assessment) -> list[Claim]:
    """Return the certification claims in an assessment's visible answers."""
    template = load_pinned(assessment.template_version)
    values = {a.question_id: a.value for a in assessment.answers}
    return find_claims([q for q in template.questions() if is_visible(q, values)], values)
