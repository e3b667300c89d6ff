"""Every feature's models in one place, so Alembic and the shell see them all."""
from portal.api.models import (  # noqa: F401
    ApiRateCounter,
    ApiToken,
    WebhookDelivery,
    WebhookSubscription,
)
from portal.assessments.models import (  # noqa: F401
    Answer,
    AnswerRevision,
    Assessment,
    ReviewComment,
)
from portal.audit.models import AuditEvent  # noqa: F401
from portal.auth.models import LoginAttempt, User, UserToken  # noqa: F401

# Two-factor secrets and recovery codes (issue 7: security).
from portal.auth.twofactor.models import RecoveryCode, TwoFactorSecret  # noqa: F401,E402
from portal.certificates.models import Certificate, CertificateCorrection  # noqa: F401
from portal.decisions.models import VendorDecision  # noqa: F401
from portal.documents.models import Document  # noqa: F401
from portal.findings.models import Finding  # noqa: F401
from portal.findings.replies import FindingReply  # noqa: F401
from portal.jobs.models import Job  # noqa: F401
from portal.mail.models import OutboundEmail  # noqa: F401
from portal.questionnaires.models import TemplateVersion  # noqa: F401
from portal.scoring.models import ScoreRecord  # noqa: F401
from portal.vendors import names as _vendor_names  # noqa: F401,E402  (keeps vendor_names in step)
from portal.vendors.imports.models import VendorImport  # noqa: F401
from portal.vendors.models import Product, Vendor, VendorName  # noqa: F401
