"""Clearly labelled demo data: fictional organisations, people and answers."""
from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from portal.assessments import services as assessment_services
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, AnswerRevision, Assessment
from portal.audit.services import record
from portal.auth.models import Role, User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.questionnaires.templates import load_pinned, sync_templates_from_disk
from portal.scoring.services import ScoreReason, store_score
from portal.vendors import services as vendor_services
from portal.vendors.models import Product, Vendor, VendorStatus
from portal.vendors.naming import name_key
from portal.vendors.tiering import IntakeAnswers

DEMO_PASSWORD = "demo-portal-2026"
DEMO_MARK = "(Demo)"

STAFF = (
    ("admin@demo.example", "Dana Admin (Demo)", Role.ADMIN),
    ("procurement@demo.example", "Priya Procurement (Demo)", Role.PROCUREMENT),
    ("manager@demo.example", "Marco Contracts (Demo)", Role.CONTRACT_MANAGER),
)

VENDORS = (
    # legal name, aliases, country, website, products, contact, intake
    ("Nimbus Analytics Ltd (Demo)", ["Nimbus AI"], "GB", "https://nimbus.example",
     ["Nimbus Claims Triage", "Nimbus Copilot"], ("alex@nimbus.example", "Alex Vendor (Demo)"),
     IntakeAnswers("personal", "opt_in", "supports", "provider", "no", "high", "yes", "no")),
    ("Helix Vision GmbH (Demo)", ["Helix"], "DE", "https://helix-vision.example",
     ["Helix Document OCR"], ("sam@helix.example", "Sam Helix (Demo)"),
     IntakeAnswers("business_confidential", "no", "no", "provider", "no", "medium", "no", "no")),
    ("Aurora Talent AI Inc. (Demo)", [], "US", "https://aurora-talent.example",
     ["Aurora Screening"], ("kim@aurora.example", "Kim Aurora (Demo)"),
     IntakeAnswers("special_category", "default", "automated", "provider", "yes", "critical",
                   "yes", "yes")),
    ("Quill Translate B.V. (Demo)", ["Quill"], "NL", "https://quill.example",
     ["Quill MT API"], ("lee@quill.example", "Lee Quill (Demo)"),
     IntakeAnswers("none", "no", "no", "deployer", "no", "low", "yes", "no")),
)


def demo_exists() -> bool:
    """Tell whether the demo data was already loaded."""
    return db.session.scalar(sa.select(User.id).where(User.email == STAFF[0][0])) is not None


def _user(email: str, name: str, role: Role, vendor: Vendor | None = None) -> User:
    user = User(email=email, name=name, role=role, vendor_id=vendor.id if vendor else None,
                password_hash=hash_password(DEMO_PASSWORD), session_token=secrets.token_hex(16))
    db.session.add(user)
    return user


def load_demo_data() -> dict[str, str]:
    """Create demo users, vendors and assessments; return the logins (e-mail -> role label)."""
    versions = sync_templates_from_disk()
    staff = [_user(email, name, role) for email, name, role in STAFF]
    admin, procurement, manager = staff
    db.session.flush()
    logins = {u.email: u.role.label for u in staff}
    vendors = []
    for legal, aliases, country, website, products, (email, name), intake in VENDORS:
        vendor = Vendor(
            legal_name=legal, name_key=name_key(legal), aliases=aliases,
            country=country, website=website, status=VendorStatus.ACTIVE,
            owner_id=procurement.id, description="Fictional supplier created by `portal demo`.",
            products=[Product(name=p) for p in products],
        )
        db.session.add(vendor)
        db.session.flush()
        vendor_services.save_intake(vendor, intake, actor=procurement)
        contact = _user(email, name, Role.VENDOR, vendor)
        logins[contact.email] = f"Vendor contact at {legal}"
        vendors.append((vendor, contact))
        record(admin, "vendor.created", f"Demo vendor {legal} created", obj=vendor,
               vendor_id=vendor.id)
    db.session.flush()
    starter = versions.get("ai-supplier-starter") or next(iter(versions.values()))
    core = versions.get("ai-supplier-core", starter)
    nimbus, helix, aurora, quill = vendors
    # Last year's accepted cycles: scored, with findings, and the source of carried-over answers.
    for pair, quality in ((nimbus, "good"), (aurora, "poor")):
        done = _assessment(pair, starter, procurement, "2025 AI supplier assessment",
                           AssessmentStatus.ACCEPTED, due_in=-330, answer_share=1.0,
                           quality=quality)
        done.closed_at = datetime.now(UTC) - timedelta(days=320)
        db.session.flush()
        store_score(done, actor=manager, reason=ScoreReason.ACCEPTED)
    _assessment(nimbus, starter, procurement, "2026 AI supplier assessment",
                AssessmentStatus.SENT, due_in=21, answer_share=0.4)
    _assessment(helix, starter, procurement, "Onboarding assessment",
                AssessmentStatus.SUBMITTED, due_in=5, answer_share=1.0)
    _assessment(aurora, core, procurement, "High-risk use review",
                AssessmentStatus.IN_PROGRESS, due_in=-3, answer_share=0.2)
    _assessment(quill, starter, procurement, "Lite annual check", AssessmentStatus.DRAFT,
                due_in=30, answer_share=0.0)
    return logins


def _assessment(pair, version, actor: User, title: str, status: AssessmentStatus, *,
                due_in: int, answer_share: float, quality: str = "good") -> Assessment:
    vendor, contact = pair
    draft = assessment_services.AssessmentDraft(
        title=title, template_version_id=version.id,
        due_date=date.today() + timedelta(days=max(due_in, 1)), recipient_ids=[contact.id],
        product_id=vendor.products[0].id if vendor.products else None)
    assessment = assessment_services.create_assessment(vendor, draft, actor=actor)
    assessment.due_date = date.today() + timedelta(days=due_in)
    if status is not AssessmentStatus.DRAFT:
        assessment.status = status
        assessment.sent_at = datetime.now(UTC) - timedelta(days=10)
    if status is AssessmentStatus.SUBMITTED:
        assessment.submitted_at = datetime.now(UTC) - timedelta(days=1)
    template = load_pinned(version)
    questions = [q for q in template.questions() if q.type != "file"]
    carried = set(db.session.scalars(
        sa.select(Answer.question_id).where(Answer.assessment_id == assessment.id)))
    for index, question in enumerate(questions[: int(len(questions) * answer_share)]):
        value = _sample_value(question, worst=quality == "poor" and index % 2 == 1)
        if value is None or question.id in carried:
            continue
        comment = "Demo justification." if value == "not_applicable" else None
        answer = Answer(assessment_id=assessment.id, question_id=question.id, value=value,
                        comment=comment, updated_by_id=contact.id)
        db.session.add(answer)
        db.session.flush()
        db.session.add(AnswerRevision(answer_id=answer.id, version=answer.version, value=value,
                                      comment=comment, changed_by_id=contact.id))
    return assessment


def _sample_value(question, *, worst: bool = False):
    if question.type in ("yes_no", "single_choice"):
        scored = [o for o in question.options if o.score is not None]
        pick = min if worst else max
        return pick(scored, key=lambda o: o.score).value if scored else None
    if question.type == "multiple_choice":
        return [question.options[0].value] if question.options else None
    if question.type == "text":
        return "Demo answer written by `portal demo`: a short, fictional description."
    if question.type == "number":
        return 12
    if question.type == "date":
        return (date.today() + timedelta(days=400)).isoformat()
    return None
