"""Say audit events in words: "Assessment sent", not "assessment.send". Pure, no Flask.

Pages show `action_label(event.action)`; the stored action code stays as it is (the hash chain
covers it). Codes without an entry here are said by a fallback that reads well for the usual
"subject.past_participle" shape ("certificate.rechecked" -> "Certificate rechecked").
"""
from __future__ import annotations

LABELS = {
    "assessment.send": "Assessment sent",
    "assessment.start": "Vendor started answering",
    "assessment.submit": "Assessment submitted",
    "assessment.resubmit": "Assessment resubmitted",
    "assessment.start_review": "Review started",
    "assessment.request_clarification": "Clarification requested",
    "assessment.accept": "Assessment accepted",
    "assessment.reject": "Assessment rejected",
    "assessment.cancel": "Assessment cancelled",
    "assessment.bulk_send_started": "Sending to many vendors started",
    "assessment.workbook_applied": "Workbook answers applied",
    "assessment.workbook_downloaded": "Workbook downloaded",
    "answer.saved": "Answers saved",
    "answer.carried_over": "Answers carried over from the last cycle",
    "answer.carry_over_confirmed": "Carried-over answers confirmed",
    "answer.review_accept": "Answer accepted",
    "answer.review_accept_bulk": "Answers accepted in one step",
    "answer.review_clarify": "Clarification asked on an answer",
    "answer.review_note": "Internal note on an answer",
    "auth.login": "Signed in",
    "auth.logout": "Signed out",
    "auth.login_failed": "Sign-in failed",
    "user.invited": "Invitation sent",
    "user.invitation_accepted": "Invitation accepted",
    "finding.raised": "Finding raised",
    "finding.remediation_requested": "Remediation requested",
    "finding.vendor_replied": "Vendor replied to a finding",
    "finding.risk_accepted": "Risk accepted",
    "vendor.tiered": "Vendor tiered",
    "vendor.decision": "Decision recorded",
    "evidence_pack.exported": "Evidence pack exported",
    "api_token.created": "API token created",
    "api_token.revoked": "API token revoked",
}

# The first part of an action code, as the audit log's "What" filter offers it.
GROUPS = {
    "assessment.": "Assessments",
    "answer.": "Answers and their review",
    "finding.": "Findings",
    "certificate.": "Certificates",
    "vendor.": "Vendors",
    "vendor_import.": "Vendor imports",
    "product.": "Products",
    "user.": "Accounts and invitations",
    "auth.": "Sign-in and sign-out",
    "template.": "Questionnaires",
    "job.": "Background jobs",
    "evidence_pack.": "Evidence packs",
    "api_token.": "API tokens",
    "webhook.": "Webhooks",
}


def action_label(action: str) -> str:
    """Return the words for an audit action code."""
    if action in LABELS:
        return LABELS[action]
    subject, _, verb = action.partition(".")
    words = f"{subject.replace('_', ' ')} {verb.replace('_', ' ').replace('.', ' ')}".strip()
    return words[:1].upper() + words[1:]
